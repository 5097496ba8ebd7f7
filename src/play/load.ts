// Parses Play YAML text into a plain value plus a SourceMap for positions. A YAML syntax error is
// returned as an issue with its own line:col; only the first one, because the parser cannot
// resynchronise and every later token would be reported too. The value is then unusable. So is a
// document past the limits of yaml-limits.ts (nesting depth, aliases), reported the same way.
// Plain text (yaml-fast.ts) is read by Bun's native parser, with the same value.
import { type Document, LineCounter, parseDocument } from 'yaml';
import { error, type PlayIssue } from './issues';
import { SourceMap } from './source-map';
import { fastYamlValue } from './yaml-fast';
import { checkYamlLimits, firstAlias, flowDepthOverflow, MAX_YAML_ALIASES, MAX_YAML_DEPTH } from './yaml-limits';

/** Where a YAML path is in the text (SourceMap), or a fixed place for a Play that has no text. */
export type Locator = Pick<SourceMap, 'locate'>;

export interface LoadedYaml {
  file: string;
  value: unknown;
  map: Locator;
  /** YAML syntax errors (the document could not be read reliably). */
  issues: PlayIssue[];
}

export function loadYaml(text: string, file: string): LoadedYaml {
  const tooDeep = flowDepthOverflow(text);
  if (tooDeep !== undefined) {
    // Composing thousands of nested flow collections would overflow the stack: not parsed at all.
    const lineCounter = new LineCounter();
    const doc = parseDocument('', { lineCounter });
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
    const map = new SourceMap(text, doc, lineCounter);
    const issue = error([], `yaml: nested more than ${MAX_YAML_DEPTH} levels deep`, map.position(tooDeep));
    return { file, value: undefined, map, issues: [issue] };
  }
  // Plain text is read by Bun's parser (yaml-fast.ts); its positions are built only if asked for.
  const fast = fastYamlValue(text);
  if (fast !== undefined) {
    let lazy: SourceMap | undefined;
    const map: Locator = {
      locate: (...args) => {
        lazy ??= documentMap(text).map;
        return lazy.locate(...args);
      },
    };
    return { file, value: fast.value, map, issues: [] };
  }
  const { doc, map } = documentMap(text);
  const issues: PlayIssue[] = [];
  const e = doc.errors[0];
  const limit = e ? undefined : checkYamlLimits(doc);
  if (limit) issues.push(error([], limit.message, map.position(limit.offset)));
  else if (e) {
    const pos = map.position(e.pos[0]);
    const c = text[e.pos[0]] ?? '';
    const message =
      FLOW_CHARS.has(c) && e.code === 'UNEXPECTED_TOKEN'
        ? `unexpected '${c}'${FLOW_HINT}`
        : yamlMessage(e.code, e.message, text.slice(e.pos[0]));
    issues.push(error([], `yaml: ${message}`, pos));
  }
  if (issues.length > 0) return { file, value: undefined, map, issues };
  try {
    return { file, value: doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }), map, issues };
  } catch (cause) {
    // yaml's guard against exponential alias expansion (a ReferenceError): anything else is a bug.
    if (!(cause instanceof ReferenceError)) throw cause;
    const first = firstAlias(doc);
    issues.push(
      error(
        [],
        `yaml: aliases expand to more than ${MAX_YAML_ALIASES} nodes (an alias bomb; a Play needs no aliases)`,
        map.position(first),
      ),
    );
    return { file, value: undefined, map, issues };
  }
}

/** The `yaml` package's document of `text` and the positions it gives. */
function documentMap(text: string): { doc: Document; map: SourceMap } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  return { doc, map: new SourceMap(text, doc, lineCounter) };
}

const FLOW_CHARS = new Set(['[', ']', '{', '}', ',']);
const FLOW_HINT = ' (inside { } or [ ], quote strings that contain [ ] { } , or #, e.g. when: "close > dc.upper[1]")';

/** First line of the parser's message, lower-cased, without the parser's own position suffix. */
function yamlMessage(code: string, message: string, rest: string): string {
  if (code === 'MULTIPLE_DOCS') return "a Play file holds one YAML document (found a second '---')";
  if (code === 'DUPLICATE_KEY') {
    const key = /^[^:\n]*/.exec(rest)?.[0].trim() ?? '';
    return `duplicate key${key ? ` '${key}'` : ''} (map keys must be unique)`;
  }
  const first = (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').trim();
  return first.charAt(0).toLowerCase() + first.slice(1);
}
