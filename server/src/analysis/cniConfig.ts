/**
 * Effective CNI settings of one `CniSettingsSource`: what `aws-node` actually runs with, after Go parsing,
 * defaults and warm-target precedence. Built on the engine's CNI-settings semantics
 * (`parseCniSettings`, `goParseBool`, `goAtoi`); this module only decides *which* defaults apply to a
 * source and maps engine results back to located env entries. Format-independent: rules, hovers and
 * completion use it for DaemonSets, Helm values and add-on configuration alike.
 */
import {
  goAtoi,
  goParseBool,
  MANIFEST_DEFAULTS,
  parseCniSettings,
  type CniEnv,
  type CniSettings,
  type DefaultsMode,
  type InstanceTypeInfo,
  type Setting,
} from '../engine';
import { insertionFor, scalarReplacement } from '../syntax';
import type { CniSettingsSource, EnvVar, InsertionPoint, Span } from '../syntax';
import { enumMatch, envVarInfo } from './envCatalog';
import { query } from './facts/query';
import type { Edit, Fix, Related } from './types';

export interface EffectiveCni {
  source: CniSettingsSource;
  /**
   * How unset variables are read. `code` for a complete DaemonSet (what is not written is not set);
   * `manifest` for Helm values and add-on configuration (values merge over the chart's env), and for
   * DaemonSet fragments such as kustomize patches.
   */
  defaults: DefaultsMode;
  /** True for a DaemonSet that looks complete (it states the aws-node image). */
  completeManifest: boolean;
  /** Last entry per name in the aws-node container (Kubernetes keeps the last duplicate). */
  env: Map<string, EnvVar>;
  /** Last entry per name in the aws-vpc-cni-init container. */
  initEnv: Map<string, EnvVar>;
  /** Names whose value is not known statically (`valueFrom`); rules that depend on them stay quiet. */
  unknown: Set<string>;
  /** The engine's reading of the aws-node env. */
  settings: CniSettings;
  /** CNI version from the image tag, when stated. */
  cniVersion?: string;
}

/** True when the source is a DaemonSet that states the aws-node image (not a patch or fragment). */
export function isCompleteManifest(source: CniSettingsSource): boolean {
  return source.format === 'daemonset' && source.cniVersion !== undefined && !source.cniVersionAssumed;
}

/**
 * How unset env vars of a source read: a complete DaemonSet (it states the aws-node image) is the whole
 * manifest, so unset means the binary's default; Helm values, add-on configuration and DaemonSet fragments
 * (kustomize patches) merge over the shipped manifest (aws/amazon-vpc-cni-k8s:config/master/aws-k8s-cni.yaml,
 * charts/aws-vpc-cni/values.yaml), so unset means the manifest value. No source at all: a fresh cluster runs
 * the shipped manifest.
 */
export function defaultsModeOf(source: CniSettingsSource | undefined): DefaultsMode {
  return source && isCompleteManifest(source) ? 'code' : 'manifest';
}

function lastByName(list: EnvVar[]): Map<string, EnvVar> {
  const m = new Map<string, EnvVar>();
  for (const e of list) m.set(e.name, e);
  return m;
}

/**
 * The env the aws-node container sees: the last entry per name wins (as in Kubernetes); an entry without a
 * value is set to "" (Kubernetes `EnvVar.value` defaults to empty, which Go `os.LookupEnv` reports as set);
 * `valueFrom` entries are statically unknown and left out (listed in `unknown`).
 */
export function cniEnvOf(source: CniSettingsSource): { values: CniEnv; unknown: Set<string> } {
  const values: Record<string, string | undefined> = {};
  const unknown = new Set<string>();
  for (const [name, e] of lastByName(source.env)) {
    if (e.valueFrom) unknown.add(name);
    else values[name] = e.value ?? '';
  }
  return { values, unknown };
}

/**
 * The one place that turns a CNI settings source into the configuration aws-node runs with: the env as the
 * container sees it ({@link cniEnvOf}), the defaults that apply to unset variables ({@link defaultsModeOf}),
 * the CNI version of the image tag, and, when given, the instance type (prefix delegation in force and IPv6
 * start-up depend on it: aws/amazon-vpc-cni-k8s:pkg/awsutils/awsutils.go IsPrefixDelegationSupported).
 * `undefined` source = no settings anywhere: the manifest defaults. Memoized per source and type.
 */
export function resolveCniSettings(
  source: CniSettingsSource | undefined,
  instanceType?: InstanceTypeInfo,
): CniSettings {
  return settingsQuery(source, instanceType);
}

