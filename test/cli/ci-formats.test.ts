/**
 * `check` in CI: the github and gitlab formats, --quiet, --max-warnings, --stdin, colour, and the
 * escaping of file names and values in every format (issue 17, defect 7).
 */
/* eslint-disable no-control-regex -- these tests look for control characters in the output */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { escapeGithubData, escapeGithubProperty, escapeText, pathToUri } from '../../server/src/cli/escape';
import { runCli, useColor } from '../../server/src/cli/main';

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');
const AWS_NODE = readFileSync(path.join(EXAMPLES, 'cni', 'aws-node.yaml'), 'utf8');

/** An aws-node DaemonSet whose unknown env var is named `name` (a YAML double-quoted scalar's content). */
const daemonSet = (name: string) =>
  AWS_NODE.replace('- name: ENABLE_IPV6', `- name: "${name}"`).replace(
    /\n {14}value: "false"\n/,
    '\n              value: "false"\n',
  );

function tmp(): string {
  return mkdtempSync(path.join(tmpdir(), 'vpc-cni-lint-ci-'));
}

describe('cli: --format github', () => {
  it('prints one workflow command per finding with 1-based positions and the rule as title', async () => {
    const r = await runCli([
      'check',
      path.join(EXAMPLES, 'nodes', 'bottlerocket.toml'),
      '--format',
      'github',
    ]);
    assert.equal(r.exitCode, 1, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(
      lines[0] ?? '',
      /^::error file=[^,]*bottlerocket\.toml,line=9,col=12,endLine=9,endColumn=15,title=vpc-cni-lint max-pods-exceeds-ip-capacity::max-pods 300 exceeds/,
    );
  });

  // The Actions toolkit's escaping (@actions/core command.ts): data %, CR, LF; properties also : and ,.
  for (const [input, data, property] of [
    ['100%', '100%25', '100%25'],
    ['a\r\nb', 'a%0D%0Ab', 'a%0D%0Ab'],
    ['x: y, z', 'x: y, z', 'x%3A y%2C z'],
    ['%0A', '%250A', '%250A'],
    ['esc\x1b[31m', 'esc\\x1b[31m', 'esc\\x1b[31m'],
  ] as const) {
    it(`escapes ${JSON.stringify(input)} as data ${data} and as a property ${property}`, () => {
      assert.equal(escapeGithubData(input), data);
      assert.equal(escapeGithubProperty(input), property);
    });
  }

  it('a value with a newline and "::error" cannot inject a workflow command', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'aws-node.yaml'), daemonSet('X\\n::error file=evil::owned'));
    const r = await runCli(['check', dir, '--format', 'github']);
    const lines = r.stdout.trim().split('\n');
    assert.ok(lines.length >= 1, r.stderr);
    for (const line of lines) assert.match(line, /^::(warning|error|notice) file=/, line);
    assert.ok(
      lines.some((l) => l.includes('X%0A::error file=evil::owned')),
      r.stdout,
    );
  });
});

describe('cli: --format gitlab', () => {
  type Issue = {
    description: string;
    check_name: string;
    fingerprint: string;
    severity: string;
    location: { path: string; positions: { begin: { line: number; column: number } } };
  };
  const run = async (dir: string) => {
    const r = await runCli(['check', dir, '--format', 'gitlab'], { cwd: dir });
    return JSON.parse(r.stdout) as Issue[];
  };

  it('is a Code Quality array with relative paths, severities and unique fingerprints', async () => {
    const r = await runCli(['check', EXAMPLES, '--format', 'gitlab']);
    assert.equal(r.exitCode, 1, r.stderr);
    const issues = JSON.parse(r.stdout) as Issue[];
    // The 11 planted findings of examples/ (test/cli/examples.test.ts; the shipped WARM_PREFIX_TARGET is not reported).
    assert.equal(issues.length, 11);
    const exceeds = issues.find(
      (i) => i.check_name === 'max-pods-exceeds-ip-capacity' && i.location.path.endsWith('bottlerocket.toml'),
    );
    assert.equal(exceeds?.severity, 'major');
    assert.equal(
      exceeds?.location.path,
      path.relative(process.cwd(), path.join(EXAMPLES, 'nodes', 'bottlerocket.toml')),
    );
    assert.deepEqual(exceeds?.location.positions.begin, { line: 9, column: 12 });
    assert.equal(issues.find((i) => i.check_name === 'unknown-env-var')?.severity, 'minor');
    // hints map to 'info' (no rule reports a hint on examples/ by default: --rule makes one)
    const hinted = await runCli(['check', EXAMPLES, '--format', 'gitlab', '--rule', 'unknown-env-var=hint']);
    const hints = JSON.parse(hinted.stdout) as Issue[];
    assert.equal(hints.find((i) => i.check_name === 'unknown-env-var')?.severity, 'info');
    assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length);
  });

  it('fingerprints are stable across runs and when lines above a finding move', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'nodes'));
    const toml = readFileSync(path.join(EXAMPLES, 'nodes', 'bottlerocket.toml'), 'utf8');
    writeFileSync(path.join(dir, 'nodes', 'bottlerocket.toml'), toml);
    const first = await run(dir);
    assert.equal(first.length, 1);
    assert.deepEqual(await run(dir), first);
    writeFileSync(path.join(dir, 'nodes', 'bottlerocket.toml'), `# a new comment line\n${toml}`);
    const moved = await run(dir);
    assert.equal(moved[0]?.location.path, 'nodes/bottlerocket.toml');
    assert.equal(moved[0]?.location.positions.begin.line, 10);
    assert.equal(moved[0]?.fingerprint, first[0]?.fingerprint);
  });
});

