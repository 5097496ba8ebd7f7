// Parses Play YAML text into a plain value plus a SourceMap for positions. A YAML syntax error is
// returned as an issue with its own line:col; only the first one, because the parser cannot
// resynchronise and every later token would be reported too. The value is then unusable.
import { LineCounter, parseDocument } from 'yaml';
import { error, type PlayIssue } from './issues';
import { SourceMap } from './source-map';

export interface LoadedYaml {
  file: string;
  value: unknown;
  map: SourceMap;
  /** YAML syntax errors (the document could not be read reliably). */
  issues: PlayIssue[];
}

export function loadYaml(text: string, file: string): LoadedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const map = new SourceMap(text, doc, lineCounter);
  const issues: PlayIssue[] = [];
  const e = doc.errors[0];
  if (e) {
    const pos = map.position(e.pos[0]);
    const c = text[e.pos[0]] ?? '';
    const message =
      FLOW_CHARS.has(c) && e.code === 'UNEXPECTED_TOKEN'
        ? `unexpected '${c}'${FLOW_HINT}`
        : yamlMessage(e.code, e.message, text.slice(e.pos[0]));
    issues.push(error([], `yaml: ${message}`, pos));
  }
  const value = issues.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : undefined;
  return { file, value, map, issues };
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
