// One vocabulary (issue 11 item 9): each shared type and helper below is declared once in src/ and
// tui/, where the dependency rules let every user import it; the others import or re-export it.
// TimeInForce lives in domain/ because the engine's port and the emulator's Bybit records both
// need it and the emulator may not import the engine.
import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT, walk } from './source-files';

const FILES = [...walk(join(ROOT, 'src')), ...walk(join(ROOT, 'tui'))].map((f) => ({
  path: relative(ROOT, f),
  text: readFileSync(f, 'utf8'),
}));

/** Files (relative paths) declaring `name` as a type, interface, class or function, at any export level. */
function declarationsOf(name: string): string[] {
  // A declaration, not an import or re-export list entry (`type X,` / `type X }`).
  const re = new RegExp(
    `^\\s*(?:export\\s+)?(?:declare\\s+)?(?:type\\s+${name}\\s*[=<]|(?:interface|class)\\s+${name}\\b[^,;]*\\{|function\\s+${name}\\s*[(<])`,
    'm',
  );
  return FILES.filter((f) => re.test(f.text)).map((f) => f.path);
}

describe('one definition per shared name', () => {
  test.each([
    ['TimeInForce', 'src/domain/order.ts'],
    ['Instrument', 'src/domain/instrument.ts'],
    ['canonicalJson', 'src/domain/canonical.ts'],
    ['IntrabarMode', 'src/core/sim.ts'],
  ])('%s is declared only in %s', (name, home) => {
    expect(declarationsOf(name)).toEqual([home]);
  });

  test('the engine port and the emulator records import the domain TimeInForce', () => {
    const imports = (file: string, from: string) => {
      const text = FILES.find((f) => f.path === file)?.text ?? '';
      return new RegExp(`import type \\{[^}]*\\bTimeInForce\\b[^}]*\\} from '${from}'`).test(text);
    };
    expect([imports('src/engine/ports.ts', '../domain'), imports('src/emulator/private/records.ts', '../../domain')]).toEqual([true, true]);
  });
});
