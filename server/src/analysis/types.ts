/**
 * Findings: what the analysis layer returns. Plain data, no LSP types; the LSP layer and the
 * CLI convert them. Spans are offsets into the text of the document named by `uri`.
 */
import type { Catalog } from '../engine';
import type { ExportModel } from '../syntax/exports';
import type {
  CniSettingsSource,
  DocumentModel,
  NodeDefinition,
  EniConfigModel,
  SecurityGroupPolicyModel,
  Span,
} from '../syntax';

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type FindingTag = 'unnecessary' | 'deprecated';

export interface Edit {
  /** Document the edit applies to (undefined: the analysed document). */
  uri?: string;
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  edits: Edit[];
  /** The fix most users want; editors offer it first (and "fix all" may apply it). */
  preferred?: boolean;
}

export interface Related {
  /** Undefined: same document. */
  uri?: string;
  span: Span;
  message: string;
}

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  tags?: FindingTag[];
  related?: Related[];
  fixes?: Fix[];
}

/** A document of the workspace, as the cross-file rules see it. */
export interface WorkspaceDocument {
  uri: string;
  model: DocumentModel;
}

export interface ClusterInfo {
  /** `root` + NUL + name; the unnamed cluster of a repository has an empty name. */
  key: string;
  /** Undefined for a repository's unnamed cluster. */
  name?: string;
  root: string;
  /** Where the name is first stated (a definition when there is one, else a reference). */
  at?: { uri: string; span: Span };
  /** Resolved members: what the rules of one of its documents see as the workspace. */
  context: WorkspaceContext;
  /**
   * Set for a live cluster: the one that a set of exports describes (the export files of one folder, or
   * those the project config maps to one cluster). Its settings and nodes are what runs, never mixed
   * with a repository's files.
   */
  live?: { folder: string };
}

/** Why an item belongs to its candidates. */
export type MembershipReason =
  'directive' | 'config' | 'named' | 'file' | 'node-class' | 'folder' | 'repository' | 'export';

export interface Membership {
  /** Cluster keys; more than one = ambiguous. */
  candidates: string[];
  reason: MembershipReason;
  /** The folder whose clusters were taken (`folder`), or the config file (`config`). */
  detail?: string;
}

/** What other documents of the workspace contribute to this one's analysis. */
export interface WorkspaceContext {
  /** CNI settings found anywhere (this document's included), with their document. */
  cni: Array<{ uri: string; source: CniSettingsSource }>;
  nodes: Array<{ uri: string; node: NodeDefinition }>;
  eniConfigs: Array<{ uri: string; eniConfig: EniConfigModel }>;
  securityGroupPolicies: Array<{ uri: string; policy: SecurityGroupPolicyModel }>;
  /** The cluster this context is of (undefined: a context built without the cluster model). */
  cluster?: ClusterInfo;
  /** Exports of the live cluster this context is of (only for a live cluster), in document order. */
  exports?: Array<{ uri: string; model: ExportModel }>;
  /**
   * For a repository cluster: the live cluster its exports describe (same name, else the only live
   * cluster of the repository root when the root has one repository cluster). Drift compares the two.
   * For a live cluster: that repository cluster.
   */
  counterpart?: WorkspaceContext;
}

export interface AnalysisSettings {
  /** Instance types assumed for nodes whose types are not stated anywhere. */
  defaultInstanceTypes: string[];
  /** Per-rule severity overrides; `off` disables the rule. */
  ruleSeverity: Record<string, Severity | 'off'>;
  /** True when another extension (Red Hat YAML) already reports YAML syntax errors. */
  yamlSyntaxHandledElsewhere: boolean;
  /** What the project config (`.vpc-cni-lint.yaml`) in force says, with where it says it. */
  project?: ProjectFacts;
}

/** Project-config facts the rules and hovers use (server/src/config/ resolves them). */
export interface ProjectFacts {
  /** The nearest config file (URI). */
  configFile?: string;
  /** Severities the config file sets, with where. */
  rules?: Record<string, { value: Severity | 'off'; uri: string; span: Span }>;
  /** `cniVersion`: assumed where no file states the CNI version. */
  cniVersion?: { value: string; uri: string; span: Span };
  /** `nodeGroups.<name>.subnets`: the subnets each node group's nodes start in, with node counts. */
  nodeGroupSubnets?: Record<string, Array<{ cidr: string; nodes: number; uri: string; span: Span }>>;
}

export const defaultSettings: AnalysisSettings = {
  defaultInstanceTypes: [],
  ruleSeverity: {},
  yamlSyntaxHandledElsewhere: false,
};

/** Everything a rule may look at. */
export interface RuleContext {
  uri: string;
  text: string;
  model: DocumentModel;
  workspace: WorkspaceContext;
  catalog: Catalog;
  settings: AnalysisSettings;
  /**
   * Where the analysed items belong: the membership of the items being analysed and every candidate
   * cluster. `workspace` is the context of the candidate in use (`workspace.cluster`).
   */
  clusters?: { membership: Membership; candidates: ClusterInfo[] };
}

export interface RuleMeta {
  /** Stable kebab-case code; also the rule file's name and docs page. */
  code: string;
  /** One line, for SARIF and the rules table. */
  title: string;
  defaultSeverity: Severity;
}

export interface Rule extends RuleMeta {
  run(ctx: RuleContext): Finding[];
}
