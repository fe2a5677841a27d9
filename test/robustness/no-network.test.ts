/**
 * The server makes no network calls and starts no processes (`untrustedWorkspaces: true`
 * relies on it). The bundle must not require child_process, http, https, net or dgram
 * (scripts/build.mjs stubs them), and a whole session driven under a `Module._load` hook must
 * load none of them. Stdio and IPC must keep working without them.
 */
import { strict as assert } from 'node:assert';
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import { BenchClient, OUR_SERVER } from '../../bench/lsp';

const FORBIDDEN = [
  'child_process',
  'http',
  'https',
  'net',
  'dgram',
  'http2',
  'tls',
  'cluster',
  'worker_threads',
];
const fixture = path.resolve(__dirname, '..', 'fixtures', 'cases', 'unknown-env-var', 'daemonset.yaml');
const text = readFileSync(fixture, 'utf8');

describe('robustness: no network, no processes', () => {
  it('the server bundle requires none of the forbidden builtins', () => {
    const bundle = readFileSync(OUR_SERVER, 'utf8');
    const required = [...bundle.matchAll(/\brequire\(\s*["'`](?:node:)?([\w/]+)["'`]\s*\)/g)].map(
      (m) => m[1],
    );
    assert.ok(
      required.includes('fs') || required.includes('node:fs'),
      'the scan must see the bundle requires',
    );
    const bad = required.filter((r) => FORBIDDEN.includes(r ?? ''));
    assert.deepEqual(bad, [], `server/out/server.js requires ${bad.join(', ')}`);
    assert.doesNotMatch(bundle, /\bprocess\.binding\(\s*["'](tcp_wrap|udp_wrap|process_wrap|spawn_sync)["']/);
  });

  it('a whole session under a Module._load hook loads none of them', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vpc-cni-lint-hook-'));
    const out = path.join(dir, 'loaded.json');
    const hook = path.join(dir, 'hook.cjs');
    writeFileSync(
      hook,
      `const Module = require('module');
const fs = require('fs');
const seen = new Set();
const original = Module._load;
Module._load = function (request, parent, isMain) {
  const name = String(request).replace(/^node:/, '');
  if (Module.isBuiltin(name)) seen.add(name);
  return original.apply(this, arguments);
};
process.on('exit', () => fs.writeFileSync(${JSON.stringify(out)}, JSON.stringify([...seen])));
`,
    );
    const { client } = await BenchClient.start({
      script: OUR_SERVER,
      nodeArgs: ['--require', hook],
      pull: true,
      sections: { vpcCniLint: { defaultInstanceTypes: ['m5.large'] } },
    });
    try {
      const uri = 'file:///virtual/aws-node.yaml';
      await client.open(uri, text);
      const diags = await client.pull(uri);
      assert.ok(diags.items.length > 0);
      await client.changeFull(uri, 2, text.replace('ENABLE_IPV6', 'ENABLE_IPv6'));
      await client.pull(uri);
      await client.request('textDocument/hover', {
        textDocument: { uri },
        position: { line: 24, character: 22 },
      });
      await client.request('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } },
        context: { diagnostics: [] },
      });
      await client.request('textDocument/completion', {
        textDocument: { uri },
        position: { line: 25, character: 20 },
      });
      await client.request('textDocument/inlayHint', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } },
      });
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      await client.request('vpcCniLint/revalidate', {});
      await client.close(uri);
    } finally {
      assert.equal(await client.stop(), 0);
    }
    const loaded = JSON.parse(readFileSync(out, 'utf8')) as string[];
    rmSync(dir, { recursive: true, force: true });
    assert.ok(loaded.includes('fs'), `the hook must record builtins: ${loaded.join(', ')}`);
    const bad = loaded.filter((m) => FORBIDDEN.includes(m));
    assert.deepEqual(bad, [], `loaded ${bad.join(', ')}`);
  });

  it('IPC transport (process.send, as the VS Code client uses) still works', async () => {
    const child = fork(OUR_SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    connection.onRequest('workspace/configuration', () => [{}]);
    connection.onRequest('client/registerCapability', () => null);
    connection.onNotification(() => undefined);
    connection.listen();
    try {
      const init = await connection.sendRequest<{ serverInfo?: { name: string } }>('initialize', {
        processId: process.pid,
        rootUri: null,
        capabilities: { textDocument: { diagnostic: {} } },
      });
      assert.equal(init.serverInfo?.name, 'vpc-cni-lint');
      await connection.sendNotification('initialized', {});
      const uri = 'file:///virtual/ipc.yaml';
      await connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'yaml', version: 1, text },
      });
      const report = await connection.sendRequest<{ items: unknown[] }>('textDocument/diagnostic', {
        textDocument: { uri },
      });
      assert.ok(report.items.length > 0);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      assert.equal(await exited, 0);
    } finally {
      connection.dispose();
      if (child.exitCode === null) child.kill();
    }
  });

  it('a socket transport fails loudly instead of opening a socket', async () => {
    const child = fork(OUR_SERVER, ['--socket=5999'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.notEqual(code, 0);
    assert.match(stderr, /node:net is not available/);
  });
});
