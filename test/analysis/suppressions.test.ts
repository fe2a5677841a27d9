/**
 * Suppression comments ("Disable <code> for this line / file") go where the format takes a comment
 * without changing what the file means, and then silence the finding they were made for. For shell the
 * property is checked by bash itself: the script with the comment added passes `bash -n` and calls
 * `bootstrap.sh` with exactly the same arguments.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { suppressionFixes, type Finding, type Fix } from '../../server/src/analysis';
import { analyseAll } from '../robustness/inputs';

function apply(text: string, fix: Fix): string {
  const edits = [...fix.edits].sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

function findingsOf(text: string, uri: string, languageId: string, code?: string): Finding[] {
  return analyseAll(text, uri, languageId).findings.filter((f) => !code || f.code === code);
}

function lineFix(text: string, f: Finding, languageId: string, uri: string): Fix | undefined {
  return suppressionFixes(text, f, languageId, uri).find((x) => x.title.endsWith('for this line'));
}

/** Offers the line fix for the first `code` finding, checks where it goes and that it silences it. */
function placeLineFix(text: string, uri: string, languageId: string, code: string): string {
  const [f] = findingsOf(text, uri, languageId, code);
  assert.ok(f, `expected a ${code} finding`);
  const fix = lineFix(text, f, languageId, uri);
  assert.ok(fix, 'expected a line fix');
  const after = apply(text, fix);
  assert.equal(findingsOf(after, uri, languageId, code).length, 0, `still reported after the fix:\n${after}`);
  return after;
}

const MAX_PODS_SH = [
  '#!/bin/bash',
  '# vpc-cni-lint: instance-types=m5.large',
  'set -ex',
  '/etc/eks/bootstrap.sh my-cluster \\',
  '  --use-max-pods false \\',
  "  --kubelet-extra-args '--max-pods=110 --node-labels=team=a'",
  '',
].join('\n');

