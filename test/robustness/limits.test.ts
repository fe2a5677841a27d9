/**
 * Hostile sizes: YAML alias bombs, thousands of documents, files of 50 MB. Time and memory stay
 * bounded (memory asserted; time bounded by mocha's timeout only), and files above
 * `vpcCniLint.maxFileSize` / `--max-file-size` are skipped with one information diagnostic
 * saying why, over the protocol and in the CLI.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { awsNodeDaemonSet, deployment, rng } from '../../bench/generators';
import { BenchClient, OUR_SERVER } from '../../bench/lsp';
import { runCli } from '../../server/src/cli/main';
import { analyseAll } from './inputs';

const MiB = 1024 * 1024;

/** Billion laughs: each level is a list of ten aliases to the level below. */
function aliasBomb(levels: number, withDaemonSet: boolean): string {
  let out = 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
  for (let i = 1; i < levels; i++)
    out += `a${i}: &a${i} [${Array(10)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  if (!withDaemonSet) return out;
  // The bomb referenced from places the linter reads: env, values, containers.
  const last = `*a${levels - 1}`;
  return `${out}---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: aws-node
  namespace: kube-system
spec:
  template:
    spec:
      containers:
        - name: aws-node
          image: ${last}
          env: ${last}
        - &c
          name: aws-node
          env:
            - &e
              name: WARM_IP_TARGET
              value: ${last}
            - *e
            - *e
        - *c
`;
}

function heapGrowth(f: () => void): number {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  f();
  const after = process.memoryUsage().heapUsed;
  return after - before;
}

describe('robustness: hostile sizes', () => {
  it('YAML alias bombs are analysed without expanding them', () => {
    for (const levels of [3, 6, 9, 12]) {
      for (const withDaemonSet of [false, true]) {
        const text = aliasBomb(levels, withDaemonSet);
        let errors: string[] = [];
        const growth = heapGrowth(() => {
          errors = analyseAll(text, 'file:///robustness/bomb.yaml', 'yaml').ruleErrors;
        });
        assert.deepEqual(errors, []);
        // 10^12 strings would need terabytes; anything that expands even 10^6 would show here.
        assert.ok(growth < 64 * MiB, `levels ${levels}: heap grew ${(growth / MiB).toFixed(0)} MiB`);
      }
    }
  });

  it('thousands of documents in one file', () => {
    const r = rng(5);
    const docs = [awsNodeDaemonSet(r, 0), ...Array.from({ length: 3000 }, (_, i) => deployment(r, i))];
    const inputs = [
      docs.join('---\n'),
      '---\n'.repeat(20_000),
      'a: 1\n---\n'.repeat(20_000) + awsNodeDaemonSet(r, 1),
    ];
    for (const text of inputs) {
      const res = analyseAll(text, 'file:///robustness/many.yaml', 'yaml');
      assert.deepEqual(res.ruleErrors, []);
    }
  });

  describe('over the protocol', () => {
    let client: BenchClient;
    before(async () => {
      ({ client } = await BenchClient.start({
        script: OUR_SERVER,
        pull: true,
        sections: { vpcCniLint: {} },
      }));
    });
    after(async () => {
      assert.equal(await client.stop(), 0, client.stderr);
    });

    it('a 50 MB file is skipped with one information diagnostic, and the server stays responsive', async () => {
      const uri = 'file:///robustness/huge.yaml';
      const r = rng(9);
      const unit = awsNodeDaemonSet(r, 0) + '---\n';
      const text = unit.repeat(Math.ceil((50 * MiB) / unit.length));
      await client.open(uri, text);
      const report = await client.pull(uri);
      assert.equal(report.items.length, 1, JSON.stringify(report.items).slice(0, 500));
      const d = report.items[0] ?? {};
      assert.equal(d.code, 'file-too-large');
      assert.equal(d.severity, 3); // Information
      assert.match(String(d.message), /maxFileSize/);
      assert.match(String(d.message), /5242880/);
      // Hover, code actions and edits on it answer (and do not analyse it).
      await client.request('textDocument/hover', {
        textDocument: { uri },
        position: { line: 3, character: 4 },
      });
      await client.changeRange(
        uri,
        2,
        { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        '# edited\n',
      );
      assert.equal((await client.pull(uri)).items.length, 1);
      // A small document next to it is analysed normally.
      const small = 'file:///robustness/small.yaml';
      await client.open(small, unit.replace('WARM_ENI_TARGET', 'WARM_ENI_TARGTE'));
      const smallReport = await client.pull(small);
      assert.ok(smallReport.items.some((i) => i.code === 'unknown-env-var'));
      await client.close(uri);
      // Memory: the text is held once by the document store, not parsed.
      assert.ok(client.rss() < 700 * MiB, `server RSS ${(client.rss() / MiB).toFixed(0)} MiB`);
    });

    it('honours vpcCniLint.maxFileSize', async () => {
      const { client: c } = await BenchClient.start({
        script: OUR_SERVER,
        pull: true,
        sections: { vpcCniLint: { maxFileSize: 2048 } },
      });
      try {
        const uri = 'file:///robustness/over-limit.yaml';
        const text = awsNodeDaemonSet(rng(1), 0).replace('WARM_ENI_TARGET', 'WARM_ENI_TARGTE');
        assert.ok(text.length > 2048);
        await c.open(uri, text);
        const items = (await c.pull(uri)).items;
        assert.deepEqual(
          items.map((i) => [i.code, i.severity]),
          [['file-too-large', 3]],
        );
        assert.match(String(items[0]?.message), /2048/);
        // Raising the limit applies to the open document at once, without an edit.
        (c.opts.sections ?? {}).vpcCniLint = { maxFileSize: 1024 * 1024 };
        await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
        const after = (await c.pull(uri)).items.map((i) => i.code);
        assert.ok(after.includes('unknown-env-var') && !after.includes('file-too-large'), after.join(', '));
      } finally {
        await c.stop();
      }
    });
  });

  it('the CLI skips files above --max-file-size with one information finding', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vpc-cni-lint-limits-'));
    try {
      const big = path.join(dir, 'big.yaml');
      const r = rng(3);
      writeFileSync(big, (awsNodeDaemonSet(r, 0) + '---\n').repeat(20));
      const res = await runCli(['check', big, '--max-file-size', '4096', '--format', 'json']);
      assert.equal(res.exitCode, 0, res.stderr);
      const out = JSON.stringify(JSON.parse(res.stdout));
      assert.equal((out.match(/file-too-large/g) ?? []).length, 1, out);
      assert.match(out, /max-file-size/);
      assert.doesNotMatch(out, /unknown-env-var/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
