/**
 * Public API of the allocation engine (pure: plain data in, plain data + explanation out; never throws on bad
 * input). Import from here, not from the individual modules.
 *
 * - Catalog: {@link defaultCatalog}, {@link withOverrides}, {@link Catalog}.
 * - Max pods per tool: {@link cniCapacity}, {@link calculatorMaxPods}, {@link al2BootstrapMaxPods},
 *   {@link nodeadmMaxPods}, {@link karpenterMaxPods}, {@link bottlerocketMaxPods}, {@link managedNodeGroupMaxPods},
 *   {@link autoModeMaxPods}, {@link allMaxPods}; what a node ends up with (precedence of explicit settings,
 *   podsPerCore): {@link nodeMaxPods}; the one recommended value: {@link recommendedMaxPods}.
 * - Explanations: {@link explanationToMarkdown}, {@link explanationToText}.
 * - Versions: {@link compareCniVersion}, {@link parseCniVersion}, {@link cniAtLeast}.
 *
 * @module
 */
export type { Catalog, OverrideResult, ResolveResult } from './catalog';
export { catalogFromFile, defaultCatalog, entryProblems, withOverrides } from './catalog';
export type { CompactEntry, EntryOrigin, Hypervisor, InstanceTypeInfo, ObjectEntry } from './catalogEntry';
export { CATALOG_FIELDS, decodeEntry, encodeEntry, entryToObject, isPlausibleTypeName } from './catalogEntry';
export type { CatalogFile, ParsedCatalogFile } from './catalogFile';
export { CATALOG_FORMAT, compareTypeNames, parseCatalogFile, serializeCatalogFile } from './catalogFile';
export type { CelIntResult } from './celEval';
export { evalCelInt } from './celEval';
export type { CniVersion } from './cniVersion';
export { cniAtLeast, compareCniVersion, LATEST_KNOWN_CNI_VERSION, parseCniVersion } from './cniVersion';
export type { CniNodeConfig, EniBudget, IpMode } from './eniBudget';
export { CNI_VERSIONS, computeEniBudget, IPS_PER_PREFIX } from './eniBudget';
export type { Explanation, ExplanationStep } from './explain';
export { ExplanationBuilder, explanationToMarkdown, explanationToText } from './explain';
export { cut, MAX_SHOWN, shown } from './shorten';
export type {
  FragmentationResult,
  Ipv4Cidr,
  NextPrefixDecision,
  ReservationSuggestion,
  SubnetUsage,
} from './fragmentation';
export {
  formatIpv4,
  formatIpv4Cidr,
  nextPrefix,
  parseIpv4,
  parseIpv4Cidr,
  PREFIX_ADDRESSES,
  subnetFragmentation,
  suggestReservation,
  usageFromStrings,
} from './fragmentation';
export type {
  Al2BootstrapOptions,
  AllToolsOptions,
  AutoModeOptions,
  AutoModeResult,
  BottlerocketOptions,
  CalculatorOptions,
  CniCapacityResult,
  KarpenterAmiFamily,
  KarpenterOptions,
  ManagedNodeGroupOptions,
  MaxPodsResult,
  MaxPodsTool,
  NodeadmOptions,
  RecommendedMaxPodsResult,
} from './maxPods';
export {
  al2BootstrapMaxPods,
  allMaxPods,
  autoModeMaxPods,
  bottlerocketMaxPods,
  calculatorCap,
  calculatorMaxPods,
  calculatorOptionsFor,
  cniCapacity,
  cniHonoursMaxPodsCeiling,
  karpenterMaxPods,
  KUBELET_DEFAULT_MAX_PODS,
  kubeReservedMemoryMi,
  managedNodeGroupMaxPods,
  nodeadmMaxPods,
  recommendedMaxPods,
  tableMaxPods,
} from './maxPods';
export { decidingMaxPods, nodeMaxPods } from './nodeMaxPods';
export type { ExplicitMaxPods, MaxPodsOrigin, NodeMaxPodsInput, NodeMaxPodsResult } from './nodeMaxPods';
export { editDistance, suggestNames } from './suggest';
export type {
  CniEnv,
  CniSettings,
  CniSettingsOptions,
  DefaultsMode,
  FatalId,
  FatalProblem,
  IgnoredSetting,
  Setting,
  SettingOrigin,
  WarmAlgorithm,
} from './cniSettings';
export { effectiveMaxEni, MANIFEST_DEFAULTS, parseCniSettings } from './cniSettings';
export { goAtoi, goParseBool, goStringLessOrEqual } from './goParse';
export type { ToolTableEntry, ToolTableRelease } from './bottlerocketTable';
export { BOTTLEROCKET_LATEST, BOTTLEROCKET_TABLE, bottlerocketTableEntry } from './bottlerocketTable';
export type {
  Cidr,
  Ec2Calls,
  Eni,
  IncreaseAction,
  IpamdParams,
  IpStats,
  IterationResult,
  NodeState,
  PodSlot,
  TargetState,
} from './ipamd';
export {
  datastoreTargetState,
  decideIncrease,
  getDeletableEni,
  getStats,
  hasRoomForEni,
  initialState,
  isDatastorePoolTooHigh,
  isDatastorePoolTooLow,
  poolIteration,
  shouldRemoveExtraEnis,
} from './ipamd';
export type { EniSummary, NodeModel, NodeSpec, SteadyStateInput, SteadyStateResult } from './warmPool';
export {
  growthCheck,
  HOST_NETWORK_PODS,
  IPAMD_TIMING,
  resolveNodeModel,
  STEADY_STATE_SCOPE,
  steadyState,
} from './warmPool';
export type {
  NodeSimSummary,
  PodEvent,
  PodRecord,
  SeriesPoint,
  SimulationInput,
  SimulationParams,
  SimulationResult,
  WaitStats,
} from './simulate';
export { burstEvents, simulate } from './simulate';
export type { WindowsCapacityResult } from './windows';
export { windowsPodAddresses } from './windows';
export type { KarpenterLabelsFile, NodeTraits } from './karpenterLabels';
export {
  hasLabelData,
  KARPENTER_LABELS_FORMAT,
  karpenterLabelsSource,
  LABEL_DATA_KEYS,
  LABEL_INSTANCE_TYPE,
  nameLabels,
  typeLabelValues,
} from './karpenterLabels';
export type { KarpenterSelection, PlainRequirement } from './karpenterRequirements';
export { expandKarpenterRequirements, normalizeLabelKey } from './karpenterRequirements';