describe('suppression comments', () => {
  it('go above the first line of a shell command continued with a backslash', () => {
    const after = placeLineFix(
      MAX_PODS_SH,
      'file:///u/user-data.sh',
      'shellscript',
      'max-pods-exceeds-ip-capacity',
    );
    assert.ok(
      after.includes(
        'set -ex\n# vpc-cni-lint-disable-next-line max-pods-exceeds-ip-capacity -- reason\n/etc/eks/',
      ),
      after,
    );
  });

  it('go above a command whose quoted argument spans lines', () => {
    const text = [
      '#!/bin/bash',
      '# vpc-cni-lint: instance-types=m5.large',
      "/etc/eks/bootstrap.sh my-cluster --use-max-pods false --kubelet-extra-args '--node-labels=team=a",
      "  --max-pods=110'",
      '',
    ].join('\n');
    const after = placeLineFix(text, 'file:///u/user-data.sh', 'shellscript', 'max-pods-exceeds-ip-capacity');
    assert.ok(after.includes('large\n# vpc-cni-lint-disable-next-line max-pods-exceeds-ip-capacity'), after);
  });

  it('stay inside a YAML block scalar of shell, with its indentation', () => {
    const text = [
      'apiVersion: eksctl.io/v1alpha5',
      'kind: ClusterConfig',
      'metadata: {name: c, region: us-east-1}',
      'managedNodeGroups:',
      '  - name: ng',
      '    instanceType: m5.large',
      '    ami: ami-0123456789abcdef0',
      '    overrideBootstrapCommand: |',
      '      #!/bin/bash',
      '      /etc/eks/bootstrap.sh c \\',
      "        --use-max-pods false --kubelet-extra-args '--max-pods=110'",
      '',
    ].join('\n');
    const after = placeLineFix(text, 'file:///r/cluster.yaml', 'yaml', 'max-pods-exceeds-ip-capacity');
    assert.ok(
      after.includes(
        '#!/bin/bash\n      # vpc-cni-lint-disable-next-line max-pods-exceeds-ip-capacity -- reason\n',
      ),
      after,
    );
  });

  it('go above the key of a YAML block scalar holding JSON', () => {
    const text = [
      'apiVersion: eksctl.io/v1alpha5',
      'kind: ClusterConfig',
      'metadata: {name: c, region: us-east-1}',
      'addons:',
      '  - name: vpc-cni',
      '    configurationValues: |',
      '      {',
      '        "env": {',
      '          "WARM_IP_TARGET": "five"',
      '        }',
      '      }',
      '',
    ].join('\n');
    const code = findingsOf(text, 'file:///r/cluster.yaml', 'yaml').find(
      (f) => f.code === 'invalid-integer',
    )?.code;
    assert.equal(code, 'invalid-integer');
    const after = placeLineFix(text, 'file:///r/cluster.yaml', 'yaml', 'invalid-integer');
    assert.ok(
      after.includes('vpc-cni\n    # vpc-cni-lint-disable-next-line invalid-integer -- reason\n    config'),
      after,
    );
  });

  it('are not offered where a comment line would become part of a quoted value', () => {
    const text = [
      'apiVersion: eksctl.io/v1alpha5',
      'kind: ClusterConfig',
      'metadata: {name: c, region: us-east-1}',
      'addons:',
      '  - name: vpc-cni',
      '    configurationValues: \'{"env":',
      '      {"WARM_IP_TARGET": "five"}}\'',
      '',
    ].join('\n');
    const [f] = findingsOf(text, 'file:///r/cluster.yaml', 'yaml', 'invalid-integer');
    assert.ok(f, 'expected the finding');
    // A `#` line inside the quotes would be part of the value: no line fix, the file fix still works.
    assert.equal(lineFix(text, f, 'yaml', 'file:///r/cluster.yaml'), undefined);
    const file = suppressionFixes(text, f, 'yaml', 'file:///r/cluster.yaml').find((x) =>
      x.title.endsWith('file'),
    );
    assert.ok(file);
    assert.equal(
      findingsOf(apply(text, file), 'file:///r/cluster.yaml', 'yaml', 'invalid-integer').length,
      0,
    );
  });

  it('put the file directive after the BOM of a TOML file that opens with a table', () => {
    const text = '\uFEFF[settings.kubernetes]\n# vpc-cni-lint: instance-types=m5.large\nmax-pods = 110\n';
    const [f] = findingsOf(text, 'file:///u/bottlerocket.toml', 'toml', 'max-pods-exceeds-ip-capacity');
    assert.ok(f, 'expected a finding');
    // No language id: the text itself must say it takes `#` comments.
    const fixes = suppressionFixes(text, f);
    const file = fixes.find((x) => x.title.endsWith('for this file'));
    assert.ok(file, 'expected a file fix');
    const after = apply(text, file);
    assert.ok(
      after.startsWith('\uFEFF# vpc-cni-lint-disable-file max-pods-exceeds-ip-capacity\n[settings'),
      after,
    );
    assert.equal(findingsOf(after, 'file:///u/bottlerocket.toml', 'toml', f.code).length, 0);
  });

  it('put the file directive after the MIME headers and never a line comment in them', () => {
    const text = [
      'Content-Type: multipart/mixed; boundary="B"',
      'MIME-Version: 1.0',
      '',
      '--B',
      'Content-Type: text/x-shellscript; charset="us-ascii"',
      '',
      '#!/bin/bash',
      '# vpc-cni-lint: instance-types=m5.large',
      "/etc/eks/bootstrap.sh c --use-max-pods false --kubelet-extra-args '--max-pods=110'",
      '--B--',
      '',
    ].join('\n');
    const uri = 'file:///u/user-data.txt';
    const [f] = findingsOf(text, uri, 'vpc-cni-user-data', 'max-pods-exceeds-ip-capacity');
    assert.ok(f, 'expected a finding');
    const file = suppressionFixes(text, f, 'vpc-cni-user-data', uri).find((x) => x.title.endsWith('file'));
    assert.ok(file);
    const after = apply(text, file);
    assert.ok(
      after.startsWith('Content-Type: multipart/mixed; boundary="B"\nMIME-Version: 1.0\n\n# vpc'),
      after,
    );
    assert.equal(findingsOf(after, uri, 'vpc-cni-user-data', f.code).length, 0);
    placeLineFix(text, uri, 'vpc-cni-user-data', 'max-pods-exceeds-ip-capacity');
  });

  describe('property: shell keeps its meaning', function () {
    this.timeout(120_000);
    let dir = '';
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'vcl-supp-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    /** The arguments the script passes to bootstrap.sh, one per line, from bash itself. */
    function bootstrapArgs(script: string): string {
      const file = join(dir, 'user-data.sh');
      writeFileSync(file, script);
      execFileSync('bash', ['-n', file]);
      const stub = 'function /etc/eks/bootstrap.sh { printf "<%s>\\n" "$@"; }';
      return execFileSync('bash', ['-c', `${stub}; . "$1"`, 'bash', file], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    }

    it('the line fix never changes the arguments of bootstrap.sh', () => {
      const piece = fc.constantFrom(
        '--use-max-pods false',
        "--kubelet-extra-args '--max-pods=110 --node-labels=a=b'",
        "--kubelet-extra-args '--node-labels=a=b\n    --max-pods=250'",
        '--kubelet-extra-args "--max-pods=300"',
        '--b64-cluster-ca abc',
        '--container-runtime containerd',
      );
      const sep = fc.constantFrom(' ', ' \\\n  ', ' \\\n', '  \\\n\t');
      fc.assert(
        fc.property(
          fc.array(fc.tuple(sep, piece), { minLength: 1, maxLength: 5 }),
          fc.constantFrom('', 'set -ex\n', 'echo start \\\n  now\n'),
          (parts, prelude) => {
            const call = `/etc/eks/bootstrap.sh my-cluster${parts.map(([s, p]) => s + p).join('')}\n`;
            const script = `#!/bin/bash\n# vpc-cni-lint: instance-types=m5.large\n${prelude}${call}`;
            const uri = 'file:///u/user-data.sh';
            const expected = bootstrapArgs(script);
            for (const f of findingsOf(script, uri, 'shellscript')) {
              const fix = lineFix(script, f, 'shellscript', uri);
              if (!fix) continue;
              const fixed = apply(script, fix);
              assert.equal(bootstrapArgs(fixed), expected, `fix for ${f.code} changed:\n${fixed}`);
              assert.ok(
                !findingsOf(fixed, uri, 'shellscript', f.code).some((g) => g.message === f.message),
                `still reported:\n${fixed}`,
              );
            }
          },
        ),
        { numRuns: 60, seed: 17 },
      );
    });
  });
});
