// The session journal: bun:sqlite, one file per session (LIVE.md §5), and its read-only readers.

export { CONTROL_COMMANDS, type ControlCommand, type ControlRow, sendControl } from './control';
export { JOURNAL_SCHEMA_VERSION, Journal, type JournalBar, type JournalEvent } from './journal';
export { journalLockHolders } from './journal-lock';
export { type KillSwitchState, readKillSwitch } from './kill-switch';
export {
  ACTED_DECISIONS_SHOWN,
  type ActedDecision,
  type FillRow,
  type OrderOutcome,
  type OrderStatus,
  readSessionDetail,
  type SessionDetail,
  type SnapshotCheck,
} from './session-detail';
export { journalFiles, listSessions, resolveSession, type SessionListEntry } from './session-list';
export { readSession, type SessionState, type SessionSummary } from './session-read';
export { type RecordedBar, readSessionRecord, type SessionRecord } from './session-record';
