/**
 * The configuration in force for a checked file: the nearest config file with its `extends` chain merged in
 * (the file's own keys win over what it extends; of several extended files, the later wins), and how it
 * combines with editor settings and command-line flags. Pure: files are read through the `read` callback
 * (the server and the CLI pass their own, see server/src/project/). Never throws.
 */
import { createHash } from 'node:crypto';
import ignore, { type Ignore } from 'ignore';
import type { AnalysisSettings, Severity } from '../analysis';
import type { CniSettingsSource, DocumentModel } from '../syntax';
import { parseConfig } from './parse';
import { CONFIG_CODE, type ConfigProblem, type ParsedConfig, type ResolvedConfig } from './types';

/** Reads a config file by URI; undefined when it does not exist or cannot be read. */
export type ConfigReader = (uri: string) => string | undefined;

/** `decodeURIComponent` that never throws (a malformed escape is left as written). */
export function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const fileName = (uri: string): string => decodeSafe(uri.slice(uri.lastIndexOf('/') + 1));

/** The folder URI of a file URI, with a trailing slash. */
export function folderOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

/** Canonical JSON (sorted keys) for a stable hash. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

export function emptyResolved(): ResolvedConfig {
  return withHash({ files: [], rules: {}, instanceTypes: {}, ignore: [], nodeGroups: {}, problems: {} });
}

function withHash(r: Omit<ResolvedConfig, 'hash'>): ResolvedConfig {
  return { ...r, hash: createHash('sha256').update(canonical(r)).digest('hex') };
}

/**
 * Resolves the config file `uri` and what it extends. `parsed` caches parsed files by URI across calls
 * (the caller drops entries when a file changes).
 */
export function resolveConfig(
  uri: string,
  read: ConfigReader,
  parsed: Map<string, ParsedConfig | null> = new Map(),
): ResolvedConfig {
  const parse = (u: string): ParsedConfig | undefined => {
    if (!parsed.has(u)) {
      const text = read(u);
      parsed.set(u, text === undefined ? null : parseConfig(u, text));
    }
    return parsed.get(u) ?? undefined;
  };
  const files: string[] = [];
  const problems: Record<string, ConfigProblem[]> = {};
  const addProblem = (u: string, p: ConfigProblem) => (problems[u] ??= []).push(p);

  /** Merged layers of `u` (its extends first, then itself); `stack` detects cycles. */
  const layers = (u: string, stack: string[]): ParsedConfig[] => {
    const cfg = parse(u);
    if (!cfg) return [];
    if (!files.includes(u)) {
      files.push(u);
      for (const p of cfg.problems) addProblem(u, p);
    }
    const out: ParsedConfig[] = [];
    for (const ext of cfg.extends) {
      let target: string;
      try {
        target = new URL(ext.value, u).toString();
      } catch {
        addProblem(u, {
          code: CONFIG_CODE,
          severity: 'error',
          message: `extends: ${ext.value} is not a path`,
          span: ext.span,
        });
        continue;
      }
      if (target === u || stack.includes(target)) {
        const cycle = [...stack.slice(stack.indexOf(target)), u, target].map(fileName).join(' → ');
        addProblem(u, {
          code: CONFIG_CODE,
          severity: 'error',
          message: `extends cycle: ${cycle} (ignored here)`,
          span: ext.span,
        });
        continue;
      }
      if (!parse(target)) {
        addProblem(u, {
          code: CONFIG_CODE,
          severity: 'error',
          message: `extends: cannot read ${ext.value} (no such file, relative to this one)`,
          span: ext.span,
        });
        continue;
      }
      out.push(...layers(target, [...stack, u]));
      const theirs = parse(target)?.problems.filter((p) => p.severity === 'error').length ?? 0;
      if (theirs)
        addProblem(u, {
          code: CONFIG_CODE,
          severity: 'warning',
          message: `${ext.value} has ${theirs} problem${theirs === 1 ? '' : 's'}; the parts with problems are ignored`,
          span: ext.span,
        });
    }
    out.push(cfg);
    return out;
  };

  const chain = layers(uri, []);
  const merged: Omit<ResolvedConfig, 'hash'> = {
    uri: chain.length ? uri : undefined,
    files,
    rules: {},
    instanceTypes: {},
    ignore: [],
    nodeGroups: {},
    problems,
  };
  for (const layer of chain) {
    for (const [code, s] of Object.entries(layer.rules))
      merged.rules[code] = { value: s.value, uri: s.uri, span: s.span };
    if (layer.defaultInstanceTypes) merged.defaultInstanceTypes = layer.defaultInstanceTypes;
    Object.assign(merged.instanceTypes, layer.instanceTypes);
    if (layer.ignore.length) merged.ignore.push({ base: folderOf(layer.uri), patterns: layer.ignore });
    if (layer.cniVersion) merged.cniVersion = layer.cniVersion;
    for (const [name, g] of Object.entries(layer.nodeGroups)) merged.nodeGroups[name] = g.subnets;
    if (layer.clusters)
      merged.clusters = [
        // A cluster named again in a later layer replaces the earlier entry.
        ...(merged.clusters ?? []).filter((c) => !layer.clusters?.some((d) => d.name === c.name)),
        ...layer.clusters.map((c) => ({ ...c, configFile: layer.uri })),
      ];
  }
  return withHash(merged);
}

// ---------------------------------------------------------------------------------------------
// Ignore patterns

const matchers = new WeakMap<ResolvedConfig, Array<{ base: string; ig: Ignore }>>();

