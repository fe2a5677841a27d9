/** The project config (`.vpc-cni-lint.yaml`): parsing, validation ranges, extends, merging, discovery. */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  combineSettings,
  configHover,
  clusterOfFile,
  configIgnorePatterns,
  isIgnoredByConfig,
  parseConfig,
  resolveConfig,
} from '../../server/src/config';
import { ProjectConfigs } from '../../server/src/project';

const URI = 'file:///repo/.vpc-cni-lint.yaml';

/** The text a problem's span covers. */
const covered = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

describe('project config: parse and validate', () => {
  it('reads every key of a valid file, with where each value is written', () => {
    const text = [
      'rules:',
      '  warm-eni-target-zero: off',
      '  unknown-instance-type: warning',
      'defaultInstanceTypes: [m6i.large, c6i.xlarge]',
      'instanceTypes:',
      '  x9.large: { enis: 3, ipv4PerEni: 10 }',
      'ignore: [vendor/, "**/*.rendered.yaml"]',
      'cniVersion: v1.19.2',
      'nodeGroups:',
      '  general:',
      '    subnets:',
      '      - cidr: 10.0.0.0/24',
      '        nodes: 10',
      'clusters:',
      '  - name: prod',
      '    paths: [clusters/prod/**]',
      '',
    ].join('\n');
    const c = parseConfig(URI, text);
    assert.deepEqual(c.problems, []);
    assert.equal(c.rules['warm-eni-target-zero']?.value, 'off');
    assert.equal(covered(text, c.rules['warm-eni-target-zero']!.keySpan), 'warm-eni-target-zero');
    assert.deepEqual(c.defaultInstanceTypes?.value, ['m6i.large', 'c6i.xlarge']);
    assert.deepEqual(c.instanceTypes['x9.large']?.value, { enis: 3, ipv4PerEni: 10 });
    assert.deepEqual(c.ignore, ['vendor/', '**/*.rendered.yaml']);
    assert.equal(c.cniVersion?.value, 'v1.19.2');
    assert.equal(covered(text, c.cniVersion!.span), 'v1.19.2');
    const subnet = c.nodeGroups.general?.subnets[0];
    assert.equal(subnet?.nodes, 10);
    assert.equal(covered(text, subnet!.span), '10.0.0.0/24');
    assert.deepEqual(c.clusters, [{ name: 'prod', paths: ['clusters/prod/**'] }]);
  });

  it('reports an unknown key at the key, with a suggestion, and keeps the rest', () => {
    const text = 'rule:\n  warm-eni-target-zero: off\ncniVersion: v1.18.0\n';
    const c = parseConfig(URI, text);
    assert.equal(c.problems.length, 1);
    const p = c.problems[0]!;
    assert.equal(p.code, 'invalid-config');
    assert.equal(p.severity, 'error');
    assert.equal(covered(text, p.span), 'rule');
    assert.match(p.message, /unknown key "rule"; did you mean "rules"\?/);
    assert.equal(c.cniVersion?.value, 'v1.18.0');
  });

  it('reports a bad severity at the value, an unknown rule code at the key', () => {
    const text =
      'rules:\n  warm-eni-target-zero: loud\n  warm-eni-target-zer0: off\n  ip-family-invalid: hint\n';
    const c = parseConfig(URI, text);
    const bySpan = c.problems.map((p) => [covered(text, p.span), p.severity, p.message]);
    assert.deepEqual(bySpan, [
      ['loud', 'error', 'rules.warm-eni-target-zero must be one of error, warning, information, hint, off'],
      [
        'warm-eni-target-zer0',
        'warning',
        'unknown rule code "warm-eni-target-zer0"; did you mean "warm-eni-target-zero"?',
      ],
    ]);
    assert.deepEqual(Object.keys(c.rules), ['ip-family-invalid']);
  });

  it('reports a bad catalog entry at the entry in the catalog loader words, once', () => {
    const text =
      'instanceTypes:\n  x9.large: { enis: 0, ipv4PerEni: 10 }\n  y9.large: { enis: 2, ipv4PerEni: 4 }\n';
    const c = parseConfig(URI, text);
    assert.equal(c.problems.length, 1, JSON.stringify(c.problems));
    assert.equal(covered(text, c.problems[0]!.span), '{ enis: 0, ipv4PerEni: 10 }');
    assert.match(c.problems[0]!.message, /^instanceTypes: .*x9\.large.*enis.*\(entry ignored\)$/);
    assert.deepEqual(Object.keys(c.instanceTypes), ['y9.large']);
  });

  it('checks values a schema cannot: CNI versions, VPC subnet sizes', () => {
    const text =
      'cniVersion: latest\nnodeGroups:\n  a:\n    subnets:\n      - { cidr: 10.0.0.0/8, nodes: 3 }\n';
    const c = parseConfig(URI, text);
    assert.deepEqual(
      c.problems.map((p) => [covered(text, p.span), p.message]),
      [
        ['latest', 'cniVersion must be a CNI version such as v1.19.2'],
        ['10.0.0.0/8', '10.0.0.0/8 is not a VPC subnet (IPv4 subnets are /16 to /28)'],
      ],
    );
    assert.equal(c.cniVersion, undefined);
  });

  it('reports missing required fields at the object, wrong types at the value', () => {
    const text = 'nodeGroups:\n  a:\n    subnets:\n      - cidr: 10.0.0.0/24\nignore: vendor/\n';
    const c = parseConfig(URI, text);
    assert.deepEqual(
      c.problems.map((p) => [covered(text, p.span), p.message]),
      [
        ['cidr: 10.0.0.0/24', 'nodeGroups.a.subnets.0 needs "nodes"'],
        ['vendor/', 'ignore must be a list'],
      ],
    );
  });

  it('reads JSON, and turns malformed text or a non-object into one problem, never an exception', () => {
    const json = parseConfig('file:///r/.vpc-cni-lint.json', '{ "rules": { "ip-family-invalid": "off" } }');
    assert.deepEqual(json.problems, []);
    assert.equal(json.rules['ip-family-invalid']?.value, 'off');
    for (const text of [
      'rules: [\n',
      '- a\n- b\n',
      '42',
      'rules:\n  a: b\n  a: c\n',
      '{"rules": ',
      '\u0000\u0001',
    ]) {
      const c = parseConfig(URI, text);
      assert.ok(c.problems.length >= 1, text);
      assert.deepEqual(c.rules, {});
    }
    assert.deepEqual(parseConfig(URI, '').problems, []);
    assert.deepEqual(parseConfig(URI, '# only a comment\n').problems, []);
  });
});

