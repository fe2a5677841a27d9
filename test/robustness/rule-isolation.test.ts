/**
 * A rule that throws is caught and reported once; the other rules still report. Checked on
 * `analyze` directly and over the protocol, where the server (from source, through tsx) is started with
 * one more rule that always throws (test/helpers/throwingRuleServer.ts).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  allRules,
  analyze,
  buildWorkspaceContext,
  defaultSettings,
  ruleByCode,
  type Rule,
} from '../../server/src/analysis';
import { defaultCatalog } from '../../server/src/engine/catalog';
import { parseDocument } from '../../server/src/syntax';
import { BenchClient } from '../../bench/lsp';

const fixture = path.resolve(__dirname, '..', 'fixtures', 'cases', 'unknown-env-var', 'daemonset.yaml');
const text = readFileSync(fixture, 'utf8');
const uri = 'file:///virtual/aws-node.yaml';

const throwing = (code: string, value: unknown = new Error('boom')): Rule => ({
  code,
  title: 'always throws',
  defaultSeverity: 'error',
  run: () => {
    throw value;
  },
});

describe('robustness: a rule that throws is contained', () => {
  const model = parseDocument(text, { uri });
  const ctx = {
    uri,
    text,
    model,
    workspace: buildWorkspaceContext([{ uri, model }]),
    catalog: defaultCatalog(),
    settings: defaultSettings,
  };
  const real = ruleByCode('unknown-env-var');

  it('analyze reports the failure and keeps the other rules', () => {
    assert.ok(real);
    const errors: Array<[string, unknown]> = [];
    const findings = analyze(ctx, {
      rules: [
        throwing('first-throws'),
        real,
        throwing('last-throws', 'not an Error'),
        throwing('null', null),
      ],
      onRuleError: (code, err) => errors.push([code, err]),
    });
    assert.deepEqual(
      errors.map(([c]) => c),
      ['first-throws', 'last-throws', 'null'],
    );
    const alone = analyze(ctx, { rules: [real] });
    assert.ok(alone.length > 0, 'the fixture must give findings for the property to mean anything');
    assert.deepEqual(findings, alone);
  });

  it('analyze without onRuleError does not throw either', () => {
    assert.doesNotThrow(() => analyze(ctx, { rules: [throwing('x'), ...allRules] }));
  });

  it('over the protocol: diagnostics of the other rules arrive and the failure is logged once', async () => {
    const { client } = await BenchClient.start({
      script: path.resolve(__dirname, '..', 'helpers', 'throwingRuleServer.ts'),
      nodeArgs: ['--require', require.resolve('tsx/cjs')],
      pull: true,
      sections: { vpcCniLint: {} },
    });
    try {
      await client.open(uri, text);
      const first = await client.pull(uri);
      assert.ok(
        first.items.some((d) => d.code === 'unknown-env-var'),
        JSON.stringify(first.items.map((d) => d.code)),
      );
      for (let v = 2; v < 6; v++) {
        await client.changeFull(uri, v, text + `# edit ${v}\n`);
        const again = await client.pull(uri);
        assert.ok(again.items.some((d) => d.code === 'unknown-env-var'));
      }
      const hover = await client.request('textDocument/hover', {
        textDocument: { uri },
        position: { line: 24, character: 22 },
      });
      assert.ok(hover, 'hover still answers');
      const failures = [...client.logs, { type: 0, message: client.stderr }].filter((l) =>
        l.message.includes('injected-throwing-rule'),
      );
      assert.equal(failures.length, 1, `logged ${failures.length} times: ${JSON.stringify(client.logs)}`);
      assert.match(failures[0]?.message ?? '', /injected failure/);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });
});
