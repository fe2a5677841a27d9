/**
 * CNI semantics: from the `aws-node` env values to the configuration ipamd actually runs with, exactly as the CNI
 * parses it (Go `strconv.ParseBool` / `strconv.Atoi`, per-variable defaults and fallbacks), which warm-pool targets
 * are in force and which are ignored (and why), and the checks that stop `aws-node` from starting. Pure; never
 * throws. Rules and hovers build on this API; keep it stable.
 *
 * Env map convention: `undefined` = variable not set; `""` = set to the empty string (Go `os.LookupEnv` reports it
 * as set, which matters for some variables).
 *
 * @module
 */
import type { InstanceTypeInfo } from './catalogEntry';
import { cniAtLeast } from './cniVersion';
import { CNI_VERSIONS, type CniNodeConfig } from './eniBudget';
import { goAtoi, goParseBool, goStringLessOrEqual } from './goParse';

/** aws-node env values (`undefined` = not set). */
export type CniEnv = Readonly<Record<string, string | undefined>>;

/** How unset variables are treated. */
export type DefaultsMode =
  /** Unset = the binary's default (a complete DaemonSet manifest where the variable is absent). */
  | 'code'
  /** Unset = the value in the upstream manifest / Helm chart (EKS add-on configuration values merge over it). */
  | 'manifest';

/** Options for {@link parseCniSettings}. */
export interface CniSettingsOptions {
  /** CNI version or image tag; absent = latest behaviour. */
  cniVersion?: string;
  /** Default `'code'`. */
  defaults?: DefaultsMode;
  /** Instance figures, to decide whether prefix delegation can be in force and whether IPv6 can start. */
  instanceType?: InstanceTypeInfo;
}

/** Where a setting's value came from. */
export type SettingOrigin =
  /** Parsed from the env value. */
  | 'env'
  /** Unset: binary default. */
  | 'code-default'
  /** Unset: manifest default was used (defaults = 'manifest'). */
  | 'manifest-default'
  /** Set but not accepted (unparsable, negative, out of range, too old a CNI): default used silently. */
  | 'fallback';

/** One setting as the CNI sees it. */
export interface Setting<T> {
  readonly name: string;
  /** The env value considered (after applying a manifest default), `undefined` if unset. */
  readonly raw: string | undefined;
  /** Value the CNI uses. */
  readonly value: T;
  readonly origin: SettingOrigin;
  /** Why the raw value was not used as written (for `fallback`), or other remark. */
  readonly problem?: string;
}

/**
 * Stable ids of the start-up checks, so that rules and hovers recognise a decision without reading its
 * message or the order of its names.
 */
export type FatalId =
  /** cmd/aws-vpc-cni/main.go validateEnvVars */
  | 'ip-cooldown-invalid'
  | 'plugin-log-file-stdout'
  | 'veth-prefix-too-long'
  | 'veth-prefix-reserved'
  | 'pod-sg-enforcing-mode-invalid'
  | 'prefix-delegation-no-warm-target'
  | 'mtu-out-of-range'
  /** pkg/ipamd/ipamd.go isConfigValid, getNetworkPolicyMode */
  | 'dual-stack'
  | 'no-ip-family'
  | 'ipv6-mode-invalid'
  | 'ipv6-prefix-delegation-unsupported'
  | 'network-policy-mode-invalid';

/** A check that makes `aws-node` exit or ipamd refuse to start. */
export interface FatalProblem {
  readonly id: FatalId;
  /** Variable(s) at fault. */
  readonly names: string[];
  /** The exact message the user sees in logs. */
  readonly message: string;
  /** Upstream location. */
  readonly where: string;
}

/** A warm-pool setting that has no effect, and why. */
export interface IgnoredSetting {
  readonly name: string;
  readonly reason: string;
  /** The variables whose values make it ignored (the mode switch or the targets that take precedence). */
  readonly decidedBy: string[];
  /**
   * Removing it would make aws-node exit: with prefix delegation on, the entrypoint needs one of
   * WARM_PREFIX_TARGET, WARM_IP_TARGET, MINIMUM_IP_TARGET above "0" (e.g. WARM_PREFIX_TARGET in IPv6 mode).
   */
  readonly neededAtStart: boolean;
}

