/**
 * `vpc-cni-lint check`: the editor's analysis over files and folders, for CI.
 *
 * A run: find the files (files.ts), read them bounded (read.ts), decide from the cache (cache.ts) which
 * need work, parse those and the files whose contributions the context needs, assemble the cross-file
 * context in file order (the cluster model, with each file's repository root: roots.ts), analyse, print. Parsing and analysis run on worker threads for big trees
 * (pool.ts); results are merged in file order, so output is the same with any number of threads.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { allRules, type AnalysisSettings, type RuleMeta } from '../analysis';
import {
  CONFIG_CODE,
  clusterOfFile,
  combineSettings,
  isIgnoredByConfig,
  type ResolvedConfig,
} from '../config';
import type { Catalog } from '../engine';
import { isConfigFileName, type ProjectConfigs } from '../project';
import { LineMap, mightBeRelevant } from '../syntax';
import { contextKey, loadCache, saveCache, sha1, type CacheData, type CacheEntry } from './cache';
import type { CheckerInit, ConfigInForce, Contribution, DocInput } from './checker';
import { escapeText } from './escape';
import { expandPaths, type IgnorePatterns } from './files';
import {
  formatGithub,
  formatGitlab,
  formatJson,
  formatSarif,
  formatText,
  type FileFinding,
  type Format,
} from './output';
import { createBackend } from './pool';
import { readBounded, streamExportFile } from './read';
import { detectExport } from '../syntax/exports';
import { repositoryRoots } from './roots';

export interface CheckOptions {
  paths: string[];
  format: Format;
  catalog: Catalog;
  /** What `catalog` was built from (defaults plus these overrides, in order), for worker threads. */
  catalogSources?: unknown[];
  settings: AnalysisSettings;
  version: string;
  maxFileSize: number;
  /** ANSI colour in text output. */
  color?: boolean;
  /** Print error-severity findings only. */
  quiet?: boolean;
  /** False for `--no-ignore`. */
  useIgnoreFiles?: boolean;
  /** The project config's `ignore` patterns. */
  ignore?: IgnorePatterns[];
  /** `--stdin --stdin-filename NAME`: this text stands for the file NAME (replacing it if on disk). */
  stdin?: { file: string; text: string };
  /** The cache file, when `--cache` is on. */
  cacheFile?: string;
  /** Content hash of the resolved project config (part of the cache key); computed when `configs` is given. */
  configHash?: string;
  /**
   * Project config files (`.vpc-cni-lint.yaml`): each file is checked under its nearest one, flags
   * (`settings`, `catalogSources`) winning over it. Undefined: none are read.
   */
  configs?: ProjectConfigs;
  /** Threads for parsing and analysis; undefined: automatic (several only for big trees). */
  jobs?: number;
  /** The folder gitlab paths are relative to (the project root in a GitLab job). */
  cwd?: string;
}

export interface CheckResult {
  output: string;
  /** Every finding (before `--quiet` filtering). */
  findings: FileFinding[];
  /** Paths that could not be read or checked; the rest were. */
  errors: string[];
  stats: { files: number; parsed: number; analyzed: number; fromCache: number; threads: number };
  /** Files each thread parsed (and analysed), this thread first. */
  shares: number[];
}

/** Codes that come from the syntax layer rather than a rule file. */
export const SYNTAX_CODES: RuleMeta[] = [
  { code: 'yaml-syntax', title: 'Malformed YAML', defaultSeverity: 'error' },
  {
    code: 'invalid-user-data',
    title: 'Malformed user data (MIME, base64, TOML, shell)',
    defaultSeverity: 'error',
  },
  { code: 'file-too-large', title: 'File skipped because of its size', defaultSeverity: 'information' },
  { code: CONFIG_CODE, title: 'Bad key or value in the project config file', defaultSeverity: 'error' },
];

/** Below this many files to parse, threads cost more to start than they save. */
const PARALLEL_MIN_FILES = 400;

/**
 * Threads when `--jobs` is not given: one core is left to V8's own helper threads. A one-thread run is not
 * one-core: V8 marks and sweeps the heap and optimises code on platform threads, which took 37% of the CPU
 * time of a one-thread `check` of 10,000 files (bench/results.md, "CLI cache and threads"), and a second
 * isolate compiles and collects its own heap again. On 2 cores a second thread therefore cannot make the run
 * faster (measured: the total CPU of two threads, spread over both cores, is as long as the one-thread run's
 * critical path), so it stays at one; with more cores, one fewer than there are.
 */
