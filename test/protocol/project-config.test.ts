/**
 * The project config over the protocol: `.vpc-cni-lint.yaml` applies to the files under it, wins over VS
 * Code settings, is re-read when it changes on disk (workspace/didChangeWatchedFiles) or in the editor, and
 * its own problems are diagnostics at their exact range. The CLI gives the same findings for the same
 * repository.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../../server/src/cli/main';
import { LspClient } from '../helpers/lspClient';

const DAEMONSET = path.resolve(__dirname, '..', 'fixtures', 'cases', 'unknown-env-var', 'daemonset.yaml');
const SEVERITY = { error: 1, warning: 2, information: 3, hint: 4 } as const;

function repo(config: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vpc-cni-lint-config-ws-'));
  for (const d of ['.git', 'nodes', 'vendor']) mkdirSync(path.join(dir, d));
  copyFileSync(DAEMONSET, path.join(dir, 'aws-node.yaml'));
  copyFileSync(DAEMONSET, path.join(dir, 'vendor', 'aws-node.yaml'));
  writeFileSync(
    path.join(dir, 'nodes', 'user-data.sh'),
    '#!/bin/bash\n/etc/eks/bootstrap.sh demo \\\n  --use-max-pods false \\\n  --kubelet-extra-args "--max-pods=110"\n',
  );
  writeFileSync(path.join(dir, '.vpc-cni-lint.yaml'), config);
  return dir;
}

type Diag = {
  code?: string;
  severity?: number;
  message?: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  relatedInformation?: Array<{ location: { uri: string }; message: string }>;
};

const uriOf = (p: string) => pathToFileURL(p).toString();

describe('protocol: project config', () => {
  it('applies the nearest config over the settings and follows its changes on disk and in the editor', async () => {
    const dir = repo('rules:\n  unknown-env-var: hint\n');
    const configUri = uriOf(path.join(dir, '.vpc-cni-lint.yaml'));
    const cniUri = uriOf(path.join(dir, 'aws-node.yaml'));
    const client = await LspClient.start({
      rootUri: uriOf(dir),
      settings: { rules: { 'unknown-env-var': 'error', 'ip-family-invalid': 'off' } },
    });
    try {
      await client.open(cniUri, readFileSync(path.join(dir, 'aws-node.yaml'), 'utf8'));
      const first = (await client.pullDiagnostics(cniUri)) as Diag[];
      const unknown = first.filter((d) => d.code === 'unknown-env-var');
      assert.equal(unknown.length, 2, JSON.stringify(first));
      // The project file wins over vpcCniLint.rules, and the diagnostic says so.
      assert.deepEqual(
        unknown.map((d) => d.severity),
        [SEVERITY.hint, SEVERITY.hint],
      );
      const note = unknown[0]?.relatedInformation?.find((r) => r.location.uri === configUri);
      assert.ok(note, JSON.stringify(unknown[0]));
      assert.match(
        note.message,
        /severity hint set in \.vpc-cni-lint\.yaml \(the project file wins over the vpcCniLint\.rules setting/,
      );

      // Changed on disk: the client reports the watched file, the server re-reads it.
      writeFileSync(path.join(dir, '.vpc-cni-lint.yaml'), 'rules:\n  unknown-env-var: off\n');
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: configUri, type: 2 }],
      });
      const off = (await client.pullDiagnostics(cniUri)) as Diag[];
      assert.deepEqual(
        off.filter((d) => d.code === 'unknown-env-var'),
        [],
      );

      // Opened and edited in the editor (not saved): a bad key is reported at the key, the rest applies.
      const edited = 'rules:\n  unknown-env-var: information\ncniVersoin: v1.19.0\n';
      await client.open(configUri, edited, 'yaml');
      const own = (await client.pullDiagnostics(configUri)) as Diag[];
      assert.deepEqual(
        own.map((d) => [d.code, d.severity, d.message, d.range]),
        [
          [
            'invalid-config',
            SEVERITY.error,
            'unknown key "cniVersoin"; did you mean "cniVersion"?',
            { start: { line: 2, character: 0 }, end: { line: 2, character: 10 } },
          ],
        ],
      );
      const info = (await client.pullDiagnostics(cniUri)) as Diag[];
      assert.deepEqual(
        info.filter((d) => d.code === 'unknown-env-var').map((d) => d.severity),
        [SEVERITY.information, SEVERITY.information],
      );

      // Hovering the rule code says which setting wins.
      const hover = await client.hover(configUri, 1, 5);
      assert.ok(hover);
      assert.match(hover.contents.value, /`unknown-env-var`/);
      assert.match(hover.contents.value, /over the `vpcCniLint.rules` setting's `error`/);
      assert.match(hover.contents.value, /then this project file/);

      // A value of the wrong kind never crashes the server: a diagnostic at the value, the file still applies.
      await client.change(configUri, 'rules:\n  unknown-env-var: [hint]\nignore: 3\n', 2);
      const bad = (await client.pullDiagnostics(configUri)) as Diag[];
      assert.deepEqual(
        bad.map((d) => [d.message, d.range.start, d.range.end]),
        [
          ['rules.unknown-env-var must be a string', { line: 1, character: 19 }, { line: 1, character: 25 }],
          ['ignore must be a list', { line: 2, character: 8 }, { line: 2, character: 9 }],
        ],
      );
      // With no valid `rules` entry left, the setting applies again.
      const back = (await client.pullDiagnostics(cniUri)) as Diag[];
      assert.deepEqual(
        back.filter((d) => d.code === 'unknown-env-var').map((d) => d.severity),
        [SEVERITY.error, SEVERITY.error],
      );
      // An edit of the config applies to the next request about another file, before the config's own pull.
      await client.change(configUri, 'rules:\n  unknown-env-var: warning\n', 3);
      const next = (await client.pullDiagnostics(cniUri)) as Diag[];
      assert.deepEqual(
        next.filter((d) => d.code === 'unknown-env-var').map((d) => d.severity),
        [SEVERITY.warning, SEVERITY.warning],
      );
    } finally {
      assert.equal(await client.stop(), 0, client.stderr);
    }
  });

  it('gives the same findings as the CLI for a repository with a committed config', async () => {
    const dir = repo(
      [
        'rules:',
        '  unknown-env-var: hint',
        'defaultInstanceTypes: [m5.large]',
        'ignore: [vendor/]',
        'cniVersion: v1.19.2',
        'nodeGroups:',
        '  general:',
        '    subnets: [{ cidr: 10.0.0.0/27, nodes: 12 }]',
        'bogus: true',
        '',
      ].join('\n'),
    );
    writeFileSync(
      path.join(dir, 'nodes', 'cluster.yaml'),
      'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: { name: demo, region: us-west-2 }\nmanagedNodeGroups:\n  - name: general\n    instanceType: m5.large\n',
    );
    const files = [
      'aws-node.yaml',
      'nodes/user-data.sh',
      'nodes/cluster.yaml',
      'vendor/aws-node.yaml',
      '.vpc-cni-lint.yaml',
    ];
    const cli = await runCli(['check', '--format', 'json', dir]);
    const cliFindings = (
      JSON.parse(cli.stdout) as {
        findings: Array<{ file: string; code: string; severity: string; range: Diag['range'] }>;
      }
    ).findings.map((f) => ({
      file: path.relative(dir, f.file),
      code: f.code,
      severity: SEVERITY[f.severity as keyof typeof SEVERITY],
      range: f.range,
    }));
    // The config's rules, defaultInstanceTypes, nodeGroups and its own bad key all show.
    for (const code of [
      'unknown-env-var',
      'max-pods-exceeds-ip-capacity',
      'warm-pool-exhausts-subnet',
      'invalid-config',
    ])
      assert.ok(
        cliFindings.some((f) => f.code === code),
        `${code} in ${cli.stdout}`,
      );
    const client = await LspClient.start({ rootUri: uriOf(dir) });
    try {
      const editor: typeof cliFindings = [];
      for (const f of files) {
        const uri = uriOf(path.join(dir, f));
        await client.open(
          uri,
          readFileSync(path.join(dir, f), 'utf8'),
          f.endsWith('.sh') ? 'shellscript' : 'yaml',
        );
        for (const d of (await client.pullDiagnostics(uri)) as Diag[])
          editor.push({
            file: f,
            code: String(d.code),
            severity: (d.severity ?? 1) as (typeof SEVERITY)[keyof typeof SEVERITY],
            range: d.range,
          });
      }
      const key = (x: (typeof cliFindings)[number]) =>
        `${x.file}:${x.range.start.line}:${x.range.start.character} ${x.code} ${x.severity}`;
      assert.deepEqual(editor.map(key).sort(), cliFindings.map(key).sort());
    } finally {
      assert.equal(await client.stop(), 0, client.stderr);
    }
  });
  it("keeps the clusters of the config's clusters apart, and follows a change of the mapping", async () => {
    // prod turns prefix delegation on; dev's m5.large node has max-pods 110: 29 pods without prefixes.
    const dir = mkdtempSync(path.join(tmpdir(), 'vpc-cni-lint-config-clusters-ws-'));
    for (const d of ['.git', 'envs/prod', 'envs/dev']) mkdirSync(path.join(dir, d), { recursive: true });
    const cni =
      'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: { name: aws-node, namespace: kube-system }\nspec:\n  template:\n    spec:\n      containers:\n        - name: aws-node\n          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.2\n          env:\n            - { name: ENABLE_PREFIX_DELEGATION, value: "true" }\n';
    const node =
      '#!/bin/bash\n/etc/eks/bootstrap.sh dev --use-max-pods false --kubelet-extra-args "--max-pods=110"\n';
    writeFileSync(path.join(dir, 'envs', 'prod', 'aws-node.yaml'), cni);
    writeFileSync(path.join(dir, 'envs', 'dev', 'user-data.sh'), node);
    const configPath = path.join(dir, '.vpc-cni-lint.yaml');
    writeFileSync(
      configPath,
      'defaultInstanceTypes: [m5.large]\nclusters:\n  - { name: prod, paths: [envs/prod/] }\n  - { name: dev, paths: [envs/dev/] }\n',
    );
    const nodeUri = uriOf(path.join(dir, 'envs', 'dev', 'user-data.sh'));
    const client = await LspClient.start({ rootUri: uriOf(dir) });
    const exceeds = async () =>
      ((await client.pullDiagnostics(nodeUri)) as Diag[])
        .filter((d) => d.code === 'max-pods-exceeds-ip-capacity')
        .map((d) => d.message ?? '');
    try {
      await client.open(uriOf(path.join(dir, 'envs', 'prod', 'aws-node.yaml')), cni, 'yaml');
      await client.open(nodeUri, node, 'shellscript');
      const apart = await exceeds();
      assert.equal(apart.length, 1, JSON.stringify(apart));
      assert.match(apart[0] ?? '', /110 exceeds what m5\.large can address: 29/);
      // Without the mapping both folders are one unnamed cluster: prod's prefix delegation reaches dev.
      writeFileSync(configPath, 'defaultInstanceTypes: [m5.large]\n');
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: uriOf(configPath), type: 2 }],
      });
      assert.deepEqual(await exceeds(), []);
    } finally {
      assert.equal(await client.stop(), 0, client.stderr);
    }
  });
});