/** Which warm-pool algorithm ipamd runs (domain a.6). */
export type WarmAlgorithm =
  /** WARM_IP_TARGET / MINIMUM_IP_TARGET (non-zero). */
  | 'ip-target'
  /** WARM_PREFIX_TARGET (prefix delegation in force, no IP targets). */
  | 'prefix-target'
  /** WARM_ENI_TARGET (secondary-IP mode, no IP targets). */
  | 'eni-target'
  /** No warm pool: IPv6, or EC2 provisioning disabled. */
  | 'none';

/** The effective configuration. */
export interface CniSettings {
  readonly cniVersion?: string;
  readonly defaults: DefaultsMode;
  readonly warmEniTarget: Setting<number>;
  readonly warmIpTarget: Setting<number>;
  readonly minimumIpTarget: Setting<number>;
  readonly warmPrefixTarget: Setting<number>;
  /** As parsed (`-1` when unset or not an integer); see {@link effectiveMaxEni}. */
  readonly maxEni: Setting<number>;
  readonly ipCooldownPeriod: Setting<number>;
  readonly prefixDelegation: Setting<boolean>;
  readonly ipv4: Setting<boolean>;
  readonly ipv6: Setting<boolean>;
  readonly customNetworking: Setting<boolean>;
  readonly podEni: Setting<boolean>;
  readonly disableNetworkResourceProvisioning: Setting<boolean>;
  readonly imdsOnlyMode: Setting<boolean>;
  readonly subnetDiscovery: Setting<boolean>;
  readonly multiNic: Setting<boolean>;
  readonly manageUntaggedEni: Setting<boolean>;
  readonly manageEnisNonSchedulable: Setting<boolean>;
  readonly podSecurityGroupEnforcingMode: Setting<string>;
  readonly networkPolicyEnforcingMode: Setting<string>;
  /** Prefix delegation actually in force (requested, CNI >= 1.9, and the type supports it when known). */
  readonly prefixDelegationInForce: boolean;
  /** `WARM_IP_TARGET != 0 || MINIMUM_IP_TARGET != 0` (ipamd.go warmIPTargetsDefined). */
  readonly warmIpTargetsDefined: boolean;
  readonly algorithm: WarmAlgorithm;
  /** Warm-pool settings that govern growth and shrink. */
  readonly inForce: string[];
  /** Warm-pool settings that are set but have no effect. */
  readonly ignored: IgnoredSetting[];
  /** Conditions that stop aws-node (container exit 1 / ipamd start failure). */
  readonly fatal: FatalProblem[];
  /** Silent fallbacks and behaviour remarks. */
  readonly notes: string[];
  /** Input for the max-pods and warm-pool functions. */
  readonly nodeConfig: CniNodeConfig;
}

/** Manifest values (aws/amazon-vpc-cni-k8s:config/master/aws-k8s-cni.yaml, charts/aws-vpc-cni/values.yaml v1.23.1). */
export const MANIFEST_DEFAULTS: Readonly<Record<string, string>> = {
  WARM_ENI_TARGET: '1',
  WARM_PREFIX_TARGET: '1',
  ENABLE_PREFIX_DELEGATION: 'false',
  ENABLE_IPv4: 'true',
  ENABLE_IPv6: 'false',
  AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'false',
  ENABLE_POD_ENI: 'false',
  DISABLE_NETWORK_RESOURCE_PROVISIONING: 'false',
  ENABLE_IMDS_ONLY_MODE: 'false',
  ENABLE_SUBNET_DISCOVERY: 'true',
  ENABLE_MULTI_NIC: 'false',
  NETWORK_POLICY_ENFORCING_MODE: 'standard',
};

const ENTRYPOINT = 'aws/amazon-vpc-cni-k8s:cmd/aws-vpc-cni/main.go validateEnvVars';
const IPAMD = 'aws/amazon-vpc-cni-k8s:pkg/ipamd/ipamd.go';

class Reader {
  readonly notes: string[] = [];
  constructor(
    private readonly env: CniEnv,
    private readonly mode: DefaultsMode,
    private readonly version: string | undefined,
  ) {}

  raw(name: string): { raw: string | undefined; fromManifest: boolean } {
    const v = this.env[name];
    if (typeof v === 'string') return { raw: v, fromManifest: false };
    if (this.mode === 'manifest' && MANIFEST_DEFAULTS[name] !== undefined) {
      return { raw: MANIFEST_DEFAULTS[name], fromManifest: true };
    }
    return { raw: undefined, fromManifest: false };
  }

