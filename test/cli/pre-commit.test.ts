/**
 * The hooks in .pre-commit-hooks.yaml, installed and run by Debian's `pre-commit` package on a
 * temporary git repository: pre-commit clones a hook repository holding this repository's files, installs
 * the hook with npm as its node language does, and runs it.
 *
 * Needs `pre-commit` on PATH (`apt-get install -y pre-commit`; .ci/run installs it). The test installs
 * nothing itself and fails when it is missing. The hook install fetches our dependencies from the npm
 * registry (or npm's cache), so it is slow: about a minute.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');

function preCommitVersion(): string | undefined {
  const r = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

describe('pre-commit hooks', function () {
  this.timeout(15 * 60_000);

  it('.pre-commit-hooks.yaml declares the hooks with an entry on our bin', () => {
    const hooks = parse(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{
      id: string;
      entry: string;
      language: string;
      files: string;
    }>;
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
      scripts: Record<string, string>;
    };
    assert.deepEqual(
      hooks.map((h) => h.id),
      ['vpc-cni-lint', 'vpc-cni-lint-files'],
    );
    for (const h of hooks) {
      assert.equal(h.language, 'node');
      assert.ok(pkg.bin[h.entry.split(' ')[0] ?? ''], `${h.entry} runs a bin of package.json`);
      for (const f of ['a/aws-node.yaml', 'x.yml', 'v.json', 'b.toml', 'u.sh', 'n.mime', 'user-data'])
        assert.match(f, new RegExp(h.files), f);
      assert.doesNotMatch('README.md', new RegExp(h.files));
    }
    // pre-commit installs from a git clone, where server/out/ does not exist: npm pack builds it (prepack, whose output npm keeps off stdout, where pre-commit reads the tarball name).
    assert.match(pkg.scripts.prepack ?? '', /build/);
  });

  it('pre-commit installs the hook and it fails the commit on an error finding, passes once fixed', function () {
    const version = preCommitVersion();
    assert.ok(
      version,
      'pre-commit is not installed: `apt-get install -y pre-commit` (Debian package; .ci/run installs it before npm test)',
    );
    const work = mkdtempSync(path.join(tmpdir(), 'vpc-cni-lint-pre-commit-'));
    const repo = path.join(work, 'repo');
    mkdirSync(path.join(repo, 'nodes'), { recursive: true });
    mkdirSync(path.join(repo, 'cni'));
    copyFileSync(path.join(EXAMPLES, 'nodes', 'bottlerocket.toml'), path.join(repo, 'nodes', 'edge.toml'));
    copyFileSync(path.join(EXAMPLES, 'cni', 'aws-node.yaml'), path.join(repo, 'cni', 'aws-node.yaml'));
    const env = {
      ...process.env,
      PRE_COMMIT_HOME: path.join(work, 'pre-commit-home'),
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'test',
      GIT_AUTHOR_EMAIL: 'test@example.invalid',
      GIT_COMMITTER_NAME: 'test',
      GIT_COMMITTER_EMAIL: 'test@example.invalid',
    };
    // The hook repository: this repository's files as they are now (committed or not), committed
    // in a temporary git repository, as pre-commit would clone it at a tag.
    const hooks = path.join(work, 'hooks');
    const tracked = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: ROOT,
    })
      .toString()
      .split('\0')
      .filter((f) => f && existsSync(path.join(ROOT, f)));
    for (const f of tracked) {
      mkdirSync(path.dirname(path.join(hooks, f)), { recursive: true });
      copyFileSync(path.join(ROOT, f), path.join(hooks, f));
    }
    const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env }).toString().trim();
    git(hooks, 'init', '-q');
    git(hooks, 'add', '.');
    git(hooks, 'commit', '-qm', 'hooks');
    const rev = git(hooks, 'rev-parse', 'HEAD');
    git(repo, 'init', '-q');
    writeFileSync(
      path.join(repo, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: vpc-cni-lint\n`,
    );
    git(repo, 'add', '.');
    // The first run installs the hook (npm install in the clone, npm pack, npm install -g); the second reuses it.
    const run = () =>
      spawnSync('pre-commit', ['run', '--all-files', '--color', 'never'], {
        cwd: repo,
        env,
        encoding: 'utf8',
      });
    const failing = run();
    const out = failing.stdout + failing.stderr;
    assert.equal(failing.status, 1, out);
    assert.match(out, /vpc-cni-lint\.+Failed/);
    // The node file's error rests on prefix delegation, which only the CNI file turns on: the
    // hook saw the whole repository.
    assert.match(
      out,
      /nodes\/edge\.toml:9:12 error max-pods-exceeds-ip-capacity .*with prefix delegation: 242/,
    );

    const toml = readFileSync(path.join(repo, 'nodes', 'edge.toml'), 'utf8');
    writeFileSync(path.join(repo, 'nodes', 'edge.toml'), toml.replace('max-pods = 300', 'max-pods = 110'));
    git(repo, 'add', '.');
    const passing = run();
    assert.equal(passing.status, 0, passing.stdout + passing.stderr);
    assert.match(passing.stdout, /vpc-cni-lint\.+Passed/);
  });
});
