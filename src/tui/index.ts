// The Ink dashboard (issue 17): a store fed from a session's journal, tiny components, and the
// mount used by `trade run --tui` and `trade dashboard`.
export { App, type AppProps } from './App';
export { Dashboard, type DashboardProps, NARROW_COLUMNS } from './Dashboard';
export { type DashboardState, initialState, type LogEntry, type LogTone } from './dashboard-state';
export { JournalFeed } from './journal-feed';
export { type MountedDashboard, mountDashboard } from './mount';
export { alerts, statusText } from './status';
export { DashboardStore } from './store';
