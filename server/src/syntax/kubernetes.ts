/**
 * Kubernetes manifests: the `aws-node` DaemonSet (main and init container env, image tag).
 */
import { isMap, type Document } from 'yaml';
import type { CniSettingsSource, EnvContainer, EnvVar, InsertionPoint, Located } from './model';
import { get, getIn, locatedString, scalarKind, scalarText, seqItems, spanOf, type YNode } from './yamlUtil';
import { columnOf, lineEndAfter, wholeLines } from './text';

/** Reads `env:` of a container (a list of `{name, value|valueFrom}`). */
export function readK8sEnvList(text: string, envNode: YNode, container: EnvContainer): EnvVar[] {
  const out: EnvVar[] = [];
  for (const item of seqItems(envNode)) {
    if (!isMap(item)) continue;
    const name = locatedString(get(item, 'name'));
    if (!name) continue;
    const valueNode = get(item, 'value');
    const entrySpan = spanOf(item) ?? name.span;
    // The list item starts at its `- ` marker; removal takes whole lines.
    const env: EnvVar = {
      name: name.value,
      nameSpan: name.span,
      container,
      entrySpan,
      removalSpan: wholeLines(text, entrySpan),
    };
    const vs = spanOf(valueNode);
    if (valueNode && vs) {
      env.value = scalarText(valueNode) ?? '';
      env.valueSpan = vs;
      env.scalarKind = scalarKind(valueNode);
    }
    if (get(item, 'valueFrom')) env.valueFrom = true;
    out.push(env);
  }
  return out;
}

/** Insertion of a new `- name/value` item after the last item of a block sequence. */
export function k8sEnvInsert(text: string, envNode: YNode, nl: string): InsertionPoint | undefined {
  const items = seqItems(envNode);
  const last = items[items.length - 1];
  const lastSpan = spanOf(last);
  if (!last || !lastSpan || (envNode as { flow?: boolean }).flow) return undefined;
  const firstSpan = spanOf(items[0]);
  if (!firstSpan) return undefined;
  // The item's map starts after `- `; the dash is two columns left of it.
  const col = columnOf(text, firstSpan.start);
  const dashCol = Math.max(0, col - 2);
  const indent = ' '.repeat(dashCol);
  const end = lastSpan.end > 0 && text[lastSpan.end - 1] === '\n' ? lastSpan.end - 1 : lastSpan.end;
  const offset = lineEndAfter(text, end);
  const needsNl = offset === text.length && !text.endsWith('\n');
  return {
    offset,
    template: `${needsNl ? nl : ''}${indent}- name: \${name}${nl}${indent}  value: \${value}${nl}`,
  };
}

function containerNamed(list: YNode, name: string): YNode {
  return seqItems(list).find((c) => scalarText(get(c, 'name')) === name);
}

/** Splits `repo/amazon-k8s-cni:v1.19.2-eksbuild.1` and locates the tag. */
export function imageTag(image: Located<string> | undefined, quoted: boolean): Located<string> | undefined {
  if (!image) return undefined;
  const v = image.value;
  const at = v.indexOf('@');
  const ref = at >= 0 ? v.slice(0, at) : v;
  const colon = ref.lastIndexOf(':');
  if (colon < 0 || ref.lastIndexOf('/') > colon) return undefined;
  const tag = ref.slice(colon + 1);
  if (!tag) return undefined;
  const start = image.span.start + (quoted ? 1 : 0) + colon + 1;
  return { value: tag, span: { start, end: start + tag.length } };
}

export function isQuotedAt(text: string, offset: number): boolean {
  return text[offset] === '"' || text[offset] === "'";
}

/** The aws-node DaemonSet, if `doc` is one. */
export function readAwsNodeDaemonSet(text: string, doc: Document, nl: string): CniSettingsSource | undefined {
  const root = doc.contents as YNode;
  if (scalarText(get(root, 'kind')) !== 'DaemonSet') return undefined;
  const podSpec = getIn(root, ['spec', 'template', 'spec']);
  const main = containerNamed(get(podSpec, 'containers'), 'aws-node');
  const name = locatedString(getIn(root, ['metadata', 'name']));
  if (!main && name?.value !== 'aws-node') return undefined;
  const init = containerNamed(get(podSpec, 'initContainers'), 'aws-vpc-cni-init');
  const mainEnv = get(main, 'env');
  const initEnv = get(init, 'env');
  const image = locatedString(get(main, 'image'));
  const anchor = name?.span ?? spanOf(get(root, 'kind')) ?? { start: 0, end: 0 };
  return {
    format: 'daemonset',
    span: anchor,
    env: readK8sEnvList(text, mainEnv, 'aws-node'),
    initEnv: readK8sEnvList(text, initEnv, 'aws-vpc-cni-init'),
    cniVersion: imageTag(image, image ? isQuotedAt(text, image.span.start) : false),
    envInsert: k8sEnvInsert(text, mainEnv, nl),
    initEnvInsert: k8sEnvInsert(text, initEnv, nl),
  };
}
