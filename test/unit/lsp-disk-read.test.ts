/**
 * The server's disk reader (workspace scan and watched-file changes) reads only regular files and
 * never more than the size limit: a named pipe would block the read forever, a device has no end.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readRegularFile, WorkspaceIndex } from '../../server/src/lsp/workspaceIndex';

/** Settles `p`, or rejects when it has not settled after `ms` (a hung read must fail the test, not mocha). */
function settles<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish in ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

describe('lsp: reading files from disk', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'vpc-cni-lint-read-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a regular file within the limit, refuses one above it', async () => {
    const file = path.join(dir, 'aws-node.yaml');
    writeFileSync(file, 'kind: DaemonSet\n');
    assert.equal(await readRegularFile(file, 1024), 'kind: DaemonSet\n');
    assert.equal(await readRegularFile(file, 4), undefined);
  });

  it('does not read a named pipe (it would block forever without a writer)', async () => {
    const fifo = path.join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    assert.equal(await settles(readRegularFile(fifo, 1024), 5000, 'reading a FIFO'), undefined);
    const index = new WorkspaceIndex();
    const changed = await settles(
      index.updateFromDisk(pathToFileURL(fifo).toString(), 1024),
      5000,
      'updateFromDisk of a FIFO',
    );
    assert.equal(changed, false);
    assert.equal(index.size(), 0);
  });

  it('does not read a device (/dev/zero has no end)', async () => {
    const before = process.memoryUsage().rss;
    assert.equal(await settles(readRegularFile('/dev/zero', 1 << 20), 5000, 'reading /dev/zero'), undefined);
    assert.ok(process.memoryUsage().rss - before < 64 << 20, 'memory stayed bounded');
  });

  it('a workspace scan skips a named pipe among its files', async () => {
    const ws = mkdtempSync(path.join(os.tmpdir(), 'vpc-cni-lint-scan-'));
    try {
      execFileSync('mkfifo', [path.join(ws, 'a-pipe.yaml')]);
      writeFileSync(
        path.join(ws, 'aws-node.yaml'),
        'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: aws-node\n',
      );
      const index = new WorkspaceIndex();
      const n = await settles(
        index.scan([pathToFileURL(ws).toString()], () => false, 1 << 20),
        5000,
        'scan',
      );
      assert.equal(n, 1, 'only the regular file is read');
      assert.equal(index.size(), 1);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});
