/** `vpc-cni-lint check`: output formats, exit codes and usage errors. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli, VERSION } from '../../server/src/cli/main';

const FIXTURE = path.resolve(__dirname, '..', 'fixtures', 'cases', 'unknown-env-var', 'daemonset.yaml');
const CLI_JS = path.resolve(__dirname, '..', '..', 'server', 'out', 'cli.js');

function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vpc-cni-lint-cli-'));
  mkdirSync(path.join(dir, 'manifests'));
  copyFileSync(FIXTURE, path.join(dir, 'manifests', 'aws-node.yaml'));
  writeFileSync(
    path.join(dir, 'manifests', 'deploy.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n',
  );
  writeFileSync(path.join(dir, 'README.md'), '# not read\n');
  return dir;
}

describe('cli: check', () => {
  it('prints file:line:col severity code message, 1-based, and exits 0 without errors', async () => {
    const dir = workspace();
    const r = await runCli(['check', dir]);
    assert.equal(r.exitCode, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.ok(
      lines[0]?.startsWith(
        `${path.join(dir, 'manifests', 'aws-node.yaml')}:19:21 warning unknown-env-var \`ENABLE_IPV6\` is not read`,
      ),
      lines[0],
    );
    assert.match(lines[0] ?? '', /aws-node\.yaml:19:21 warning unknown-env-var `ENABLE_IPV6`/);
    assert.match(r.stderr, /2 findings \(0 errors\)/);
  });

  it('exits 1 when a finding has error severity (--rule override)', async () => {
    const r = await runCli(['check', workspace(), '--rule', 'unknown-env-var=error']);
    assert.equal(r.exitCode, 1);
    assert.match(r.stdout, / error unknown-env-var /);
  });

  it('--rule CODE=off removes the findings', async () => {
    const r = await runCli(['check', workspace(), '--rule=unknown-env-var=off']);
    assert.equal(r.exitCode, 0);
    assert.equal(r.stdout, '');
  });

  it('JSON output has version 1 and 0-based LSP positions', async () => {
    const dir = workspace();
    const r = await runCli(['check', dir, '--format', 'json']);
    assert.equal(r.exitCode, 0);
    const json = JSON.parse(r.stdout) as {
      version: number;
      findings: Array<{ file: string; range: unknown; severity: string; code: string; message: string }>;
    };
    assert.equal(json.version, 1);
    assert.equal(json.findings.length, 2);
    assert.deepEqual(json.findings[0]?.range, {
      start: { line: 18, character: 20 },
      end: { line: 18, character: 31 },
    });
    assert.equal(json.findings[0]?.severity, 'warning');
    assert.equal(json.findings[0]?.code, 'unknown-env-var');
    assert.equal(json.findings[0]?.file, path.join(dir, 'manifests', 'aws-node.yaml'));
  });

  it('SARIF 2.1.0 carries rule metadata and 1-based regions', async () => {
    const r = await runCli(['check', workspace(), '--format=sarif']);
    const sarif = JSON.parse(r.stdout) as {
      version: string;
      runs: Array<{
        tool: { driver: { name: string; rules: Array<{ id: string; shortDescription: { text: string } }> } };
        results: Array<{
          ruleId: string;
          level: string;
          locations: Array<{ physicalLocation: { region: unknown } }>;
        }>;
      }>;
    };
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.ok(run);
    assert.equal(run.tool.driver.name, 'vpc-cni-lint');
    assert.ok(
      run.tool.driver.rules.some((rule) => rule.id === 'unknown-env-var' && rule.shortDescription.text),
    );
    assert.equal(run.results[0]?.ruleId, 'unknown-env-var');
    assert.equal(run.results[0]?.level, 'warning');
    assert.deepEqual(run.results[0]?.locations[0]?.physicalLocation.region, {
      startLine: 19,
      startColumn: 21,
      endLine: 19,
      endColumn: 32,
    });
  });

  for (const [args, pattern] of [
    [['check'], /at least one file or folder/],
    [['check', '/no/such/path'], /no such file or folder/],
    [['check', '.', '--format', 'xml'], /--format must be text, json, sarif, github or gitlab/],
    [['check', '.', '--bogus'], /unknown option --bogus/],
    [['check', '.', '--rule', 'x=loud'], /--rule takes CODE=/],
    [['check', '.', '--catalog', '/no/such/catalog.json'], /cannot read catalog/],
    [['frobnicate'], /unknown command frobnicate/],
  ] as const) {
    it(`exits 2 with a clear message: ${args.join(' ')}`, async () => {
      const r = await runCli([...args]);
      assert.equal(r.exitCode, 2);
      assert.match(r.stderr, pattern);
      assert.equal(r.stdout, '');
    });
  }

  it('--version and --help', async () => {
    assert.deepEqual(await runCli(['--version']), { stdout: `${VERSION}\n`, stderr: '', exitCode: 0 });
    const help = await runCli(['--help']);
    assert.equal(help.exitCode, 0);
    assert.match(help.stdout, /vpc-cni-lint check <files or folders\.\.\.>/);
    assert.equal((await runCli([])).exitCode, 2);
  });

  // Issue 15: `check --help` said "unknown option --help".
  for (const argv of [
    ['check', '--help'],
    ['check', '-h'],
    ['check', 'some/dir', '--help'],
    ['help', 'check'],
    ['max-pods', '--help'],
    ['max-pods', '-h'],
    ['simulate', '--help'],
    ['catalog', '--help'],
    ['help', 'simulate'],
  ]) {
    it(`${argv.join(' ')} prints that command's usage and exits 0`, async () => {
      const r = await runCli(argv);
      assert.equal(r.stderr, '');
      assert.equal(r.exitCode, 0);
      const command = argv[0] === 'help' ? argv[1] : argv[0];
      assert.match(r.stdout, new RegExp(`^Usage: vpc-cni-lint ${command} `));
    });
  }

  it('the bundled bin runs with its shebang and sets the exit code', () => {
    const r = spawnSync(process.execPath, [CLI_JS, 'check', workspace(), '--rule', 'unknown-env-var=error'], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /unknown-env-var/);
    const v = spawnSync(CLI_JS, ['--version'], { encoding: 'utf8' });
    assert.equal(v.stdout.trim(), VERSION);
  });
});

describe('cli: --catalog FILE', () => {
  it('adds valid entries and reports invalid ones, which are ignored', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vpc-cni-lint-cat-'));
    const file = path.join(dir, 'catalog.json');
    writeFileSync(
      file,
      JSON.stringify({
        'x9.large': { enis: 3, ipv4PerEni: 10, hypervisor: 'nitro' },
        'bad.large': { enis: 'three' },
      }),
    );
    const r = await runCli([
      'max-pods',
      '--instance-type',
      'x9.large',
      '--cni-version',
      '1.19.2',
      '--catalog',
      file,
    ]);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout.trim(), '29'); // 3 x (10 - 1) + 2
    assert.match(r.stderr, /bad\.large: "enis" must be an integer from 1 to 1024 \(got "three"\)/);
    const bad = await runCli([
      'max-pods',
      '--instance-type',
      'bad.large',
      '--cni-version',
      '1.19.2',
      '--catalog',
      file,
    ]);
    assert.equal(bad.exitCode, 2);
  });

  it('a catalog that is not JSON is a usage error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vpc-cni-lint-cat-'));
    const file = path.join(dir, 'catalog.json');
    writeFileSync(file, '{ not json');
    const r = await runCli(['catalog', '--catalog', file]);
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /cannot read catalog/);
  });
});

describe('cli: --max-file-size', () => {
  it('skips a large file of no interest silently and reports a large CNI file as skipped', async () => {
    const dir = workspace();
    writeFileSync(
      path.join(dir, 'dump.json'),
      JSON.stringify({ rows: Array.from({ length: 500 }, (_, i) => i) }),
    );
    writeFileSync(
      path.join(dir, 'manifests', 'big.yaml'),
      readFileSync(FIXTURE, 'utf8') + '#'.repeat(4096) + '\n',
    );
    const r = await runCli(['check', dir, '--max-file-size', '2048', '--format', 'json']);
    const json = JSON.parse(r.stdout) as { findings: Array<{ file: string; code: string }> };
    assert.deepEqual(
      json.findings.map((f) => [path.basename(f.file), f.code]),
      [
        ['aws-node.yaml', 'unknown-env-var'],
        ['aws-node.yaml', 'unknown-env-var'],
        ['big.yaml', 'file-too-large'],
      ],
    );
  });
});
