/**
 * Located models: what the syntax layer hands to the analysis layer.
 *
 * Every value a rule looks at keeps its source range (`Span`, UTF-16 offsets into the
 * document text, end exclusive), so diagnostics underline exactly that value and quick fixes
 * edit exactly it. A model says *what* is configured, not *which file format* it came from:
 * an `ENABLE_PREFIX_DELEGATION` from a DaemonSet, Helm values or add-on JSON is the same
 * `EnvVar` with a different span.
 *
 * Values that sit inside an encoded carrier (a YAML double-quoted string holding JSON, a
 * base64 blob) carry an `embed` describing the encoding, so that `replacementFor()` in
 * `edits.ts` can produce a correct edit, or refuse when no safe edit exists.
 */

import type { ExportModel } from './exports/model';
import type { MaxPodsOrigin } from '../engine';

/** A half-open range `[start, end)` of UTF-16 code-unit offsets into the document text. */
export interface Span {
  start: number;
  end: number;
}

/**
 * How a located value is carried in the document text.
 * - `plain`: the span holds the value's own source text (possibly quoted in its own syntax).
 * - `json-in-yaml-double-quoted`: the value is inside a YAML double-quoted scalar whose content
 *   is the embedded document; new text must be escaped for a YAML double-quoted string.
 * - `base64`: the value is inside base64-encoded content; the span covers the whole encoded
 *   blob and no in-place edit is possible.
 * - `opaque`: the value is inside a carrier that cannot be mapped character by character or
 *   edited safely (e.g. JSON in a YAML string inside another escaped string); the span covers
 *   the carrier and no in-place edit is possible.
 * - `hcl`: the span holds an HCL expression of a `.tf` file (an attribute's or object item's value,
 *   a key); new values are written as HCL literals (`hcl/edit.ts`), new lines aligned as
 *   `terraform fmt` aligns them.
 * - `hcl-quoted`: the value is inside the content of an HCL quoted string (`"..."`); new text is
 *   escaped for it (`\\`, `\"`, `\n`, `$${`, `%%{`).
 * - `hcl-heredoc`: the value is inside a heredoc's content; new text has `${` and `%{` escaped, and
 *   inserted lines get the heredoc's indentation.
 */
export type Embedding =
  | 'plain'
  | 'yaml-double-quoted'
  | 'yaml-single-quoted'
  | 'base64'
  | 'opaque'
  | 'hcl'
  | 'hcl-quoted'
  | 'hcl-heredoc';

export interface Located<T> {
  value: T;
  span: Span;
  /** Defaults to `plain`. */
  embed?: Embedding;
}

export type ProblemSeverity = 'error' | 'warning' | 'information' | 'hint';

/** A problem found while reading text (malformed YAML, MIME, base64, TOML, oversized file...). */
export interface SyntaxProblem {
  /** `yaml-syntax`, `invalid-user-data` or `file-too-large`. */
  code: string;
  severity: ProblemSeverity;
  message: string;
  span: Span;
}

/** Where a new entry can be inserted, with the exact text to insert (`${value}` placeholders). */
export interface InsertionPoint {
  offset: number;
  /**
   * Text to insert at `offset`. `${name}` and `${value}` are replaced by the caller with the
   * new entry's name and value (already in the right syntax: the template carries any quotes).
   */
  template: string;
  embed?: Embedding;
  /**
   * HCL: the chain of `=`-aligned lines the inserted line joins (`hcl/format.ts`). The template then
   * holds `${eq}` where its `=` goes; filling it pads the new line, and the chain when the new key is
   * the longest, as `terraform fmt` would. `column` is the column of `offset`.
   */
  align?: { column: number; chain: Array<{ lead: number; pad: Span }> };
}

// ---------------------------------------------------------------------------------------------
// CNI settings

export type EnvContainer = 'aws-node' | 'aws-vpc-cni-init';

/** YAML/JSON type of a value as written (`"1"` is a string, `1` a number). */
export type ScalarKind = 'string' | 'number' | 'boolean' | 'null' | 'other';

