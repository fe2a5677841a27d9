/**
 * File discovery for `vpc-cni-lint check`: walks folders (sorted, so output order is stable), skipping
 * what git ignores and what the project config's `ignore` lists.
 *
 * `.gitignore` is matched with the `ignore` package (the matcher ESLint uses), level by level as git
 * does (gitignore(5)): patterns in a `.gitignore` are relative to its folder, a deeper file takes
 * precedence over a shallower one, the last matching pattern in a file decides, and nothing under an
 * excluded folder can be re-included. The `.gitignore` files between the repository root (the nearest
 * folder above holding `.git`) and the folder named on the command line apply too, as does
 * `.git/info/exclude`. Git's global `core.excludesFile` is not read (it is a per-user setting).
 * `.gitignore` applies only while walking: a file named on the command line is checked. The config's
 * `ignore` patterns apply to named files too (pre-commit passes files by name).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

const EXTENSIONS = new Set(['.yaml', '.yml', '.json', '.toml', '.sh', '.mime', '.txt', '.tpl', '.tftpl']);
/** Never walked, whatever the ignore files say. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.terraform', '.vscode-test']);

/** Whether a file found while walking a folder is worth reading. Files named explicitly always are. */
export function isCandidate(file: string): boolean {
  const base = path.basename(file).toLowerCase();
  return EXTENSIONS.has(path.extname(base)) || /user-?data/.test(base);
}

export class UsageError extends Error {}

/** Gitignore-style patterns relative to `base` (the project config's `ignore`). */
export interface IgnorePatterns {
  base: string;
  patterns: string[];
}

export interface ExpandOptions {
  /** False for `--no-ignore`: neither `.gitignore` nor the config's patterns apply. */
  useIgnoreFiles?: boolean;
  ignore?: IgnorePatterns[];
}

/** A path that could not be read; the rest of the run goes on. */
export interface PathProblem {
  path: string;
  message: string;
}

interface Level {
  dir: string;
  ig: Ignore;
}

const toPosix = (p: string) => p.split(path.sep).join('/');

/** `git`'s answer for `full` under the levels (deepest last): ignored, re-included, or no rule. */
function gitIgnored(levels: Level[], full: string, isDir: boolean): boolean {
  for (let i = levels.length - 1; i >= 0; i--) {
    const level = levels[i];
    if (!level) continue;
    const rel = path.relative(level.dir, full);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) continue;
    const r = level.ig.test(toPosix(rel) + (isDir ? '/' : ''));
    if (r.ignored) return true;
    if (r.unignored) return false;
  }
  return false;
}

function configIgnored(matchers: Level[], full: string, isDir: boolean): boolean {
  return matchers.some((m) => {
    const rel = path.relative(m.dir, full);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return false;
    return m.ig.ignores(toPosix(rel) + (isDir ? '/' : ''));
  });
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** `.git/info/exclude` and the `.gitignore` files from the repository root down to `dir`'s parent. */
async function ancestorLevels(dir: string): Promise<Level[]> {
  const chain: string[] = [];
  let root: string | undefined;
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    chain.unshift(d);
    if (await readIfExists(path.join(d, '.git', 'HEAD')).then((t) => t !== undefined)) {
      root = d;
      break;
    }
    try {
      if ((await fs.stat(path.join(d, '.git'))).isFile()) {
        root = d; // a worktree or submodule: `.git` is a file
        break;
      }
    } catch {
      // no .git here
    }
    if (path.dirname(d) === d) break;
  }
  if (root === undefined) return [];
  const levels: Level[] = [];
  const exclude = await readIfExists(path.join(root, '.git', 'info', 'exclude'));
  if (exclude) levels.push({ dir: root, ig: ignore().add(exclude) });
  // The walk reads `dir`'s own .gitignore; above it, each level from the root down.
  for (const d of chain.slice(0, -1)) {
    const text = await readIfExists(path.join(d, '.gitignore'));
    if (text) levels.push({ dir: d, ig: ignore().add(text) });
  }
  return levels;
}

/**
 * Expands files and folders to the files to check: folders recursively and sorted, files named
 * explicitly as given. A folder that cannot be read is reported in `problems` and skipped.
 */
export async function expandPaths(
  inputs: string[],
  opts: ExpandOptions = {},
): Promise<{ files: string[]; problems: PathProblem[] }> {
  const useIgnore = opts.useIgnoreFiles !== false;
  const config: Level[] = useIgnore
    ? (opts.ignore ?? [])
        .filter((p) => p.patterns.length)
        .map((p) => ({ dir: path.resolve(p.base), ig: ignore().add(p.patterns) }))
    : [];
  const out: string[] = [];
  const problems: PathProblem[] = [];
  const walk = async (dir: string, levels: Level[]): Promise<void> => {
    let items;
    try {
      items = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      problems.push({ path: dir, message: `cannot read folder: ${(err as Error).message}` });
      return;
    }
    items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    let here = levels;
    if (useIgnore && items.some((i) => i.name === '.gitignore' && i.isFile())) {
      const text = await readIfExists(path.join(dir, '.gitignore'));
      if (text) here = [...levels, { dir: path.resolve(dir), ig: ignore().add(text) }];
    }
    for (const item of items) {
      const full = path.join(dir, item.name);
      const abs = path.resolve(full);
      if (item.isDirectory()) {
        if (SKIP_DIRS.has(item.name)) continue;
        if (useIgnore && (gitIgnored(here, abs, true) || configIgnored(config, abs, true))) continue;
        await walk(full, here);
      } else if (item.isFile() && isCandidate(full)) {
        if (useIgnore && (gitIgnored(here, abs, false) || configIgnored(config, abs, false))) continue;
        out.push(full);
      }
    }
  };
  for (const input of inputs) {
    let stat;
    try {
      stat = await fs.stat(input);
    } catch {
      throw new UsageError(`no such file or folder: ${input}`);
    }
    if (stat.isDirectory()) await walk(input, useIgnore ? await ancestorLevels(input) : []);
    else if (!configIgnored(config, path.resolve(input), false)) out.push(input);
  }
  return { files: [...new Set(out)], problems };
}