  /** The raw value `name` would have with its env entry removed (the manifest default, or unset). */
  withoutEnv(name: string): string | undefined {
    return this.mode === 'manifest' ? MANIFEST_DEFAULTS[name] : undefined;
  }

  private unset<T>(name: string, def: T): Setting<T> {
    return { name, raw: undefined, value: def, origin: 'code-default' };
  }

  private tooOld<T>(
    name: string,
    def: T,
    since: string | undefined,
    raw: string | undefined,
  ): Setting<T> | undefined {
    if (since && raw !== undefined && !cniAtLeast(this.version, since)) {
      return {
        name,
        raw,
        value: def,
        origin: 'fallback',
        problem: `${name} is read only from CNI v${since}`,
      };
    }
    return undefined;
  }

  /**
   * Boolean via ParseBool. `lookup` = os.LookupEnv reader (utils.GetBoolAsStringEnvVar: "" is set and fails to
   * parse); otherwise os.Getenv reader (ipamd.go parseBoolEnvVar: "" = default).
   */
  bool(name: string, def: boolean, lookup: boolean, since?: string): Setting<boolean> {
    const { raw, fromManifest } = this.raw(name);
    if (raw === undefined) return this.unset(name, def);
    const old = this.tooOld(name, def, since, raw);
    if (old) return old;
    const origin: SettingOrigin = fromManifest ? 'manifest-default' : 'env';
    if (raw === '' && !lookup) return { name, raw, value: def, origin: 'code-default' };
    const v = goParseBool(raw);
    if (v === undefined) {
      // utils/utils.go GetBoolAsStringEnvVar / ipamd.go parseBoolEnvVar: strconv.ParseBool error → default
      return {
        name,
        raw,
        value: def,
        origin: 'fallback',
        problem: `"${raw}" is not a Go boolean (1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False); the CNI logs a parse error and uses ${def}`,
      };
    }
    return { name, raw, value: v, origin };
  }

  /** Warm-pool integer via Atoi: non-integer or negative → `def` (ipamd.go getWarm*Target / getMinimumIPTarget). */
  warmInt(name: string, def: number): Setting<number> {
    const { raw, fromManifest } = this.raw(name);
    if (raw === undefined) return this.unset(name, def);
    const n = goAtoi(raw);
    if (n === undefined || n < 0) {
      return {
        name,
        raw,
        value: def,
        origin: 'fallback',
        problem:
          n === undefined
            ? `"${raw}" is not an integer as Go strconv.Atoi reads it (no spaces, decimals or units); ${def} is used silently`
            : `negative values are ignored; ${def} is used silently`,
      };
    }
    return { name, raw, value: n, origin: fromManifest ? 'manifest-default' : 'env' };
  }

  str(name: string, def: string): Setting<string> {
    const { raw, fromManifest } = this.raw(name);
    if (raw === undefined) return this.unset(name, def);
    return { name, raw, value: raw, origin: fromManifest ? 'manifest-default' : 'env' };
  }
}

/**
 * Effective MAX_ENI for a type (ipamd.go getMaxENI): MAX_ENI when `1 <= MAX_ENI < limit`, else the limit.
 */
export function effectiveMaxEni(maxEni: number | undefined, eniLimit: number): number {
  if (typeof maxEni === 'number' && Number.isInteger(maxEni) && maxEni >= 1 && maxEni < eniLimit)
    return maxEni;
  return eniLimit;
}

/** The settings as read, before the start-up checks and the warm-pool decision. */
type ReadSettings = Pick<
  CniSettings,
  | 'warmEniTarget'
  | 'warmIpTarget'
  | 'minimumIpTarget'
  | 'warmPrefixTarget'
  | 'maxEni'
  | 'ipCooldownPeriod'
  | 'prefixDelegation'
  | 'ipv4'
  | 'ipv6'
  | 'customNetworking'
  | 'podEni'
  | 'disableNetworkResourceProvisioning'
  | 'imdsOnlyMode'
  | 'subnetDiscovery'
  | 'multiNic'
  | 'manageUntaggedEni'
  | 'manageEnisNonSchedulable'
  | 'podSecurityGroupEnforcingMode'
  | 'networkPolicyEnforcingMode'
>;

/** What one step of {@link parseCniSettings} adds to the result's notes and fatal problems. */
interface Findings {
  notes: string[];
  fatal: FatalProblem[];
}

/**
 * Parse aws-node env values into the configuration the CNI runs with: read every setting, run the entrypoint's
 * and ipamd's start-up checks, then decide which warm-pool targets are in force.
 */
