// Every user-facing operation, as a typed tool. The CLI imports only from here.

export type { StoreInfo } from '../data';
export { dataInfo } from './data-info';
export { result, type ToolResult } from './tool';
export { packageVersion, type VersionInfo, versionInfo } from './version';