describe('cli: --quiet and --max-warnings', () => {
  it('--quiet prints error-severity findings only', async () => {
    const r = await runCli(['check', EXAMPLES, '--quiet']);
    assert.equal(r.exitCode, 1);
    const lines = r.stdout.trim().split('\n');
    // One error in each cluster of examples/ (demo's Bottlerocket node, staging's Karpenter node class).
    assert.equal(lines.length, 2);
    for (const line of lines) assert.match(line, / error max-pods-exceeds-ip-capacity /);
    assert.match(r.stderr, /11 findings \(2 errors, only errors shown\)/);
  });

  it('--max-warnings N exits 1 above N warnings, 0 at N', async () => {
    const cni = path.join(EXAMPLES, 'cni');
    // examples/cni/aws-node.yaml has 2 warnings and no error.
    const at = await runCli(['check', cni, '--max-warnings', '2']);
    assert.equal(at.exitCode, 0, at.stderr);
    const above = await runCli(['check', cni, '--max-warnings=1']);
    assert.equal(above.exitCode, 1);
    assert.match(above.stderr, /2 warnings, more than --max-warnings 1/);
    const bad = await runCli(['check', cni, '--max-warnings', '-1']);
    assert.equal(bad.exitCode, 2);
    assert.match(bad.stderr, /--max-warnings takes a whole number >= 0/);
  });
});

describe('cli: --stdin --stdin-filename', () => {
  it('checks standard input as the named file, with the other paths as cross-file context', async () => {
    const toml = readFileSync(path.join(EXAMPLES, 'nodes', 'bottlerocket.toml'), 'utf8');
    const name = path.join(EXAMPLES, 'nodes', 'edge.toml');
    // Alone, the node file does not know prefix delegation is on (it is set in cni/aws-node.yaml).
    const alone = await runCli(['check', '--stdin', '--stdin-filename', name, '--format', 'json'], {
      readStdin: async () => toml,
    });
    const withContext = await runCli(
      ['check', path.join(EXAMPLES, 'cni'), '--stdin', '--stdin-filename', name, '--format', 'json'],
      { readStdin: async () => toml },
    );
    type Out = { findings: Array<{ file: string; code: string; message: string }> };
    const a = (JSON.parse(alone.stdout) as Out).findings.filter((f) => f.file === name);
    const w = (JSON.parse(withContext.stdout) as Out).findings.filter((f) => f.file === name);
    assert.ok(a.length && w.length, alone.stderr + withContext.stderr);
    assert.doesNotMatch(a.map((f) => f.message).join('\n'), /with prefix delegation: 242/);
    assert.match(w.map((f) => f.message).join('\n'), /with prefix delegation: 242/);
  });

  it('stdin replaces the file of that name on disk', async () => {
    const file = path.join(EXAMPLES, 'nodes', 'bottlerocket.toml');
    const r = await runCli(['check', EXAMPLES, '--stdin', '--stdin-filename', file, '--format', 'json'], {
      readStdin: async () => '# nothing here\n',
    });
    const findings = (JSON.parse(r.stdout) as { findings: Array<{ file: string }> }).findings;
    assert.equal(findings.filter((f) => f.file === file).length, 0);
    assert.equal(findings.length, 10); // 11 planted - the one in bottlerocket.toml
  });

  for (const [args, pattern] of [
    [['check', '--stdin'], /--stdin needs --stdin-filename/],
    [['check', '.', '--stdin-filename', 'x.yaml'], /--stdin-filename needs --stdin/],
  ] as const) {
    it(`usage: ${args.join(' ')}`, async () => {
      const r = await runCli([...args], { readStdin: async () => '' });
      assert.equal(r.exitCode, 2);
      assert.match(r.stderr, pattern);
    });
  }

  it('standard input above --max-file-size is a usage error, not read further', async () => {
    let limitSeen = -1;
    const r = await runCli(['check', '--stdin', '--stdin-filename', 'a.yaml', '--max-file-size', '1024'], {
      readStdin: async (limit) => {
        limitSeen = limit;
        return 'x'.repeat(limit + 1);
      },
    });
    assert.equal(limitSeen, 1024);
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /standard input is larger than the --max-file-size limit of 1024/);
  });
});