export function parseCniSettings(env: CniEnv, opts: CniSettingsOptions = {}): CniSettings {
  const e: CniEnv = typeof env === 'object' && env !== null ? env : {};
  const o = typeof opts === 'object' && opts !== null ? opts : {};
  const version = typeof o.cniVersion === 'string' ? o.cniVersion : undefined;
  const defaults: DefaultsMode = o.defaults === 'manifest' ? 'manifest' : 'code';
  const r = new Reader(e, defaults, version);
  const out: Findings = { notes: [], fatal: [] };

  const s = readSettings(r, version, o.instanceType, out);
  entrypointChecks(r, s, out);
  const pdCapable = ipamdChecks(s, version, o.instanceType, out);
  const warm = warmPool(r, s, pdCapable, o.instanceType, out);

  const nodeConfig: CniNodeConfig = {
    cniVersion: version,
    prefixDelegation: s.prefixDelegation.value,
    customNetworking: s.customNetworking.value,
    securityGroupsForPods: s.podEni.value,
    maxEni: s.maxEni.value,
    ipv6: s.ipv6.value && !s.ipv4.value,
  };

  return {
    cniVersion: version,
    defaults,
    ...s,
    ...warm,
    fatal: out.fatal,
    notes: [...r.notes, ...out.notes],
    nodeConfig,
  };
}

