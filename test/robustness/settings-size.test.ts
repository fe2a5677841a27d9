/**
 * Settings of hostile size (issue 17): a workspace's `.vscode/settings.json` can set
 * `vpcCniLint.instanceTypes` even in an untrusted workspace. Checking many bad entries must cost
 * about one catalog build, not one per entry, and the log gets a bounded summary. Times are
 * compared as ratios against a baseline measured in the same run, never against the clock.
 */
import { strict as assert } from 'node:assert';
import {
  analyze,
  applyCatalogOverrides,
  buildWorkspaceContext,
  defaultSettings,
} from '../../server/src/analysis';
import { parseDocument } from '../../server/src/syntax';
import { MAX_DEFAULT_INSTANCE_TYPES, readSettings } from '../../server/src/lsp/settings';
import { defaultCatalog, withOverrides } from '../../server/src/engine/catalog';
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

  it('defaultInstanceTypes of hostile length are capped: 5,000 names cost what the cap costs', () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `zz${i}.huge${i}`);
    const read = readSettings({ defaultInstanceTypes: [...names(5000), 'zz1.huge1'] }, false);
    assert.equal(read.analysis.defaultInstanceTypes.length, MAX_DEFAULT_INSTANCE_TYPES);
    assert.deepEqual(read.problems, [
      `vpcCniLint.defaultInstanceTypes lists 5000 types; only the first ${MAX_DEFAULT_INSTANCE_TYPES} are used.`,
    ]);
    const text =
      'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: aws-node\nspec:\n  template:\n    spec:\n      containers:\n        - name: aws-node\n          env:\n            - name: WARM_IP_TARGET\n              value: "5"\n';
    const uri = 'file:///robustness/aws-node.yaml';
    const model = parseDocument(text, { uri });
    const analyseWith = (raw: unknown) => {
      const settings = readSettings({ defaultInstanceTypes: raw }, false);
      // A fresh catalog each time: no did-you-mean answers kept from an earlier run.
      const catalog = withOverrides(defaultCatalog(), {}).catalog;
      analyze({
        uri,
        text,
        model,
        workspace: buildWorkspaceContext([{ uri, model }]),
        catalog,
        settings: { ...defaultSettings, ...settings.analysis },
      });
    };
    const capped = fastest(() => analyseWith(names(MAX_DEFAULT_INSTANCE_TYPES)), 1);
    const hostile = fastest(() => analyseWith(names(5000)), 1);
    assert.ok(
      hostile / capped < 3,
      `5,000 names cost ${(hostile / capped).toFixed(1)} times ${MAX_DEFAULT_INSTANCE_TYPES}`,
    );
  });
});
