/**
 * "Did you mean" for instance type names: edit distance plus family match. Pure.
 *
 * @module
 */

/** Optimal-string-alignment distance (Levenshtein plus adjacent transposition), capped for speed. */
export function editDistance(a: string, b: string, cap = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const n = b.length;
  let prev2: number[] = new Array<number>(n + 1).fill(0);
  let prev: number[] = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = new Array<number>(n + 1).fill(0);
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > cap) return cap + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[n];
}

function splitType(name: string): [string, string] {
  const dot = name.indexOf('.');
  return dot < 0 ? [name, ''] : [name.slice(0, dot), name.slice(dot + 1)];
}

/**
 * Rank known names by closeness to `input`:
 * 1. case/whitespace-insensitive exact match;
 * 2. small edit distance on the whole name (at most max(2, length/4));
 * 3. same family (text before the dot) with the closest size, or the closest family with the same size.
 */
export function suggestNames(input: string, known: readonly string[], limit = 5): string[] {
  if (typeof input !== 'string' || limit <= 0) return [];
  const norm = input.trim().toLowerCase();
  if (norm.length === 0) return [];
  const scored = new Map<string, number>();
  const add = (name: string, score: number): void => {
    const prev = scored.get(name);
    if (prev === undefined || score < prev) scored.set(name, score);
  };
  const cap = Math.max(2, Math.floor(norm.length / 4));
  const [fam, size] = splitType(norm);
  for (const name of known) {
    if (name === norm) {
      add(name, -1);
      continue;
    }
    const d = editDistance(norm, name, cap);
    if (d <= cap) add(name, d);
    const [kFam, kSize] = splitType(name);
    if (size && kFam === fam) add(name, 10 + editDistance(size, kSize, 20));
    else if (size && kSize === size && editDistance(fam, kFam, 2) <= 1) add(name, 20);
  }
  return [...scored.entries()]
    .sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0], 'en', { numeric: true }))
    .slice(0, limit)
    .map(([n]) => n);
}
