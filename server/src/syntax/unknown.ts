/**
 * Unknown is not wrong: after a template was read with its actions masked (`template.ts`), every value
 * that touches an action is taken out of the located model and recorded as unknown, so that no rule
 * can conclude anything from it:
 * - an env entry whose value is masked keeps its name and is marked `valueFrom` with `unknownReason`
 *   (rules already stay quiet on `valueFrom` values); an entry whose name is masked, and whole-line
 *   actions that may add entries, make the source's env open (`unknownEntries`);
 * - a node's masked instance types, requirements, max-pods, AMI family or pods-per-core are removed and
 *   listed in `node.unknown`;
 * - a whole-line action that produces content (an injection) may set what the key it stands under holds
 *   (`injectedParts`): under `requirements` (or a requirement's `values`) the requirements, under
 *   `kubelet` the max-pods and pods-per-core, under `amiSelectorTerms` the AMI family, under `env` the
 *   CNI env; under `metadata`, `labels`, `tags`, selectors, `resources` and the like nothing we read;
 *   under any other key (`spec`, a container, the top level) everything.
 *
 * YAML errors are kept unless masking explains them: duplicate keys in a template (both branches of an
 * `if` are read), and errors on a line that holds an action or next to one.
 */
import {
  overlapsAny,
  type DocumentModel,
  type NodeDefinition,
  type Span,
  type SyntaxProblem,
  type TemplateModel,
  type UnknownInput,
  type UnknownPart,
} from './model';

const REASON = 'a template action';

/** Parts of a node that a whole-line action may set. */
const INJECTABLE: UnknownPart[] = [
  'requirements',
  'instance-types',
  'max-pods',
  'ami-family',
  'pods-per-core',
];

/** Keys under which injected content sets nothing we read (labels, tags, selectors, resources...). */
const NEUTRAL = new Set(
  'metadata labels annotations tags taints startupTaints blockDeviceMappings resources limits disruption budgets subnetSelectorTerms securityGroupSelectorTerms capacityReservationSelectorTerms metadataOptions tolerations affinity nodeSelector volumes volumeMounts securityContext iam ports livenessProbe readinessProbe imagePullSecrets'.split(
    ' ',
  ),
);

/** What content injected under `key` may set: some parts of a node, its CNI env, or nothing. */
export function injectedParts(key: string): { node: UnknownPart[]; env: boolean } {
  if (NEUTRAL.has(key)) return { node: [], env: false };
  if (key === 'requirements' || key === 'values' || key === 'operator' || key === 'key')
    return { node: ['requirements'], env: false };
  if (/^(instanceTypes?|instance_types|InstanceType|instanceSelector)$/.test(key))
    return { node: ['instance-types'], env: false };
  if (/^(kubelet|config|flags|kubeletExtraArgs|kubelet_extra_args)$/.test(key))
    return { node: ['max-pods', 'pods-per-core'], env: false };
  if (/^(amiSelectorTerms|amiFamily|ami_type|amiType)$/.test(key))
    return { node: ['ami-family'], env: false };
  if (key === 'env') return { node: [], env: true };
  return { node: INJECTABLE, env: true };
}

function addUnknown(node: NodeDefinition, part: UnknownPart, span: Span, reason = REASON): void {
  const list = (node.unknown ??= []);
  if (!list.some((u) => u.part === part)) list.push({ part, span, reason });
}

/** Marks unknown values of nodes and CNI sources read from `root` (`injected`: actions inside the object). */
export function applyUnknowns(
  model: DocumentModel,
  fromNode = 0,
  fromCni = 0,
  injected: TemplateModel['injections'] = [],
): void {
  const t = model.template;
  if (!t) return;
  const masked = (s: Span | undefined) => !!s && overlapsAny(t.actions, s);
  for (const src of model.cni.slice(fromCni)) {
    for (const list of [src.env, src.initEnv]) {
      for (let k = list.length - 1; k >= 0; k--) {
        const e = list[k];
        if (!e) continue;
        if (masked(e.nameSpan)) {
          list.splice(k, 1);
          (src.unknownEntries ??= []).push(e.entrySpan);
        } else if (masked(e.valueSpan)) {
          delete e.value;
          e.valueFrom = true;
          e.unknownReason = REASON;
        }
      }
    }
    for (const inj of injected)
      if (injectedParts(inj.parentKey).env)
        (src.unknownEntries ??= []).push({ start: inj.start, end: inj.end });
    if (masked(src.cniVersion?.span)) delete src.cniVersion;
    if (masked(src.enableNetworkPolicy?.span)) delete src.enableNetworkPolicy;
    if (src.configMapData) {
      src.configMapData = src.configMapData.filter((d) => {
        if (masked(d.key.span)) (src.unknownEntries ??= []).push(d.key.span);
        return !masked(d.key.span) && !masked(d.value?.span);
      });
    }
  }
  for (const node of model.nodes.slice(fromNode)) {
    const types = node.instanceTypes.filter((x) => !masked(x.span));
    if (types.length < node.instanceTypes.length) {
      const first = node.instanceTypes.find((x) => masked(x.span));
      if (first) addUnknown(node, 'instance-types', first.span);
      node.instanceTypes = types;
    }
    const req = node.requirements.find((r) => masked(r.span));
    if (req) {
      addUnknown(node, 'requirements', req.span);
      node.requirements = [];
    }
    const mp = node.maxPods.find((m) => masked(m.span));
    if (mp) {
      addUnknown(node, 'max-pods', mp.span);
      node.maxPods = node.maxPods.filter((m) => !masked(m.span));
    }
    if (node.amiFamily && masked(node.amiFamily.span)) {
      addUnknown(node, 'ami-family', node.amiFamily.span);
      delete node.amiFamily;
    }
    if (node.podsPerCore && masked(node.podsPerCore.span)) {
      addUnknown(node, 'pods-per-core', node.podsPerCore.span);
      delete node.podsPerCore;
    }
    for (const inj of injected)
      for (const part of injectedParts(inj.parentKey).node) addUnknown(node, part, inj);
    if (node.unknown?.some((u) => u.part === 'max-pods')) delete node.maxPodsInsert;
  }
}

/** Whether the instance types of `node` are unknown (its own types or requirements touch an unknown). */
export function selectionUnknown(node: NodeDefinition): UnknownInput | undefined {
  return node.unknown?.find((u) => u.part === 'instance-types' || u.part === 'requirements');
}

/** YAML problems that the masking of a template explains (see the module comment). */
export function explainedByMasking(model: DocumentModel, text: string, p: SyntaxProblem): boolean {
  const t = model.template;
  if (!t) return false;
  // YAML errors, and YAML or TOML errors inside user data (a placeholder is no valid TOML value).
  const parseError =
    p.code === 'yaml-syntax' || (p.code === 'invalid-user-data' && /^Invalid (YAML|TOML)/.test(p.message));
  if (!parseError) return false;
  if (/unique|duplicate/i.test(p.message)) return true;
  // The problem's line and the lines around it.
  const ls = text.lastIndexOf('\n', Math.max(0, p.span.start - 1));
  const prev = ls < 0 ? 0 : text.lastIndexOf('\n', ls - 1) + 1;
  let le = text.indexOf('\n', p.span.end);
  if (le >= 0) le = text.indexOf('\n', le + 1);
  return overlapsAny(t.actions, { start: prev, end: le < 0 ? text.length : le });
}
