/**
 * What an export file is, from its first bytes (no full parse): JSON or YAML, and whether it is an
 * export at all. `kubectl get … -o json|yaml` writes a `List` (or `NodeList`, `PodList`, …) or a single
 * object with `apiVersion`/`kind`; the AWS CLI writes an object whose first key is the array it
 * describes (`Subnets`, `NetworkInterfaces`, `InstanceTypes`) or `addon`.
 *
 * An export is told from a repository manifest by what only a live object carries: a `List` kind, or
 * `status`/`metadata.uid`/`metadata.resourceVersion` (the API server sets them; nobody writes them in
 * a manifest). Files that are not exports go to the ordinary syntax layer (`parseDocument`).
 */

export type ExportFormat = 'json' | 'yaml';

export type ExportKind =
  | 'kubernetes-list' // kind: List / NodeList / PodList / …
  | 'kubernetes-object' // a single live object (kubectl get ds aws-node -o yaml)
  | 'aws-subnets'
  | 'aws-network-interfaces'
  | 'aws-instance-types'
  | 'aws-addon';

export interface ExportDetection {
  format: ExportFormat;
  kind: ExportKind;
}

/** How much of a file `detectExport` looks at. */
export const DETECT_BYTES = 64 * 1024;

const AWS_KEYS: Array<[RegExp, ExportKind]> = [
  [/^\s*\{\s*"Subnets"\s*:/, 'aws-subnets'],
  [/^\s*\{\s*"NetworkInterfaces"\s*:/, 'aws-network-interfaces'],
  [/^\s*\{\s*"InstanceTypes"\s*:/, 'aws-instance-types'],
  [/^\s*\{\s*"addon"\s*:/, 'aws-addon'],
];

const LIST_KIND =
  /"kind"\s*:\s*"(?:List|[A-Za-z0-9]+List)"|^kind:[ \t]*["']?(?:List|[A-Za-z0-9]+List)["']?[ \t]*$/m;
/** Fields the API server sets on every live object. */
const LIVE =
  /"(?:resourceVersion|uid|creationTimestamp)"\s*:|^[ \t]*(?:resourceVersion|uid|creationTimestamp):[ \t]/m;

/**
 * Detects an export from the head of a file (up to `DETECT_BYTES` characters; more is ignored).
 * Returns undefined for anything else. Never throws.
 */
export function detectExport(head: string): ExportDetection | undefined {
  const h = head.length > DETECT_BYTES ? head.slice(0, DETECT_BYTES) : head;
  const text = h.charCodeAt(0) === 0xfeff ? h.slice(1) : h;
  const json = /^\s*[[{]/.test(text);
  const format: ExportFormat = json ? 'json' : 'yaml';
  if (json) for (const [re, kind] of AWS_KEYS) if (re.test(text)) return { format, kind };
  // kubectl -o json sorts keys: "apiVersion", "items", "kind": the kind of a list may come after the head,
  // but its items carry resourceVersion, and the list starts with "items".
  if (
    LIST_KIND.test(text) ||
    /^\s*\{\s*"apiVersion"\s*:\s*"[^"]*"\s*,\s*"items"\s*:/.test(text) ||
    /^items:[ \t]*$/m.test(text)
  ) {
    return LIVE.test(text) ||
      /^\s*\{\s*"apiVersion"[^]*?"items"\s*:\s*\[\s*\]/.test(text) ||
      /^items:\s*\[\]/m.test(text)
      ? { format, kind: 'kubernetes-list' }
      : undefined;
  }
  if (/"kind"\s*:|^kind:[ \t]/m.test(text) && LIVE.test(text)) return { format, kind: 'kubernetes-object' };
  return undefined;
}
