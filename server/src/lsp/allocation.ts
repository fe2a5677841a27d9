/**
 * The node allocation explorer's requests: the nodes and types a document (or the workspace) is about, the
 * rendered view of one (`allocationView.ts`), the edit that applies a what-if, the language status of a
 * file, and the code lenses that open the view. Targets are resolved in the cluster context of their node
 * (`contextAt`), so the CNI settings shown are those that apply to that node.
 */
import {
  ErrorCodes,
  ResponseError,
  type CodeLens,
  type Connection,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { fileURLToPath } from 'node:url';
import {
  AllocationTargetsRequest,
  ApplyWhatIfRequest,
  FileStatusRequest,
  SHOW_NODE_ALLOCATION_COMMAND,
  type AllocationTarget,
  type AllocationTargetItem,
  type AllocationTargetsResult,
  type FileStatusResult,
  type ShowNodeAllocationArguments,
} from '../../../protocol/messages';
import {
  allocationInputs,
  allocationTargetAt,
  allocationTargets,
  checkWhatIf,
  clusterLabel,
  nodeLabel,
  whatIfEdits,
  type AllocationInputs,
  type AllocationTargetInfo,
  type RuleContext,
} from '../analysis';
import { LineMap, toWorkspaceEdit } from './convert';
import { requireDocument, requirePosition } from './params';
import type { Session } from './session';
import { readRegularFile } from './workspaceIndex';

/** At most this many targets in a pick list. */
const MAX_TARGETS = 500;

const rank = { error: 0, warning: 1, information: 2, hint: 3 } as const;

/** Throws InvalidParams unless `target` is `{ uri, instanceType, node? }`. */
export function requireTarget(method: string, target: unknown): AllocationTarget {
  const t = target as Partial<AllocationTarget> | null;
  if (
    typeof t !== 'object' ||
    t === null ||
    typeof t.uri !== 'string' ||
    typeof t.instanceType !== 'string' ||
    (t.node !== undefined && (!Number.isInteger(t.node) || t.node < 0))
  )
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      `${method}: target must be { uri, instanceType, node? }`,
    );
  return { uri: t.uri, instanceType: t.instanceType, ...(t.node !== undefined ? { node: t.node } : {}) };
}

/** A resolved target: its document's text, the rule context of its node's cluster and the engine inputs. */
export interface Resolved {
  ctx: RuleContext;
  inputs: AllocationInputs;
  item: AllocationTargetItem;
}

export class Allocation {
  constructor(private readonly session: Session) {}

  /** Text of a document: the editor's when open, else the file on disk (bounded), else undefined. */
  async textOf(uri: string): Promise<string | undefined> {
    const doc = this.session.documents.get(uri);
    if (doc) {
      this.session.analyse(doc);
      return doc.getText();
    }
    if (!uri.startsWith('file:')) return undefined;
    try {
      return await readRegularFile(fileURLToPath(uri), this.session.settings.maxFileSize);
    } catch {
      return undefined;
    }
  }

  /** The rule context of `uri` at `offset` (the cluster of the items there). */
  contextAt(uri: string, text: string, offset?: number): RuleContext | undefined {
    const doc = this.session.documents.get(uri);
    if (doc) return this.session.ruleContext(doc, offset);
    return this.session.ruleContextFor(uri, text, offset);
  }

  relative(uri: string): string {
    const folder = this.session.workspaceFolders
      .map((f) => f.replace(/\/+$/, ''))
      .filter((f) => uri.startsWith(`${f}/`))
      .sort((a, b) => b.length - a.length)[0];
    const rel = folder ? uri.slice(folder.length + 1) : uri.slice(uri.lastIndexOf('/') + 1);
    try {
      return decodeURIComponent(rel);
    } catch {
      return rel;
    }
  }

  item(ctx: RuleContext, t: AllocationTargetInfo, lines?: LineMap): AllocationTargetItem {
    const cluster = ctx.workspace.cluster;
    return {
      uri: ctx.uri,
      ...(t.node !== undefined ? { node: t.node } : {}),
      instanceType: t.instanceType,
      label: `${t.label} · ${t.instanceType}`,
      description: `${cluster ? `${clusterLabel(cluster)} · ` : ''}${this.relative(ctx.uri)}`,
      ...(lines && t.span ? { range: lines.range(t.span) } : {}),
    };
  }

