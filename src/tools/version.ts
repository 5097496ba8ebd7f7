// `trade --version`: package semver and the first 12 hex of core.wasm's SHA-256.
import pkg from '../../package.json' with { type: 'json' };
import { coreHash } from '../core';

export interface VersionInfo {
  version: string;
  core: string;
}

export function versionInfo(): VersionInfo {
  return { version: pkg.version, core: coreHash() };
}

export function packageVersion(): string {
  return pkg.version;
}
