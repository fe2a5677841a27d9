/**
 * What we know of each `aws-node` env var, read from the one source of truth:
 * `schemas/aws-node-env.schema.json` (bundled at build time).
 */
import schema from '../../../schemas/aws-node-env.schema.json';

export type EnvKind = 'boolean' | 'integer' | 'enum' | 'string';

export interface EnvVarInfo {
  name: string;
  kind: EnvKind;
  description?: string;
  containers: string[];
  /** Remaining `x-vpc-cni` metadata (defaults, since, deprecation, values...). */
  meta: Record<string, unknown>;
}

interface SchemaProperty {
  description?: string;
  enum?: string[];
  'x-vpc-cni'?: { kind?: EnvKind; containers?: string[] } & Record<string, unknown>;
}

const props = (schema as { properties: Record<string, SchemaProperty> }).properties;

const byName = new Map<string, EnvVarInfo>();
for (const [name, p] of Object.entries(props)) {
  const x = p['x-vpc-cni'] ?? {};
  byName.set(name, {
    name,
    kind: x.kind ?? 'string',
    description: p.description,
    containers: x.containers ?? ['aws-node'],
    meta: x,
  });
}

export function envVarInfo(name: string): EnvVarInfo | undefined {
  return byName.get(name);
}

export function knownEnvNames(): string[] {
  return [...byName.keys()];
}
