/**
 * What `check` reads: folders walked as git sees them (.gitignore, nested, negations), the config's
 * ignore patterns, --no-ignore; an unreadable folder (issue 17, defect 6) and files that are not
 * regular files (defect 8) reported for their path while the rest is checked.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { expandPaths, isCandidate } from '../../server/src/cli/files';
import { runCli } from '../../server/src/cli/main';
import { readBounded } from '../../server/src/cli/read';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI_JS = path.join(ROOT, 'server', 'out', 'cli.js');
const AWS_NODE = path.join(ROOT, 'examples', 'cni', 'aws-node.yaml');

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vpc-cni-lint-files-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** Git's own answer: the untracked, not ignored files (no global or system git config). */
function gitSees(repo: string): string[] {
  const out = execFileSync('git', ['ls-files', '--others', '--exclude-standard', '-z'], {
    cwd: repo,
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  }).toString();
  return out
    .split('\0')
    .filter(Boolean)
    .filter((f) => isCandidate(f))
    .sort();
}

const rel = (dir: string, files: string[]) =>
  files.map((f) => path.relative(dir, f).split(path.sep).join('/')).sort();

describe('cli: files walked as git sees them', () => {
  const files = {
    '.gitignore': '*.log\nbuild/\n/root-only.yaml\ngen-*.yaml\n# comment\n\\#hash.yaml\n',
    'root-only.yaml': 'a: 1\n',
    'sub/root-only.yaml': 'a: 1\n', // the pattern is anchored to the root
    'build/x.yaml': 'a: 1\n',
    'build/keep.yaml': 'a: 1\n', // under an excluded folder: cannot be re-included
    'sub/build/y.yaml': 'a: 1\n', // `build/` matches at any depth
    'gen-a.yaml': 'a: 1\n',
    '#hash.yaml': 'a: 1\n',
    'values.json': '{}\n',
    'sub/.gitignore': '!gen-keep.yaml\n*.json\n!build/keep.yaml\n',
    'sub/gen-keep.yaml': 'a: 1\n', // re-included by the deeper file
    'sub/gen-other.yaml': 'a: 1\n',
    'sub/values.json': '{}\n',
    'sub/deeper/.gitignore': '!*.json\n',
    'sub/deeper/v.json': '{}\n', // re-included one level deeper still
    'secret.yaml': 'a: 1\n', // .git/info/exclude
    'a/b/c.yaml': 'a: 1\n',
    'a/b/user-data': '#!/bin/bash\n',
  };

  function repo(): string {
    const dir = tree(files);
    execFileSync('git', ['init', '-q'], { cwd: dir });
    writeFileSync(path.join(dir, '.git', 'info', 'exclude'), 'secret.yaml\n');
    return dir;
  }

  it('walks the same files git lists as untracked and not ignored', async () => {
    const dir = repo();
    const ours = rel(dir, (await expandPaths([dir])).files);
    assert.deepEqual(ours, gitSees(dir));
    // and the expectations spelled out, so a broken git would not hide a broken walk
    assert.deepEqual(ours, [
      'a/b/c.yaml',
      'a/b/user-data',
      'sub/deeper/v.json',
      'sub/gen-keep.yaml',
      'sub/root-only.yaml',
      'values.json',
    ]);
  });

  it('a subfolder is walked with the .gitignore files above it, up to the repository root', async () => {
    const dir = repo();
    const ours = rel(dir, (await expandPaths([path.join(dir, 'sub')])).files);
    assert.deepEqual(
      ours,
      gitSees(dir).filter((f) => f.startsWith('sub/')),
    );
  });

  it('--no-ignore walks everything but .git', async () => {
    const dir = repo();
    const ours = rel(dir, (await expandPaths([dir], { useIgnoreFiles: false })).files);
    assert.equal(ours.length, Object.keys(files).filter((f) => isCandidate(f)).length);
    const r = await runCli(['check', dir, '--no-ignore', '--format', 'json']);
    assert.equal(r.exitCode, 0, r.stderr);
  });

  it("the config's ignore patterns apply to walked and to named files", async () => {
    const dir = tree({ 'vendor/a.yaml': 'a: 1\n', 'x.generated.yaml': 'a: 1\n', 'ok.yaml': 'a: 1\n' });
    const ignore = [{ base: dir, patterns: ['vendor/', '*.generated.yaml'] }];
    assert.deepEqual(rel(dir, (await expandPaths([dir], { ignore })).files), ['ok.yaml']);
    assert.deepEqual((await expandPaths([path.join(dir, 'x.generated.yaml')], { ignore })).files, []);
    assert.equal(
      (await expandPaths([path.join(dir, 'x.generated.yaml')], { ignore, useIgnoreFiles: false })).files
        .length,
      1,
    );
  });

  it('a file named on the command line is checked even when .gitignore lists it', async () => {
    const dir = repo();
    assert.deepEqual((await expandPaths([path.join(dir, 'gen-a.yaml')])).files, [
      path.join(dir, 'gen-a.yaml'),
    ]);
  });
});

