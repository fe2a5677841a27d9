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

/** A check that makes `aws-node` exit or ipamd refuse to start. */
export interface FatalProblem {
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

/**
 * Parse aws-node env values into the configuration the CNI runs with.
 */
export function parseCniSettings(env: CniEnv, opts: CniSettingsOptions = {}): CniSettings {
  const e: CniEnv = typeof env === 'object' && env !== null ? env : {};
  const o = typeof opts === 'object' && opts !== null ? opts : {};
  const version = typeof o.cniVersion === 'string' ? o.cniVersion : undefined;
  const defaults: DefaultsMode = o.defaults === 'manifest' ? 'manifest' : 'code';
  const r = new Reader(e, defaults, version);
  const notes: string[] = [];
  const fatal: FatalProblem[] = [];

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
  if (o.instanceType && maxEni.value >= o.instanceType.enis) {
    notes.push(
      `MAX_ENI=${maxEni.value} is not below ${o.instanceType.name}'s limit of ${o.instanceType.enis} ENIs, so it has no effect.`,
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
    fatal.push({
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

  for (const s of [
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
    if (s.origin === 'fallback' && s.problem) notes.push(`${s.name}: ${s.problem}.`);
  }

  // --- entrypoint checks (cmd/aws-vpc-cni/main.go validateEnvVars) -------------------------------------------
  const logFile = r.raw('AWS_VPC_K8S_PLUGIN_LOG_FILE').raw;
  if (logFile === 'stdout') {
    fatal.push({
      names: ['AWS_VPC_K8S_PLUGIN_LOG_FILE'],
      message: 'AWS_VPC_K8S_PLUGIN_LOG_FILE cannot be set to stdout',
      where: ENTRYPOINT,
    });
  }
  const veth = r.raw('AWS_VPC_K8S_CNI_VETHPREFIX').raw;
  if (veth !== undefined && Array.from(new TextEncoder().encode(veth)).length > 4) {
    fatal.push({
      names: ['AWS_VPC_K8S_CNI_VETHPREFIX'],
      message: 'AWS_VPC_K8S_CNI_VETHPREFIX cannot be longer than 4 characters',
      where: ENTRYPOINT,
    });
  } else if (veth === 'eth' || veth === 'lo' || veth === 'vlan') {
    fatal.push({
      names: ['AWS_VPC_K8S_CNI_VETHPREFIX'],
      message: "AWS_VPC_K8S_CNI_VETHPREFIX cannot be set to reserved values 'eth', 'vlan', or 'lo'",
      where: ENTRYPOINT,
    });
  }
  if (podEni.value) {
    const m = podSecurityGroupEnforcingMode.value;
    if (m !== 'strict' && m !== 'standard') {
      fatal.push({
        names: ['POD_SECURITY_GROUP_ENFORCING_MODE'],
        message: "POD_SECURITY_GROUP_ENFORCING_MODE must be set to either 'strict' or 'standard'",
        where: ENTRYPOINT,
      });
    }
  }
  // The PD check compares the raw strings with "0" (Go string order), not integers: "", "-1", "0", " 1" count as
  // "not set"; "00", "abc", "1.5" pass although ipamd later reads them as 0.
  if (prefixDelegation.value) {
    const s = (n: string): string => r.raw(n).raw ?? '0'; // utils.GetEnv(name, "0")
    const wi = s('WARM_IP_TARGET');
    const wp = s('WARM_PREFIX_TARGET');
    const mi = s('MINIMUM_IP_TARGET');
    if (goStringLessOrEqual(wi, '0') && goStringLessOrEqual(wp, '0') && goStringLessOrEqual(mi, '0')) {
      fatal.push({
        names: ['ENABLE_PREFIX_DELEGATION', 'WARM_PREFIX_TARGET', 'WARM_IP_TARGET', 'MINIMUM_IP_TARGET'],
        message:
          'Setting WARM_PREFIX_TARGET = 0 is not supported while WARM_IP_TARGET/MINIMUM_IP_TARGET is not set. Please configure either one of the WARM_{PREFIX/IP}_TARGET or MINIMUM_IP_TARGET env variables',
        where: ENTRYPOINT,
      });
    } else if (warmIpTarget.value === 0 && warmPrefixTarget.value === 0 && minimumIpTarget.value === 0) {
      notes.push(
        'The prefix-delegation start-up check passes only because it compares strings; ipamd reads every warm target as 0, so the pool grows only when no address is free.',
      );
    }
  }
  // MTU (cmd/aws-vpc-cni/main.go validateMTU): IPv4 576-9001, IPv6 1280-9001
  const minMtu = ipv6.value ? 1280 : 576;
  for (const n of ['AWS_VPC_ENI_MTU', 'POD_MTU']) {
    const raw = r.raw(n).raw;
    if (raw === undefined) continue;
    const v = goAtoi(raw);
    if (v === undefined || v < minMtu || v > 9001) {
      fatal.push({
        names: [n],
        message: `${n} must be an integer from ${minMtu} to 9001 (got "${raw}")`,
        where: ENTRYPOINT,
      });
    }
  }

  // --- ipamd configuration checks (ipamd.go isConfigValid, getNetworkPolicyMode) -------------------------------
  if (ipv4.value && ipv6.value) {
    fatal.push({
      names: ['ENABLE_IPv4', 'ENABLE_IPv6'],
      message: "IPv4 and IPv6 are both enabled. VPC CNI currently doesn't support dual stack mode",
      where: `${IPAMD} isConfigValid`,
    });
  } else if (!ipv4.value && !ipv6.value) {
    fatal.push({
      names: ['ENABLE_IPv4', 'ENABLE_IPv6'],
      message: 'IPv4 and IPv6 are both disabled. One of them have to be enabled',
      where: `${IPAMD} isConfigValid`,
    });
  }
  if (ipv6.value && (!prefixDelegation.value || customNetworking.value)) {
    fatal.push({
      names: ['ENABLE_IPv6', 'ENABLE_PREFIX_DELEGATION', 'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG'],
      message:
        'IPv6 is supported only in Prefix Delegation mode. Custom Networking is not supported in IPv6 mode. Please set the env variables accordingly.',
      where: `${IPAMD} isConfigValid`,
    });
  }
  const it = o.instanceType;
  // aws/amazon-vpc-cni-k8s:pkg/awsutils/awsutils.go IsPrefixDelegationSupported (bare metal from v1.11)
  const pdCapable =
    it === undefined ||
    it.hypervisor === 'nitro' ||
    (it.bareMetal && cniAtLeast(version, CNI_VERSIONS.prefixDelegationBareMetal));
  if (ipv6.value && !pdCapable && it) {
    fatal.push({
      names: ['ENABLE_IPv6'],
      message: `Prefix Delegation is not supported on non-nitro instance ${it.name}. IPv6 is only supported in Prefix delegation Mode.`,
      where: `${IPAMD} isConfigValid`,
    });
  }
  const np = networkPolicyEnforcingMode.value;
  if (
    networkPolicyEnforcingMode.raw !== undefined &&
    !['none', 'strict', 'standard'].includes(np.toLowerCase())
  ) {
    fatal.push({
      names: ['NETWORK_POLICY_ENFORCING_MODE'],
      message: 'invalid Network policy mode, supported modes: none, strict, standard',
      where: `${IPAMD} getNetworkPolicyMode`,
    });
  }

  // --- which warm targets are in force (domain a.6) ------------------------------------------------------------
  const prefixDelegationInForce = prefixDelegation.value && !ipv6.value && pdCapable;
  if (prefixDelegation.value && !ipv6.value && !pdCapable && it) {
    notes.push(
      `Prefix delegation is not supported on non-nitro instance ${it.name}: ipamd falls back to secondary-IP mode silently.`,
    );
  }
  // ipamd.go warmIPTargetsDefined
  const warmIpTargetsDefined = warmIpTarget.value !== 0 || minimumIpTarget.value !== 0;
  const inForce: string[] = [];
  const ignored: IgnoredSetting[] = [];
  const isSet = (s: Setting<number>): boolean => s.raw !== undefined;
  let algorithm: WarmAlgorithm;
  const allWarm = [warmEniTarget, warmIpTarget, minimumIpTarget, warmPrefixTarget];
  if (ipv6.value) {
    algorithm = 'none';
    // ipamd.go StartNodeIPPoolManager returns early in IPv6 mode
    for (const s of allWarm)
      if (isSet(s)) ignored.push({ name: s.name, reason: 'IPv6 mode has no warm pool' });
  } else if (disableNetworkResourceProvisioning.value) {
    algorithm = 'none';
    for (const s of allWarm) {
      if (isSet(s)) {
        ignored.push({
          name: s.name,
          reason: 'ipamd makes no EC2 calls (DISABLE_NETWORK_RESOURCE_PROVISIONING / ENABLE_IMDS_ONLY_MODE)',
        });
      }
    }
  } else if (warmIpTargetsDefined) {
    algorithm = 'ip-target';
    if (warmIpTarget.value !== 0) inForce.push('WARM_IP_TARGET');
    if (minimumIpTarget.value !== 0) inForce.push('MINIMUM_IP_TARGET');
    // ipamd.go getPrefixesNeeded / shouldRemoveExtraENIs: WARM_IP_TARGET takes precedence
    if (isSet(warmEniTarget)) {
      ignored.push({
        name: 'WARM_ENI_TARGET',
        reason: 'WARM_IP_TARGET or MINIMUM_IP_TARGET is set and takes precedence',
      });
    }
    if (isSet(warmPrefixTarget)) {
      ignored.push({
        name: 'WARM_PREFIX_TARGET',
        reason: 'WARM_IP_TARGET or MINIMUM_IP_TARGET is set and takes precedence',
      });
    }
    if (warmIpTarget.value === 0 && minimumIpTarget.value > 0) {
      // ipamd.go datastoreTargetState: short = max(0 - avail, 0) ∨ (m - total): no growth beyond m (issue #3685)
      notes.push(
        `MINIMUM_IP_TARGET=${minimumIpTarget.value} without WARM_IP_TARGET: the pool grows only to ${minimumIpTarget.value} addresses${prefixDelegationInForce ? ` (${Math.ceil(minimumIpTarget.value / 16)} prefixes)` : ''} and never beyond, so pods above that fail to get an IP.`,
      );
    }
  } else if (prefixDelegationInForce) {
    algorithm = 'prefix-target';
    inForce.push('WARM_PREFIX_TARGET');
    if (isSet(warmEniTarget)) {
      ignored.push({ name: 'WARM_ENI_TARGET', reason: 'prefix delegation uses WARM_PREFIX_TARGET instead' });
    }
  } else {
    algorithm = 'eni-target';
    inForce.push('WARM_ENI_TARGET');
    if (isSet(warmPrefixTarget)) {
      ignored.push({
        name: 'WARM_PREFIX_TARGET',
        reason: prefixDelegation.value
          ? 'prefix delegation is not in force on this instance'
          : 'prefix delegation is off',
      });
    }
    if (warmEniTarget.value === 0) {
      // ipamd.go isDatastorePoolTooLow: warmTarget == 0 && available == 0
      notes.push(
        'WARM_ENI_TARGET=0: the pool grows only when no address is free, and a pod-less newest ENI is freed after a minute and re-attached (churn, issues #1451, #1775).',
      );
    }
  }
  if (multiNic.value)
    notes.push('ENABLE_MULTI_NIC: cards > 0 use WARM_IP_TARGET=1 / MINIMUM_IP_TARGET=1 regardless of env.');

  const nodeConfig: CniNodeConfig = {
    cniVersion: version,
    prefixDelegation: prefixDelegation.value,
    customNetworking: customNetworking.value,
    securityGroupsForPods: podEni.value,
    maxEni: maxEni.value,
    ipv6: ipv6.value && !ipv4.value,
  };

  return {
    cniVersion: version,
    defaults,
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
    prefixDelegationInForce,
    warmIpTargetsDefined,
    algorithm,
    inForce,
    ignored,
    fatal,
    notes: [...r.notes, ...notes],
    nodeConfig,
  };
}
