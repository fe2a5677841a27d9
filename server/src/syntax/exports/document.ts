/**
 * Exports as documents: the hook `parseDocument` calls so that an export opened in the editor or given
 * to `check` carries its `ExportModel` beside what the ordinary readers find in it (the live aws-node
 * DaemonSet is read by `syntax/kubernetes.ts` like any DaemonSet, with positions).
 *
 * - Kubernetes exports (YAML or JSON) are read with positions (`readExportText`); JSON written as several
 *   documents in a row (`kubectl get nodes -o json; kubectl get ds … -o json` into one file or stdin) is
 *   split at its top-level values first, and each value's spans are moved back into the whole text.
 * - AWS CLI output (readers in `aws.ts`) is read the same way: its array elements are the items.
 * - `exportSignature`: what a document's export contributes, as a short stable string (the server
 *   re-analyses the other documents of the cluster when it changes).
 */
import type { Span } from '../model';
import { detectExport, DETECT_BYTES, type ExportDetection } from './detect';
import { emptyExportModel, type ExportModel } from './model';
import { readExportText } from './text';

/**
 * Top-level JSON values of a text (objects or arrays), as `[start, end)` ranges, by bracket counting that
 * skips strings. Returns undefined when the text is not a sequence of JSON values (then it is read whole).
 */
export function splitJsonValues(text: string): Span[] | undefined {
  const out: Span[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      if (depth === 0) return undefined;
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (depth === 0) start = i;
      depth++;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth < 0) return undefined;
      if (depth === 0) out.push({ start, end: i + 1 });
    } else if (depth === 0 && c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0xfeff) {
      return undefined;
    }
  }
  return depth === 0 ? out : undefined;
}

function moveBy(s: Span | undefined, by: number): void {
  if (s) {
    s.start += by;
    s.end += by;
  }
}

function shift(
  model: ExportModel,
  from: { nodes: number; eni: number; problems: number; subnets: number },
  by: number,
): void {
  const move = (s: Span | undefined): void => moveBy(s, by);
  for (const n of model.nodes.slice(from.nodes)) {
    move(n.at.span);
    move(n.name.span);
    move(n.instanceType?.span);
    move(n.capacityPods?.span);
    move(n.allocatablePods?.span);
  }
  for (const e of model.eniConfigs.slice(from.eni)) {
    move(e.at.span);
    move(e.name.span);
    move(e.subnet?.span);
  }
  for (const s of model.subnets.slice(from.subnets)) {
    move(s.at.span);
    move(s.subnetId.span);
  }
  for (const p of model.problems.slice(from.problems)) move(p.at?.span);
}

/** Reads a Kubernetes export's text with positions, one JSON value at a time when there are several. */
function readKubernetes(text: string, model: ExportModel): void {
  const pieces = /^\s*[[{]/.test(text) ? splitJsonValues(text) : undefined;
  if (!pieces || pieces.length <= 1) {
    readExportText(text, undefined, model);
    return;
  }
  for (const p of pieces) {
    const from = {
      nodes: model.nodes.length,
      eni: model.eniConfigs.length,
      problems: model.problems.length,
      subnets: model.subnets.length,
    };
    const hadDs = model.awsNode !== undefined;
    const hadAddon = model.addon !== undefined;
    readExportText(text.slice(p.start, p.end), undefined, model);
    shift(model, from, p.start);
    if (!hadDs && model.awsNode) {
      const a = model.awsNode;
      for (const e of a.env) moveBy(e.span, p.start);
      moveBy(a.version?.span, p.start);
      moveBy(a.at.span, p.start);
    }
    if (!hadAddon && model.addon) {
      moveBy(model.addon.at.span, p.start);
      moveBy(model.addon.addonVersion?.span, p.start);
      moveBy(model.addon.configurationValues?.span, p.start);
    }
  }
}

/** The export model of a document's text, or undefined when the text is not an export. Never throws. */
export function readExportDocument(text: string, detection?: ExportDetection): ExportModel | undefined {
  const det = detection ?? detectExport(text.slice(0, DETECT_BYTES));
  if (!det) return undefined;
  const model = emptyExportModel();
  try {
    // AWS CLI output is read with positions too (findings land on the subnet), one array element at a time.
    readKubernetes(text, model);
  } catch (err) {
    model.problems.push({ message: `could not read this export: ${(err as Error)?.message ?? String(err)}` });
  }
  return model;
}

/** Whether an export model holds anything the analysis reads. */
export function exportMatters(model: ExportModel): boolean {
  return (
    model.nodes.length > 0 ||
    model.awsNode !== undefined ||
    model.podsRead ||
    model.podsByNode.size > 0 ||
    model.eniConfigs.length > 0 ||
    model.subnets.length > 0 ||
    model.interfacesRead > 0 ||
    model.instanceTypes.length > 0 ||
    model.addon !== undefined
  );
}

/** A short stable summary of what an export contributes (changes when a rule's input may change). */
export function exportSignature(model: ExportModel): string {
  const pods = [...model.podsByNode].map(([k, p]) => [
    k,
    p.pods,
    p.podIpPods,
    p.branchEniPods,
    p.stuck,
    p.ipFailureEvents,
  ]);
  return JSON.stringify([
    model.nodes.map((n) => [
      n.name.value,
      n.instanceType?.value,
      n.zone,
      n.capacityPods?.value,
      n.allocatablePods?.value,
      n.eniConfigLabels,
      n.podEniCapacity,
    ]),
    model.awsNode ? [model.awsNode.image, model.awsNode.env, model.awsNode.initEnv] : null,
    model.podsRead,
    pods,
    model.eniConfigs.map((e) => [e.name.value, e.subnet?.value, e.securityGroups]),
    model.interfacesRead,
    [...model.subnetUsage].map(([k, u]) => [k, u.interfaces, u.ips.length, u.prefixes.length]),
    [...model.instances],
    model.instanceTypes.map((t) => [t.instanceType, t.entry]),
    model.addon ? [model.addon.addonVersion?.value, model.addon.configurationValues?.value] : null,
    model.subnets.map((s) => [s.subnetId.value, s.availabilityZone, s.cidrBlock, s.availableIpAddressCount]),
  ]);
}
