/**
 * Property: every quick fix offered (a rule's fixes and the suppression comments) on random
 * variants of the fixtures, examples and generated documents yields text that still parses, no
 * longer fires that rule there, and keeps everything outside its edits byte-identical: edits
 * lie inside the text and do not overlap, and every comment outside them survives.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { suppressionFixes, type Finding, type Fix } from '../../server/src/analysis';
import { analyseAll, seeds, type Seed } from './inputs';

const SEEDS = seeds().filter((s) => s.languageId !== 'plaintext');

/** Values the rules look at, mutated: env names (typos), booleans, integers, max-pods. */
interface Tweak {
  at: number;
  kind: 'typo' | 'number' | 'word';
  n: number;
}

const WORDS = ['true', 'false', 'True', 'yes', '1', '0', '-1', 'on', 'enabled', '', 'ipv4', 'ipv6', 'x'];

function applyTweak(text: string, t: Tweak): string {
  if (t.kind === 'typo') {
    const names = [...text.matchAll(/\b(?:[A-Z][A-Za-z0-9]*_)+[A-Za-z0-9]+\b/g)];
    const m = names[t.at % Math.max(1, names.length)];
    if (!m || m.index === undefined) return text;
    const name = m[0];
    const i = t.n % name.length;
    const typo =
      t.n % 3 === 0
        ? name.slice(0, i) + name.slice(i + 1) // drop a letter
        : t.n % 3 === 1
          ? name.slice(0, i) + name.slice(i, i + 1).toLowerCase() + name.slice(i + 1) // case
          : name.slice(0, i) + (name[i + 1] ?? '') + (name[i] ?? '') + name.slice(i + 2); // swap
    return text.slice(0, m.index) + typo + text.slice(m.index + name.length);
  }
  if (t.kind === 'number') {
    const nums = [...text.matchAll(/(?<=[:=]\s*"?|--max-pods[= ])\d+/g)];
    const m = nums[t.at % Math.max(1, nums.length)];
    if (!m || m.index === undefined) return text;
    return text.slice(0, m.index) + String(t.n % 1200) + text.slice(m.index + m[0].length);
  }
  const words = [...text.matchAll(/(?<=value: "?)(true|false)\b/g)];
  const m = words[t.at % Math.max(1, words.length)];
  if (!m || m.index === undefined) return text;
  return text.slice(0, m.index) + (WORDS[t.n % WORDS.length] ?? '') + text.slice(m.index + m[0].length);
}

const tweakArb: fc.Arbitrary<Tweak> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('typo' as const, 'number' as const, 'word' as const),
  n: fc.nat(),
});

/** `# ...` comments, as [offset, text]. */
function comments(text: string): Array<[number, string]> {
  return [...text.matchAll(/(?<=^|[ \t])#[^\r\n]*/gm)].map((m) => [m.index ?? 0, m[0]]);
}

const parseErrors = (problems: Array<{ severity: string }>) =>
  problems.filter((p) => p.severity === 'error').length;

/** Maps an offset of the original text through non-overlapping edits sorted by start. */
function mapOffset(
  offset: number,
  edits: Array<{ span: { start: number; end: number }; newText: string }>,
): number {
  let delta = 0;
  for (const e of edits) {
    if (e.span.end <= offset) {
      // Before the offset (an insertion exactly at it included: it lands in front).
      delta += e.newText.length - (e.span.end - e.span.start);
    } else if (e.span.start < offset) return e.span.start + delta + e.newText.length;
  }
  return offset + delta;
}

export interface FixCheck {
  checked: number;
  skipped: number;
}

/** Checks every fix offered on `text`; returns how many were checked. */
function checkFixes(seed: Seed, text: string, stats: FixCheck): void {
  const before = analyseAll(text, seed.uri, seed.languageId);
  assert.deepEqual(before.ruleErrors, []);
  const errorsBefore = parseErrors(before.ctx.model.problems);
  for (const f of before.findings) {
    const fixes: Fix[] = [...(f.fixes ?? []), ...suppressionFixes(text, f, seed.languageId)];
    for (const fix of fixes) {
      if (fix.edits.some((e) => e.uri !== undefined && e.uri !== seed.uri)) {
        stats.skipped++; // edits another document: covered by the fixture tests
        continue;
      }
      checkFix(seed, text, f, fix, errorsBefore);
      stats.checked++;
    }
  }
}

function checkFix(seed: Seed, text: string, f: Finding, fix: Fix, errorsBefore: number): void {
  const what = `${f.code}: "${fix.title}"`;
  const edits = [...fix.edits].sort((a, b) => a.span.start - b.span.start);
  assert.ok(edits.length > 0, `${what} has no edits`);
  for (const [i, e] of edits.entries()) {
    assert.ok(
      e.span.start >= 0 && e.span.start <= e.span.end && e.span.end <= text.length,
      `${what}: edit outside the text`,
    );
    const next = edits[i + 1];
    if (next) assert.ok(e.span.end <= next.span.start, `${what}: overlapping edits`);
  }
  let fixed = '';
  let last = 0;
  for (const e of edits) {
    fixed += text.slice(last, e.span.start) + e.newText;
    last = e.span.end;
  }
  fixed += text.slice(last);
  assert.notEqual(fixed, text, `${what} changes nothing`);
  // Comments outside the edits survive, in order.
  const kept = comments(text).filter(
    ([at, c]) => !edits.some((e) => at < e.span.end && at + c.length > e.span.start),
  );
  let from = 0;
  for (const [at, c] of kept) {
    const mapped = mapOffset(at, edits);
    assert.equal(fixed.slice(mapped, mapped + c.length), c, `${what} lost or moved the comment "${c}"`);
    assert.ok(mapped >= from);
    from = mapped;
  }
  const after = analyseAll(fixed, seed.uri, seed.languageId);
  assert.deepEqual(after.ruleErrors, []);
  assert.ok(
    parseErrors(after.ctx.model.problems) <= errorsBefore,
    `${what} made the text unparseable:\n${after.ctx.model.problems.map((p) => p.message).join('\n')}\n---\n${fixed}`,
  );
  const start = mapOffset(f.span.start, edits);
  const end = Math.max(start, mapOffset(f.span.end, edits));
  const still = after.findings.filter(
    (g) => g.code === f.code && g.span.start <= end && g.span.end >= start && g.message === f.message,
  );
  assert.deepEqual(
    still.map((g) => g.message),
    [],
    `${what} still fires there after the fix\n--- before\n${text}\n--- after\n${fixed}`,
  );
}

describe('robustness: every quick fix keeps the file intact and resolves its finding', () => {
  it('on the seeds as they are', () => {
    const stats = { checked: 0, skipped: 0 };
    for (const s of SEEDS) checkFixes(s, s.text, stats);
    assert.ok(stats.checked > 0, 'no fix was offered on any seed: the property would be vacuous');
  });

  it('on seeds with typos in names and changed booleans, integers and max-pods', () => {
    const stats = { checked: 0, skipped: 0 };
    fc.assert(
      fc.property(
        fc.constantFrom(...SEEDS),
        fc.array(tweakArb, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        (seed, tweaks, crlf) => {
          let text = tweaks.reduce(applyTweak, seed.text);
          if (crlf) text = text.replace(/\r?\n/g, '\r\n');
          checkFixes(seed, text, stats);
        },
      ),
      { numRuns: 200, seed: 42 },
    );
    assert.ok(stats.checked >= 50, `only ${stats.checked} fixes were checked`);
  });
});
