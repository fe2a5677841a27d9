/**
 * The workspace index: one parsed model per document, from open editors and (where the
 * workspace is on disk) from files found by a bounded scan. Cross-file rules read the context
 * built from all of them. Closed files keep only their model and line table, never the text
 * or a parse tree.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildWorkspaceContext, type WorkspaceContext } from '../analysis';
import { mightBeRelevant, parseDocument, type DocumentModel } from '../syntax';
import { LineMap } from './convert';

interface Entry {
  model: DocumentModel;
  lines: LineMap;
  version: number | 'disk';
  /** Summary of what the document contributes to other documents' analysis. */
  signature: string;
  /** Skipped for its size: a changed size limit must re-read it even at the same version. */
  tooLarge: boolean;
}

export const SCANNED_EXTENSIONS = new Set(['.yaml', '.yml', '.json', '.toml', '.sh', '.txt', '.mime', '']);
const SKIP_DIRS = new Set(['node_modules', '.git', 'out', 'dist', '.terraform', '.vscode-test']);

/** What a model contributes to others: changes to it require re-validating other documents. */
function signatureOf(model: DocumentModel): string {
  if (!model.relevant && !model.eniConfigs.length && !model.securityGroupPolicies.length) return '';
  return JSON.stringify([
    model.cni,
    model.nodes,
    model.eniConfigs.length,
    model.securityGroupPolicies.length,
  ]);
}

export class WorkspaceIndex {
  private readonly entries = new Map<string, Entry>();
  private context: WorkspaceContext | undefined;

  /** Parses and stores a document; returns true when its cross-file contribution changed. */
  update(uri: string, text: string, version: number | 'disk', maxSize: number): boolean {
    const old = this.entries.get(uri);
    const tooLarge = text.length > maxSize;
    if (old && old.version === version && version !== 'disk' && old.tooLarge === tooLarge) return false;
    // A large file that shows nothing of interest in its first MiB (a log, a data dump) is skipped
    // silently; one that may hold CNI or node settings says why it is not checked.
    const model = !tooLarge
      ? parseDocument(text, { uri })
      : !mightBeRelevant(text.slice(0, 1 << 20))
        ? parseDocument('')
        : {
            ...parseDocument(''),
            problems: [
              {
                code: 'file-too-large',
                severity: 'information' as const,
                message: `vpc-cni-lint skipped this file: ${text.length} characters is above the vpcCniLint.maxFileSize limit of ${maxSize}.`,
                span: { start: 0, end: 0 },
              },
            ],
          };
    const signature = signatureOf(model);
    if (version === 'disk' && signature === '') {
      // A closed file that contributes nothing: keep nothing of it.
      this.entries.delete(uri);
      return old?.signature ? ((this.context = undefined), true) : false;
    }
    this.entries.set(uri, { model, lines: new LineMap(text), version, signature, tooLarge });
    const changed = (old?.signature ?? '') !== signature;
    if (changed) this.context = undefined;
    return changed;
  }

  remove(uri: string): boolean {
    const old = this.entries.get(uri);
    this.entries.delete(uri);
    const changed = !!old?.signature;
    if (changed) this.context = undefined;
    return changed;
  }

  get(uri: string): { model: DocumentModel; lines: LineMap } | undefined {
    return this.entries.get(uri);
  }

  linesOf(uri: string): LineMap | undefined {
    return this.entries.get(uri)?.lines;
  }

  workspaceContext(): WorkspaceContext {
    this.context ??= buildWorkspaceContext(
      [...this.entries].filter(([, e]) => e.signature !== '').map(([uri, e]) => ({ uri, model: e.model })),
    );
    return this.context;
  }

  size(): number {
    return this.entries.size;
  }

  /**
   * Reads candidate files under the folders (bounded in count and size). Files that are open in
   * the editor are skipped: the editor's text wins.
   */
  async scan(
    folderUris: string[],
    isOpen: (uri: string) => boolean,
    maxSize: number,
    maxFiles = 5000,
  ): Promise<number> {
    let seen = 0;
    const walk = async (dir: string, depth: number): Promise<void> => {
      if (depth > 12 || seen >= maxFiles) return;
      let items;
      try {
        items = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const item of items) {
        if (seen >= maxFiles) return;
        const full = path.join(dir, item.name);
        if (item.isDirectory()) {
          if (!SKIP_DIRS.has(item.name) && !item.name.startsWith('.')) await walk(full, depth + 1);
        } else if (item.isFile() && SCANNED_EXTENSIONS.has(path.extname(item.name).toLowerCase())) {
          const uri = pathToFileURL(full).toString();
          if (isOpen(uri)) continue;
          seen++;
          await this.updateFromDisk(uri, maxSize);
        }
      }
    };
    for (const folder of folderUris) {
      if (!folder.startsWith('file:')) continue;
      await walk(fileURLToPath(folder), 0);
    }
    return seen;
  }

  /** Re-reads one file from disk (watched-file change). Returns true when the context changed. */
  async updateFromDisk(uri: string, maxSize: number): Promise<boolean> {
    try {
      const file = fileURLToPath(uri);
      const stat = await fs.stat(file);
      if (stat.size > maxSize) return this.remove(uri);
      return this.update(uri, await fs.readFile(file, 'utf8'), 'disk', maxSize);
    } catch {
      return this.remove(uri);
    }
  }
}