  /** The target's context, engine inputs and pick-list item; undefined when the node or type is gone. */
  async resolve(target: AllocationTarget): Promise<Resolved | undefined> {
    const text = await this.textOf(target.uri);
    if (text === undefined) return undefined;
    const model = this.session.index.get(target.uri)?.model;
    const node = target.node === undefined ? undefined : model?.nodes[target.node];
    if (target.node !== undefined && !node) return undefined;
    const ctx = this.contextAt(target.uri, text, node?.span.start);
    if (!ctx) return undefined;
    const inputs = allocationInputs(ctx, target);
    if (!inputs) return undefined;
    const lines = this.session.index.linesOf(target.uri) ?? new LineMap(text);
    return { ctx, inputs, item: this.item(ctx, inputs.target, lines) };
  }

  /** The workspace's targets (the document's cluster first) and the one at the position. */
  async targets(
    uri?: string,
    position?: { line: number; character: number },
  ): Promise<AllocationTargetsResult> {
    // Reading the document brings an open one's edits into the index before the cluster model is read.
    const text = uri ? await this.textOf(uri) : undefined;
    const model = this.session.index.clusterModel();
    const mine = new Set(uri ? model.groupsOf(uri).flatMap((g) => g.membership.candidates) : []);
    let at: AllocationTargetItem | undefined;
    if (uri && position) {
      const doc = this.session.documents.get(uri);
      if (text !== undefined) {
        const lines = this.session.index.linesOf(uri) ?? new LineMap(text);
        const offset = doc ? doc.offsetAt(position) : lines.offset(position);
        const ctx = this.contextAt(uri, text, offset);
        const t = ctx ? allocationTargetAt(ctx, offset) : undefined;
        if (ctx && t) at = this.item(ctx, t, lines);
      }
    }
    const first: AllocationTargetItem[] = [];
    const rest: AllocationTargetItem[] = [];
    const seen = new Set<string>();
    const uris = new Set<string>();
    for (const cluster of model.clusters.values()) for (const n of cluster.context.nodes) uris.add(n.uri);
    if (uri) uris.add(uri);
    for (const u of uris) {
      const entry = this.session.index.get(u);
      if (!entry) continue;
      // Types and nodes need no text: a closed document's listing uses its indexed model only.
      const open = this.session.documents.get(u)?.getText() ?? '';
      const starts = entry.model.nodes.length ? entry.model.nodes.map((n) => n.span.start) : [undefined];
      for (const offset of starts) {
        const ctx = this.contextAt(u, open, offset);
        if (!ctx) continue;
        const inMine = ctx.clusters?.candidates.some((c) => mine.has(c.key)) ?? u === uri;
        for (const t of allocationTargets(ctx)) {
          const key = `${u}#${t.node ?? ''}#${t.instanceType}`;
          if (seen.has(key)) continue;
          seen.add(key);
          (inMine ? first : rest).push(this.item(ctx, t, entry.lines));
        }
      }
    }
    return { ...(at ? { at } : {}), targets: [...first, ...rest].slice(0, MAX_TARGETS) };
  }

  /** The what-if's edit of the CNI settings in force for the target, or why there is none. */
  async applyWhatIf(
    target: AllocationTarget,
    raw: unknown,
  ): Promise<{ edit?: WorkspaceEdit; reason?: string }> {
    const { values, problems } = checkWhatIf(raw);
    if (problems.length) return { reason: problems.join('; ') };
    let r = await this.resolve(target);
    if (!r) return { reason: 'the node is no longer in the file' };
    const uri = r.inputs.view.uri;
    if (uri && !this.session.documents.get(uri)) {
      // A closed file: read it again so that the spans and the text agree.
      await this.session.index.updateFromDisk(uri, this.session.settings.maxFileSize);
      r = await this.resolve(target);
      if (!r) return { reason: 'the node is no longer in the file' };
    }
    const source = r.inputs.view.source;
    const sourceUri = r.inputs.view.uri;
    const text = sourceUri ? await this.textOf(sourceUri) : undefined;
    if (source && (sourceUri === undefined || text === undefined))
      return { reason: 'the file with the CNI settings cannot be read' };
    const built = whatIfEdits(source, text ?? '', values);
    if ('reason' in built) return { reason: built.reason };
    const lines = new LineMap(text ?? '');
    const edit = toWorkspaceEdit(built.edits, {
      uri: sourceUri ?? target.uri,
      lines,
      linesOf: () => undefined,
      docsUrl: () => undefined,
    });
    return edit ? { edit } : { reason: 'the edit could not be built' };
  }

