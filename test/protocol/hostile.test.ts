/**
 * Hostile input over the protocol (issue 17): malformed requests get InvalidParams, and while each
 * hostile probe runs the server still answers an unrelated hover. The bound on every probe is
 * mocha's timeout: before the fixes these probes took tens of seconds or never finished.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../helpers/lspClient';

const daemonSet = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: aws-node
  namespace: kube-system
spec:
  template:
    spec:
      containers:
        - name: aws-node
          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.2
          env:
            - name: WARM_ENI_TARGET
              value: "1"
`;
const hoverUri = 'file:///virtual/hover/aws-node.yaml';

/** The unrelated hover each probe must not block: on WARM_ENI_TARGET. */
async function assertHover(client: LspClient): Promise<void> {
  const h = await client.hover(hoverUri, 12, 22);
  assert.ok(h, 'hover answered');
  assert.match(h.contents.value, /WARM_ENI_TARGET/);
}

describe('protocol: hostile input', () => {
  let client: LspClient;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'vpc-cni-lint-hostile-'));
    client = await LspClient.start({ rootUri: pathToFileURL(dir).toString() });
    await client.open(hoverUri, daemonSet);
  });
  after(async () => {
    const code = await client.stop();
    rmSync(dir, { recursive: true, force: true });
    assert.equal(code, 0, `server exit code; stderr: ${client.stderr}`);
  });

  it('answers requests with null or malformed parameters with InvalidParams', async () => {
    const requests: Array<[string, unknown]> = [
      ['textDocument/hover', null],
      ['textDocument/hover', { textDocument: { uri: hoverUri } }],
      ['textDocument/codeAction', null],
      ['textDocument/codeAction', { textDocument: { uri: hoverUri }, range: null }],
      ['textDocument/completion', null],
      ['textDocument/inlayHint', null],
      ['textDocument/diagnostic', null],
      ['textDocument/diagnostic', { textDocument: null }],
    ];
    for (const [method, params] of requests) {
      await assert.rejects(
        client.connection.sendRequest(method, params),
        (e: { code?: number; message?: string }) => {
          assert.equal(e.code, -32602, `${method} ${JSON.stringify(params)}: ${e.message}`);
          return true;
        },
      );
    }
    await assertHover(client);
  });

  it('a crafted directive line (quadratic regex before the fix) does not block a hover', async () => {
    const uri = 'file:///virtual/hostile/directives.yaml';
    await client.open(uri, `# ${'vpc-cni-lint:'.repeat(16_000)}\nkey: value\n`);
    const [diagnostics] = await Promise.all([client.pullDiagnostics(uri), assertHover(client)]);
    assert.ok(Array.isArray(diagnostics));
  });

  it('a NodeConfig whose maxPodsExpression nests 8 maps (heap exhaustion before the fix) does not block a hover', async () => {
    const uri = 'file:///virtual/hostile/nodeconfig.yaml';
    let e = '[1,2,3,4,5,6,7,8,9,10]';
    for (let i = 0; i < 8; i++) e = `[1,2,3,4,5,6,7,8,9,10].map(x${i}, ${e})`;
    await client.open(
      uri,
      `apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  kubelet:\n    maxPodsExpression: "size(${e})"\n`,
    );
    const [diagnostics] = await Promise.all([client.pullDiagnostics(uri), assertHover(client)]);
    assert.ok(Array.isArray(diagnostics));
  });

  it('hostile-size settings (50k bad instanceTypes, 100k defaultInstanceTypes) do not block a hover', async () => {
    const instanceTypes: Record<string, unknown> = {};
    for (let i = 0; i < 50_000; i++) instanceTypes[`m${i}.large`] = { enis: 'x' };
    const defaultInstanceTypes = Array.from({ length: 100_000 }, (_, i) => `zz${i}.huge${i}`);
    client.settings = { instanceTypes, defaultInstanceTypes };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await Promise.all([client.pullDiagnostics(hoverUri), assertHover(client)]);
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await assertHover(client);
  });

  it('a watched-file change naming a named pipe does not hang the reader', async () => {
    const fifo = path.join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    // Five pipes would take every libuv thread (4) if each read blocked; then no file could be read.
    const uris = [fifo, ...[1, 2, 3, 4].map((i) => `${fifo}${i}`)].map((f) => pathToFileURL(f).toString());
    for (const f of uris.slice(1)) execFileSync('mkfifo', [new URL(f).pathname]);
    // One notification each: their handlers run concurrently, one blocked read per thread.
    for (const uri of uris)
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri, type: 2 }],
      });
    await assertHover(client);
    // The workspace rescan reads files through the same thread pool: it finishes.
    const r = await client.connection.sendRequest<{ indexed: number }>('vpcCniLint/revalidate');
    assert.equal(typeof r.indexed, 'number');
    await assertHover(client);
  });
});