const settingsQuery = query(
  (source: CniSettingsSource | undefined, instanceType: InstanceTypeInfo | undefined): CniSettings =>
    parseCniSettings(source ? cniEnvOf(source).values : {}, {
      cniVersion: source?.cniVersion?.value,
      defaults: defaultsModeOf(source),
      instanceType,
    }),
);

/** The effective settings of `source` (memoized per source object). */
export const effectiveCni = query((source: CniSettingsSource): EffectiveCni => ({
  source,
  defaults: defaultsModeOf(source),
  completeManifest: isCompleteManifest(source),
  env: lastByName(source.env),
  initEnv: lastByName(source.initEnv),
  unknown: cniEnvOf(source).unknown,
  settings: resolveCniSettings(source),
  cniVersion: source.cniVersion?.value,
}));

/** Effective settings of every CNI source of the document. */
export function cniConfigs(model: { cni: CniSettingsSource[] }): EffectiveCni[] {
  // A source whose env a template opens may set any variable: nothing is concluded from it.
  return model.cni.filter((s) => !s.unknownEntries).map(effectiveCni);
}

/** True when none of `names` has a statically unknown value. */
export function allKnown(cfg: EffectiveCni, ...names: string[]): boolean {
  return names.every((n) => !cfg.unknown.has(n));
}

/** Engine setting per env name, for the variables the engine models. */
export function engineSetting(
  settings: CniSettings,
  name: string,
): Setting<number> | Setting<boolean> | Setting<string> | undefined {
  switch (name) {
    case 'WARM_ENI_TARGET':
      return settings.warmEniTarget;
    case 'WARM_IP_TARGET':
      return settings.warmIpTarget;
    case 'MINIMUM_IP_TARGET':
      return settings.minimumIpTarget;
    case 'WARM_PREFIX_TARGET':
      return settings.warmPrefixTarget;
    case 'MAX_ENI':
      return settings.maxEni;
    case 'IP_COOLDOWN_PERIOD':
      return settings.ipCooldownPeriod;
    case 'ENABLE_PREFIX_DELEGATION':
      return settings.prefixDelegation;
    case 'ENABLE_IPv4':
      return settings.ipv4;
    case 'ENABLE_IPv6':
      return settings.ipv6;
    case 'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG':
      return settings.customNetworking;
    case 'ENABLE_POD_ENI':
      return settings.podEni;
    case 'DISABLE_NETWORK_RESOURCE_PROVISIONING':
      return settings.disableNetworkResourceProvisioning;
    case 'ENABLE_IMDS_ONLY_MODE':
      return settings.imdsOnlyMode;
    case 'ENABLE_SUBNET_DISCOVERY':
      return settings.subnetDiscovery;
    case 'ENABLE_MULTI_NIC':
      return settings.multiNic;
    case 'MANAGE_UNTAGGED_ENI':
      return settings.manageUntaggedEni;
    case 'AWS_MANAGE_ENIS_NON_SCHEDULABLE':
      return settings.manageEnisNonSchedulable;
    case 'POD_SECURITY_GROUP_ENFORCING_MODE':
      return settings.podSecurityGroupEnforcingMode;
    case 'NETWORK_POLICY_ENFORCING_MODE':
      return settings.networkPolicyEnforcingMode;
    default:
      return undefined;
  }
}

/** How the CNI reads one value. */
export interface ValueReading {
  /** The value as the CNI uses it (`"false"`, `"1"`, `"DEBUG"`...), or undefined when unknown. */
  effective?: string;
  /** `set`: the value as written is used; `default`: unset, default applies; `fallback`: invalid, default used. */
  origin: 'set' | 'default' | 'fallback' | 'unknown';
  /** The raw string considered (undefined when unset). */
  raw?: string;
  /** Why the written value was not used, in our words. */
  problem?: string;
}

/** The default that applies to `name` when it is not set in this source. */
export function defaultFor(cfg: Pick<EffectiveCni, 'defaults'>, name: string): string | undefined {
  const info = envVarInfo(name);
  if (cfg.defaults === 'manifest' && MANIFEST_DEFAULTS[name] !== undefined) return MANIFEST_DEFAULTS[name];
  return info?.default;
}

const show = (v: number | boolean | string): string => String(v);

/**
 * The effective value of `name` in the aws-node container of this source. Engine-modelled variables take
 * the engine's reading; the others are read by kind with the engine's Go parsers and the schema's defaults.
 */
