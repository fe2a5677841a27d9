/**
 * The positioned export reader: the text of a small export (a file opened in the editor, YAML or
 * JSON) to the same export model, with spans, so findings land on the node or ENIConfig object and
 * on the value they are about (`metadata.name`, the instance-type label, `status.capacity.pods`).
 */
import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Node as YNode, ParsedNode } from 'yaml';
import type { Span } from '../model';
import type { ExportModel, Positioned } from './model';
import { emptyExportModel } from './model';
import type { ItemReader, Json } from './readers';
import { itemReaders, listItemKinds } from './readers';
import { AWS_ARRAYS, dispatchItem } from './stream';

function spanOf(n: YNode | null | undefined): Span | undefined {
  const r = n?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

function at(n: YNode, path: string[]): YNode | undefined {
  let cur: unknown = n;
  for (const k of path) {
    if (!isMap(cur)) return undefined;
    cur = cur.get(k, true);
  }
  return cur as YNode | undefined;
}

function place<T>(p: Positioned<T> | undefined, n: YNode | undefined): void {
  const s = spanOf(n);
  if (p && s && isScalar(n)) p.span = s;
}

/** Adds value spans to the records an item produced. */
function locate(
  model: ExportModel,
  item: YNode,
  before: { nodes: number; eni: number; ds: boolean; subnets: number; addon: boolean },
): void {
  for (const s of model.subnets.slice(before.subnets)) place(s.subnetId, at(item, ['SubnetId']));
  if (!before.addon && model.addon) {
    place(model.addon.addonVersion, at(item, ['addonVersion']));
    place(model.addon.configurationValues, at(item, ['configurationValues']));
  }
  for (const node of model.nodes.slice(before.nodes)) {
    place(node.name, at(item, ['metadata', 'name']));
    const labels = at(item, ['metadata', 'labels']);
    if (node.instanceType && isMap(labels)) {
      const k = labels.has('node.kubernetes.io/instance-type')
        ? 'node.kubernetes.io/instance-type'
        : 'beta.kubernetes.io/instance-type';
      place(node.instanceType, labels.get(k, true) as YNode | undefined);
    }
    place(node.capacityPods, at(item, ['status', 'capacity', 'pods']));
    place(node.allocatablePods, at(item, ['status', 'allocatable', 'pods']));
  }
  for (const e of model.eniConfigs.slice(before.eni)) {
    place(e.name, at(item, ['metadata', 'name']));
    place(e.subnet, at(item, ['spec', 'subnet']));
  }
  if (!before.ds && model.awsNode) {
    const containers = at(item, ['spec', 'template', 'spec', 'containers']);
    const main = isSeq(containers)
      ? containers.items.find((c) => isMap(c) && c.get('name') === 'aws-node')
      : undefined;
    const env = main ? at(main as YNode, ['env']) : undefined;
    if (isSeq(env)) {
      for (const e of model.awsNode.env) {
        const entry = env.items.find((x) => isMap(x) && x.get('name') === e.name);
        const s = spanOf(entry as YNode | undefined);
        if (s) e.span = s;
      }
    }
    place(model.awsNode.version, main ? at(main as YNode, ['image']) : undefined);
  }
}

/**
 * Reads an export's text with positions. `kubectl` YAML and JSON (JSON is YAML), one or several
 * documents, `List` or single objects. Never throws; syntax errors go to `problems`.
 */
export function readExportText(
  text: string,
  readers: Record<string, ItemReader> = itemReaders,
  model: ExportModel = emptyExportModel(),
): ExportModel {
  let index = 0;
  try {
    for (const doc of parseAllDocuments(text, { keepSourceTokens: false, uniqueKeys: false })) {
      for (const e of doc.errors.slice(0, 5))
        model.problems.push({ message: e.message, at: { index, span: { start: e.pos[0], end: e.pos[1] } } });
      const root = doc.contents as ParsedNode | null;
      if (!isMap(root)) continue;
      const kind = root.get('kind');
      const items = root.get('items', true);
      // AWS CLI output: the elements of its array (`Subnets`, …), or the `addon` object.
      const awsKey = AWS_ARRAYS.find((k) => isSeq(root.get(k, true)));
      const aws = awsKey ? root.get(awsKey, true) : undefined;
      const addon = root.get('addon', true);
      const entries: Array<[YNode, string | undefined]> = isSeq(items)
        ? items.items.map((n) => [n as YNode, typeof kind === 'string' ? listItemKinds[kind] : undefined])
        : isSeq(aws)
          ? aws.items.map((n) => [n as YNode, `aws:${awsKey}`])
          : isMap(addon) && kind === undefined
            ? [[addon as YNode, 'aws:addon']]
            : [[root, undefined]];
      for (const [node, hint] of entries) {
        const before = {
          nodes: model.nodes.length,
          eni: model.eniConfigs.length,
          ds: model.awsNode !== undefined,
          subnets: model.subnets.length,
          addon: model.addon !== undefined,
        };
        const js = node.toJSON() as Json;
        dispatchItem(
          js,
          hint?.startsWith('aws:') || !(isMap(node) && typeof node.get('kind') === 'string')
            ? hint
            : undefined,
          index++,
          model,
          readers,
          spanOf(node),
        );
        locate(model, node, before);
      }
    }
  } catch (err) {
    model.problems.push({ message: `could not read this export: ${(err as Error)?.message ?? String(err)}` });
  }
  return model;
}