export interface EnvVar {
  name: string;
  nameSpan: Span;
  /** The string the container would see; undefined for `valueFrom` or a missing value. */
  value?: string;
  /** Range of the value scalar (quotes included when quoted). */
  valueSpan?: Span;
  scalarKind?: ScalarKind;
  /**
   * True when the value is unknown statically: the entry uses `valueFrom`, or the value is (or holds) a
   * template action (then `unknownReason` says so and `value` is undefined).
   */
  valueFrom?: boolean;
  unknownReason?: string;
  container: EnvContainer;
  /** The whole entry: the list item (`- name: ... value: ...`) or the map pair. */
  entrySpan: Span;
  /** Whole lines the entry occupies, newline included: delete this to remove the entry. */
  removalSpan: Span;
  embed?: Embedding;
}

export type CniSourceFormat =
  | 'daemonset' // the aws-node DaemonSet
  | 'helm-values' // aws-vpc-cni chart values (env, init.env)
  | 'addon-config' // EKS add-on configuration values (file or embedded string)
  | 'configmap'; // the amazon-vpc-cni ConfigMap

/** One place where `aws-node` settings are written. */
export interface CniSettingsSource {
  format: CniSourceFormat;
  /** Anchor for findings about the source as a whole (e.g. `metadata.name` or `env:` key). */
  span: Span;
  /** Env of the main `aws-node` container, in document order. */
  env: EnvVar[];
  /** Env of the `aws-vpc-cni-init` init container (DaemonSet `initContainers`, Helm `init.env`). */
  initEnv: EnvVar[];
  /** The CNI image tag (e.g. `v1.19.2-eksbuild.1`), when stated; span covers the tag only. */
  cniVersion?: Located<string>;
  /**
   * Set when no file states the version and `cniVersion` is the one the project config assumes (its span
   * then is empty, at the start of the source); `uri`/`span` locate the config's `cniVersion` value.
   */
  cniVersionAssumed?: { uri: string; span: Span };
  /** Where to add an env entry to the main container / the init container. */
  envInsert?: InsertionPoint;
  initEnvInsert?: InsertionPoint;
  /** Helm `enableNetworkPolicy`, add-on `enableNetworkPolicy`. */
  enableNetworkPolicy?: Located<string>;
  /**
   * Entries that templates add, or whose names are unknown (`{{- range $k, $v := .Values.env }}`): the
   * env may then hold any variable, so no rule may assume an unwritten variable is unset.
   */
  unknownEntries?: Span[];
  /** Key/value data of the amazon-vpc-cni ConfigMap. */
  configMapData?: Array<{ key: Located<string>; value?: Located<string> }>;
  /** The cluster these settings are for, when the source names it (eksctl `metadata.name`, `cluster_name`...). */
  cluster?: Located<string>;
}

// ---------------------------------------------------------------------------------------------
// Node definitions and user data

export type AmiFamily = 'AL2' | 'AL2023' | 'Bottlerocket' | 'Windows' | 'Ubuntu' | 'Custom' | 'Unknown';

export type NodeSourceKind =
  | 'eksctl-managed-nodegroup'
  | 'eksctl-nodegroup'
  | 'karpenter-ec2nodeclass'
  | 'karpenter-nodepool'
  | 'auto-mode-nodeclass'
  | 'launch-template' // CloudFormation / Terraform-rendered launch template data
  | 'eks-managed-nodegroup' // CloudFormation AWS::EKS::Nodegroup
  | 'user-data'; // a standalone user-data file

/** Where a max-pods value comes from; decides precedence and the fix's syntax. */
/** Where an explicit max-pods value is written: the engine's origins, which it ranks (engine/nodeMaxPods.ts). */
export type { MaxPodsOrigin };

export interface MaxPodsSetting {
  origin: MaxPodsOrigin;
  /** Parsed integer, undefined for an expression or an unparseable value. */
  value?: number;
  /** The CEL expression for `nodeadm-expression` (or a Karpenter CEL string). */
  expression?: string;
  /** Range of the value, for diagnostics and replacement. */
  span: Span;
  embed?: Embedding;
}

export interface BootstrapFlag {
  name: string; // e.g. `--use-max-pods`
  nameSpan: Span;
  value?: Located<string>;
}

/** One AL2 `/etc/eks/bootstrap.sh` invocation. */
export interface BootstrapCall {
  /** The `bootstrap.sh` command word. */
  span: Span;
  clusterName?: Located<string>;
  flags: BootstrapFlag[];
  useMaxPods?: Located<string>;
  kubeletExtraArgs?: Located<string>;
  /** `--max-pods=N` / `--max-pods N` inside `--kubelet-extra-args`. */
  maxPods?: MaxPodsSetting;
  /** Where `--use-max-pods false` can be added (right after the command word's arguments start). */
  flagInsert?: InsertionPoint;
}