// --- reading the env (ipamd.go, cmd/aws-vpc-cni/main.go, utils/utils.go) ------------------------------------------
function readSettings(
  r: Reader,
  version: string | undefined,
  it: InstanceTypeInfo | undefined,
  out: Findings,
): ReadSettings {
  // ipamd.go getWarmENITarget: default 1; getWarmIPTarget / getMinimumIPTarget / getWarmPrefixTarget: default 0
  const warmEniTarget = r.warmInt('WARM_ENI_TARGET', 1);
  const warmIpTarget = r.warmInt('WARM_IP_TARGET', 0);
  const minimumIpTarget = r.warmInt('MINIMUM_IP_TARGET', 0);
  const warmPrefixTarget = r.warmInt('WARM_PREFIX_TARGET', 0);

  // ipamd.go getMaxENI: Atoi error → -1 (ignored); the instance limit applies unless 1 <= MAX_ENI < limit
  const maxEniRaw = r.raw('MAX_ENI').raw;
  const maxEniParsed = maxEniRaw === undefined ? undefined : goAtoi(maxEniRaw);
  const maxEni: Setting<number> =
    maxEniRaw === undefined
      ? { name: 'MAX_ENI', raw: undefined, value: -1, origin: 'code-default' }
      : maxEniParsed === undefined
        ? {
            name: 'MAX_ENI',
            raw: maxEniRaw,
            value: -1,
            origin: 'fallback',
            problem: `"${maxEniRaw}" is not an integer; MAX_ENI is ignored`,
          }
        : maxEniParsed < 1
          ? {
              name: 'MAX_ENI',
              raw: maxEniRaw,
              value: maxEniParsed,
              origin: 'env',
              problem: 'MAX_ENI below 1 is ignored (instance limit used)',
            }
          : { name: 'MAX_ENI', raw: maxEniRaw, value: maxEniParsed, origin: 'env' };
  if (it && maxEni.value >= it.enis) {
    out.notes.push(
      `MAX_ENI=${maxEni.value} is not below ${it.name}'s limit of ${it.enis} ENIs, so it has no effect.`,
    );
  }

  // cmd/aws-vpc-cni/main.go: IP_COOLDOWN_PERIOD via utils.GetIntFromStringEnvVar (LookupEnv + Atoi), default 30
  const cdRaw = r.raw('IP_COOLDOWN_PERIOD').raw;
  const cdParsed = cdRaw === undefined ? 30 : goAtoi(cdRaw);
  const ipCooldownPeriod: Setting<number> =
    cdRaw === undefined
      ? { name: 'IP_COOLDOWN_PERIOD', raw: undefined, value: 30, origin: 'code-default' }
      : cdParsed === undefined || cdParsed < 0
        ? {
            name: 'IP_COOLDOWN_PERIOD',
            raw: cdRaw,
            value: 30,
            origin: 'fallback',
            problem: 'not a non-negative integer: aws-node exits',
          }
        : { name: 'IP_COOLDOWN_PERIOD', raw: cdRaw, value: cdParsed, origin: 'env' };
  if (ipCooldownPeriod.origin === 'fallback') {
    out.fatal.push({
      id: 'ip-cooldown-invalid',
      names: ['IP_COOLDOWN_PERIOD'],
      message: `IP_COOLDOWN_PERIOD MUST be a valid positive integer. ${cdRaw} is invalid`,
      where: ENTRYPOINT,
    });
  }

  // utils/utils.go GetBoolAsStringEnvVar (LookupEnv + ParseBool) unless noted
  const prefixDelegation = r.bool('ENABLE_PREFIX_DELEGATION', false, true, CNI_VERSIONS.prefixDelegation);
  // Before v1.10.0 the CNI is IPv4-only and reads neither switch (CNI_VERSIONS.ipFamilySwitches).
  const ipFamilySwitches = cniAtLeast(version, CNI_VERSIONS.ipFamilySwitches);
  const ipv4: Setting<boolean> = ipFamilySwitches
    ? r.bool('ENABLE_IPv4', false, true)
    : {
        name: 'ENABLE_IPv4',
        raw: r.raw('ENABLE_IPv4').raw,
        value: true,
        origin: 'code-default',
        problem: `CNI ${version} predates ENABLE_IPv4 (v${CNI_VERSIONS.ipFamilySwitches}) and always runs IPv4`,
      };
  const ipv6 = r.bool('ENABLE_IPv6', false, true, CNI_VERSIONS.ipFamilySwitches);
  // ipamd.go parseBoolEnvVar (os.Getenv): AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG, AWS_MANAGE_ENIS_NON_SCHEDULABLE, ENABLE_SUBNET_DISCOVERY
  const customNetworking = r.bool('AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG', false, false);
  const podEni = r.bool('ENABLE_POD_ENI', false, true);
  const imdsOnlyMode = r.bool('ENABLE_IMDS_ONLY_MODE', false, true, CNI_VERSIONS.imdsOnlyMode);
  let disableNetworkResourceProvisioning = r.bool('DISABLE_NETWORK_RESOURCE_PROVISIONING', false, true);
  if (imdsOnlyMode.value && !disableNetworkResourceProvisioning.value) {
    // ipamd.go enableImdsOnlyMode implies provisioning disabled
    disableNetworkResourceProvisioning = {
      ...disableNetworkResourceProvisioning,
      value: true,
      problem: 'implied by ENABLE_IMDS_ONLY_MODE=true',
    };
  }
  const subnetDiscovery = cniAtLeast(version, CNI_VERSIONS.subnetDiscovery)
    ? r.bool('ENABLE_SUBNET_DISCOVERY', true, false)
    : {
        name: 'ENABLE_SUBNET_DISCOVERY',
        raw: r.raw('ENABLE_SUBNET_DISCOVERY').raw,
        value: false,
        origin: 'fallback' as const,
        problem: `subnet discovery exists from CNI v${CNI_VERSIONS.subnetDiscovery}`,
      };
  const multiNic = r.bool('ENABLE_MULTI_NIC', false, true, CNI_VERSIONS.multiNic);
  const manageUntaggedEni = r.bool('MANAGE_UNTAGGED_ENI', true, true);
  const manageEnisNonSchedulable = r.bool('AWS_MANAGE_ENIS_NON_SCHEDULABLE', false, false);
  const podSecurityGroupEnforcingMode = r.str('POD_SECURITY_GROUP_ENFORCING_MODE', 'strict');
  const networkPolicyEnforcingMode = r.str('NETWORK_POLICY_ENFORCING_MODE', '');

  for (const x of [
    warmEniTarget,
    warmIpTarget,
    minimumIpTarget,
    warmPrefixTarget,
    maxEni,
    prefixDelegation,
    ipv4,
    ipv6,
    customNetworking,
    podEni,
    imdsOnlyMode,
    subnetDiscovery,
    multiNic,
    manageUntaggedEni,
    manageEnisNonSchedulable,
  ]) {
    if (x.origin === 'fallback' && x.problem) out.notes.push(`${x.name}: ${x.problem}.`);
  }

  return {
    warmEniTarget,
    warmIpTarget,
    minimumIpTarget,
    warmPrefixTarget,
    maxEni,
    ipCooldownPeriod,
    prefixDelegation,
    ipv4,
    ipv6,
    customNetworking,
    podEni,
    disableNetworkResourceProvisioning,
    imdsOnlyMode,
    subnetDiscovery,
    multiNic,
    manageUntaggedEni,
    manageEnisNonSchedulable,
    podSecurityGroupEnforcingMode,
    networkPolicyEnforcingMode,
  };
}

