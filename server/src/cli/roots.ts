/**
 * Repository roots for `check`: CNI settings never cross them. A file's root is the nearest enclosing folder
 * with a `.git` entry (a folder, or a file in a worktree or submodule); a file in no repository belongs to
 * the folder argument it was found under, so `check repo-a repo-b` keeps the two apart either way. Files named
 * one by one outside any repository share one root, as they did before the cluster model.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export function repositoryRoots(inputs: string[], folderInputs: Set<string>): (file: string) => string {
  const gitDirs = new Map<string, boolean>();
  const hasGit = (dir: string): boolean => {
    let v = gitDirs.get(dir);
    if (v === undefined) gitDirs.set(dir, (v = existsSync(path.join(dir, '.git'))));
    return v;
  };
  const folders = inputs.filter((i) => folderInputs.has(i)).map((i) => path.resolve(i));
  const memo = new Map<string, string>();
  const rootOfDir = (dir: string): string => {
    const known = memo.get(dir);
    if (known !== undefined) return known;
    let root = '';
    if (hasGit(dir)) root = dir;
    else {
      const parent = path.dirname(dir);
      root = parent === dir ? '' : rootOfDir(parent);
    }
    memo.set(dir, root);
    return root;
  };
  return (file: string): string => {
    const abs = path.resolve(file);
    const git = rootOfDir(path.dirname(abs));
    if (git) return git;
    let best = '';
    for (const f of folders)
      if ((abs.startsWith(f + path.sep) || abs === f) && f.length > best.length) best = f;
    return best;
  };
}
