// Did-you-mean suggestions for unknown names: Levenshtein distance with a length-scaled cutoff.
// Deterministic: ties resolve to the candidate listed first.

/** Edit distance (insert, delete, substitute: cost 1 each) between two strings. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = new Array<number>(b.length + 1);
  let next = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    next[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      next[j] = Math.min((prev[j] as number) + 1, (next[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    [prev, next] = [next, prev];
  }
  return prev[b.length] as number;
}

/** The closest candidate within max(1, floor(len/3)) edits (case-insensitive), else one the word is a prefix of. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  const cutoff = Math.max(1, Math.floor(w.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = levenshtein(w, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  if (bestDistance <= cutoff) return best;
  // A prefix of a longer name ("maker_fee" for "maker_fee_rate") is a likely slip too.
  if (w.length >= 3) for (const c of candidates) if (c.toLowerCase().startsWith(w)) return c;
  return undefined;
}

/** " (did you mean 'x'?)" or "". */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const c = closest(word, candidates);
  return c === undefined ? '' : ` (did you mean '${c}'?)`;
}

/** "a, b, c" — or "none" for an empty list. */
export function listNames(names: Iterable<string>): string {
  const all = [...names];
  return all.length === 0 ? 'none' : all.join(', ');
}

/** "; did you mean 'x'?" or "" — for use inside a "(got ...)" clause. */
export function meanClause(word: string, candidates: Iterable<string>): string {
  const c = closest(word, candidates);
  return c === undefined ? '' : `; did you mean '${c}'?`;
}