/**
 * The entrypoint's prefix-delegation check (cmd/aws-vpc-cni/main.go validateEnvVars) fails. It compares the raw
 * strings with "0" (Go string order), not integers: "", "-1", "0", " 1" count as "not set"; "00", "abc", "1.5"
 * pass although ipamd later reads them as 0. `raw` reads a variable (undefined = unset).
 */
function prefixDelegationStartFails(
  prefixDelegation: boolean,
  raw: (name: string) => string | undefined,
): boolean {
  if (!prefixDelegation) return false;
  const s = (n: string): string => raw(n) ?? '0'; // utils.GetEnv(name, "0")
  return (
    goStringLessOrEqual(s('WARM_IP_TARGET'), '0') &&
    goStringLessOrEqual(s('WARM_PREFIX_TARGET'), '0') &&
    goStringLessOrEqual(s('MINIMUM_IP_TARGET'), '0')
  );
}

// --- entrypoint checks (cmd/aws-vpc-cni/main.go validateEnvVars) -------------------------------------------------
function entrypointChecks(r: Reader, s: ReadSettings, out: Findings): void {
  const logFile = r.raw('AWS_VPC_K8S_PLUGIN_LOG_FILE').raw;
  if (logFile === 'stdout') {
    out.fatal.push({
      id: 'plugin-log-file-stdout',
      names: ['AWS_VPC_K8S_PLUGIN_LOG_FILE'],
      message: 'AWS_VPC_K8S_PLUGIN_LOG_FILE cannot be set to stdout',
      where: ENTRYPOINT,
    });
  }
  const veth = r.raw('AWS_VPC_K8S_CNI_VETHPREFIX').raw;
  if (veth !== undefined && Array.from(new TextEncoder().encode(veth)).length > 4) {
    out.fatal.push({
      id: 'veth-prefix-too-long',
      names: ['AWS_VPC_K8S_CNI_VETHPREFIX'],
      message: 'AWS_VPC_K8S_CNI_VETHPREFIX cannot be longer than 4 characters',
      where: ENTRYPOINT,
    });
  } else if (veth === 'eth' || veth === 'lo' || veth === 'vlan') {
    out.fatal.push({
      id: 'veth-prefix-reserved',
      names: ['AWS_VPC_K8S_CNI_VETHPREFIX'],
      message: "AWS_VPC_K8S_CNI_VETHPREFIX cannot be set to reserved values 'eth', 'vlan', or 'lo'",
      where: ENTRYPOINT,
    });
  }
  if (s.podEni.value) {
    const m = s.podSecurityGroupEnforcingMode.value;
    if (m !== 'strict' && m !== 'standard') {
      out.fatal.push({
        id: 'pod-sg-enforcing-mode-invalid',
        names: ['POD_SECURITY_GROUP_ENFORCING_MODE'],
        message: "POD_SECURITY_GROUP_ENFORCING_MODE must be set to either 'strict' or 'standard'",
        where: ENTRYPOINT,
      });
    }
  }
  if (prefixDelegationStartFails(s.prefixDelegation.value, (n) => r.raw(n).raw)) {
    out.fatal.push({
      id: 'prefix-delegation-no-warm-target',
      names: ['ENABLE_PREFIX_DELEGATION', 'WARM_PREFIX_TARGET', 'WARM_IP_TARGET', 'MINIMUM_IP_TARGET'],
      message:
        'Setting WARM_PREFIX_TARGET = 0 is not supported while WARM_IP_TARGET/MINIMUM_IP_TARGET is not set. Please configure either one of the WARM_{PREFIX/IP}_TARGET or MINIMUM_IP_TARGET env variables',
      where: ENTRYPOINT,
    });
  } else if (
    s.prefixDelegation.value &&
    s.warmIpTarget.value === 0 &&
    s.warmPrefixTarget.value === 0 &&
    s.minimumIpTarget.value === 0
  ) {
    out.notes.push(
      'The prefix-delegation start-up check passes only because it compares strings; ipamd reads every warm target as 0, so the pool grows only when no address is free.',
    );
  }
  // MTU (cmd/aws-vpc-cni/main.go validateMTU): IPv4 576-9001, IPv6 1280-9001
  const minMtu = s.ipv6.value ? 1280 : 576;
  for (const n of ['AWS_VPC_ENI_MTU', 'POD_MTU']) {
    const raw = r.raw(n).raw;
    if (raw === undefined) continue;
    const v = goAtoi(raw);
    if (v === undefined || v < minMtu || v > 9001) {
      out.fatal.push({
        id: 'mtu-out-of-range',
        names: [n],
        message: `${n} must be an integer from ${minMtu} to 9001 (got "${raw}")`,
        where: ENTRYPOINT,
      });
    }
  }
}