export interface NodeConfigModel {
  span: Span;
  maxPods?: MaxPodsSetting; // origin nodeadm-config
  maxPodsExpression?: MaxPodsSetting; // origin nodeadm-expression
  flagMaxPods?: MaxPodsSetting; // origin kubelet-flag
  /** Where `maxPods: ${value}` can be added under spec.kubelet.config. */
  maxPodsInsert?: InsertionPoint;
  /** `spec.cluster.name`: the cluster the node joins. */
  clusterName?: Located<string>;
}

export interface BottlerocketModel {
  span: Span;
  maxPods?: MaxPodsSetting;
  /** Where `max-pods = ${value}` can be added under [settings.kubernetes]. */
  maxPodsInsert?: InsertionPoint;
  /** `settings.kubernetes.cluster-name`: the cluster the node joins. */
  clusterName?: Located<string>;
}

/** `powershell`: EC2Launch `<powershell>` user data of Windows nodes (`Start-EKSBootstrap.ps1`). */
export type UserDataPartKind =
  'shell' | 'nodeconfig' | 'bottlerocket' | 'cloud-config' | 'powershell' | 'unknown';

export interface UserDataPart {
  kind: UserDataPartKind;
  contentType?: string;
  span: Span;
  embed?: Embedding;
  bootstrap: BootstrapCall[];
  nodeConfig?: NodeConfigModel;
  bottlerocket?: BottlerocketModel;
}

export interface UserDataModel {
  span: Span;
  /** `mime` for multipart, otherwise the single part's kind. */
  format: 'mime' | UserDataPartKind;
  parts: UserDataPart[];
}

/** A NodePool / instance selector requirement (`node.kubernetes.io/instance-type In [...]`). */
export interface InstanceRequirement {
  key: Located<string>;
  operator: string;
  values: Array<Located<string>>;
  /** Karpenter `minValues`: at least this many distinct values of the key among a NodeClaim's types. */
  minValues?: Located<number>;
  span: Span;
}

export interface NodeDefinition {
  kind: NodeSourceKind;
  name?: Located<string>;
  /** Anchor for node-level findings. */
  span: Span;
  /** Instance types stated explicitly for this node definition. */
  instanceTypes: Array<Located<string>>;
  /** NodePool requirements or eksctl instanceSelector, to be expanded over the catalog. */
  requirements: InstanceRequirement[];
  amiFamily?: Located<AmiFamily>;
  /** Every place max-pods is set for these nodes (all origins found, document order). */
  maxPods: MaxPodsSetting[];
  podsPerCore?: Located<number>;
  userData?: UserDataModel;
  /** NodePool → node class reference (`nodeClassRef`). */
  nodeClassRef?: { group?: string; kind?: string; name: Located<string> };
  /** EKS Auto Mode NodeClass networking. */
  autoMode?: { ipv4PrefixSize?: Located<string>; podSubnets: boolean };
  /** Where the format's max-pods setting can be added, when it is not set (e.g. EC2NodeClass kubelet.maxPods). */
  maxPodsInsert?: InsertionPoint;
  /**
   * The cluster these nodes join, when the definition names it (eksctl `metadata.name`, `cluster_name`,
   * a `karpenter.sh/discovery` tag, `bootstrap.sh CLUSTER`, nodeadm `spec.cluster.name`...).
   */
  cluster?: Located<string>;
  /**
   * The instance type the tool uses when none is written (eksctl: m5.large), located at the node's anchor;
   * used only when `instanceTypes` and `requirements` are empty.
   */
  toolDefaultInstanceType?: { name: string; why: string };
  /**
   * Inputs that are unknown (a template action, an unresolved parameter). Unknown values are left out of
   * the fields above; rules that depend on a part listed here say nothing about it (the instance types in
   * scope are unknown when `instance-types` or `requirements` is listed).
   */
  unknown?: UnknownInput[];
}

// ---------------------------------------------------------------------------------------------
// Other objects and directives

export interface EniConfigModel {
  name: Located<string>;
  subnet?: Located<string>;
  span: Span;
}

export interface SecurityGroupPolicyModel {
  name?: Located<string>;
  span: Span;
}

