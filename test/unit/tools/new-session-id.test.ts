// A new session's id is its start second (`<play>-<mode>-<UTC second>`, and the order-id prefix the
// same second in base 36). Two starts in one second (--new-session right after a start, or a retry
// after a refused start left its journal) must not share a journal or an orderLinkId prefix: the
// second start takes the next free second.
import { afterAll, expect, test } from 'bun:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newSessionStart } from '../../../src/tools';
import { tempDir } from '../data/helpers';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

test('a start in the same second as an existing journal takes the next free second', () => {
  const state = join(tmp.dir, 'state');
  const nowMs = Date.UTC(2024, 7, 5, 12, 0, 7, 450);
  const first = newSessionStart(state, 'fast-cross', 'demo', nowMs);
  expect(first).toEqual({ sessionId: 'fast-cross-demo-20240805T120007Z', startedMs: nowMs });
  mkdirSync(join(state, 'fast-cross'), { recursive: true });
  writeFileSync(join(state, 'fast-cross', `${first.sessionId}.sqlite`), '');
  const second = newSessionStart(state, 'fast-cross', 'demo', nowMs + 300);
  expect(second).toEqual({ sessionId: 'fast-cross-demo-20240805T120008Z', startedMs: nowMs + 1300 });
  writeFileSync(join(state, 'fast-cross', `${second.sessionId}.sqlite`), '');
  expect(newSessionStart(state, 'fast-cross', 'demo', nowMs).sessionId).toBe('fast-cross-demo-20240805T120009Z');
  // Another mode has its own ids.
  expect(newSessionStart(state, 'fast-cross', 'shadow', nowMs).sessionId).toBe('fast-cross-shadow-20240805T120007Z');
});
