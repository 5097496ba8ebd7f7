// Turns a core status code into a CoreError carrying the Rust error name and message.
import { CoreError } from '../errors';
import { CORE_ERROR_NAMES } from './error-codes.gen';
import { core, readString } from './memory';

export function lastCoreError(context: string): CoreError {
  const c = core();
  const code = c.last_error_code();
  const msg = readString(c.last_error_ptr(), c.last_error_len());
  const name = CORE_ERROR_NAMES[code] ?? `CORE_${code}`;
  return new CoreError('CORE', `${context}: ${msg}`, { coreCode: code, coreName: name });
}

export function check(status: number, context: string): void {
  if (status !== 0) throw lastCoreError(context);
}