export function automaticThreads(filesToParse: number, cores: number): number {
  if (filesToParse < PARALLEL_MIN_FILES || cores <= 2) return 1;
  return Math.min(cores - 1, 8);
}

interface Doc {
  input: DocInput;
  /** Cache key (absolute path); undefined for stdin, which is never cached. */
  key?: string;
  hash: string;
}

async function readDocs(files: string[], opts: CheckOptions, errors: string[]): Promise<Doc[]> {
  const docs: Doc[] = [];
  const stdinKey = opts.stdin ? path.resolve(opts.stdin.file) : undefined;
  for (const file of files) {
    if (stdinKey !== undefined && path.resolve(file) === stdinKey) continue;
    try {
      const r = readBounded(file, opts.maxFileSize);
      if (r.kind === 'not-regular') {
        errors.push(`${escapeText(file)}: not read: ${r.what}, not a regular file`);
      } else if (r.kind === 'too-large') {
        // A JSON export above the limit is read as a stream (memory bounded by the records it keeps).
        const streamed = detectExport(r.head)?.format === 'json' ? streamExportFile(file) : undefined;
        if (streamed) {
          docs.push({
            input: { file, text: '', streamed: streamed.model },
            key: path.resolve(file),
            hash: streamed.hash,
          });
          continue;
        }
        // Like the editor: a large file that shows nothing of interest in its first MiB is skipped silently.
        if (!mightBeRelevant(r.head)) continue;
        docs.push({
          input: { file, text: '', tooLarge: { size: r.size, limit: opts.maxFileSize } },
          key: path.resolve(file),
          hash: sha1(`too-large\0${r.size}\0${opts.maxFileSize}\0${r.head}`),
        });
      } else {
        docs.push({ input: { file, text: r.text }, key: path.resolve(file), hash: sha1(r.text) });
      }
    } catch (err) {
      errors.push(`${escapeText(file)}: ${escapeText((err as Error).message)}`);
    }
  }
  if (opts.stdin) {
    const doc: Doc = { input: { file: opts.stdin.file, text: opts.stdin.text }, hash: sha1(opts.stdin.text) };
    // Keep the sorted order the walk gives, so the context (and output) is the same as from disk.
    const i = docs.findIndex((d) => d.input.file > opts.stdin!.file);
    docs.splice(i < 0 ? docs.length : i, 0, doc);
  }
  return docs;
}

/** A file's URI (config lookups and ignore matching work on URIs). */
const uriOf = (file: string): string => pathToFileURL(path.resolve(file)).toString();

/**
 * The project configs of a run: for each file the nearest config, as `CheckerInit.configs` entries keyed by
 * the config's hash (flags over the config over defaults), and the problems of every config file in force.
 */
class RunConfigs {
  readonly inForce: Record<string, ConfigInForce> = {};
  private readonly used = new Map<string, ResolvedConfig>();

  constructor(
    private readonly configs: ProjectConfigs,
    private readonly opts: CheckOptions,
  ) {}

  /** The key of the config in force for `file` (undefined: none), registering it. */
  keyFor(file: string): string | undefined {
    const config = this.configs.forPath(file);
    if (!config.uri) return undefined;
    if (!this.used.has(config.hash)) {
      this.used.set(config.hash, config);
      const flags = this.opts.settings;
      const c = combineSettings(
        config,
        { ruleSeverity: {}, defaultInstanceTypes: [], instanceTypes: undefined },
        { ruleSeverity: flags.ruleSeverity, defaultInstanceTypes: flags.defaultInstanceTypes },
      );
      const types = Object.fromEntries(Object.entries(config.instanceTypes).map(([n, e]) => [n, e.value]));
      this.inForce[config.hash] = {
        settings: {
          ...flags,
          ruleSeverity: c.ruleSeverity,
          defaultInstanceTypes: c.defaultInstanceTypes,
          project: c.project,
        },
        // The config's entries first, so that --catalog wins over them.
        catalogSources: Object.keys(types).length
          ? [types, ...(this.opts.catalogSources ?? [])]
          : [...(this.opts.catalogSources ?? [])],
        cniVersion: config.cniVersion,
      };
    }
    return config.hash;
  }

