/**
 * The analysis layer's entry point: located models + engine → findings.
 * A rule that throws is caught and reported through `onRuleError`; the other rules still run.
 */
export * from './types';
export { allRules, ruleByCode } from './rules';
export { suppressionFixes } from './suppressions';
export { buildWorkspaceContext } from './workspace';
export { analyze, type AnalyzeOptions } from './analyze';
export {
  buildClusterModel,
  clusterLabel,
  namedCluster,
  type ClusterInfo,
  type ClusterModel,
  type ClusterOptions,
  type DocumentGroup,
  type ConfigCluster,
  type Membership,
} from './clusters';
export { analyzeInClusters, contextAt, contextsRead, runsOf, type DocumentContext } from './clustered';
export { hover } from './hover';
export { complete } from './completion';
export { inlayHints } from './inlayHints';
export type { HoverResult, CompletionEntry, InlayHintEntry } from './features';
export { applyCatalogOverrides, type CatalogOverrides } from './catalogOverrides';
export {
  allocationInputs,
  allocationTargetAt,
  allocationTargets,
  checkWhatIf,
  nodeSpecOf,
  whatIfEdits,
  type AllocationInputs,
  type AllocationTargetInfo,
  type SubnetFact,
} from './allocation';
export { nodeLabel } from './scope';
