/**
 * The project configuration (`.vpc-cni-lint.yaml` / `.vpc-cni-lint.json`) as plain data: one parsed file
 * with its located values and problems, and the configuration resolved for a checked file (the nearest file
 * with its `extends` merged in). Spans are UTF-16 offsets into the config file named by `uri`.
 */
import type { Severity } from '../analysis';
import type { Span } from '../syntax';

/** File names looked for, in this order, in each folder from a checked file up to the root. */
export const CONFIG_FILE_NAMES = ['.vpc-cni-lint.yaml', '.vpc-cni-lint.yml', '.vpc-cni-lint.json'] as const;

/** The code of every problem found in a config file. */
export const CONFIG_CODE = 'invalid-config';

export interface ConfigProblem {
  code: typeof CONFIG_CODE;
  severity: Severity;
  message: string;
  span: Span;
}

export interface Sited<T> {
  value: T;
  /** Config file stating it. */
  uri: string;
  span: Span;
}

export interface ConfigSubnet {
  cidr: string;
  nodes: number;
  uri: string;
  /** The `cidr` value. */
  span: Span;
}

/** One config file, parsed and validated; invalid parts are left out (and reported in `problems`). */
export interface ParsedConfig {
  uri: string;
  problems: ConfigProblem[];
  extends: Array<Sited<string>>;
  rules: Record<string, Sited<Severity | 'off'> & { keySpan: Span }>;
  defaultInstanceTypes?: Sited<string[]>;
  /** Raw catalog entries keyed by type name (validated against schemas/catalog-entry.schema.json). */
  instanceTypes: Record<string, Sited<unknown>>;
  ignore: string[];
  cniVersion?: Sited<string>;
  nodeGroups: Record<string, { subnets: ConfigSubnet[]; uri: string; keySpan: Span }>;
  clusters?: Array<{ name: string; paths: string[] }>;
}

/** Everything the nearest config file (with what it extends) says for a checked file. */
export interface ResolvedConfig {
  /** The nearest config file (undefined: none found; everything below is empty). */
  uri?: string;
  /** Every config file read for it: the nearest first, then what it extends (depth first). */
  files: string[];
  rules: Record<string, Sited<Severity | 'off'>>;
  defaultInstanceTypes?: Sited<string[]>;
  instanceTypes: Record<string, Sited<unknown>>;
  /** Gitignore-style patterns, each group relative to the folder of the config file stating it. */
  ignore: Array<{ base: string; patterns: string[] }>;
  cniVersion?: Sited<string>;
  nodeGroups: Record<string, ConfigSubnet[]>;
  /** Paths (globs relative to `configFile`'s folder) mapped to clusters; consumed by the cluster model. */
  clusters?: Array<{ name: string; paths: string[]; configFile: string }>;
  /** Problems per config file of `files`. */
  problems: Record<string, ConfigProblem[]>;
  /** Stable hash of everything above (for caches keyed on the configuration). */
  hash: string;
}
