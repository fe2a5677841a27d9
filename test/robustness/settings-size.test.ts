/**
 * Settings of hostile size (issue 17): a workspace's `.vscode/settings.json` can set
 * `vpcCniLint.instanceTypes` even in an untrusted workspace. Checking many bad entries must cost
 * about one catalog build, not one per entry, and the log gets a bounded summary. Times are
 * compared as ratios against a baseline measured in the same run, never against the clock.
 */
import { strict as assert } from 'node:assert';
import { applyCatalogOverrides } from '../../server/src/analysis';
import { defaultCatalog } from '../../server/src/engine/catalog';
import { MAX_LOGGED_PROBLEMS, summariseProblems } from '../../server/src/lsp/logLimits';

/** Fastest of `runs` timings of `f`, in ms. */
function fastest(f: () => void, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

function invalidEntries(n: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Known and new names, each with a field the schema rejects.
  for (let i = 0; i < n; i++) out[i % 2 ? `m${i}.large` : 'm5.large'.replace('5', String(i))] = { enis: 'x' };
  return out;
}

describe('robustness: settings of hostile size', () => {
  it('many invalid instanceTypes entries cost about as much as as many valid ones', () => {
    const base = defaultCatalog();
    const n = 3000;
    const valid: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) valid[`q${i}.test`] = { enis: 2, ipv4PerEni: 4 };
    const entries = invalidEntries(n);
    const applying = fastest(() => applyCatalogOverrides(base, valid));
    let problems: string[] = [];
    const checking = fastest(() => (problems = applyCatalogOverrides(base, entries).problems));
    assert.ok(problems.length >= n, `${problems.length} problems`);
    // Before the fix every invalid entry built a catalog copy of its own (the ratio was about 75).
    const ratio = checking / applying;
    assert.ok(ratio < 8, `checking ${n} bad entries cost ${ratio.toFixed(1)} times applying ${n} good ones`);
  });

  it('the log of problems is capped and summarised', () => {
    const problems = Array.from({ length: 50_000 }, (_, i) => `m${i}.large: "enis" must be integer`);
    const lines = summariseProblems(problems, MAX_LOGGED_PROBLEMS);
    assert.equal(lines.length, MAX_LOGGED_PROBLEMS + 1);
    assert.equal(lines.at(-1), `... and ${50_000 - MAX_LOGGED_PROBLEMS} more problems (not shown)`);
    assert.deepEqual(summariseProblems(problems.slice(0, 3), MAX_LOGGED_PROBLEMS), problems.slice(0, 3));
  });
});
