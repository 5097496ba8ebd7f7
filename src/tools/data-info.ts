// `trade data info`: opens (creating if needed) the store and reports schema version and row counts.
// An existing current store is only read (read-only open: works beside other readers and on a
// read-only file); a missing one is created and an older one migrated.
import { type StoreInfo, withStore } from '../data';

export async function dataInfo(dbPath: string): Promise<StoreInfo> {
  return withStore(dbPath, (store) => store.info(), { read: true });
}