describe('cli: unreadable folders (issue 17, defect 6)', () => {
  it('reports the folder, checks the rest and exits 2', function () {
    const dir = tree({ 'locked/aws-node.yaml': 'a: 1\n' });
    chmodSync(dir, 0o755);
    mkdirSync(path.join(dir, 'ok'));
    copyFileSync(AWS_NODE, path.join(dir, 'ok', 'aws-node.yaml'));
    chmodSync(path.join(dir, 'locked'), 0o000);
    // root reads any folder: run the CLI as nobody then, so the folder really is unreadable.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = spawnSync(process.execPath, [CLI_JS, 'check', dir, '--format', 'json'], {
      encoding: 'utf8',
      timeout: 60_000,
      ...asNobody,
    });
    chmodSync(path.join(dir, 'locked'), 0o755);
    assert.equal(r.status, 2, r.stderr);
    assert.doesNotMatch(r.stderr, /internal error/);
    assert.match(r.stderr, new RegExp(`${path.join(dir, 'locked')}: cannot read folder: EACCES`));
    assert.match(r.stderr, /1 path not checked \(exit code 2\); the rest were/);
    const findings = (JSON.parse(r.stdout) as { findings: Array<{ file: string; code: string }> }).findings;
    assert.ok(
      findings.some((f) => f.file === path.join(dir, 'ok', 'aws-node.yaml') && f.code === 'unknown-env-var'),
    );
  });
});

describe('cli: only regular files are read, bounded (issue 17, defect 8)', () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, [CLI_JS, 'check', ...args], { encoding: 'utf8', timeout: 20_000 });

  it('a character device named on the command line is reported, not read', () => {
    const r = run(['/dev/zero', AWS_NODE, '--format', 'json']);
    assert.equal(r.error, undefined, 'the CLI finished (it did not read /dev/zero)');
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /\/dev\/zero: not read: a character device, not a regular file/);
    assert.ok(
      (JSON.parse(r.stdout) as { findings: unknown[] }).findings.length > 0,
      'the other file was checked',
    );
  });

  it('a named pipe is reported without waiting for a writer, named or inside a folder', () => {
    const dir = tree({});
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    const named = run([path.join(dir, 'pipe.yaml')]);
    assert.equal(named.error, undefined, 'the CLI did not block on the pipe');
    assert.equal(named.status, 2);
    assert.match(named.stderr, /pipe\.yaml: not read: a named pipe/);
    const walked = run([dir]);
    assert.equal(walked.error, undefined);
    assert.equal(walked.status, 0, walked.stderr);
  });

  it('reads at most limit + 1 bytes of a regular file', () => {
    const dir = tree({ 'big.yaml': 'x'.repeat(10_000) });
    const r = readBounded(path.join(dir, 'big.yaml'), 4096, 100);
    assert.deepEqual(r, { kind: 'too-large', head: 'x'.repeat(100), size: 10_000 });
    const ok = readBounded(path.join(dir, 'big.yaml'), 10_000);
    assert.equal(ok.kind === 'text' && ok.text.length, 10_000);
  });
});
