/**
 * The messages between our VS Code client and our server beyond LSP, typed once: both `client/src` and
 * `server/src` build from this file (as vscode-eslint shares its custom messages). It imports only
 * `vscode-languageserver-protocol`, never client or server code.
 */
import {
  NotificationType,
  RequestType,
  RequestType0,
  type Position,
  type Range,
  type TextDocumentIdentifier,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol';

/** `initializationOptions` a client may send with `initialize`. Every field is optional. */
export interface InitializationOptions {
  /** The Red Hat YAML extension is installed and reports YAML syntax errors itself. */
  yamlExtensionActive?: boolean;
  /** The `vpcCniLint` settings, for clients that do not answer `workspace/configuration`. */
  settings?: unknown;
  /** The client implements {@link SHOW_RULE_DOCS_COMMAND} (our VS Code client does). */
  showRuleDocsCommand?: boolean;
  /**
   * The client implements {@link SHOW_NODE_ALLOCATION_COMMAND}: the server then offers code lenses and hover
   * links that run it.
   */
  showNodeAllocationCommand?: boolean;
}

export interface YamlExtensionParams {
  active: boolean;
}

/** Client to server: the Red Hat YAML extension appeared or went away. */
export const YamlExtensionNotification = {
  method: 'vpcCniLint/yamlExtension',
  type: new NotificationType<YamlExtensionParams>('vpcCniLint/yamlExtension'),
} as const;

export interface RevalidateResult {
  /** Open documents re-validated. */
  documents: number;
  /** Files in the workspace index after the rescan. */
  indexed: number;
}

/** Client to server: reload settings, rescan the workspace and re-validate every document. */
export const RevalidateRequest = {
  method: 'vpcCniLint/revalidate',
  type: new RequestType0<RevalidateResult, void>('vpcCniLint/revalidate'),
} as const;

/**
 * Client command the server's "Show documentation" code action runs, with {@link ShowRuleDocsArguments}.
 * Offered only to clients that set `showRuleDocsCommand`.
 */
export const SHOW_RULE_DOCS_COMMAND = 'vpcCniLint.showRuleDocs';

/** The rule code and the URL of its page. */
export type ShowRuleDocsArguments = [code: string, href: string];

// ---------------------------------------------------------------------------------------------
// The node allocation explorer (client/src/explorer*.ts, server/src/lsp/allocation.ts)

/**
 * Client command that opens the node allocation view, with {@link ShowNodeAllocationArguments}: a target
 * (code lens, hover link), or nothing (the node at the cursor, else a pick list).
 */
export const SHOW_NODE_ALLOCATION_COMMAND = 'vpcCniLint.showNodeAllocation';

/** One node definition of a document (or none: the type alone) and one of its instance types. */
export interface AllocationTarget {
  uri: string;
  /** Index of the node definition in the document (in document order); absent: the type alone. */
  node?: number;
  instanceType: string;
}

export type ShowNodeAllocationArguments = [target?: AllocationTarget];

/** A target with what a pick list shows of it. */
export interface AllocationTargetItem extends AllocationTarget {
  /** `NodePool "default" · m5.large`. */
  label: string;
  /** `cluster "demo" · karpenter/nodepool.yaml`. */
  description: string;
  /** Where the node or type is written. */
  range?: Range;
}

export interface AllocationTargetsParams {
  /** The document (and position) the user is in; absent: the whole workspace. */
  textDocument?: TextDocumentIdentifier;
  position?: Position;
}

export interface AllocationTargetsResult {
  /** The target at the position, when there is one. */
  at?: AllocationTargetItem;
  /** Every node and type of the workspace, those of the document's cluster first. */
  targets: AllocationTargetItem[];
}

/** Client to server: the nodes and instance types the allocation view can show. */
export const AllocationTargetsRequest = {
  method: 'vpcCniLint/allocationTargets',
  type: new RequestType<AllocationTargetsParams, AllocationTargetsResult, void>(
    'vpcCniLint/allocationTargets',
  ),
} as const;

/** A burst of pods arriving on fresh nodes. */
export interface BurstSettings {
  pods: number;
  nodes: number;
  /** Over how many seconds the pods arrive. */
  seconds: number;
}

export interface AllocationViewParams {
  target: AllocationTarget;
  /** Pods on the node for the slot grid (default: none). */
  pods?: number;
  /** Default: 100 pods on the node count stated with the subnet, else on 3 nodes, over 10 seconds. */
  burst?: Partial<BurstSettings>;
  /** Env values to try on top of the settings in force (e.g. `{ WARM_IP_TARGET: "10" }`). */
  whatIf?: Record<string, string>;
}

export interface AllocationViewResult {
  target: AllocationTargetItem;
  /** HTML without script, rendered by the server's picture module; the webview hosts it as is. */
  html: string;
  /**
   * The pictures' stylesheet: class rules over CSS variables (`--vcl-*`) that a host maps to its theme. The
   * webview adds it with its script's nonce (its CSP has no `unsafe-inline`).
   */
  css: string;
  /** Text of the whole view (the pictures' text alternatives), for screen readers and tests. */
  text: string;
  /** Pods that need an address, as shown (the 2 host-network pods come on top). */
  pods: number;
  /** The slider's upper end: the node's max-pods less the host-network pods. */
  podsMax: number;
  /** The node's max-pods (kubelet). */
  maxPods: number;
  /** Where it comes from: `Karpenter computes 29`, `the eni-max-pods table value (…)`. */
  maxPodsOrigin: string;
  /** Pods the CNI can address on the type under these settings (host-network pods included). */
  capacity: number | null;
  /** The max-pods each tool would set for the type (null: the tool does not support it). */
  tools: Array<{ tool: string; label: string; value: number | null }>;
  burst: BurstSettings;
  whatIf: Record<string, string>;
  /** Where the CNI settings shown come from (`cni/aws-node.yaml`), or that none are in the cluster. */
  settingsFrom: string;
  /** The env variables a what-if can set, each with its value in the settings shown (`unset`: not written). */
  settings: Array<{ name: string; value: string }>;
  /** Slots per state on the node at `pods` (current settings), as the picture module counts them. */
  slots: Record<string, number>;
  /** The same under the what-if settings (absent without what-if). */
  whatIfSlots?: Record<string, number>;
  /** Whether Apply can write the what-if into a file, and why not. */
  apply: { possible: boolean; reason?: string };
  /** Problems with the parameters (unknown env names, values out of range), for the view to show. */
  problems: string[];
}

/** Client to server: the rendered allocation view of one target. */
export const AllocationViewRequest = {
  method: 'vpcCniLint/allocationView',
  type: new RequestType<AllocationViewParams, AllocationViewResult | null, void>('vpcCniLint/allocationView'),
} as const;

export interface ApplyWhatIfParams {
  target: AllocationTarget;
  whatIf: Record<string, string>;
}

export interface ApplyWhatIfResult {
  /** The edit (built by the same code as the quick fixes) for the client to apply. */
  edit?: WorkspaceEdit;
  /** Why there is no edit. */
  reason?: string;
}

/** Client to server: the workspace edit that writes a what-if into the CNI settings of the target's cluster. */
export const ApplyWhatIfRequest = {
  method: 'vpcCniLint/applyWhatIf',
  type: new RequestType<ApplyWhatIfParams, ApplyWhatIfResult, void>('vpcCniLint/applyWhatIf'),
} as const;

export interface FileStatusParams {
  textDocument: TextDocumentIdentifier;
}

export interface FileStatusResult {
  /** The document holds CNI settings or node definitions. */
  relevant: boolean;
  /** `cluster "demo"`. */
  cluster?: string;
  /** The nodes of the document's cluster, e.g. `NodePool "default" (m5.large, m5.xlarge)`. */
  nodes: string[];
  /** The document's most severe finding. */
  worst?: {
    severity: 'error' | 'warning' | 'information' | 'hint';
    code: string;
    message: string;
    line: number;
  };
  /** The target the status item's link opens (the document's first node, else its cluster's). */
  target?: AllocationTarget;
}

/** Client to server: what the language status item shows for a document. */
export const FileStatusRequest = {
  method: 'vpcCniLint/fileStatus',
  type: new RequestType<FileStatusParams, FileStatusResult, void>('vpcCniLint/fileStatus'),
} as const;
