/**
 * The syntax layer's entry point: text to a located `DocumentModel`, never throwing.
 *
 * Format choice (`detectFormat`): user data (MIME, shell, Bottlerocket TOML, base64) when the
 * language id or file name says so (`shellscript`, `toml`, `vpc-cni-user-data`, `*.sh`,
 * `*.mime`, `*.toml`, `*user-data*`/`*userdata*` not ending in .yaml/.yml/.json) or the content
 * starts like it (`MIME-Version:`, `#!`, a base64 blob, a `[settings...]` table); otherwise
 * YAML (JSON is read as YAML). A `# vpc-cni-lint: kind=user-data` directive forces user data.
 *
 * YAML files are split at `---` markers and only pieces that can matter (see `yamlDocs.ts`)
 * are parsed, with spans kept relative to the whole file.
 */
import { isMap, parseAllDocuments } from 'yaml';
import {
  emptyModel,
  type CniSourceFormat,
  type DocumentModel,
  type NodeDefinition,
  type Span,
  type UserDataModel,
} from './model';
import { readDirectives } from './directives';
import { cniValuesFormat, looksLikeCniValues, readCniValues } from './cniValues';
import { isCloudFormation, readCloudFormation } from './cloudformation';
import { isClusterConfig, readClusterConfig } from './eksctl';
import { isTerraform, readTerraform } from './terraform';
import {
  readAwsNodeDaemonSet,
  readCapiControlPlane,
  readCniConfigMap,
  readEniConfig,
  readSecurityGroupPolicy,
} from './kubernetes';
import { readNodeConfig } from './nodeConfig';
import {
  literalName,
  newNode,
  readAutoModeNodeClass,
  readEc2NodeClass,
  readNodePool,
  maxPodsOfUserData,
} from './nodes';
import { looksLikeBottlerocket } from './bottlerocket';
import { looksLikeBase64, looksLikeMime, readUserData } from './userData';
import { directiveKind, mightMatter, splitYamlDocuments, yamlProblems } from './yamlDocs';
import { get, getIn, located, rangeOf, scalarText, seqItems, withDocument, type YNode } from './yamlUtil';
import { newlineOf } from './text';
import { maskTemplate } from './template';
import { applyUnknowns, explainedByMasking } from './unknown';
import { View } from './view';
import { exportMatters, readExportDocument, splitJsonValues } from './exports/document';
import { detectExport, DETECT_BYTES } from './exports/detect';

export * from './model';
export { LineMap, LineTable } from './lines';
export { commentAnchor, type CommentAnchor } from './commentAnchor';
export { replacementFor, insertionFor, encodeFor, scalarReplacement, type TextEdit } from './edits';
export { View } from './view';
export { scalarView } from './scalarView';
export { readUserData, looksLikeMime, looksLikeBase64, sniffKind } from './userData';
export { readBottlerocket } from './bottlerocket';
export { readBootstrapCalls } from './shell';
export { splitYamlDocuments, mightMatter } from './yamlDocs';
export { maskTemplate, PLACEHOLDER } from './template';
export { selectionUnknown } from './unknown';

export interface DocumentHint {
  uri?: string;
  languageId?: string;
}

export type FileFormat = 'yaml' | 'user-data';

/** Cheap pre-check: can this text hold anything we analyse? */
export function mightBeRelevant(text: string): boolean {
  return mightMatter(text) || looksLikeMime(text) || text.includes('[settings');
}

