// Type guards for walking raw YAML values leniently (the schema may have rejected parts of them).

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function recordOrEmpty(v: unknown): Record<string, unknown> {
  return isRecord(v) ? v : {};
}
