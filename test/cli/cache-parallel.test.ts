/**
 * `check --cache` (findings of unchanged files reused, never stale under cross-file context) and
 * parallel checking (the same output from any number of threads).
 */
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CACHE_FILE, resolveCacheLocation } from '../../server/src/cli/cache';
import { automaticThreads, runCheck, type CheckOptions } from '../../server/src/cli/check';
import { runCli } from '../../server/src/cli/main';
import { defaultCatalog } from '../../server/src/engine';

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');

function examplesCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vpc-cni-lint-cache-'));
  cpSync(EXAMPLES, path.join(dir, 'repo'), { recursive: true });
  return path.join(dir, 'repo');
}

const options = (dir: string, extra: Partial<CheckOptions> = {}): CheckOptions => ({
  paths: [dir],
  format: 'json',
  catalog: defaultCatalog(),
  settings: { defaultInstanceTypes: [], ruleSeverity: {}, yamlSyntaxHandledElsewhere: false },
  version: '0.0.0-test',
  maxFileSize: 5 << 20,
  jobs: 1,
  ...extra,
});

describe('cli: --cache', () => {
  it('a second run on an unchanged tree parses nothing and prints the same', async () => {
    const dir = examplesCopy();
    const cacheFile = path.join(dir, '..', CACHE_FILE);
    const first = await runCheck(options(dir, { cacheFile }));
    assert.ok(existsSync(cacheFile));
    assert.equal(first.stats.fromCache, 0);
    const second = await runCheck(options(dir, { cacheFile }));
    assert.deepEqual(second.stats, { ...first.stats, parsed: 0, analyzed: 0, fromCache: first.stats.files });
    assert.equal(second.output, first.output);
  });

  it('a change in a CNI file re-checks a node file in another file', async () => {
    const dir = examplesCopy();
    const cacheFile = path.join(dir, '..', CACHE_FILE);
    const node = path.join(dir, 'nodes', 'bottlerocket.toml');
    const messages = (r: { findings: Array<{ file: string; message: string }> }) =>
      r.findings.filter((f) => f.file === node).map((f) => f.message);
    const before = await runCheck(options(dir, { cacheFile }));
    assert.match(messages(before).join('\n'), /can address with prefix delegation: 242/);
    // Prefix delegation off in both places that turn it on: the node file's max-pods is checked
    // against secondary-IP capacity now. The node file itself is unchanged.
    for (const f of ['cni/aws-node.yaml', 'helm/aws-vpc-cni-values.yaml']) {
      const file = path.join(dir, f);
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(
          /(ENABLE_PREFIX_DELEGATION:?\s*\n?\s*(value: )?)"true"/,
          '$1"false"',
        ),
      );
    }
    const after = await runCheck(options(dir, { cacheFile }));
    const fresh = await runCheck(options(dir));
    assert.deepEqual(messages(after), messages(fresh), 'the cached run agrees with an uncached one');
    assert.notDeepEqual(messages(after), messages(before), 'the node file was re-checked');
    assert.equal(after.stats.fromCache, 0);
    assert.equal(after.output, fresh.output);
  });

  it('a change in a file that contributes nothing re-checks only that file', async () => {
    const dir = examplesCopy();
    const cacheFile = path.join(dir, '..', CACHE_FILE);
    writeFileSync(path.join(dir, 'deploy.yaml'), 'apiVersion: apps/v1\nkind: Deployment\n');
    const first = await runCheck(options(dir, { cacheFile }));
    writeFileSync(path.join(dir, 'deploy.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {}\n');
    const second = await runCheck(options(dir, { cacheFile }));
    assert.equal(second.stats.analyzed, 1);
    assert.equal(second.stats.fromCache, first.stats.files - 1);
    assert.equal(second.output, first.output);
  });

  for (const [what, change] of [
    [
      'settings',
      {
        settings: {
          defaultInstanceTypes: [],
          ruleSeverity: { 'unknown-env-var': 'error' as const },
          yamlSyntaxHandledElsewhere: false,
        },
      },
    ],
    ['tool version', { version: '0.0.1-test' }],
    ['config hash', { configHash: 'other' }],
  ] as const) {
    it(`a different ${what} invalidates the whole cache`, async () => {
      const dir = examplesCopy();
      const cacheFile = path.join(dir, '..', CACHE_FILE);
      await runCheck(options(dir, { cacheFile }));
      const again = await runCheck(options(dir, { cacheFile, ...(change as Partial<CheckOptions>) }));
      assert.equal(again.stats.fromCache, 0);
    });
  }

  it('a different catalog (--catalog overrides) invalidates the whole cache', async () => {
    const dir = examplesCopy();
    const catalogFile = path.join(dir, '..', 'catalog.json');
    writeFileSync(
      catalogFile,
      JSON.stringify({ 't3.medium': { enis: 4, ipv4PerEni: 6, hypervisor: 'nitro' } }),
    );
    const cache = path.join(dir, '..', 'c');
    const a = await runCli(['check', dir, '--cache-location', cache, '--format', 'json']);
    const b = await runCli([
      'check',
      dir,
      '--cache-location',
      cache,
      '--format',
      'json',
      '--catalog',
      catalogFile,
    ]);
    const c = await runCli(['check', dir, '--format', 'json', '--catalog', catalogFile]);
    assert.equal(b.stdout, c.stdout);
    assert.notEqual(a.stdout, b.stdout);
  });

  it('a corrupt cache file is ignored and rewritten', async () => {
    const dir = examplesCopy();
    const cacheFile = path.join(dir, '..', CACHE_FILE);
    writeFileSync(cacheFile, '{"format":1,"base":');
    const r = await runCheck(options(dir, { cacheFile }));
    assert.deepEqual(r.errors, []);
    assert.equal(JSON.parse(readFileSync(cacheFile, 'utf8')).format, 1);
  });

  it('--cache writes .vpc-cni-lint-cache in the working folder; --cache-location takes a file or folder', async () => {
    const dir = examplesCopy();
    assert.equal(await resolveCacheLocation(undefined, dir), path.join(dir, CACHE_FILE));
    assert.equal(await resolveCacheLocation('nodes', dir), path.join(dir, 'nodes', CACHE_FILE));
    assert.equal(await resolveCacheLocation('new/', dir), path.join(dir, 'new', CACHE_FILE));
    assert.equal(await resolveCacheLocation('c.json', dir), path.join(dir, 'c.json'));
    const r = await runCli(['check', path.join(dir, 'cni'), '--cache'], { cwd: dir });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.ok(existsSync(path.join(dir, CACHE_FILE)));
  });
});

