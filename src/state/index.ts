// The session journal: bun:sqlite, one file per session (LIVE.md §5).
export { type JournalBar, type JournalEvent, Journal, JOURNAL_SCHEMA_VERSION } from './journal';
