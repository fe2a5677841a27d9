/**
 * aws-vpc-cni Helm chart values and EKS add-on configuration values: a map with `env`
 * (name → value), `init.env`, `enableNetworkPolicy`, `image.tag`... Both share this reader;
 * they differ only in `format` and in where they are found (a values file, a JSON/YAML add-on
 * configuration file, or a string embedded in eksctl/CloudFormation).
 *
 * Recognition (`looksLikeCniValues`), for a document that is not a Kubernetes object:
 * - a top-level `env` map whose keys are upper-case env names and at least one starts like a
 *   CNI setting (`AWS_VPC_`, `WARM_`, `MINIMUM_IP_TARGET`, `ENABLE_`, `DISABLE_`, `MAX_ENI`, ...), or
 * - a top-level `init` map holding an `env` map, or
 * - chart/add-on keys `originalMatchLabels`, `eniConfig`, `enableNetworkPolicy`, `nodeAgent`
 *   next to an `env`/`init` key, or
 * - a `# vpc-cni-lint: kind=helm-values` / `kind=addon-config` directive (forces it).
 *
 * Format (`cniValuesFormat`): a directive wins; JSON text or a file name with `addon` is
 * add-on configuration; otherwise Helm values (chart-only keys such as `image`,
 * `originalMatchLabels`, `fullnameOverride` or a `values*.yaml` name confirm it).
 */
import { isMap, isSeq, parseAllDocuments } from 'yaml';
import type {
  CniSettingsSource,
  CniSourceFormat,
  EnvContainer,
  EnvVar,
  InsertionPoint,
  SyntaxProblem,
} from './model';
import { scalarView } from './scalarView';
import { yamlProblems } from './yamlDocs';
import type { View } from './view';
import { blockMapAppend, flowMapAppend } from './insert';
import { imageTag, k8sEnvInsert, lineEnd, readK8sEnvList } from './kubernetes';
import {
  deref,
  get,
  getIn,
  withDocument,
  isFlow,
  located,
  mapPairs,
  rangeOf,
  scalarKind,
  scalarText,
  type YNode,
} from './yamlUtil';

const CNI_ENV_PREFIX =
  /^(AWS_VPC_|AWS_EXTERNALSNAT|AWS_MANAGE_ENIS|WARM_|MINIMUM_IP_TARGET|ENABLE_|DISABLE_|MAX_ENI|ADDITIONAL_ENI_TAGS|ANNOTATE_POD_IP|CLUSTER_(NAME|ENDPOINT)|POD_SECURITY_GROUP|IP_COOLDOWN|NETWORK_POLICY|INTROSPECTION|CLUSTER_ENDPOINT|VPC_CNI_|AWS_VPC)/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HELM_ONLY = [
  'image',
  'originalMatchLabels',
  'fullnameOverride',
  'nameOverride',
  'serviceAccount',
  'cniConfig',
  'crd',
];

function envKeys(node: YNode): string[] {
  if (isMap(node)) return mapPairs(node).map((p) => String(p.key.value));
  if (isSeq(node)) return node.items.map((i) => scalarText(get(i as YNode, 'name')) ?? '');
  return [];
}

/** Whether a document root looks like CNI chart values or add-on configuration. */
export function looksLikeCniValues(root: YNode): boolean {
  if (!isMap(root) || get(root, 'kind') || get(root, 'apiVersion')) return false;
  const env = get(root, 'env');
  const keys = envKeys(env);
  const initEnv = getIn(root, ['init', 'env']);
  if (keys.length && keys.every((k) => ENV_NAME.test(k)) && keys.some((k) => CNI_ENV_PREFIX.test(k)))
    return true;
  if (isMap(initEnv) || isSeq(initEnv)) return true;
  const chartKey = ['originalMatchLabels', 'eniConfig', 'enableNetworkPolicy', 'nodeAgent'].some((k) =>
    get(root, k),
  );
  return chartKey && (isMap(env) || get(root, 'init') !== undefined);
}

export function cniValuesFormat(
  root: YNode,
  opts: { json: boolean; fileName?: string; forced?: CniSourceFormat },
): CniSourceFormat {
  if (opts.forced) return opts.forced;
  if (opts.json) return 'addon-config';
  const name = (opts.fileName ?? '').toLowerCase();
  if (/add-?on|configuration-?values/.test(name)) return 'addon-config';
  if (HELM_ONLY.some((k) => get(root, k))) return 'helm-values';
  return 'helm-values';
}