export function readValue(cfg: EffectiveCni, name: string): ValueReading {
  if (cfg.unknown.has(name)) return { origin: 'unknown' };
  const entry = cfg.env.get(name);
  const raw = entry ? (entry.value ?? '') : undefined;
  const setting = engineSetting(cfg.settings, name);
  if (setting) {
    if (setting.origin === 'fallback') {
      return {
        effective: show(setting.value),
        origin: 'fallback',
        raw: setting.raw,
        problem: setting.problem,
      };
    }
    if (name === 'MAX_ENI' && setting.value === -1) {
      return { effective: 'the instance limit', origin: raw === undefined ? 'default' : 'set', raw };
    }
    if (name === 'NETWORK_POLICY_ENFORCING_MODE' && raw === undefined && setting.raw === undefined) {
      return { effective: '(not set)', origin: 'default' };
    }
    const origin = raw === undefined ? 'default' : 'set';
    return { effective: show(setting.value), origin, raw: setting.raw };
  }
  const info = envVarInfo(name);
  const def = defaultFor(cfg, name);
  if (raw === undefined) return { effective: def, origin: 'default' };
  switch (info?.kind) {
    case 'boolean': {
      const b = goParseBool(raw);
      if (b === undefined) {
        return {
          effective: def,
          origin: 'fallback',
          raw,
          problem: `"${raw}" is not a Go boolean; the default ${def ?? 'false'} is used`,
        };
      }
      return { effective: String(b), origin: 'set', raw };
    }
    case 'integer': {
      const n = goAtoi(raw);
      if (n === undefined || n < 0) {
        return {
          effective: info.invalidFallback ?? def,
          origin: 'fallback',
          raw,
          problem: `"${raw}" is not a non-negative integer`,
        };
      }
      if (info.minimum !== undefined && n < info.minimum && info.invalidFallback !== undefined) {
        return { effective: info.invalidFallback, origin: 'fallback', raw, problem: `below ${info.minimum}` };
      }
      return { effective: String(n), origin: 'set', raw };
    }
    case 'enum': {
      const m = info.values ? enumMatch(info, raw) : raw;
      if (m === undefined) {
        return {
          effective: info.invalidFallback ?? def,
          origin: 'fallback',
          raw,
          problem: `not one of ${(info.values ?? []).join(', ')}`,
        };
      }
      return { effective: raw, origin: 'set', raw };
    }
    default:
      return { effective: raw, origin: 'set', raw };
  }
}

// ---------------------------------------------------------------------------------------------
// Edits shared by the settings rules (all minimal, built by syntax/edits.ts).

/** Replace an entry's value by `value` (a string; quoted so YAML keeps it a string). */
export function valueEdit(text: string, entry: EnvVar, value: string): Edit | undefined {
  if (!entry.valueSpan) return undefined;
  return scalarReplacement(text, entry.valueSpan, value, { embed: entry.embed, quote: true });
}

/** Delete an entry (its whole lines); undefined when it sits in a carrier that cannot be edited. */
export function removalEdit(entry: EnvVar): Edit | undefined {
  const embed = entry.embed ?? 'plain';
  // HCL entries (attributes, object items) are whole lines too.
  if (embed !== 'plain' && embed !== 'hcl') return undefined;
  return { span: entry.removalSpan, newText: '' };
}

/** Add `name` with string `value` at an insertion point (the template carries the quoting). */
export function insertEdit(point: InsertionPoint | undefined, name: string, value: string): Edit | undefined {
  return point ? insertionFor(point, { name, value }) : undefined;
}

/** Set `name` to `value` in the aws-node env: change the entry if present, else add one. */
export function setEdit(text: string, cfg: EffectiveCni, name: string, value: string): Edit | undefined {
  const entry = cfg.env.get(name);
  if (entry) return entry.valueFrom ? undefined : valueEdit(text, entry, value);
  return insertEdit(cfg.source.envInsert, name, value);
}

/** A fix from edits; undefined when any edit is impossible. */
export function fixOf(title: string, edits: Array<Edit | undefined>, preferred = false): Fix | undefined {
  if (edits.length === 0 || edits.some((e) => e === undefined)) return undefined;
  return { title, edits: edits as Edit[], ...(preferred ? { preferred } : {}) };
}

/** The fixes that could be built. */
export function fixes(...list: Array<Fix | undefined>): Fix[] {
  return list.filter((f): f is Fix => f !== undefined);
}

/** Range to underline for an entry's value (its name when it has no value). */
export function valueSpanOf(entry: EnvVar): Span {
  return entry.valueSpan ?? entry.nameSpan;
}

/** `related` pointing at entries that explain a finding. */
export function relatedAt(entries: Array<EnvVar | undefined>, message: (e: EnvVar) => string): Related[] {
  return entries
    .filter((e): e is EnvVar => e !== undefined)
    .map((e) => ({ span: e.nameSpan, message: message(e) }));
}

/** `NAME="value"` as written, for messages. */
export function written(entry: EnvVar): string {
  return `${entry.name}="${entry.value ?? ''}"`;
}
