/**
 * The workspace index: one parsed model per document, from open editors and (where the
 * workspace is on disk) from files found by a bounded scan. Cross-file rules read the cluster
 * model built from all of them (analysis/clusters.ts): repository roots are the workspace folders
 * and the folders holding a `.git` entry. The model is rebuilt after a change to what a document
 * contributes, keeping the context object of every cluster whose members did not change, so that
 * an edit in one cluster's files re-analyses that cluster only. Closed files keep only their model
 * and line table, never the text or a parse tree.
 */
import { constants as fsConstants, existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildClusterModel, type ClusterModel, type ConfigCluster } from '../analysis';
import { mightBeRelevant, parseDocument, type DocumentModel } from '../syntax';
import { exportSignature } from '../syntax/exports';
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
  const names = model.clusterNames?.length || model.directives.cluster;
  if (!model.relevant && !model.eniConfigs.length && !model.securityGroupPolicies.length && !names) return '';
  return JSON.stringify([
    model.export ? exportSignature(model.export) : null,
    model.cni,
    model.nodes,
    model.eniConfigs.length,
    model.securityGroupPolicies.length,
    model.clusterNames ?? [],
    model.directives.cluster ?? null,
  ]);
}

/** `file:///a/b/c.yaml` -> `file:///a/b`. */
const parentOf = (uri: string): string => uri.slice(0, Math.max(0, uri.lastIndexOf('/')));

export class WorkspaceIndex {
  private readonly entries = new Map<string, Entry>();
  private context: ClusterModel | undefined;
  private previous: ClusterModel | undefined;
  private folders: string[] = [];
  /** Folder URIs known to hold (true) or not to hold (false) a `.git` entry. */
  private readonly gitFolders = new Map<string, boolean>();
  /** What other documents see of a document's model (the project config's assumed CNI version, ignore). */
  modelTransform: (uri: string, model: DocumentModel) => DocumentModel = (_uri, model) => model;
  /** The cluster the project config maps a document to (a change of it calls `resetContext`). */
  configCluster: (uri: string) => ConfigCluster | undefined = () => undefined;

  /** The cross-file context must be rebuilt (what `modelTransform` returns changed). */
  resetContext(): void {
    this.context = undefined;
  }

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

  /** Workspace folders (URIs): each is a repository root; so is every folder with a `.git` entry. */
  setRoots(folders: string[]): void {
    this.folders = folders.map((f) => f.replace(/\/+$/, ''));
    this.context = undefined;
  }

  private hasGit(folder: string): boolean {
    let v = this.gitFolders.get(folder);
    if (v === undefined) {
      try {
        v = folder.startsWith('file:') && existsSync(path.join(fileURLToPath(folder), '.git'));
      } catch {
        v = false;
      }
      this.gitFolders.set(folder, v);
    }
    return v;
  }

  /** The repository root of a document: the nearest folder with `.git`, else its workspace folder. */
  rootOf(uri: string): string {
    const folder = this.folders.filter((f) => uri.startsWith(f + '/')).sort((a, b) => b.length - a.length)[0];
    for (
      let dir = parentOf(uri);
      dir.length > (folder?.length ?? 0) && dir.includes('/');
      dir = parentOf(dir)
    )
      if (this.hasGit(dir)) return dir;
    return folder ?? '';
  }

  /** The cluster model of every document that contributes anything. */
  clusterModel(): ClusterModel {
    if (!this.context) {
      this.context = buildClusterModel(
        [...this.entries]
          .filter(([, e]) => e.signature !== '')
          .map(([uri, e]) => ({ uri, model: this.modelTransform(uri, e.model) })),
        { rootOf: (uri) => this.rootOf(uri), configCluster: (uri) => this.configCluster(uri) },
        this.previous,
      );
      this.previous = this.context;
    }
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
        if (item.name === '.git') this.gitFolders.set(pathToFileURL(dir).toString(), true);
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
    let text: string | undefined;
    try {
      text = await readRegularFile(fileURLToPath(uri), maxSize);
    } catch {
      text = undefined;
    }
    return text === undefined ? this.remove(uri) : this.update(uri, text, 'disk', maxSize);
  }
}

/**
 * The text of `file` when it is a regular file of at most `maxSize` bytes, else undefined.
 * Devices (`/dev/zero`), named pipes and sockets are never read: a FIFO would block the read
 * forever and a device has no end. The file is opened non-blocking (so a FIFO put in place after
 * the `stat` cannot block the open), checked again on the open handle, and read only up to
 * `maxSize + 1` bytes, so a file that grows after the check cannot make the read unbounded.
 */
export async function readRegularFile(file: string, maxSize: number): Promise<string | undefined> {
  const before = await fs.stat(file);
  if (!before.isFile() || before.size > maxSize) return undefined;
  const handle = await fs.open(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size > maxSize) return undefined;
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(maxSize + 1 - length, Math.max(stat.size - length + 1, 64 * 1024)));
      if (chunk.length === 0) break;
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, length);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      length += bytesRead;
    }
    // Grown past the limit since the check: treat it as too large, as a larger stat would have.
    if (length > maxSize) return undefined;
    return Buffer.concat(chunks, length).toString('utf8');
  } finally {
    await handle.close();
  }
}