// --- ipamd configuration checks (ipamd.go isConfigValid, getNetworkPolicyMode) -----------------------------------
/** Returns whether prefix delegation can be in force on the instance type (true when the type is not known). */
function ipamdChecks(
  s: ReadSettings,
  version: string | undefined,
  it: InstanceTypeInfo | undefined,
  out: Findings,
): boolean {
  const { ipv4, ipv6 } = s;
  if (ipv4.value && ipv6.value) {
    out.fatal.push({
      id: 'dual-stack',
      names: ['ENABLE_IPv4', 'ENABLE_IPv6'],
      message: "IPv4 and IPv6 are both enabled. VPC CNI currently doesn't support dual stack mode",
      where: `${IPAMD} isConfigValid`,
    });
  } else if (!ipv4.value && !ipv6.value) {
    out.fatal.push({
      id: 'no-ip-family',
      names: ['ENABLE_IPv4', 'ENABLE_IPv6'],
      message: 'IPv4 and IPv6 are both disabled. One of them have to be enabled',
      where: `${IPAMD} isConfigValid`,
    });
  }
  if (ipv6.value && (!s.prefixDelegation.value || s.customNetworking.value)) {
    out.fatal.push({
      id: 'ipv6-mode-invalid',
      names: ['ENABLE_IPv6', 'ENABLE_PREFIX_DELEGATION', 'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG'],
      message:
        'IPv6 is supported only in Prefix Delegation mode. Custom Networking is not supported in IPv6 mode. Please set the env variables accordingly.',
      where: `${IPAMD} isConfigValid`,
    });
  }
  // aws/amazon-vpc-cni-k8s:pkg/awsutils/awsutils.go IsPrefixDelegationSupported (bare metal from v1.11)
  const pdCapable =
    it === undefined ||
    it.hypervisor === 'nitro' ||
    (it.bareMetal && cniAtLeast(version, CNI_VERSIONS.prefixDelegationBareMetal));
  if (ipv6.value && !pdCapable && it) {
    out.fatal.push({
      id: 'ipv6-prefix-delegation-unsupported',
      names: ['ENABLE_IPv6'],
      message: `Prefix Delegation is not supported on non-nitro instance ${it.name}. IPv6 is only supported in Prefix delegation Mode.`,
      where: `${IPAMD} isConfigValid`,
    });
  }
  const np = s.networkPolicyEnforcingMode;
  if (np.raw !== undefined && !['none', 'strict', 'standard'].includes(np.value.toLowerCase())) {
    out.fatal.push({
      id: 'network-policy-mode-invalid',
      names: ['NETWORK_POLICY_ENFORCING_MODE'],
      message: 'invalid Network policy mode, supported modes: none, strict, standard',
      where: `${IPAMD} getNetworkPolicyMode`,
    });
  }
  return pdCapable;
}

// --- which warm targets are in force (domain a.6) ----------------------------------------------------------------
function warmPool(
  r: Reader,
  s: ReadSettings,
  pdCapable: boolean,
  it: InstanceTypeInfo | undefined,
  out: Findings,
): Pick<
  CniSettings,
  'prefixDelegationInForce' | 'warmIpTargetsDefined' | 'algorithm' | 'inForce' | 'ignored'
