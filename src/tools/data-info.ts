// `trade data info`: opens (creating if needed) the store and reports schema version and row counts.
import { type StoreInfo, withStore } from '../data';

export async function dataInfo(dbPath: string): Promise<StoreInfo> {
  return withStore(dbPath, (store) => store.info());
}
