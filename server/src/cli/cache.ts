/**
 * `check --cache`: findings of unchanged files are reused from the last run.
 *
 * What a file's findings depend on, and so what the cache is keyed on:
 * - the file's own content (a content hash, not the modification time) and path;
 * - everything other files contribute to its analysis: CNI settings, nodes, ENIConfigs and
 *   SecurityGroupPolicies from every file of the run (a node file's max-pods is checked against the CNI
 *   settings in another file). The *context key* hashes the path and content hash of every file that
 *   contributes anything; when any of them changes, appears or goes, every file is analysed again;
 * - the run's inputs: tool version, catalog (its full content, overrides included), settings (rule
 *   severities, default instance types), the project config's hash.
 * Which files contribute is itself cached per content hash, so an unchanged tree is decided without
 * parsing anything. A corrupt or foreign cache file is ignored and rewritten.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FileFinding } from './output';

export const CACHE_FILE = '.vpc-cni-lint-cache';
const FORMAT = 1;

export interface CacheEntry {
  hash: string;
  contributes: boolean;
  findings: Array<Omit<FileFinding, 'file'>>;
}

export interface CacheData {
  format: number;
  /** Hash of tool version, catalog, settings and config. */
  base: string;
  /** Context key the findings below were computed under. */
  context: string;
  files: Record<string, CacheEntry>;
}

export const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');

/** `--cache-location`: a file, or a folder (then the default name inside it). */
export async function resolveCacheLocation(location: string | undefined, cwd: string): Promise<string> {
  if (!location) return path.resolve(cwd, CACHE_FILE);
  const full = path.resolve(cwd, location);
  try {
    if ((await fs.stat(full)).isDirectory()) return path.join(full, CACHE_FILE);
  } catch {
    // not there yet: a file name
  }
  if (/[\\/]$/.test(location)) return path.join(full, CACHE_FILE);
  return full;
}

export async function loadCache(file: string): Promise<CacheData | undefined> {
  try {
    const data = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<CacheData>;
    if (data.format !== FORMAT || typeof data.base !== 'string' || typeof data.context !== 'string') return;
    if (!data.files || typeof data.files !== 'object') return;
    return data as CacheData;
  } catch {
    return undefined;
  }
}

export async function saveCache(file: string, data: CacheData): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  // Write then rename: a run stopped half way never leaves a truncated cache.
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, JSON.stringify(data));
  await fs.rename(tmp, file);
}

/** The context key: every contributing file's path and content hash, in file order. */
export function contextKey(contributing: Array<{ key: string; hash: string }>): string {
  return sha1(JSON.stringify(contributing.map((c) => [c.key, c.hash])));
}

export { FORMAT as CACHE_FORMAT };