/** Reads an env map (`NAME: value`) into env vars. */
function readEnvMap(view: View, envNode: YNode, container: EnvContainer): EnvVar[] {
  if (isSeq(envNode)) return readK8sEnvList(view, envNode, container);
  const pairs = mapPairs(envNode);
  const flow = isFlow(envNode);
  const out: EnvVar[] = [];
  pairs.forEach((p, i) => {
    const kr = rangeOf(p.key);
    if (!kr) return;
    // Aliases are located where written (`p.pair.value`), their value is the anchor's.
    const vr = rangeOf(p.pair.value as YNode) ?? rangeOf(p.value);
    const end = vr && vr.end > kr.end ? vr.end : kr.end;
    let removal;
    if (!flow) {
      removal = view.removal(kr.start, lineEnd(view.text, end));
    } else {
      const next = rangeOf(pairs[i + 1]?.key);
      const prev = pairs[i - 1];
      const prevEnd = prev ? Math.max(rangeOf(prev.value)?.end ?? 0, rangeOf(prev.key)?.end ?? 0) : undefined;
      removal = next
        ? view.span(kr.start, next.start)
        : prevEnd !== undefined
          ? view.span(prevEnd, end)
          : view.span(kr.start, end);
    }
    const env: EnvVar = {
      name: String(p.key.value),
      nameSpan: view.span(kr.start, kr.end),
      container,
      entrySpan: view.span(kr.start, end),
      removalSpan: removal,
    };
    const value = scalarText(p.value);
    if (vr && value !== undefined) {
      env.value = value;
      env.valueSpan = view.span(vr.start, vr.end);
      env.scalarKind = scalarKind(p.value);
    } else if (vr && isMap(p.value) && get(p.value, 'valueFrom')) {
      env.valueFrom = true;
    }
    if (view.embedOrUndefined) env.embed = view.embedOrUndefined;
    out.push(env);
  });
  return out;
}

/** Whether keys in this map are written JSON-style (quoted). */
function jsonStyle(view: View, map: YNode): boolean {
  const first = mapPairs(map)[0];
  const r = rangeOf(first?.key);
  if (!r) return view.text.trimStart().startsWith('{');
  return view.text[r.start] === '"';
}

/** Where to add `NAME: "value"` to the env map at `path` (creating `env`/`init` as needed). */
function envMapInsert(view: View, root: YNode, path: string[]): InsertionPoint | undefined {
  const env = getIn(root, path);
  if (isSeq(env)) return k8sEnvInsert(view, env);
  if (isMap(env)) {
    if (isFlow(env)) {
      const entry = jsonStyle(view, env) ? '"${name}": "${value}"' : '${name}: "${value}"';
      return flowMapAppend(view, env, entry);
    }
    return blockMapAppend(view, env, ['${name}: "${value}"']);
  }
  if (env) return undefined; // `env:` with a null/scalar value: no safe insertion
  // Create the missing maps under the deepest existing one.
  let parent: YNode = root;
  let i = 0;
  for (; i < path.length - 1; i++) {
    const next = get(parent, path[i] ?? '');
    if (!isMap(next)) break;
    parent = next;
  }
  const missing = path.slice(i);
  if (isFlow(parent)) {
    const json = jsonStyle(view, parent);
    const q = (k: string): string => (json ? `"${k}"` : k);
    let entry = `${q('${name}')}: "\${value}"`;
    for (const k of [...missing].reverse()) entry = `${q(k)}: {${entry}}`;
    return flowMapAppend(view, parent, entry);
  }
  const lines = missing.map((k, d) => `${'  '.repeat(d)}${k}:`);
  lines.push(`${'  '.repeat(missing.length)}\${name}: "\${value}"`);
  return blockMapAppend(view, parent, lines);
}

/** CNI settings from chart values / add-on configuration whose root map is `root`. */
export function readCniValues(
  view: View,
  root: YNode,
  format: CniSourceFormat,
): CniSettingsSource | undefined {
  if (!isMap(root)) return undefined;
  const envPair = mapPairs(root).find((p) => p.key.value === 'env');
  const anchorNode = envPair?.key ?? mapPairs(root)[0]?.key;
  const ar = rangeOf(anchorNode);
  const out: CniSettingsSource = {
    format,
    span: ar ? view.span(ar.start, ar.end) : view.span(0, 0),
    env: readEnvMap(view, get(root, 'env'), 'aws-node'),
    initEnv: readEnvMap(view, getIn(root, ['init', 'env']), 'aws-vpc-cni-init'),
  };
  const envInsert = envMapInsert(view, root, ['env']);
  if (envInsert) out.envInsert = envInsert;
  const initInsert = envMapInsert(view, root, ['init', 'env']);
  if (initInsert) out.initEnvInsert = initInsert;
  const np = located(view, get(root, 'enableNetworkPolicy'));
  if (np) out.enableNetworkPolicy = np;
  const tag = located(view, getIn(root, ['image', 'tag']));
  if (tag) out.cniVersion = tag;
  else {
    const fromImage = imageTag(view, get(root, 'image'));
    if (fromImage) out.cniVersion = fromImage;
  }
  return out;
}

/**
 * Add-on configuration values held in a YAML string (eksctl `configurationValues`,
 * CloudFormation `ConfigurationValues`): JSON or YAML, located through the string's escapes
 * or block indentation. A map written directly (not as a string) is read in place.
 */
export function readEmbeddedCniConfig(
  view: View,
  node: YNode,
  problems: SyntaxProblem[],
): CniSettingsSource | undefined {
  const n = deref(node);
  if (isMap(n)) return readCniValues(view, n, 'addon-config');
  const inner = scalarView(view, n);
  if (!inner || inner.text.trim() === '') return undefined;
  let out: CniSettingsSource | undefined;
  for (const doc of parseAllDocuments(inner.text, { prettyErrors: false })) {
    problems.push(...yamlProblems(inner, doc.errors));
    if (out || !('contents' in doc)) continue;
    withDocument(doc, () => {
      out = readCniValues(inner, doc.contents as YNode, 'addon-config');
    });
  }
  return out;
}