describe('project config: extends and merging', () => {
  const files: Record<string, string> = {
    'file:///repo/.vpc-cni-lint.yaml':
      'extends: ./shared/base.yaml\nrules:\n  ip-family-invalid: warning\nignore: [vendor/]\n',
    'file:///repo/shared/base.yaml':
      'rules:\n  ip-family-invalid: off\n  warm-eni-target-zero: hint\ndefaultInstanceTypes: [m5.large]\nignore: [generated/]\ncniVersion: v1.16.0\n',
    'file:///repo/a.yaml': 'extends: b.yaml\n',
    'file:///repo/b.yaml': 'extends: [./a.yaml]\nrules:\n  ip-family-invalid: off\n',
    'file:///repo/missing.yaml': 'extends: ./nowhere.yaml\n',
  };
  const read = (u: string) => files[u];

  it('merges what a file extends under its own keys', () => {
    const r = resolveConfig('file:///repo/.vpc-cni-lint.yaml', read);
    assert.deepEqual(r.files, ['file:///repo/.vpc-cni-lint.yaml', 'file:///repo/shared/base.yaml']);
    assert.equal(r.rules['ip-family-invalid']?.value, 'warning');
    assert.equal(r.rules['warm-eni-target-zero']?.value, 'hint');
    assert.equal(r.rules['warm-eni-target-zero']?.uri, 'file:///repo/shared/base.yaml');
    assert.deepEqual(r.defaultInstanceTypes?.value, ['m5.large']);
    assert.equal(r.cniVersion?.value, 'v1.16.0');
    // Each file's ignore patterns stay relative to its own folder.
    assert.deepEqual(configIgnorePatterns(r), [
      { base: 'file:///repo/shared/', patterns: ['generated/'] },
      { base: 'file:///repo/', patterns: ['vendor/'] },
    ]);
    assert.ok(isIgnoredByConfig(r, 'file:///repo/vendor/x.yaml'));
    assert.ok(isIgnoredByConfig(r, 'file:///repo/shared/generated/x.yaml'));
    assert.ok(!isIgnoredByConfig(r, 'file:///repo/generated/x.yaml'));
    assert.ok(!isIgnoredByConfig(r, 'file:///repo/manifests/x.yaml'));
  });

  it('maps files to clusters by path patterns relative to the file that states them', () => {
    const cfg: Record<string, string> = {
      'file:///repo/.vpc-cni-lint.yaml':
        'extends: ./envs/base.yaml\nclusters:\n  - name: prod\n    paths: [clusters/prod/, "terraform/prod/**"]\n  - name: all-staging\n    paths: ["clusters/staging*/"]\n',
      'file:///repo/envs/base.yaml': 'clusters:\n  - name: sandbox\n    paths: [sandbox/]\n',
    };
    const r = resolveConfig('file:///repo/.vpc-cni-lint.yaml', (u) => cfg[u]);
    const of = (u: string) => clusterOfFile(r, u);
    assert.deepEqual(of('file:///repo/clusters/prod/aws-node.yaml'), {
      name: 'prod',
      configFile: 'file:///repo/.vpc-cni-lint.yaml',
    });
    assert.equal(of('file:///repo/terraform/prod/main.tf')?.name, 'prod');
    assert.equal(of('file:///repo/clusters/staging-eu/nodes/user-data.sh')?.name, 'all-staging');
    // Patterns of an extended file are relative to its own folder.
    assert.deepEqual(of('file:///repo/envs/sandbox/nodes.yaml'), {
      name: 'sandbox',
      configFile: 'file:///repo/envs/base.yaml',
    });
    assert.equal(of('file:///repo/sandbox/nodes.yaml'), undefined);
    assert.equal(of('file:///repo/clusters/production/aws-node.yaml'), undefined);
    assert.equal(of('file:///elsewhere/clusters/prod/aws-node.yaml'), undefined);
    // Escaped characters in URIs match the path as written.
    assert.equal(of('file:///repo/clusters/prod/my%20values.yaml')?.name, 'prod');
  });

  it('reports a cycle and a missing file at the extends value', () => {
    const cyc = resolveConfig('file:///repo/a.yaml', read);
    const pa = cyc.problems['file:///repo/b.yaml'] ?? [];
    assert.equal(pa.length, 1, JSON.stringify(cyc.problems));
    assert.match(pa[0]!.message, /^extends cycle: a\.yaml → b\.yaml → a\.yaml/);
    assert.equal(covered(files['file:///repo/b.yaml']!, pa[0]!.span), './a.yaml');
    assert.equal(cyc.rules['ip-family-invalid']?.value, 'off');
    const miss = resolveConfig('file:///repo/missing.yaml', read);
    const pm = miss.problems['file:///repo/missing.yaml'] ?? [];
    assert.equal(pm.length, 1);
    assert.match(pm[0]!.message, /cannot read \.\/nowhere\.yaml/);
    assert.equal(covered(files['file:///repo/missing.yaml']!, pm[0]!.span), './nowhere.yaml');
  });

  it('has a stable hash that changes with the content', () => {
    const a = resolveConfig(
      'file:///r/c.yaml',
      () => 'rules: { ip-family-invalid: off, warm-eni-target-zero: hint }',
    );
    const b = resolveConfig(
      'file:///r/c.yaml',
      () => 'rules:\n  warm-eni-target-zero: hint\n  ip-family-invalid: off\n',
    );
    const c = resolveConfig('file:///r/c.yaml', () => 'rules: { ip-family-invalid: hint }');
    assert.match(a.hash, /^[0-9a-f]{64}$/);
    assert.notEqual(a.hash, c.hash);
    // Spans differ (they locate related information), so the hash does too; the same text hashes the same.
    assert.equal(
      a.hash,
      resolveConfig('file:///r/c.yaml', () => 'rules: { ip-family-invalid: off, warm-eni-target-zero: hint }')
        .hash,
    );
    assert.notEqual(a.hash, b.hash);
  });

  it('puts editor settings below the project file and flags above it', () => {
    const r = resolveConfig('file:///repo/.vpc-cni-lint.yaml', read);
    const below = {
      ruleSeverity: { 'ip-family-invalid': 'error' as const, 'unknown-env-var': 'off' as const },
      defaultInstanceTypes: ['c5.large'],
      instanceTypes: { 'z1.large': { enis: 2, ipv4PerEni: 2 } },
    };
    const c = combineSettings(r, below);
    assert.deepEqual(c.ruleSeverity, {
      'ip-family-invalid': 'warning',
      'unknown-env-var': 'off',
      'warm-eni-target-zero': 'hint',
    });
    assert.deepEqual(c.defaultInstanceTypes, ['m5.large']);
    assert.deepEqual(c.instanceTypes, below.instanceTypes);
    const f = combineSettings(r, below, {
      ruleSeverity: { 'ip-family-invalid': 'off' },
      defaultInstanceTypes: ['t3.large'],
    });
    assert.equal(f.ruleSeverity['ip-family-invalid'], 'off');
    assert.deepEqual(f.defaultInstanceTypes, ['t3.large']);
  });

  it('says which wins in the hover of a rule code', () => {
    const text = files['file:///repo/.vpc-cni-lint.yaml']!;
    const parsed = parseConfig('file:///repo/.vpc-cni-lint.yaml', text);
    const h = configHover(parsed, text.indexOf('ip-family-invalid') + 3, { 'ip-family-invalid': 'error' });
    assert.ok(h);
    assert.equal(covered(text, h.span), 'ip-family-invalid');
    assert.match(h.markdown, /This file sets \*\*warning\*\*, over the `vpcCniLint.rules` setting's `error`/);
    assert.match(
      h.markdown,
      /`--rule` on the command line, then this project file .* then the `vpcCniLint.rules` setting/,
    );
    assert.equal(configHover(parsed, 0), undefined);
  });
});

describe('project config: discovery on disk', () => {
  function tree(): string {
    const root = mkdtempSync(path.join(tmpdir(), 'vpc-cni-lint-config-'));
    mkdirSync(path.join(root, 'repo', '.git'), { recursive: true });
    mkdirSync(path.join(root, 'repo', 'clusters', 'prod', 'nodes'), { recursive: true });
    mkdirSync(path.join(root, 'repo', 'clusters', 'dev'), { recursive: true });
    writeFileSync(path.join(root, '.vpc-cni-lint.yaml'), 'rules: { ip-family-invalid: error }\n');
    writeFileSync(path.join(root, 'repo', '.vpc-cni-lint.yaml'), 'rules: { ip-family-invalid: hint }\n');
    writeFileSync(
      path.join(root, 'repo', 'clusters', 'prod', '.vpc-cni-lint.json'),
      '{ "extends": "../../.vpc-cni-lint.yaml", "cniVersion": "1.18.0" }',
    );
    return root;
  }
  const uri = (p: string) => pathToFileURL(p).toString();

  it('takes the nearest file, stops at the repository root, and follows extends', () => {
    const root = tree();
    const configs = new ProjectConfigs();
    const prod = configs.forPath(path.join(root, 'repo', 'clusters', 'prod', 'nodes', 'pool.yaml'));
    assert.equal(prod.uri, uri(path.join(root, 'repo', 'clusters', 'prod', '.vpc-cni-lint.json')));
    assert.equal(prod.cniVersion?.value, '1.18.0');
    assert.equal(prod.rules['ip-family-invalid']?.value, 'hint');
    const dev = configs.forPath(path.join(root, 'repo', 'clusters', 'dev', 'x.yaml'));
    assert.equal(dev.uri, uri(path.join(root, 'repo', '.vpc-cni-lint.yaml')));
    // Above the repository root (the folder with .git) nothing is read.
    writeFileSync(path.join(root, 'repo', 'clusters', 'dev', 'x.yaml'), '');
    const outside = new ProjectConfigs().forPath(path.join(root, 'repo', 'README.md'));
    assert.equal(outside.uri, uri(path.join(root, 'repo', '.vpc-cni-lint.yaml')));
    assert.equal(
      new ProjectConfigs().forPath(path.join(root, 'elsewhere.yaml')).uri,
      uri(path.join(root, '.vpc-cni-lint.yaml')),
    );
  });

  it('stops at a workspace folder, sees editor text of an open config, and re-reads after invalidate', () => {
    const root = tree();
    const ws = uri(path.join(root, 'repo', 'clusters'));
    const configs = new ProjectConfigs([ws]);
    const file = path.join(root, 'repo', 'clusters', 'dev', 'x.yaml');
    assert.equal(configs.forPath(file).uri, undefined);
    const devConfig = uri(path.join(root, 'repo', 'clusters', 'dev', '.vpc-cni-lint.yaml'));
    configs.setOverlay(devConfig, 'rules: { ip-family-invalid: off }\n');
    assert.equal(configs.forPath(file).rules['ip-family-invalid']?.value, 'off');
    configs.setOverlay(devConfig, undefined);
    assert.equal(configs.forPath(file).uri, undefined);
    writeFileSync(path.join(root, 'repo', 'clusters', 'dev', '.vpc-cni-lint.yaml'), 'cniVersion: v1.20.0\n');
    assert.equal(configs.forPath(file).uri, undefined, 'cached until invalidated');
    configs.invalidate();
    assert.equal(configs.forPath(file).cniVersion?.value, 'v1.20.0');
    assert.deepEqual(configs.ignorePatternsForPath(file), []);
  });
});
