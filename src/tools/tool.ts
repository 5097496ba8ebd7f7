// The shape of a user-facing operation: typed input, JSON-able result. The CLI and the TUI call tools.
export interface ToolResult<T> {
  ok: true;
  data: T;
}

export function result<T>(data: T): ToolResult<T> {
  return { ok: true, data };
}
