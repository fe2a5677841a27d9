/** Every rule, in the order their findings are reported. One file per rule, named by its code. */
import type { Rule } from '../types';
import { rule as unknownEnvVar } from './unknown-env-var';
import { rule as invalidEnvValueType } from './invalid-env-value-type';
import { rule as invalidBoolean } from './invalid-boolean';
import { rule as invalidInteger } from './invalid-integer';
import { rule as invalidEnumValue } from './invalid-enum-value';
import { rule as ipFamilyInvalid } from './ip-family-invalid';
import { rule as prefixDelegationNeedsWarmTarget } from './prefix-delegation-needs-warm-target';
import { rule as ignoredWarmTarget } from './ignored-warm-target';
import { rule as minimumIpTargetCapsPool } from './minimum-ip-target-caps-pool';
import { rule as warmEniTargetZero } from './warm-eni-target-zero';
import { rule as warmIpTargetWithPrefixDelegation } from './warm-ip-target-with-prefix-delegation';
import { rule as cniVersionTooOld } from './cni-version-too-old';
import { rule as deprecatedEnvVar } from './deprecated-env-var';
// Capacity rules (instance types, max-pods, warm pools)
import { rule as unknownInstanceType } from './unknown-instance-type';
import { rule as prefixDelegationUnsupportedInstance } from './prefix-delegation-unsupported-instance';
import { rule as maxPodsExceedsIpCapacity } from './max-pods-exceeds-ip-capacity';
import { rule as maxPodsBelowCapacity } from './max-pods-below-capacity';
import { rule as useMaxPodsMissing } from './use-max-pods-missing';
import { rule as mixedInstanceTypesMaxPods } from './mixed-instance-types-max-pods';
import { rule as securityGroupsForPodsUnsupportedInstance } from './security-groups-for-pods-unsupported-instance';
import { rule as warmTargetExceedsCapacity } from './warm-target-exceeds-capacity';
import { rule as toolMaxPodsUnaware } from './tool-max-pods-unaware';
import { rule as bootstrapShOnAl2023 } from './bootstrap-sh-on-al2023';
import { rule as warmPoolExhaustsSubnet } from './warm-pool-exhausts-subnet';
import { rule as autoModeCniSettingsIgnored } from './auto-mode-cni-settings-ignored';
import { rule as ambiguousCluster } from './ambiguous-cluster';
// Live-cluster rules (exports of kubectl and the AWS CLI)
import { rule as liveMaxPodsExceedsIpCapacity } from './live-max-pods-exceeds-ip-capacity';
import { rule as liveMaxPodsBelowCapacity } from './live-max-pods-below-capacity';
import { rule as livePodsWaitingForIp } from './live-pods-waiting-for-ip';
import { rule as liveSubnetFreeBelowWarmPools } from './live-subnet-free-below-warm-pools';
import { rule as liveSubnetPrefixFragmented } from './live-subnet-prefix-fragmented';

export const allRules: Rule[] = [
  unknownEnvVar,
  invalidEnvValueType,
  invalidBoolean,
  invalidInteger,
  invalidEnumValue,
  ipFamilyInvalid,
  prefixDelegationNeedsWarmTarget,
  ignoredWarmTarget,
  minimumIpTargetCapsPool,
  warmEniTargetZero,
  warmIpTargetWithPrefixDelegation,
  cniVersionTooOld,
  deprecatedEnvVar,
  unknownInstanceType,
  prefixDelegationUnsupportedInstance,
  maxPodsExceedsIpCapacity,
  maxPodsBelowCapacity,
  useMaxPodsMissing,
  mixedInstanceTypesMaxPods,
  securityGroupsForPodsUnsupportedInstance,
  warmTargetExceedsCapacity,
  toolMaxPodsUnaware,
  bootstrapShOnAl2023,
  warmPoolExhaustsSubnet,
  autoModeCniSettingsIgnored,
  ambiguousCluster,
  liveMaxPodsExceedsIpCapacity,
  liveMaxPodsBelowCapacity,
  livePodsWaitingForIp,
  liveSubnetFreeBelowWarmPools,
  liveSubnetPrefixFragmented,
];

export function ruleByCode(code: string): Rule | undefined {
  return allRules.find((r) => r.code === code);
}