describe('cli: parallel checking', () => {
  // Leaving a core to V8's helper threads: one thread on 2 cores (bench/results.md).
  for (const [files, cores, threads] of [
    [10_000, 1, 1], // one core
    [10_000, 2, 1], // 2 cores: a second thread does not pay off
    [10_000, 4, 3], // 4 - 1
    [10_000, 16, 8], // min(16 - 1, 8)
    [399, 16, 1], // below 400 files to parse
    [400, 3, 2], // 3 - 1
  ] as const) {
    it(`automatic threads: ${files} files on ${cores} cores -> ${threads}`, () => {
      assert.equal(automaticThreads(files, cores), threads);
    });
  }

  it('the bundle a worker runs is built', () => {
    assert.ok(existsSync(path.join(ROOT, 'server', 'out', 'cli.js')), 'run npm run build first');
  });

  it('2 and 3 threads print exactly what 1 thread prints, cross-file findings included', async () => {
    // Twenty copies of the examples: CNI settings in some folders, nodes in others.
    const dir = mkdtempSync(path.join(tmpdir(), 'vpc-cni-lint-par-'));
    for (let i = 0; i < 20; i++) cpSync(EXAMPLES, path.join(dir, `copy-${i}`), { recursive: true });
    const one = await runCheck(options(dir, { jobs: 1 }));
    const two = await runCheck(options(dir, { jobs: 2 }));
    const three = await runCheck(options(dir, { jobs: 3, format: 'text' }));
    assert.equal(one.stats.threads, 1);
    assert.equal(two.stats.threads, 2);
    assert.equal(three.stats.threads, 3);
    // Every thread parsed and analysed a share, so contributions crossed threads both ways.
    assert.equal(two.shares.length, 2);
    assert.equal(three.shares.length, 3);
    for (const r of [two, three]) {
      assert.ok(Math.min(...r.shares) > 0, `shares ${r.shares.join(', ')}`);
      assert.equal(
        r.shares.reduce((a, b) => a + b, 0),
        one.stats.parsed,
      );
    }
    assert.ok(one.findings.length >= 100, `${one.findings.length} findings`);
    assert.deepEqual(two.errors, []);
    assert.equal(two.output, one.output);
    assert.equal(three.output, (await runCheck(options(dir, { jobs: 1, format: 'text' }))).output);
  });

  it('threads and the cache together: a re-check after a CNI change agrees with one thread', async () => {
    const dir = examplesCopy();
    const cacheFile = path.join(dir, '..', CACHE_FILE);
    await runCheck(options(dir, { cacheFile, jobs: 2 }));
    const file = path.join(dir, 'cni', 'aws-node.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('ENABLE_IPV6', 'ENABLE_IPV7'));
    const two = await runCheck(options(dir, { cacheFile, jobs: 2 }));
    const one = await runCheck(options(dir, { jobs: 1 }));
    assert.equal(two.output, one.output);
    assert.match(two.output, /ENABLE_IPV7/);
  });
});
