// The session journal: bun:sqlite, one file per session (LIVE.md §5).
export { JOURNAL_SCHEMA_VERSION, Journal, type JournalBar, type JournalEvent } from './journal';
