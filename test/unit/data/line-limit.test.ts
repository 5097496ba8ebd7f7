// LineLimit: the streaming line checks of an import source, fed in chunks split at awkward places.
import { describe, expect, test } from 'bun:test';
import { LineLimit, MAX_LINE_BYTES } from '../../../src/data/line-limit';

const bytes = (s: string) => new TextEncoder().encode(s);

/** Feeds `text` in chunks of `size` bytes; the joined text, or the rejection's message. */
function feed(text: string, size: number): string {
  const all = bytes(text);
  const limit = new LineLimit('f.csv');
  try {
    for (let at = 0; at < all.length; at += size) limit.push(all.subarray(at, at + size));
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(limit.finish());
  } catch (e) {
    return (e as Error).message.split('\n')[1] as string;
  }
}

describe('LineLimit', () => {
  test('CRLF split across chunks is a line ending, not a CR-only file', () => {
    const text = 'a,b\r\n1,2\r\n3,4\r\n';
    for (const size of [1, 2, 3, 4, 64]) expect(feed(text, size)).toBe(text);
  });

  test('CR-only endings are refused whatever the chunking', () => {
    for (const size of [1, 3, 64])
      expect(feed('a,b\r1,2\r3,4\r', size)).toBe(
        'f.csv:1: line endings are CR only (expected LF or CRLF; convert the file, e.g. tr "\\r" "\\n")',
      );
  });

  test('a line one byte over the cap is refused with its line number; at the cap it is kept', () => {
    const ok = `h\n${'1'.repeat(MAX_LINE_BYTES)}\n`;
    expect(feed(ok, 1000)).toBe(ok);
    expect(feed(`h\n${'1'.repeat(MAX_LINE_BYTES + 1)}\n`, 1000)).toBe(
      `f.csv:2: line is longer than ${MAX_LINE_BYTES} bytes (market-data rows are far shorter)`,
    );
  });

  test('a JSON source (first byte { or [ after a BOM and blanks) may have long lines', () => {
    const json = `\uFEFF  {"list":[${'1,'.repeat(10_000)}1]}`;
    expect(feed(json, 4096)).toBe(json);
  });
});