describe('cli: colour', () => {
  // [flag, env, isTTY, expected]
  const rows: Array<[boolean | undefined, Record<string, string>, boolean, boolean]> = [
    [undefined, {}, true, true], // a terminal
    [undefined, {}, false, false], // a pipe or file
    [undefined, { NO_COLOR: '1' }, true, false], // no-color.org
    [undefined, { NO_COLOR: '' }, true, true], // NO_COLOR set but empty does not count
    [undefined, { FORCE_COLOR: '1' }, false, true],
    [undefined, { FORCE_COLOR: '0' }, true, false],
    [undefined, { FORCE_COLOR: '1', NO_COLOR: '1' }, false, true], // FORCE_COLOR first, as Node does
    [undefined, { TERM: 'dumb' }, true, false],
    [false, { FORCE_COLOR: '1' }, true, false], // the flag wins
    [true, { NO_COLOR: '1' }, false, true],
  ];
  for (const [flag, env, tty, expected] of rows) {
    it(`flag ${String(flag)}, env ${JSON.stringify(env)}, tty ${tty}: ${expected ? 'colour' : 'none'}`, () => {
      assert.equal(useColor(flag, env, tty), expected);
    });
  }

  it('colours the severity on a terminal, and never in other formats', async () => {
    const file = path.join(EXAMPLES, 'nodes', 'bottlerocket.toml');
    const tty = await runCli(['check', file], { isTTY: true, env: {} });
    assert.match(tty.stdout, /\x1b\[31merror\x1b\[0m/);
    const piped = await runCli(['check', file], { isTTY: false, env: {} });
    assert.doesNotMatch(piped.stdout, /\x1b/);
    const json = await runCli(['check', file, '--format', 'json'], {
      isTTY: true,
      env: { FORCE_COLOR: '1' },
    });
    assert.doesNotMatch(json.stdout, /\x1b/);
  });
});

describe('cli: escaping of file names and values (issue 17, defect 7)', () => {
  const hostileName = 'evil\n::error file=x::owned\x1b[2J\u202e.yaml';

  it('text output shows control characters in file names and values as escapes', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, hostileName), daemonSet('X\\e[31mRED\\nline2'));
    const r = await runCli(['check', dir]);
    assert.doesNotMatch(r.stdout + r.stderr, /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]/);
    const lines = r.stdout.trim().split('\n');
    assert.ok(lines.length >= 1);
    for (const line of lines)
      assert.ok(line.startsWith(`${dir}/evil\\n::error file=x::owned\\x1b[2J\\u202e.yaml:`), line);
    assert.ok(
      lines.some((l) => l.includes('X\\x1b[31mRED\\nline2')),
      r.stdout,
    );
  });

  for (const format of ['json', 'sarif', 'gitlab', 'github']) {
    it(`--format ${format} carries no raw control or bidi character`, async () => {
      const dir = tmp();
      writeFileSync(path.join(dir, hostileName), daemonSet('X\\x85\\e[31mRED\\u202e'));
      const r = await runCli(['check', dir, '--format', format]);
      assert.ok(r.stdout.length > 10, r.stderr);
      // Newlines are layout in JSON and separators in github output; nothing else may be raw.
      assert.doesNotMatch(r.stdout, /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
      if (format !== 'github') {
        const text = JSON.stringify(JSON.parse(r.stdout));
        assert.ok(
          text.includes('\\u001b[31mRED') || text.includes('\u001b[31mRED'),
          'the value survives decoding',
        );
      }
    });
  }

  it('SARIF uris are percent-encoded URI references', async () => {
    const dir = tmp();
    const name = 'a b%#?\x1b.yaml';
    writeFileSync(path.join(dir, name), daemonSet('Y'));
    const r = await runCli(['check', dir, '--format', 'sarif']);
    const sarif = JSON.parse(r.stdout) as {
      runs: Array<{
        results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>;
      }>;
    };
    const uri = sarif.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri ?? '';
    assert.equal(uri, `file://${dir.split('/').map(encodeURIComponent).join('/')}/a%20b%25%23%3F%1B.yaml`);
    assert.equal(decodeURIComponent(new URL(uri).pathname), path.join(dir, name));
  });

  // [path, uri]
  for (const [file, uri] of [
    ['manifests/aws-node.yaml', 'manifests/aws-node.yaml'],
    ['dir with space/x.yaml', 'dir%20with%20space/x.yaml'],
    ['100%.yaml', '100%25.yaml'],
    ['/abs/a#b.yaml', 'file:///abs/a%23b.yaml'],
    ['C:\\work\\x y.yaml', 'file:///C:/work/x%20y.yaml'],
  ] as const) {
    it(`pathToUri(${JSON.stringify(file)}) = ${uri}`, () => assert.equal(pathToUri(file), uri));
  }

  it('escapeText', () => {
    assert.equal(escapeText('a\nb\tc\x1b\x7f\u0085\u202ed'), 'a\\nb\\tc\\x1b\\x7f\\x85\\u202ed');
    assert.equal(escapeText('plain ünïcode ✓'), 'plain ünïcode ✓');
  });
});