  /** What the language status item shows for a document. */
  async fileStatus(uri: string): Promise<FileStatusResult> {
    const doc = this.session.documents.get(uri);
    const text = await this.textOf(uri);
    const entry = this.session.index.get(uri);
    if (text === undefined || !entry || (!entry.model.cni.length && !entry.model.nodes.length))
      return { relevant: false, nodes: [] };
    const ctx = this.contextAt(uri, text);
    if (!ctx) return { relevant: false, nodes: [] };
    const nodes = ctx.workspace.nodes.map(({ node }) => nodeLabel(node));
    const result: FileStatusResult = {
      relevant: true,
      nodes: [...new Set(nodes)],
      ...(ctx.workspace.cluster ? { cluster: clusterLabel(ctx.workspace.cluster) } : {}),
    };
    if (doc) {
      const findings = this.session.analyse(doc).findings;
      const worst = [...findings].sort((a, b) => rank[a.severity] - rank[b.severity])[0];
      if (worst)
        result.worst = {
          severity: worst.severity,
          code: worst.code,
          message: worst.message,
          line: entry.lines.range(worst.span).start.line,
        };
    }
    const own = allocationTargets(ctx)[0];
    if (own)
      result.target = {
        uri,
        ...(own.node !== undefined ? { node: own.node } : {}),
        instanceType: own.instanceType,
      };
    else {
      const other = (await this.targets(uri)).targets[0];
      if (other)
        result.target = {
          uri: other.uri,
          ...(other.node !== undefined ? { node: other.node } : {}),
          instanceType: other.instanceType,
        };
    }
    return result;
  }

  /** One lens per node definition (its first type) and per instance type written on its own line. */
  codeLenses(uri: string): CodeLens[] {
    const doc = this.session.documents.get(uri);
    if (!doc) return [];
    const lenses: CodeLens[] = [];
    const lines = new Set<number>();
    for (const ctx of this.session.groupContexts(doc)) {
      const map = this.session.index.linesOf(uri) ?? new LineMap(doc.getText());
      const targets = allocationTargets(ctx);
      const add = (t: AllocationTargetInfo, at: number, title: string): void => {
        const range = map.range({ start: at, end: at });
        if (lines.has(range.start.line)) return;
        lines.add(range.start.line);
        const target: AllocationTarget = {
          uri,
          ...(t.node !== undefined ? { node: t.node } : {}),
          instanceType: t.instanceType,
        };
        lenses.push({
          range,
          command: {
            title,
            command: SHOW_NODE_ALLOCATION_COMMAND,
            arguments: [target] satisfies ShowNodeAllocationArguments,
          },
        });
      };
      ctx.model.nodes.forEach((node, i) => {
        const first = targets.find((t) => t.node === i);
        if (first) add(first, node.span.start, `Show node allocation (${first.instanceType})`);
      });
      for (const t of targets) if (t.span) add(t, t.span.start, `Show allocation on ${t.instanceType}`);
    }
    return lenses;
  }
}

export function registerAllocation(session: Session, connection: Connection, allocation: Allocation): void {
  connection.onRequest(AllocationTargetsRequest.type, async (params) => {
    const p = params ?? {};
    if (p.textDocument !== undefined) requireDocument(AllocationTargetsRequest.method, p);
    if (p.position !== undefined) requirePosition(AllocationTargetsRequest.method, p);
    await session.settingsReady;
    return allocation.targets(p.textDocument?.uri, p.position);
  });

  connection.onRequest(ApplyWhatIfRequest.type, async (params) => {
    const target = requireTarget(ApplyWhatIfRequest.method, params?.target);
    await session.settingsReady;
    return allocation.applyWhatIf(target, params.whatIf);
  });

  connection.onRequest(FileStatusRequest.type, async (params) => {
    requireDocument(FileStatusRequest.method, params);
    await session.settingsReady;
    return allocation.fileStatus(params.textDocument.uri);
  });

  connection.onCodeLens(async (params) => {
    requireDocument('textDocument/codeLens', params);
    await session.settingsReady;
    if (!session.settings.enable || !session.client.showNodeAllocationCommand) return [];
    return allocation.codeLenses(params.textDocument.uri);
  });
}
