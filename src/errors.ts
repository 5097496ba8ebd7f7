// TradeError and the one table of error codes for the TypeScript side. A message is one line:
// what failed, where, what was given, what was expected. Subclasses mark the area.

export const ERROR_CODES = {
  USAGE: 'USAGE',
  VALIDATION: 'VALIDATION',
  PLAY_INVALID: 'PLAY_INVALID',
  DSL_INVALID: 'DSL_INVALID',
  DATA_INVALID: 'DATA_INVALID',
  DATA_CONFLICT: 'DATA_CONFLICT',
  DATA_MISSING: 'DATA_MISSING',
  DATA_STORE: 'DATA_STORE',
  STORE_MISSING: 'STORE_MISSING',
  STORE_BUSY: 'STORE_BUSY',
  STORE_READ_ONLY: 'STORE_READ_ONLY',
  ENV_INVALID: 'ENV_INVALID',
  OUT_UNWRITABLE: 'OUT_UNWRITABLE',
  CORE: 'CORE',
  CORE_LOAD: 'CORE_LOAD',
  VENUE_REJECTED: 'VENUE_REJECTED',
  VENUE_NETWORK: 'VENUE_NETWORK',
  VENUE_RATE_LIMITED: 'VENUE_RATE_LIMITED',
  VENUE_BAD_RESPONSE: 'VENUE_BAD_RESPONSE',
  /** An order whose outcome is unknown after the lookups (LIVE.md §6): nothing more is sent. */
  VENUE_IN_DOUBT: 'VENUE_IN_DOUBT',
  STATE: 'STATE',
  STATE_UNREADABLE: 'STATE_UNREADABLE',
  STATE_SCHEMA: 'STATE_SCHEMA',
  SESSION_UNKNOWN: 'SESSION_UNKNOWN',
  RUN_UNKNOWN: 'RUN_UNKNOWN',
  GATE_FAILED: 'GATE_FAILED',
  ARTIFACT: 'ARTIFACT',
  /** The Redis of --queue cannot be reached, or a queued run failed. */
  QUEUE: 'QUEUE',
  /** The Redis of --queue may evict keys (maxmemory-policy other than noeviction). */
  QUEUE_CONFIG: 'QUEUE_CONFIG',
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** Codes that are the user's fault (bad input): the CLI exits 2 for these, 1 for the rest. */
export const USER_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'USAGE',
  'VALIDATION',
  'PLAY_INVALID',
  'DSL_INVALID',
  'DATA_INVALID',
  'DATA_CONFLICT',
  'STORE_MISSING',
  'STORE_READ_ONLY',
  'ENV_INVALID',
  'OUT_UNWRITABLE',
  'GATE_FAILED',
  'SESSION_UNKNOWN',
  'RUN_UNKNOWN',
  'QUEUE_CONFIG',
]);

export class TradeError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TradeError';
    this.code = code;
    this.details = details;
  }
}

export class PlayError extends TradeError {}
export class DslError extends TradeError {}
export class DataError extends TradeError {}
export class CoreError extends TradeError {}
export class VenueError extends TradeError {}
export class StateError extends TradeError {}

export function isUserError(e: unknown): boolean {
  return e instanceof TradeError && USER_ERROR_CODES.has(e.code);
}
