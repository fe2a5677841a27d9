/** Did-you-mean suggestions by edit distance (case-insensitive, `_`/`-` folded). */

export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

const fold = (s: string) => s.toUpperCase().replace(/-/g, '_');

/** Candidates closest to `word`, best first; at most `limit`, within a length-scaled distance. */
export function suggest(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const w = fold(word);
  const max = Math.max(1, Math.min(4, Math.floor(w.length / 4)));
  const scored: Array<[string, number]> = [];
  for (const c of candidates) {
    const d = fold(c) === w ? 0 : editDistance(w, fold(c), max) + (c === word ? 0 : 0);
    if (d <= max) scored.push([c, d]);
  }
  scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
  return scored.slice(0, limit).map((s) => s[0]);
}
