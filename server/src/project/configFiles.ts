/**
 * Finding project config files on disk, shared by the language server and the CLI. From a checked file's
 * folder up, the first folder holding `.vpc-cni-lint.yaml` (`.yml`, `.json`) gives the config; the walk
 * stops after the repository root (a folder with `.git`) or a workspace folder. The pure part (parsing,
 * `extends`, merging) is server/src/config/.
 *
 * Config files are small: they are read synchronously and cached until `invalidate` (the server calls it
 * when a watched config file changes; the CLI reads once per run). Editor text of an open config file
 * (`setOverlay`) is used instead of the file on disk, so edits apply before they are saved.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CONFIG_FILE_NAMES,
  configIgnorePatterns,
  emptyResolved,
  folderOf,
  parseConfig,
  resolveConfig,
  type ParsedConfig,
  type ResolvedConfig,
} from '../config';

/** Config files larger than this are not read (a config is a few KiB; this keeps a stray file harmless). */
const MAX_CONFIG_BYTES = 1 << 20;

/** Whether a URI or path names a config file (by its file name). */
export function isConfigFileName(uriOrPath: string): boolean {
  const base = uriOrPath.slice(Math.max(uriOrPath.lastIndexOf('/'), uriOrPath.lastIndexOf(path.sep)) + 1);
  const names = CONFIG_FILE_NAMES as readonly string[];
  if (names.includes(base)) return true;
  try {
    return names.includes(decodeURIComponent(base));
  } catch {
    return false; // A path with a lone `%` is no URI, and no config file by its name.
  }
}

export class ProjectConfigs {
  private readonly roots: Set<string>;
  private readonly overlay = new Map<string, string>();
  private readonly nearestByDir = new Map<string, string | null>();
  private readonly parsed = new Map<string, ParsedConfig | null>();
  private readonly resolved = new Map<string, ResolvedConfig>();
  private readonly empty = emptyResolved();
  /** Every URI ever read or looked for as a config (extended files included), kept across `invalidate`. */
  private readonly everRead = new Set<string>();
  private readonly texts = new Map<string, string>();

  /** `roots`: workspace folder URIs where the walk up stops (besides a folder with `.git`). */
  constructor(roots: string[] = []) {
    this.roots = new Set(roots.map((r) => (r.endsWith('/') ? r : `${r}/`)));
  }

  setRoots(roots: string[]): void {
    this.roots.clear();
    for (const r of roots) this.roots.add(r.endsWith('/') ? r : `${r}/`);
    this.invalidate();
  }

  /** Editor text of an open config file (undefined: read the file on disk again). */
  setOverlay(uri: string, text: string | undefined): void {
    if (text === undefined) this.overlay.delete(uri);
    else this.overlay.set(uri, text);
    this.invalidate();
  }

  /** The editor text in use for a config file, if it is open. */
  overlayOf(uri: string): string | undefined {
    return this.overlay.get(uri);
  }

  /** Forgets everything read: a config file was created, changed or deleted. */
  invalidate(): void {
    this.nearestByDir.clear();
    this.texts.clear();
    this.parsed.clear();
    this.resolved.clear();
  }

  /** Whether `uri` was read (or looked for) as a config file or a file a config extends. */
  hasRead(uri: string): boolean {
    return this.everRead.has(uri);
  }

  /** The text of a config file as last read (for positions of related information). */
  textOf(uri: string): string | undefined {
    return this.texts.get(uri);
  }

  private read = (uri: string): string | undefined => {
    this.everRead.add(uri);
    const text = this.readText(uri);
    if (text !== undefined) this.texts.set(uri, text);
    return text;
  };

  private readText(uri: string): string | undefined {
    const open = this.overlay.get(uri);
    if (open !== undefined) return open;
    if (!uri.startsWith('file:')) return undefined;
    try {
      const file = fileURLToPath(uri);
      const stat = statSync(file);
      if (!stat.isFile() || stat.size > MAX_CONFIG_BYTES) return undefined;
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  }

  private exists(uri: string): boolean {
    if (this.overlay.has(uri)) return true;
    try {
      return statSync(fileURLToPath(uri)).isFile();
    } catch {
      return false;
    }
  }

  /** The nearest config file (URI) for a file URI, or undefined. */
  nearest(fileUri: string): string | undefined {
    if (!fileUri.startsWith('file:')) return undefined;
    const visited: string[] = [];
    let dir = folderOf(fileUri);
    let found: string | null = null;
    for (let depth = 0; depth < 64; depth++) {
      const cached = this.nearestByDir.get(dir);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      visited.push(dir);
      const hit = CONFIG_FILE_NAMES.map((n) => dir + n).find((u) => this.exists(u));
      if (hit) {
        found = hit;
        break;
      }
      let isRepoRoot = false;
      try {
        isRepoRoot = existsSync(path.join(fileURLToPath(dir), '.git'));
      } catch {
        isRepoRoot = true;
      }
      const parent = folderOf(dir.slice(0, -1));
      if (isRepoRoot || this.roots.has(dir) || parent === dir || parent === 'file:///' || !parent) break;
      dir = parent;
    }
    for (const d of visited) this.nearestByDir.set(d, found);
    return found ?? undefined;
  }

  /** The resolved config for a file URI (an empty one when no config file applies). */
  forFile(fileUri: string): ResolvedConfig {
    const uri = this.nearest(fileUri);
    return uri ? this.resolve(uri) : this.empty;
  }

  /** The resolved config of a config file itself (its own problems, with those of what it extends). */
  resolve(configUri: string): ResolvedConfig {
    let r = this.resolved.get(configUri);
    if (!r) {
      r = resolveConfig(configUri, this.read, this.parsed);
      this.resolved.set(configUri, r);
    }
    return r;
  }

  /** One config file parsed on its own (for its hovers), or undefined when it cannot be read. */
  parsedFile(configUri: string): ParsedConfig | undefined {
    if (!this.parsed.has(configUri)) {
      const text = this.read(configUri);
      this.parsed.set(configUri, text === undefined ? null : parseConfig(configUri, text));
    }
    return this.parsed.get(configUri) ?? undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Paths (for the CLI)

  /** The resolved config for a file path. */
  forPath(file: string): ResolvedConfig {
    return this.forFile(pathToFileURL(path.resolve(file)).toString());
  }

  /**
   * The `ignore` patterns in force for a file path, each group with the folder (a path) its patterns are
   * relative to; feed them to the `ignore` package per folder when walking.
   */
  ignorePatternsForPath(file: string): Array<{ baseDir: string; patterns: string[] }> {
    return configIgnorePatterns(this.forPath(file)).map((g) => ({
      baseDir: fileURLToPath(g.base),
      patterns: g.patterns,
    }));
  }
}

/** A stable hash of the resolved config in force for a file path (for a cache key). */
export function configHashForPath(configs: ProjectConfigs, file: string): string {
  return configs.forPath(file).hash;
}
