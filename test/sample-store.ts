// A temporary store holding the bundled sample month (BTCUSDT 1m and funding, August 2024), opened
// before a test file's tests and removed after them: `dir` is the temp directory (other outputs may
// go there), `store()` the open store.
import { afterAll, beforeAll } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importSample, Store } from '../src/data';

export function sampleStore(prefix: string): { dir: string; store: () => Store } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let opened: Store | undefined;
  beforeAll(async () => {
    opened = await Store.open(join(dir, 'store.duckdb'));
    await importSample(opened);
  });
  afterAll(() => {
    opened?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    store: () => {
      if (!opened) throw new Error('sampleStore: the store opens in beforeAll');
      return opened;
    },
  };
}