/**
 * The config's `ignore` patterns, each group with the folder (URI, trailing slash) its patterns are
 * relative to. Matching follows gitignore (the `ignore` package, as ESLint uses it).
 */
export function configIgnorePatterns(config: ResolvedConfig): Array<{ base: string; patterns: string[] }> {
  return config.ignore.map((g) => ({ base: g.base, patterns: [...g.patterns] }));
}

/** Whether the config's `ignore` patterns exclude the file (a URI). Files outside a group's folder are not. */
export function isIgnoredByConfig(config: ResolvedConfig, fileUri: string): boolean {
  if (!config.ignore.length) return false;
  let list = matchers.get(config);
  if (!list) {
    list = config.ignore.map((g) => ({ base: g.base, ig: ignore().add(g.patterns) }));
    matchers.set(config, list);
  }
  for (const { base, ig } of list) {
    if (!fileUri.startsWith(base)) continue;
    const rel = decodeSafe(fileUri.slice(base.length));
    if (rel && ig.ignores(rel)) return true;
  }
  return false;
}

const clusterMatchers = new WeakMap<
  ResolvedConfig,
  Array<{ name: string; configFile: string; base: string; ig: Ignore }>
>();

/**
 * The cluster the config's `clusters` map a file (a URI) to: the first entry with a path pattern matching the
 * file, patterns relative to the folder of the config file that states them (gitignore semantics, as for
 * `ignore`: `clusters/prod/` or `clusters/prod/**` take the folder's files). Undefined: no entry matches.
 */
export function clusterOfFile(
  config: ResolvedConfig,
  fileUri: string,
): { name: string; configFile: string } | undefined {
  if (!config.clusters?.length) return undefined;
  let list = clusterMatchers.get(config);
  if (!list) {
    list = config.clusters.map((c) => ({
      name: c.name,
      configFile: c.configFile,
      base: folderOf(c.configFile),
      ig: ignore().add(c.paths),
    }));
    clusterMatchers.set(config, list);
  }
  for (const c of list) {
    if (!fileUri.startsWith(c.base)) continue;
    const rel = decodeSafe(fileUri.slice(c.base.length));
    try {
      if (rel && c.ig.ignores(rel)) return { name: c.name, configFile: c.configFile };
    } catch {
      // `ignore` refuses paths it cannot match (none under a folder URI); such a file matches no entry.
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Combining with editor settings and flags

/** The keys editor settings (`vpcCniLint.*`) and CLI flags share with the config file. */
export interface SharedSettings {
  ruleSeverity: Record<string, Severity | 'off'>;
  defaultInstanceTypes: string[];
  /** Raw catalog entries keyed by type name (or undefined). */
  instanceTypes: unknown;
}

function entriesOf(raw: unknown): Record<string, unknown> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const r = raw as Record<string, unknown>;
  const types = r.types;
  return types && typeof types === 'object' && !Array.isArray(types) ? (types as Record<string, unknown>) : r;
}

/**
 * Editor settings below the project file: for `rules` (per code), `defaultInstanceTypes` (the whole list)
 * and `instanceTypes` (per type) the config file wins; what it does not say comes from the settings.
 * `above` (CLI flags) wins over both.
 */
export function combineSettings(
  config: ResolvedConfig,
  below: SharedSettings,
  above?: Partial<SharedSettings>,
): SharedSettings & { project: NonNullable<AnalysisSettings['project']> } {
  const configRules = Object.fromEntries(Object.entries(config.rules).map(([c, s]) => [c, s.value]));
  const nodeGroupSubnets = Object.keys(config.nodeGroups).length ? config.nodeGroups : undefined;
  const types = above?.defaultInstanceTypes?.length
    ? above.defaultInstanceTypes
    : (config.defaultInstanceTypes?.value ?? below.defaultInstanceTypes);
  const configTypes = Object.fromEntries(Object.entries(config.instanceTypes).map(([n, s]) => [n, s.value]));
  const hasTypes = Object.keys(configTypes).length > 0 || above?.instanceTypes !== undefined;
  return {
    ruleSeverity: { ...below.ruleSeverity, ...configRules, ...above?.ruleSeverity },
    defaultInstanceTypes: types,
    instanceTypes: hasTypes
      ? { ...entriesOf(below.instanceTypes), ...configTypes, ...entriesOf(above?.instanceTypes) }
      : below.instanceTypes,
    project: {
      configFile: config.uri,
      rules: config.rules,
      cniVersion: config.cniVersion,
      nodeGroupSubnets,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The assumed CNI version

const assumed = new WeakMap<DocumentModel, { key: string; model: DocumentModel }>();

/**
 * The model with `cniVersion` assumed for every CNI settings source that states none (the config's
 * `cniVersion`). Memoized per model and version, so the analysis's per-source memos keep working.
 */
export function withAssumedCniVersion(
  model: DocumentModel,
  config: Pick<ResolvedConfig, 'cniVersion'>,
): DocumentModel {
  const v = config.cniVersion;
  if (!v || !model.cni.some((s) => !s.cniVersion)) return model;
  const key = `${v.value}@${v.uri}#${v.span.start}`;
  const hit = assumed.get(model);
  if (hit && hit.key === key) return hit.model;
  const cni = model.cni.map((s): CniSettingsSource =>
    s.cniVersion
      ? s
      : {
          ...s,
          cniVersion: { value: v.value, span: { start: s.span.start, end: s.span.start } },
          cniVersionAssumed: { uri: v.uri, span: v.span },
        },
  );
  const out = { ...model, cni };
  assumed.set(model, { key, model: out });
  return out;
}
