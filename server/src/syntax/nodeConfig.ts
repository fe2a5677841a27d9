/**
 * AL2023 nodeadm `NodeConfig` (`node.eks.aws/v1alpha1`): `spec.kubelet.config.maxPods`,
 * `spec.kubelet.maxPodsExpression` and `--max-pods` in `spec.kubelet.flags`.
 */
import { isMap, parseAllDocuments } from 'yaml';
import type { MaxPodsSetting, NodeConfigModel, SyntaxProblem } from './model';
import type { View } from './view';
import { insertAtPath } from './insert';
import { get, getIn, located, rangeOf, scalarText, seqItems, withDocument, type YNode } from './yamlUtil';
import { yamlProblems } from './yamlDocs';

export function isNodeConfig(root: YNode): boolean {
  return scalarText(get(root, 'kind')) === 'NodeConfig';
}

function setting(view: View, node: YNode, origin: MaxPodsSetting['origin']): MaxPodsSetting | undefined {
  const r = rangeOf(node);
  const text = scalarText(node);
  if (!r || text === undefined) return undefined;
  const out: MaxPodsSetting = { origin, span: view.span(r.start, r.end) };
  if (origin === 'nodeadm-expression') out.expression = text;
  else if (/^[0-9]+$/.test(text.trim())) out.value = Number.parseInt(text, 10);
  if (view.embedOrUndefined) out.embed = view.embedOrUndefined;
  return out;
}

/** Reads a NodeConfig whose root map is `root` (node ranges in `view.text`). */
export function readNodeConfig(view: View, root: YNode): NodeConfigModel {
  const r = rangeOf(root);
  const model: NodeConfigModel = { span: r ? view.span(r.start, r.end) : view.span(0, 0) };
  const clusterName = located(view, getIn(root, ['spec', 'cluster', 'name']));
  if (clusterName) model.clusterName = clusterName;
  const kubelet = getIn(root, ['spec', 'kubelet']);
  const mp = setting(view, getIn(kubelet, ['config', 'maxPods']), 'nodeadm-config');
  if (mp) model.maxPods = mp;
  const expr = setting(view, get(kubelet, 'maxPodsExpression'), 'nodeadm-expression');
  if (expr) model.maxPodsExpression = expr;
  for (const flag of seqItems(get(kubelet, 'flags'))) {
    const text = scalarText(flag);
    const fr = rangeOf(flag);
    if (text === undefined || !fr) continue;
    const m = /(?:^|\s)--max-pods(?:=|\s+)(\S*)/.exec(text);
    if (!m) continue;
    const raw = m[1] ?? '';
    // Flags are plain strings; locate the number in the source text of the scalar.
    const src = view.text.slice(fr.start, fr.end);
    const idx = src.indexOf(`--max-pods`);
    let vs = fr.start;
    let ve = fr.end;
    if (idx >= 0) {
      const after = src.slice(idx + 10);
      const lead = /^(=|\s+)/.exec(after)?.[0].length ?? 0;
      if (src.startsWith(raw, idx + 10 + lead)) {
        vs = fr.start + idx + 10 + lead;
        ve = vs + raw.length;
      }
    }
    const out: MaxPodsSetting = { origin: 'kubelet-flag', span: view.span(vs, ve) };
    if (/^[0-9]+$/.test(raw)) out.value = Number.parseInt(raw, 10);
    if (view.embedOrUndefined) out.embed = view.embedOrUndefined;
    model.flagMaxPods = out;
  }
  if (!model.maxPods) {
    const ins = insertAtPath(view, root, ['spec', 'kubelet', 'config'], 'maxPods: ${value}');
    if (ins) model.maxPodsInsert = ins;
  }
  return model;
}

function dropUndefined(m: NodeConfigModel): Partial<NodeConfigModel> {
  const out: Partial<NodeConfigModel> = {};
  if (m.maxPods) out.maxPods = m.maxPods;
  if (m.maxPodsExpression) out.maxPodsExpression = m.maxPodsExpression;
  if (m.flagMaxPods) out.flagMaxPods = m.flagMaxPods;
  return out;
}

/** Parses text that holds NodeConfig YAML/JSON (a MIME part, a standalone file). */
export function parseNodeConfigText(view: View, problems: SyntaxProblem[]): NodeConfigModel | undefined {
  let found: NodeConfigModel | undefined;
  for (const doc of parseAllDocuments(view.text, { prettyErrors: false })) {
    problems.push(...yamlProblems(view, doc.errors, 'invalid-user-data'));
    if (!('contents' in doc)) continue;
    withDocument(doc, () => {
      const root = doc.contents as YNode;
      if (!isMap(root) || !isNodeConfig(root)) return;
      const next = readNodeConfig(view, root);
      // nodeadm merges NodeConfig documents in order: later values win.
      found = found ? { ...found, ...dropUndefined(next) } : next;
      if (found.maxPods) delete found.maxPodsInsert;
    });
  }
  return found;
}