/** `# vpc-cni-lint: ...` and `# vpc-cni-lint-disable-...` comments. */
export interface Directives {
  /** `# vpc-cni-lint: instance-types=m5.large,c6i.xlarge` */
  instanceTypes: Array<Located<string>>;
  /** `# vpc-cni-lint: subnet=10.0.0.0/24 nodes=10` */
  subnets: Array<{ cidr: Located<string>; nodes?: number; span: Span }>;
  /** `# vpc-cni-lint-disable-next-line code1 code2 -- reason`: applies to the line after `line` (0-based). */
  disableNextLine: Array<{ line: number; codes: string[]; span: Span }>;
  /** `# vpc-cni-lint-disable-file code1` (no codes: every rule). */
  disableFile: Array<{ codes: string[]; span: Span }>;
  /** `# vpc-cni-lint: cluster=prod`: everything in this file belongs to that cluster. */
  cluster?: Located<string>;
}

// ---------------------------------------------------------------------------------------------
// Unknown values: templates and expressions we do not evaluate

export type TemplateKind = 'helm' | 'go-printf' | 'terraform';

/**
 * The template actions of a document (see `template.ts`). The document was read with each action masked
 * by a placeholder of the same length, so every span is the file's; a value whose span overlaps an
 * action is unknown, and no finding may rest on it (`overlapsUnknown`).
 */
export interface TemplateModel {
  kinds: TemplateKind[];
  /** Every masked action (whole-line control actions included), sorted by offset. */
  actions: Span[];
  /**
   * Whole-line actions that produce content of unknown shape (`{{- toYaml .Values.x | nindent 8 }}`), with
   * the key they stand under (`requirements`, `labels`; '' at the top level): what they may set.
   */
  injections: Array<Span & { parentKey: string }>;
}

/** What part of a node definition could not be known, and why. */
export type UnknownPart = 'instance-types' | 'requirements' | 'max-pods' | 'ami-family' | 'pods-per-core';

export interface UnknownInput {
  part: UnknownPart;
  /** Where the unknown value (or the action that may set it) is written. */
  span: Span;
  /** For messages: `a template action`, `a CloudFormation parameter without a default`... */
  reason: string;
}

/** Whether `span` overlaps one of `spans` (sorted by start). A zero-length span overlaps what contains it. */
export function overlapsAny(spans: readonly Span[], span: Span): boolean {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((spans[mid] as Span).end <= span.start) lo = mid + 1;
    else hi = mid;
  }
  const s = spans[lo];
  if (!s) return false;
  return span.end > span.start ? s.start < span.end : s.start <= span.start && span.start < s.end;
}

/** Whether a located value touches a template action of the document, so its value is unknown. */
export function overlapsUnknown(model: { template?: TemplateModel }, span: Span | undefined): boolean {
  return !!(model.template && span && overlapsAny(model.template.actions, span));
}

/** Everything the syntax layer found in one document. */
export interface DocumentModel {
  cni: CniSettingsSource[];
  nodes: NodeDefinition[];
  eniConfigs: EniConfigModel[];
  securityGroupPolicies: SecurityGroupPolicyModel[];
  directives: Directives;
  problems: SyntaxProblem[];
  /** Set when the document is a template (Helm chart template, Go fixture, Terraform `templatefile`). */
  template?: TemplateModel;
  /** False when the document holds nothing we analyse (e.g. an ordinary Deployment). */
  relevant: boolean;
  /**
   * Clusters the document defines or names outside any settings source or node definition
   * (`aws_eks_cluster.name`, a `cluster_name` variable, CloudFormation `AWS::EKS::Cluster`, a Cluster API
   * control plane). They anchor the cluster model: files near them belong to those clusters.
   */
  clusterNames?: Array<Located<string>>;
  /**
   * Set when the document is an export of a live cluster (`kubectl get … -o json|yaml`, AWS CLI output;
   * `syntax/exports/`): what it says of nodes, pods, aws-node and ENIConfigs. The ordinary fields above
   * still hold what the ordinary readers find in it (the live aws-node DaemonSet as a CNI settings source).
   */
  export?: ExportModel;
}

export function emptyDirectives(): Directives {
  return { instanceTypes: [], subnets: [], disableNextLine: [], disableFile: [] };
}

export function emptyModel(): DocumentModel {
  return {
    cni: [],
    nodes: [],
    eniConfigs: [],
    securityGroupPolicies: [],
    directives: emptyDirectives(),
    problems: [],
    relevant: false,
  };
}