> {
  const { warmEniTarget, warmIpTarget, minimumIpTarget, warmPrefixTarget, prefixDelegation, ipv6 } = s;
  const prefixDelegationInForce = prefixDelegation.value && !ipv6.value && pdCapable;
  if (prefixDelegation.value && !ipv6.value && !pdCapable && it) {
    out.notes.push(
      `Prefix delegation is not supported on non-nitro instance ${it.name}: ipamd falls back to secondary-IP mode silently.`,
    );
  }
  // ipamd.go warmIPTargetsDefined
  const warmIpTargetsDefined = warmIpTarget.value !== 0 || minimumIpTarget.value !== 0;
  const inForce: string[] = [];
  const ignored: IgnoredSetting[] = [];
  const isSet = (x: Setting<number>): boolean => x.raw !== undefined;
  const startsNow = !prefixDelegationStartFails(prefixDelegation.value, (n) => r.raw(n).raw);
  const ignore = (name: string, reason: string, decidedBy: string[]): void => {
    // Removing the entry would trip the entrypoint's prefix-delegation check, which passes now.
    const neededAtStart =
      startsNow &&
      prefixDelegationStartFails(prefixDelegation.value, (n) =>
        n === name ? r.withoutEnv(n) : r.raw(n).raw,
      );
    ignored.push({ name, reason, decidedBy, neededAtStart });
  };
  let algorithm: WarmAlgorithm;
  const allWarm = [warmEniTarget, warmIpTarget, minimumIpTarget, warmPrefixTarget];
  if (ipv6.value) {
    algorithm = 'none';
    // ipamd.go StartNodeIPPoolManager returns early in IPv6 mode
    for (const x of allWarm) if (isSet(x)) ignore(x.name, 'IPv6 mode has no warm pool', ['ENABLE_IPv6']);
  } else if (s.disableNetworkResourceProvisioning.value) {
    algorithm = 'none';
    const by = ['DISABLE_NETWORK_RESOURCE_PROVISIONING', 'ENABLE_IMDS_ONLY_MODE'];
    for (const x of allWarm) {
      if (isSet(x))
        ignore(
          x.name,
          'ipamd makes no EC2 calls (DISABLE_NETWORK_RESOURCE_PROVISIONING / ENABLE_IMDS_ONLY_MODE)',
          by,
        );
    }
  } else if (warmIpTargetsDefined) {
    algorithm = 'ip-target';
    if (warmIpTarget.value !== 0) inForce.push('WARM_IP_TARGET');
    if (minimumIpTarget.value !== 0) inForce.push('MINIMUM_IP_TARGET');
    // ipamd.go getPrefixesNeeded / shouldRemoveExtraENIs: WARM_IP_TARGET takes precedence
    const reason = 'WARM_IP_TARGET or MINIMUM_IP_TARGET is set and takes precedence';
    if (isSet(warmEniTarget)) ignore('WARM_ENI_TARGET', reason, [...inForce]);
    if (isSet(warmPrefixTarget)) ignore('WARM_PREFIX_TARGET', reason, [...inForce]);
    if (warmIpTarget.value === 0 && minimumIpTarget.value > 0) {
      // ipamd.go datastoreTargetState: short = max(0 - avail, 0) ∨ (m - total): no growth beyond m (issue #3685)
      out.notes.push(
        `MINIMUM_IP_TARGET=${minimumIpTarget.value} without WARM_IP_TARGET: the pool grows only to ${minimumIpTarget.value} addresses${prefixDelegationInForce ? ` (${Math.ceil(minimumIpTarget.value / 16)} prefixes)` : ''} and never beyond, so pods above that fail to get an IP.`,
      );
    }
  } else if (prefixDelegationInForce) {
    algorithm = 'prefix-target';
    inForce.push('WARM_PREFIX_TARGET');
    if (isSet(warmEniTarget))
      ignore('WARM_ENI_TARGET', 'prefix delegation uses WARM_PREFIX_TARGET instead', [
        'ENABLE_PREFIX_DELEGATION',
      ]);
  } else {
    algorithm = 'eni-target';
    inForce.push('WARM_ENI_TARGET');
    if (isSet(warmPrefixTarget)) {
      ignore(
        'WARM_PREFIX_TARGET',
        prefixDelegation.value
          ? 'prefix delegation is not in force on this instance'
          : 'prefix delegation is off',
        ['ENABLE_PREFIX_DELEGATION'],
      );
    }
    if (warmEniTarget.value === 0) {
      // ipamd.go isDatastorePoolTooLow: warmTarget == 0 && available == 0
      out.notes.push(
        'WARM_ENI_TARGET=0: the pool grows only when no address is free, and a pod-less newest ENI is freed after a minute and re-attached (churn, issues #1451, #1775).',
      );
    }
  }
  if (s.multiNic.value)
    out.notes.push(
      'ENABLE_MULTI_NIC: cards > 0 use WARM_IP_TARGET=1 / MINIMUM_IP_TARGET=1 regardless of env.',
    );
  return { prefixDelegationInForce, warmIpTargetsDefined, algorithm, inForce, ignored };
}
