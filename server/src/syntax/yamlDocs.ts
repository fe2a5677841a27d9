/**
 * Cheap YAML document splitting and relevance checks, so that only documents that can
 * matter are handed to the `yaml` parser.
 *
 * A line starting with `---` followed by a blank or the line end is always a document marker
 * (YAML 1.2 §9.1.4: such a line is forbidden inside any scalar, block scalars included), so a
 * linear scan for them splits the file exactly as the parser would. Each piece is parsed on
 * its own (with `parseAllDocuments`, which handles `...` markers inside it) and read through a
 * file view whose base offset keeps every span relative to the whole file.
 */
import type { YAMLError } from 'yaml';
import type { SyntaxProblem } from './model';
import type { View } from './view';

export interface Piece {
  start: number;
  end: number;
}

/** Splits `text` at `---` document markers (the marker line starts the next piece). */
export function splitYamlDocuments(text: string): Piece[] {
  const out: Piece[] = [];
  let start = 0;
  let i = text.startsWith('---') ? 0 : text.indexOf('\n---');
  if (i > 0) i += 1;
  while (i >= 0 && i < text.length) {
    const after = text[i + 3];
    const isMarker =
      after === undefined || after === ' ' || after === '\t' || after === '\n' || after === '\r';
    if (isMarker && i > start) {
      out.push({ start, end: i });
      start = i;
    }
    const next = text.indexOf('\n---', i + 3);
    i = next < 0 ? -1 : next + 1;
  }
  out.push({ start, end: text.length });
  return out;
}

/** Markers of Kubernetes/eksctl/CloudFormation/nodeadm objects we read. */
const OBJECT_MARKERS =
  /aws-node|amazon-vpc-cni|EC2NodeClass|NodePool|NodeClass|ClusterConfig|NodeConfig|ENIConfig|SecurityGroupPolicy|bootstrap\.sh|max-pods|maxPods|AWS::E(KS|C2)::|LaunchTemplate|aws_eks_|aws_launch_template|AWSManagedControlPlane|terraform-aws-modules\/eks/;
/** Markers of Helm values / add-on configuration: a top-level `env`/`init` key or chart keys. */
const VALUES_MARKERS =
  /^(env|init|enableNetworkPolicy|nodeAgent|eniConfig|originalMatchLabels)\s*:|"env"\s*:|\benv\s*:\s*\{/m;
const KIND_VALUE = /\bkind=([a-z-]+)/;

/**
 * The `kind=` of the first `vpc-cni-lint:` directive that has one (`# vpc-cni-lint: kind=helm-values`),
 * or undefined. With `comment`, only directives in a `#` comment count. Linear in the text: each line
 * is searched once from its first directive (the regex `/vpc-cni-lint:[^\n]*kind=/` it replaces
 * rescanned the rest of the line from every occurrence: 9 s on a crafted 208 KB line).
 */
export function directiveKind(text: string, comment = false): string | undefined {
  const marker = 'vpc-cni-lint:';
  let from = 0;
  for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, from)) {
    if (comment) {
      let k = i;
      while (k > from && (text[k - 1] === ' ' || text[k - 1] === '\t')) k--;
      if (text[k - 1] !== '#') {
        from = i + marker.length;
        continue;
      }
    }
    const nl = text.indexOf('\n', i);
    const lineEnd = nl < 0 ? text.length : nl;
    const m = KIND_VALUE.exec(text.slice(i + marker.length, lineEnd));
    if (m) return m[1];
    from = lineEnd;
  }
  return undefined;
}

/** Whether a piece of YAML/JSON can hold anything we read (a cheap text check). */
export function mightMatter(piece: string): boolean {
  return OBJECT_MARKERS.test(piece) || VALUES_MARKERS.test(piece) || directiveKind(piece) !== undefined;
}

/** `yaml` library errors as problems located through `view`. */
export function yamlProblems(
  view: View,
  errors: readonly YAMLError[],
  code = 'yaml-syntax',
): SyntaxProblem[] {
  const out: SyntaxProblem[] = [];
  for (const e of errors.slice(0, 20)) {
    const len = view.text.length;
    let [s, en] = e.pos;
    s = Math.max(0, Math.min(s, len));
    en = Math.max(s, Math.min(en, len));
    // Give empty ranges one character so editors show them (the last one at the end of text).
    if (en === s) {
      if (s < len && view.text[s] !== '\n' && view.text[s] !== '\r') en = s + 1;
      else {
        // At a line end or the end of text: mark the last visible character before it.
        let k = s;
        while (k > 0 && /\s/.test(view.text[k - 1] ?? '')) k--;
        if (k > 0) {
          s = k - 1;
          en = k;
        }
      }
    }
    const first = e.message.split('\n')[0] ?? e.message;
    out.push({
      code,
      severity: 'error',
      message: code === 'yaml-syntax' ? first : `Invalid YAML in user data: ${first}`,
      span: view.span(s, en),
    });
  }
  return out;
}
