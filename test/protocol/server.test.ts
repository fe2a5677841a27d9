/**
 * Drives the real bundled server (server/out/server.js, built by `npm test`'s build step) as a
 * child process over stdio: initialize, didOpen, pull diagnostics, hover, codeAction, shutdown.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../helpers/lspClient';

const fixture = path.resolve(__dirname, '..', 'fixtures', 'cases', 'unknown-env-var', 'daemonset.yaml');
const text = readFileSync(fixture, 'utf8');
const uri = 'file:///virtual/aws-node.yaml';

describe('protocol: the bundled server over stdio', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
    await client.open(uri, text);
  });
  after(async () => {
    const code = await client.stop();
    assert.equal(code, 0, `server exit code; stderr: ${client.stderr}`);
  });

  it('answers pull diagnostics with source, code, codeDescription and exact ranges', async () => {
    const items = await client.pullDiagnostics(uri);
    const typo = items.find((d) => (d.message as string).includes('ENABLE_IPV6'));
    assert.ok(typo, JSON.stringify(items));
    assert.equal(typo.source, 'vpc-cni-lint');
    assert.equal(typo.code, 'unknown-env-var');
    assert.equal(typo.severity, 2);
    assert.deepEqual(typo.range, { start: { line: 18, character: 20 }, end: { line: 18, character: 31 } });
    const href = (typo.codeDescription as { href: string }).href;
    assert.match(href, /docs\/rules\/unknown-env-var\.md$/);
  });

  it('shows a hover on an env name', async () => {
    const h = await client.hover(uri, 24, 22); // WARM_ENI_TARGET
    assert.ok(h, 'hover');
    assert.match(h.contents.value, /WARM_ENI_TARGET/);
  });

  it('offers the did-you-mean rename as a preferred quick fix', async () => {
    const items = await client.pullDiagnostics(uri);
    const typo = items.find((d) => (d.message as string).includes('ENABLE_IPV6'));
    const actions = await client.codeActions(uri, typo?.range, [typo]);
    const rename = actions.find((a) => a.title === 'Rename to ENABLE_IPv6');
    assert.ok(rename, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(rename.isPreferred, true);
    const edits = (rename.edit as { changes: Record<string, Array<{ newText: string; range: unknown }>> })
      .changes[uri];
    assert.deepEqual(edits, [{ range: typo?.range, newText: 'ENABLE_IPv6' }]);
    assert.ok(actions.some((a) => a.title === 'Disable unknown-env-var for this line'));
  });

  it('ignores non-CNI YAML', async () => {
    const other = 'file:///virtual/deploy.yaml';
    await client.open(other, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n');
    assert.deepEqual(await client.pullDiagnostics(other), []);
  });
});

describe('protocol: push diagnostics for clients without pull support', () => {
  it('publishes diagnostics on open and after a change', async () => {
    const client = await LspClient.start({ pull: false });
    try {
      const u = pathToFileURL('/virtual/push.yaml').toString();
      await client.open(u, text);
      const first = await client.waitForPublished(u, (d) => d.length === 2);
      assert.equal(first.length, 2);
      await client.change(u, text.replace('ENABLE_IPV6', 'ENABLE_IPv6'), 2);
      await client.waitForPublished(u, (d) => d.length === 1);
    } finally {
      await client.stop();
    }
  });
});

describe('protocol: settings apply without a restart', () => {
  it('a rule turned off through workspace/configuration disappears after didChangeConfiguration', async () => {
    const client = await LspClient.start();
    try {
      const u = 'file:///virtual/settings.yaml';
      await client.open(u, text);
      assert.equal((await client.pullDiagnostics(u)).length, 2);
      client.settings = { rules: { 'unknown-env-var': 'off' } };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      // Requests after the notification are answered with the new settings.
      assert.deepEqual(await client.pullDiagnostics(u), []);
      client.settings = { rules: { 'unknown-env-var': 'error' } };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const again = await client.pullDiagnostics(u);
      assert.equal(again.length, 2);
      assert.equal(again[0]?.severity, 1);
    } finally {
      await client.stop();
    }
  });

  it('with vpcCniLint.enable false, nothing is reported', async () => {
    const client = await LspClient.start({ settings: { enable: false } });
    try {
      const u = 'file:///virtual/disabled.yaml';
      await client.open(u, text);
      assert.deepEqual(await client.pullDiagnostics(u), []);
    } finally {
      await client.stop();
    }
  });
});

describe('protocol: vpcCniLint.instanceTypes', () => {
  it('shows one warning for invalid entries and uses the valid ones', async () => {
    const client = await LspClient.start({
      settings: {
        instanceTypes: { 'x9.large': { enis: 3, ipv4PerEni: 10 }, 'bad.large': { enis: 'three' } },
      },
    });
    const warnings: string[] = [];
    client.connection.onRequest('window/showMessageRequest', (p: { message: string }) => {
      warnings.push(p.message);
      return null;
    });
    try {
      const u = 'file:///virtual/types.yaml';
      await client.open(u, text);
      await client.pullDiagnostics(u);
      assert.equal(warnings.length, 1, JSON.stringify(warnings));
      assert.match(
        warnings[0] ?? '',
        /^vpcCniLint\.instanceTypes: bad\.large: .* Entries with problems are ignored\.$/,
      );
    } finally {
      await client.stop();
    }
  });
});

describe('protocol: large files', () => {
  it('a large file with nothing of interest (a log) is skipped without a diagnostic', async () => {
    const client = await LspClient.start({ settings: { maxFileSize: 2048 } });
    try {
      const u = 'file:///virtual/big.log';
      await client.open(u, 'INFO request served in 12 ms\n'.repeat(500), 'plaintext');
      assert.deepEqual(await client.pullDiagnostics(u), []);
      const cni = 'file:///virtual/big-aws-node.yaml';
      await client.open(cni, text + '#'.repeat(4096) + '\n');
      const items = await client.pullDiagnostics(cni);
      assert.deepEqual(
        items.map((d) => d.code),
        ['file-too-large'],
      );
    } finally {
      await client.stop();
    }
  });
});

describe('protocol: "Show documentation" code action', () => {
  for (const showRuleDocsCommand of [true, false]) {
    it(`is offered ${showRuleDocsCommand ? 'to a client that implements the command' : 'to no other client'}`, async () => {
      const client = await LspClient.start({ initializationOptions: { showRuleDocsCommand } });
      try {
        const u = 'file:///virtual/docs-action.yaml';
        await client.open(u, text);
        const [first] = await client.pullDiagnostics(u);
        const actions = await client.codeActions(u, first?.range, [first]);
        const docs = actions.filter((a) => String(a.title).startsWith('Show documentation for'));
        assert.equal(docs.length, showRuleDocsCommand ? 1 : 0, JSON.stringify(actions.map((a) => a.title)));
        if (showRuleDocsCommand) {
          const command = docs[0]?.command as { command: string; arguments: unknown[] };
          assert.equal(command.command, 'vpcCniLint.showRuleDocs');
          assert.equal(command.arguments[0], 'unknown-env-var');
          assert.match(String(command.arguments[1]), /docs\/rules\/unknown-env-var\.md$/);
        }
      } finally {
        await client.stop();
      }
    });
  }
});
