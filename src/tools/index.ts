// Every user-facing operation, as a typed tool. The CLI imports only from here.

export type { StoreInfo } from '../data';
export { formatIssue, type LocatedIssue } from '../play';
export { dataInfo } from './data-info';
export { defaultCatalog } from './play-catalog';
export { expandPlayPaths, loadPlay, type PlayValidation, type ValidatedFile, validatePlays } from './play-validate';
export { result, type ToolResult } from './tool';
export { packageVersion, type VersionInfo, versionInfo } from './version';