  /** The cluster the config in force for `file` maps it to (`clusters`). */
  clusterOf(file: string): { name: string; configFile: string } | undefined {
    return clusterOfFile(this.configs.forPath(file), uriOf(file));
  }

  ignored(file: string): boolean {
    return isIgnoredByConfig(this.configs.forPath(file), uriOf(file));
  }

  /** Stable over the configs in force (part of the cache key). */
  hash(): string {
    return sha1([...this.used.keys()].sort().join('\n'));
  }

  /** Findings of the config files in force and of config files named or walked into. */
  findings(walked: string[]): FileFinding[] {
    const shown = new Map(walked.map((f) => [uriOf(f), f]));
    const files = new Map<string, ResolvedConfig>();
    for (const c of this.used.values()) for (const u of c.files) if (!files.has(u)) files.set(u, c);
    for (const [u] of shown) if (!files.has(u)) files.set(u, this.configs.resolve(u));
    const out: FileFinding[] = [];
    for (const [u, c] of files) {
      const own = this.configs.resolve(u);
      const problems = c.problems[u] ?? own.problems[u] ?? [];
      if (!problems.length) continue;
      // A config's own `rules` (and --rule) may change the severity of its problems, as for any file.
      const severity = this.opts.settings.ruleSeverity[CONFIG_CODE] ?? own.rules[CONFIG_CODE]?.value;
      if (severity === 'off') continue;
      const lines = new LineMap(this.configs.textOf(u) ?? '');
      const file = shown.get(u) ?? displayPath(fileURLToPath(u));
      for (const p of problems) {
        const r = lines.range(p.span);
        out.push({
          file,
          code: p.code,
          severity: severity ?? p.severity,
          message: p.message,
          start: r.start,
          end: r.end,
        });
      }
    }
    return out;
  }
}

