/**
 * `vpc-cni-lint check examples/` (what `npm start` runs) finds exactly the problems planted in
 * the examples (see examples/README.md), and nothing else.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';

const ROOT = path.resolve(__dirname, '..', '..');

// [file, 1-based line, 1-based column, severity, code, message substring]
const PLANTED: Array<[string, number, number, string, string, string]> = [
  // The second cluster: staging has no prefix delegation, so demo's settings must not reach its nodes.
  [
    'clusters/staging/karpenter/nodes.yaml',
    12,
    14,
    'error',
    'max-pods-exceeds-ip-capacity',
    'can address: 29',
  ],
  ['cni/aws-node.yaml', 53, 22, 'warning', 'invalid-boolean', '"yes"'],
  ['cni/aws-node.yaml', 74, 21, 'warning', 'unknown-env-var', 'ENABLE_IPv6'],
  ['eksctl/cluster.yaml', 26, 34, 'warning', 'unknown-instance-type', 'm5.large'],
  // helm/aws-vpc-cni-values.yaml:12 keeps the shipped WARM_PREFIX_TARGET "1" under MINIMUM_IP_TARGET: idle, but
  // the shipped value, so nothing is reported there (ignored-warm-target).
  ['helm/aws-vpc-cni-values.yaml', 14, 3, 'warning', 'minimum-ip-target-caps-pool', '48 addresses'],
  ['karpenter/ec2nodeclass.yaml', 32, 20, 'warning', 'tool-max-pods-unaware', 'max-pods 29 on m5.large'],
  ['karpenter/ec2nodeclass.yaml', 32, 32, 'warning', 'tool-max-pods-unaware', 'max-pods 58 on m5.xlarge'],
  ['karpenter/ec2nodeclass.yaml', 32, 45, 'warning', 'tool-max-pods-unaware', 'max-pods 29 on c5.large'],
  ['nodes/al2-user-data.sh', 11, 36, 'warning', 'use-max-pods-missing', '--use-max-pods false'],
  ['nodes/al2023-user-data.mime', 21, 16, 'warning', 'max-pods-below-capacity', '898 pods'],
  ['nodes/bottlerocket.toml', 9, 12, 'error', 'max-pods-exceeds-ip-capacity', '242'],
];

describe('examples/', () => {
  it('check finds exactly the planted problems, and exits 1 for the planted error', async () => {
    const r = await runCli(['check', path.join(ROOT, 'examples'), '--format', 'json']);
    assert.equal(r.exitCode, 1, r.stderr);
    const json = JSON.parse(r.stdout) as {
      findings: Array<{
        file: string;
        range: { start: { line: number; character: number } };
        severity: string;
        code: string;
        message: string;
      }>;
    };
    const actual = json.findings.map((f) => [
      path.relative(path.join(ROOT, 'examples'), f.file).split(path.sep).join('/'),
      f.range.start.line + 1,
      f.range.start.character + 1,
      f.severity,
      f.code,
    ]);
    assert.deepEqual(
      actual,
      PLANTED.map((p) => p.slice(0, 5)),
    );
    json.findings.forEach((f, i) => assert.ok(f.message.includes(PLANTED[i]?.[5] ?? ''), f.message));
  });
});