function fileNameOf(uri: string | undefined): string {
  if (!uri) return '';
  const query = uri.search(/[?#]/);
  let name = query < 0 ? uri : uri.slice(0, query);
  name = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

export function detectFormat(text: string, hint: DocumentHint = {}): FileFormat {
  const forced = directiveKind(text.slice(0, 10000), true);
  if (forced === 'user-data') return 'user-data';
  if (forced === 'helm-values' || forced === 'addon-config') return 'yaml';
  const lang = hint.languageId ?? '';
  const name = fileNameOf(hint.uri).toLowerCase();
  if (['shellscript', 'toml', 'vpc-cni-user-data'].includes(lang)) return 'user-data';
  if (/\.(sh|bash|mime|toml)$/.test(name)) return 'user-data';
  const yamlName = /\.(ya?ml|json)$/.test(name);
  if (!yamlName && /user[-_]?data/.test(name)) return 'user-data';
  if (looksLikeMime(text) || /^#!/.test(text)) return 'user-data';
  if (!yamlName && looksLikeBottlerocket(text.slice(0, 4000)) && !/^\s*[{-]/.test(text)) return 'user-data';
  if (text.length < 1_000_000 && looksLikeBase64(text)) return 'user-data';
  return 'yaml';
}

export function parseDocument(text: string, hint: DocumentHint = {}): DocumentModel {
  const model = emptyModel();
  try {
    model.directives = readDirectives(text);
    const nl = newlineOf(text);
    const format = detectFormat(text, hint);
    // Template actions are masked by placeholders of the same length (template.ts): spans stay the file's.
    const masked = maskTemplate(text, { format, fileName: fileNameOf(hint.uri) });
    if (masked.template) model.template = masked.template;
    // An export of a live cluster (exports/detect.ts) also carries its export model. Several JSON values in a
    // row (concatenated `kubectl … -o json`) are read one at a time, the others blanked (spans stay the file's).
    const pieces = format === 'yaml' && !masked.template ? exportPieces(text) : undefined;
    if (format === 'user-data') readUserDataFile(masked.text, nl, model);
    else if (pieces) for (const p of pieces) readYamlFile(blankOutside(text, p), nl, hint, model);
    else readYamlFile(masked.text, nl, hint, model);
    const live = format === 'yaml' && !masked.template ? readExportDocument(text) : undefined;
    if (live && exportMatters(live)) model.export = live;
    if (model.template) {
      applyUnknowns(model);
      model.problems = model.problems.filter((p) => !explainedByMasking(model, text, p));
    }
  } catch (err) {
    // Parsers are written not to throw; this is the last line of defence.
    model.problems.push({
      code: 'invalid-user-data',
      severity: 'error',
      message: `vpc-cni-lint could not read this file: ${(err as Error)?.message ?? String(err)}`,
      span: { start: 0, end: 0 },
    });
  }
  model.relevant =
    model.cni.length > 0 ||
    model.nodes.length > 0 ||
    model.eniConfigs.length > 0 ||
    model.securityGroupPolicies.length > 0 ||
    model.export !== undefined;
  return model;
}

/** The top-level JSON values of an export written as several in a row; undefined otherwise. */
function exportPieces(text: string): Span[] | undefined {
  if (!/^\s*[[{]/.test(text)) return undefined;
  const det = detectExport(text.slice(0, DETECT_BYTES));
  if (!det || det.format !== 'json') return undefined;
  const pieces = splitJsonValues(text);
  return pieces && pieces.length > 1 ? pieces : undefined;
}

/** `text` with everything outside `keep` turned into spaces (line breaks kept). */
function blankOutside(text: string, keep: Span): string {
  const blank = (s: string): string => s.replace(/[^\r\n]/g, ' ');
  return blank(text.slice(0, keep.start)) + text.slice(keep.start, keep.end) + blank(text.slice(keep.end));
}

/** Infers the AMI family from what the user data is written for, when not stated. */
function inferAmiFamily(node: NodeDefinition): void {
  if (node.amiFamily || !node.userData) return;
  for (const part of node.userData.parts) {
    if (part.nodeConfig) node.amiFamily = { value: 'AL2023', span: part.nodeConfig.span };
    else if (part.bootstrap[0]) node.amiFamily = { value: 'AL2', span: part.bootstrap[0].span };
    else if (part.bottlerocket) node.amiFamily = { value: 'Bottlerocket', span: part.bottlerocket.span };
    if (node.amiFamily) {
      if (part.embed) node.amiFamily.embed = part.embed;
      return;
    }
  }
}

function userDataMatters(ud: UserDataModel): boolean {
  return ud.parts.some((p) => p.bootstrap.length > 0 || p.nodeConfig || p.bottlerocket);
}

function userDataNode(ud: UserDataModel, fallback: { start: number; end: number }): NodeDefinition {
  const first = ud.parts.find((p) => p.bootstrap.length || p.nodeConfig || p.bottlerocket);
  const anchor =
    first?.bootstrap[0]?.span ?? first?.nodeConfig?.span ?? first?.bottlerocket?.span ?? fallback;
  const node = newNode('user-data', anchor);
  node.userData = ud;
  node.maxPods.push(...maxPodsOfUserData(ud));
  const part = ud.parts.find((p) => p.nodeConfig?.maxPodsInsert || p.bottlerocket?.maxPodsInsert);
  const insert = part?.nodeConfig?.maxPodsInsert ?? part?.bottlerocket?.maxPodsInsert;
  if (insert && !node.maxPods.length) node.maxPodsInsert = insert;
  inferAmiFamily(node);
  return node;
}

function readUserDataFile(text: string, nl: string, model: DocumentModel): void {
  const view = View.file(text, 0, text.length, nl);
  const ud = readUserData(view, model.problems);
  if (!userDataMatters(ud)) return;
  const firstLine = text.indexOf('\n');
  model.nodes.push(userDataNode(ud, { start: 0, end: firstLine < 0 ? text.length : firstLine }));
}

interface YamlCtx {
  model: DocumentModel;
  fileName: string;
  forced?: CniSourceFormat;
}

function readYamlFile(text: string, nl: string, hint: DocumentHint, model: DocumentModel): void {
  const forcedKind = directiveKind(text.slice(0, 10000), true);
  const ctx: YamlCtx = { model, fileName: fileNameOf(hint.uri) };
  if (forcedKind === 'helm-values' || forcedKind === 'addon-config') ctx.forced = forcedKind;
  for (const piece of splitYamlDocuments(text)) {
    const view = View.file(text, piece.start, piece.end, nl);
    if (!ctx.forced && !mightMatter(view.text)) continue;
    for (const doc of parseAllDocuments(view.text, { prettyErrors: false })) {
      if (!('contents' in doc)) continue;
      model.problems.push(...yamlProblems(view, doc.errors));
      withDocument(doc, () => readRootMarkingUnknowns(view, doc.contents as YNode, ctx));
    }
  }
}

/**
 * Reads one root object; in a template, values of the nodes and CNI sources it yields that touch an
 * action become unknown, and so does what a whole-line action inside the object may set.
 */
function readRootMarkingUnknowns(view: View, root: YNode, ctx: YamlCtx): void {
  const { model } = ctx;
  const nodes = model.nodes.length;
  const cni = model.cni.length;
  readRoot(view, root, ctx, 0);
  const t = model.template;
  if (!t || (model.nodes.length === nodes && model.cni.length === cni)) return;
  const r = rangeOf(root);
  const start = r ? view.span(r.start, r.start).start : 0;
  const end = r ? view.span(r.end, r.end).end : -1;
  const injected = t.injections.filter((s) => s.start >= start && s.end <= end);
  applyUnknowns(model, nodes, cni, injected);
}

function readRoot(view: View, root: YNode, ctx: YamlCtx, depth: number): void {
  if (!isMap(root)) return;
  const { model } = ctx;
  const kind = scalarText(get(root, 'kind'));
  const apiVersion = scalarText(get(root, 'apiVersion')) ?? '';
  switch (kind) {
    case 'DaemonSet': {
      const ds = readAwsNodeDaemonSet(view, root);
      if (ds) model.cni.push(ds);
      return;
    }
    case 'ConfigMap': {
      const cm = readCniConfigMap(view, root);
      if (cm) model.cni.push(cm);
      return;
    }
    case 'ENIConfig': {
      const e = readEniConfig(view, root);
      if (e) model.eniConfigs.push(e);
      return;
    }
    case 'SecurityGroupPolicy': {
      const s = readSecurityGroupPolicy(view, root);
      if (s) model.securityGroupPolicies.push(s);
      return;
    }
    case 'EC2NodeClass':
      model.nodes.push(readEc2NodeClass(view, root, model.problems));
      return;
    case 'NodePool':
      if (!apiVersion || apiVersion.startsWith('karpenter.sh')) model.nodes.push(readNodePool(view, root));
      return;
    case 'NodeClass':
      if (apiVersion.startsWith('eks.amazonaws.com')) model.nodes.push(readAutoModeNodeClass(view, root));
      return;
    case 'NodeConfig': {
      const nc = readNodeConfig(view, root);
      const r = rangeOf(root);
      const span = r ? view.span(r.start, r.end) : view.span(0, 0);
      const part = { kind: 'nodeconfig' as const, span, bootstrap: [], nodeConfig: nc };
      const node = userDataNode({ span, format: 'nodeconfig', parts: [part] }, nc.span);
      const kindRange = rangeOf(get(root, 'kind'));
      if (kindRange) node.span = view.span(kindRange.start, kindRange.end);
      model.nodes.push(node);
      return;
    }
    case 'ClusterConfig':
      if (isClusterConfig(root)) {
        const r = readClusterConfig(view, root, model.problems);
        const name = literalName(located(view, getIn(root, ['metadata', 'name'])));
        if (name) (model.clusterNames ??= []).push(name);
        model.cni.push(...r.cni);
        for (const n of r.nodes) inferAmiFamily(n);
        model.nodes.push(...r.nodes);
      }
      return;
    case 'AWSManagedControlPlane': {
      // Cluster API (cluster-api-provider-aws): the EKS cluster's name, else the object's.
      const spec = get(root, 'spec');
      const name = literalName(
        located(view, get(spec, 'eksClusterName')) ?? located(view, getIn(root, ['metadata', 'name'])),
      );
      if (name) (model.clusterNames ??= []).push(name);
      // spec.vpcCni.env: aws-node settings CAPA applies (kubernetes.ts readCapiControlPlane).
      const cp = readCapiControlPlane(view, root);
      if (cp) {
        if (name) cp.cluster = name;
        model.cni.push(cp);
      }
      return;
    }
    case 'List':
      if (depth < 2) for (const item of seqItems(get(root, 'items'))) readRoot(view, item, ctx, depth + 1);
      return;
    case undefined:
      break;
    default:
      return;
  }
  if (isTerraform(root)) {
    const r = readTerraform(view, root, model.problems);
    model.cni.push(...r.cni);
    for (const n of r.nodes) inferAmiFamily(n);
    model.nodes.push(...r.nodes);
    if (r.clusterNames.length) (model.clusterNames ??= []).push(...r.clusterNames);
    return;
  }
  if (isCloudFormation(root)) {
    const r = readCloudFormation(view, root, model.problems);
    model.cni.push(...r.cni);
    for (const n of r.nodes) inferAmiFamily(n);
    model.nodes.push(...r.nodes);
    if (r.clusterNames.length) (model.clusterNames ??= []).push(...r.clusterNames);
    return;
  }
  if (ctx.forced || looksLikeCniValues(root)) {
    const json = view.text.trimStart().startsWith('{') || /\.json$/i.test(ctx.fileName);
    const format = cniValuesFormat(root, { json, fileName: ctx.fileName, forced: ctx.forced });
    const source = readCniValues(view, root, format);
    if (source) model.cni.push(source);
  }
}
