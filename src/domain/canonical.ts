// Canonical JSON: object keys sorted, no whitespace, numbers in shortest round-trip form, -0 as 0,
// non-finite numbers rejected. Hashes (play_hash, manifest hashes) are SHA-256 over these bytes.

export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`canonicalJson: non-finite number ${value}`);
      return Object.is(value, -0) ? '0' : JSON.stringify(value);
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return flatPrimitives(value) ? JSON.stringify(value) : `[${value.map(canonicalJson).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    default:
      throw new Error(`canonicalJson: cannot encode ${typeof value}`);
  }
}

/**
 * True when every element is a finite number, a string or a boolean: JSON.stringify then already
 * writes the canonical form (shortest round-trip numbers, -0 as 0), so rows of artifacts skip the
 * per-element recursion.
 */
function flatPrimitives(a: readonly unknown[]): boolean {
  for (const x of a) {
    const t = typeof x;
    if (t === 'number') {
      if (!Number.isFinite(x as number)) return false;
    } else if (t !== 'string' && t !== 'boolean') return false;
  }
  return true;
}

/** Numbers that may be NaN or ±Infinity, as JSON-safe values (those three become strings). */
export function floatsToJson(xs: readonly number[]): Array<number | string> {
  return xs.map((x) => (Number.isFinite(x) ? x : String(x)));
}

/** The inverse of `floatsToJson`; anything else is refused with the index and the value. */
export function floatsFromJson(xs: readonly unknown[]): number[] {
  return xs.map((x, i) => {
    if (typeof x === 'number') return x;
    if (x === 'NaN') return Number.NaN;
    if (x === 'Infinity') return Number.POSITIVE_INFINITY;
    if (x === '-Infinity') return Number.NEGATIVE_INFINITY;
    throw new Error(`floatsFromJson: entry ${i} is ${JSON.stringify(x)}, expected a number, "NaN" or "±Infinity"`);
  });
}
