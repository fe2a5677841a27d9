/**
 * What we know of each `aws-node` env var, read from the one source of truth:
 * `schemas/aws-node-env.schema.json` (bundled at build time). Rules, hovers and completion
 * all read it through this module; nothing about a variable is written twice.
 */
import schema from '../../../schemas/aws-node-env.schema.json';
import { editDistance } from '../engine';
import type { EnvContainer } from '../syntax';

export type EnvKind = 'boolean' | 'integer' | 'enum' | 'string';

/** `x-vpc-cni` of one property, typed. */
export interface EnvMeta {
  kind: EnvKind;
  containers: EnvContainer[];
  /** Value the binary uses when the variable is unset (as an env string). */
  default?: string;
  /** Value in the shipped manifest / Helm chart, when it sets one. */
  manifestDefault?: string;
  /** Allowed values (enum kind). */
  values?: string[];
  caseInsensitive?: boolean;
  minimum?: number;
  maximum?: number;
  /** Lower MTU bound in IPv6 mode. */
  minimumIPv6?: number;
  /** CNI version that first reads the variable. */
  since?: string;
  /** Last CNI version that reads it (later versions ignore it). */
  until?: string;
  /** Read by the AWS SDK inside aws-node (aws-sdk-go-v2 config/env_config.go; aws-sdk-go before CNI v1.20.0). */
  sdk?: boolean;
  deprecated?: { since?: string; note: string };
  /** aws-node exits (or ipamd refuses to start) on an invalid value. */
  exitsOnInvalid?: boolean;
  /** What the CNI silently uses instead of an invalid value. */
  invalidFallback?: string;
  /** Upstream file / function that reads it. */
  source?: string;
}

export interface EnvVarInfo extends EnvMeta {
  name: string;
  description?: string;
  /** Regular expression the schema gives for the value, if any. */
  pattern?: string;
}

interface SchemaProperty {
  description?: string;
  pattern?: string;
  enum?: string[];
  'x-vpc-cni'?: Partial<EnvMeta> & Record<string, unknown>;
}

const props = (schema as unknown as { properties: Record<string, SchemaProperty> }).properties;

const byName = new Map<string, EnvVarInfo>();
for (const [name, p] of Object.entries(props)) {
  const x = p['x-vpc-cni'] ?? {};
  byName.set(name, {
    ...x,
    name,
    kind: x.kind ?? 'string',
    containers: x.containers ?? ['aws-node'],
    description: p.description,
    pattern: p.pattern,
    values: x.values ?? p.enum,
  });
}

export function envVarInfo(name: string): EnvVarInfo | undefined {
  return byName.get(name);
}

export function knownEnvNames(): string[] {
  return [...byName.keys()];
}

export function allEnvVars(): EnvVarInfo[] {
  return [...byName.values()];
}

/** True when `container` reads the variable. */
export function readBy(info: EnvVarInfo, container: EnvContainer): boolean {
  return info.containers.includes(container);
}

/** The enum value `raw` stands for (case folded where the CNI folds it), or undefined. */
export function enumMatch(info: EnvVarInfo, raw: string): string | undefined {
  const values = info.values ?? [];
  if (values.includes(raw)) return raw;
  if (!info.caseInsensitive) return undefined;
  return values.find((v) => v.toLowerCase() === raw.toLowerCase());
}

const fold = (s: string): string => s.toUpperCase().replace(/[-\s]/g, '_');

/**
 * Known names closest to `word` (did-you-mean), best first: case and `-`/`_` folded, then the engine's
 * edit distance (adjacent transpositions count once, so `TARGTE` finds `TARGET`).
 */
export function suggestEnvNames(word: string, limit = 3): string[] {
  const w = fold(word);
  const cap = Math.max(1, Math.min(4, Math.floor(w.length / 4)));
  const scored: Array<[string, number]> = [];
  for (const name of byName.keys()) {
    const f = fold(name);
    const d = f === w ? 0 : editDistance(w, f, cap);
    if (d <= cap) scored.push([name, d]);
  }
  scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
  return scored.slice(0, limit).map(([n]) => n);
}