/** A config file's path as the user would write it: relative when under the current folder. */
function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export async function runCheck(opts: CheckOptions): Promise<CheckResult> {
  const errors: string[] = [];
  const run = opts.configs ? new RunConfigs(opts.configs, opts) : undefined;
  // The config nearest to each path named prunes the walk; each file's own config is applied after it.
  const ignore = [...(opts.ignore ?? [])];
  if (opts.configs)
    for (const p of opts.paths)
      for (const g of opts.configs.ignorePatternsForPath(path.join(p, '_')))
        if (!ignore.some((i) => i.base === g.baseDir && i.patterns.join('\n') === g.patterns.join('\n')))
          ignore.push({ base: g.baseDir, patterns: g.patterns });
  const expanded = await expandPaths(opts.paths, {
    useIgnoreFiles: opts.useIgnoreFiles,
    ignore,
  });
  for (const p of expanded.problems) errors.push(`${escapeText(p.path)}: ${escapeText(p.message)}`);
  const walkedConfigs = run ? expanded.files.filter(isConfigFileName) : [];
  const files = run
    ? expanded.files.filter((f) => !isConfigFileName(f) && (opts.useIgnoreFiles === false || !run.ignored(f)))
    : expanded.files;
  const docs = await readDocs(files, opts, errors);
  if (run) for (const d of docs) d.input.config = run.keyFor(d.input.file);
  const configFindings = run ? run.findings(walkedConfigs) : [];
  const folderInputs = new Set<string>();
  for (const p of opts.paths)
    if ((await fs.stat(p).catch(() => undefined))?.isDirectory()) folderInputs.add(p);
  const rootOf = repositoryRoots(opts.paths, folderInputs);

  const base = sha1(
    JSON.stringify([
      opts.version,
      sha1(JSON.stringify(opts.catalog.list())),
      opts.settings,
      opts.configHash ?? run?.hash() ?? '',
      opts.maxFileSize,
    ]),
  );
  const cache = opts.cacheFile ? await loadCache(opts.cacheFile) : undefined;
  const usable = cache && cache.base === base ? cache : undefined;
  const cached = (d: Doc): CacheEntry | undefined => {
    const e = d.key !== undefined ? usable?.files[d.key] : undefined;
    return e && e.hash === d.hash ? e : undefined;
  };

  const init: CheckerInit = {
    catalogSources: opts.catalogSources ?? [],
    settings: opts.settings,
    configs: run?.inForce,
  };
  // Files whose contribution is unknown (new, changed, or no cache) must be parsed first.
  const unknown = docs.filter((d) => !cached(d));
  const threads =
    opts.jobs ?? automaticThreads(unknown.length, os.availableParallelism?.() ?? os.cpus().length);
  const backend = createBackend(init, opts.catalog, Math.max(1, threads));
  const parsed = new Map<Doc, Contribution | undefined>();
  try {
    const parse = async (list: Doc[]) => {
      const res = await backend.parse(list.map((d) => d.input));
      list.forEach((d, i) => parsed.set(d, res[i]?.contribution));
    };
    await parse(unknown);
    const contributes = (d: Doc) => (parsed.has(d) ? parsed.get(d) !== undefined : !!cached(d)?.contributes);
    const ctxKey = contextKey(
      // Repository roots are part of the context: they decide which files share settings.
      docs.filter(contributes).map((d) => ({
        key: `${d.key ?? `stdin:${d.input.file}`}\0${rootOf(d.input.file)}\0${run?.clusterOf(d.input.file)?.name ?? ''}`,
        hash: d.hash,
      })),
    );
    const reuse = (d: Doc) => !!usable && usable.context === ctxKey && !!cached(d);
    const toAnalyze = docs.filter((d) => !reuse(d));
    if (toAnalyze.length) {
      // The context needs every contributing file's model; analysis needs the file's own.
      await parse(docs.filter((d) => !parsed.has(d) && (contributes(d) || !reuse(d))));
    }
    const contributions = docs
      .map((d) => parsed.get(d))
      .filter((c): c is Contribution => c !== undefined)
      .map((c) => ({ ...c, root: rootOf(c.file), configCluster: run?.clusterOf(c.file) }));
    const analyzed = toAnalyze.length
      ? await backend.analyze(
          toAnalyze.map((d) => d.input.file),
          contributions,
        )
      : { findings: [], errors: [] };
    errors.push(...analyzed.errors.map(escapeText));
    const fresh = new Map(toAnalyze.map((d, i) => [d, analyzed.findings[i] ?? []]));
    const findings: FileFinding[] = [...configFindings];
    const entries: CacheData['files'] = {};
    for (const d of docs) {
      const own = fresh.get(d) ?? (cached(d)?.findings ?? []).map((f) => ({ ...f, file: d.input.file }));
      findings.push(...own);
      if (d.key !== undefined)
        entries[d.key] = {
          hash: d.hash,
          contributes: contributes(d),
          findings: own.map(({ file: _file, ...rest }) => rest),
        };
    }
    if (opts.cacheFile) {
      // A run with unreadable paths still caches what it checked: those files' findings are complete.
      await saveCache(opts.cacheFile, { format: 1, base, context: ctxKey, files: entries }).catch(
        (err: Error) =>
          errors.push(`cannot write cache ${escapeText(opts.cacheFile ?? '')}: ${escapeText(err.message)}`),
      );
    }
    const shown = opts.quiet ? findings.filter((f) => f.severity === 'error') : findings;
    return {
      output: format(shown, opts),
      findings,
      errors,
      stats: {
        files: docs.length,
        parsed: parsed.size,
        analyzed: toAnalyze.length,
        fromCache: docs.length - toAnalyze.length,
        threads: backend.threads,
      },
      shares: backend.shares(),
    };
  } finally {
    await backend.close();
  }
}

function format(findings: FileFinding[], opts: CheckOptions): string {
  switch (opts.format) {
    case 'json':
      return formatJson(findings);
    case 'sarif': {
      const rules: RuleMeta[] = [
        ...allRules.map((r) => ({ code: r.code, title: r.title, defaultSeverity: r.defaultSeverity })),
        ...SYNTAX_CODES,
      ];
      return formatSarif(findings, rules, opts.version, 'https://example.invalid/vpc-cni-lint/');
    }
    case 'github':
      return formatGithub(findings);
    case 'gitlab':
      return formatGitlab(findings, opts.cwd);
    default:
      return formatText(findings, opts.color);
  }
}
