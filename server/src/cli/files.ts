/** File discovery for `vpc-cni-lint check`. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

const EXTENSIONS = new Set(['.yaml', '.yml', '.json', '.toml', '.sh', '.mime', '.txt', '.tpl']);
const SKIP_DIRS = new Set(['node_modules', '.git', '.terraform', '.vscode-test']);

/** Whether a file found while walking a folder is worth reading. Files named explicitly always are. */
export function isCandidate(file: string): boolean {
  const base = path.basename(file).toLowerCase();
  return EXTENSIONS.has(path.extname(base)) || /user-?data/.test(base);
}

export class UsageError extends Error {}

/** Expands files and folders (recursively, sorted) to the files to check. */
export async function expandPaths(inputs: string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const items = await fs.readdir(dir, { withFileTypes: true });
    items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const item of items) {
      const full = path.join(dir, item.name);
      if (item.isDirectory()) {
        if (!SKIP_DIRS.has(item.name)) await walk(full);
      } else if (item.isFile() && isCandidate(full)) out.push(full);
    }
  };
  for (const input of inputs) {
    let stat;
    try {
      stat = await fs.stat(input);
    } catch {
      throw new UsageError(`no such file or folder: ${input}`);
    }
    if (stat.isDirectory()) await walk(input);
    else out.push(input);
  }
  return [...new Set(out)];
}
