/**
 * Node definitions in Terraform HCL, from what is written literally in the file (an expression we
 * do not evaluate here — a reference, a function other than the few below — is recorded as unknown,
 * never guessed):
 *
 * - terraform-aws-modules/eks `eks_managed_node_groups` / `self_managed_node_groups`, each group's
 *   inputs taken from the group, else (module v20 and before) from `*_node_group_defaults`, else the
 *   module's default, as the module does (`try(each.value.x, var.*_defaults.x, default)` in its
 *   `node_groups.tf` at v20.37.2; v21 has no defaults inputs). The user data the module renders
 *   (`modules/_user_data`, `templates/*_user_data.tpl` at v21.19.0) is modelled by the parts the user
 *   writes: AL2023 `cloudinit_pre_nodeadm` / `cloudinit_post_nodeadm` contents; Bottlerocket
 *   `bootstrap_extra_args` TOML (after the module's `[settings.kubernetes]` table when it renders
 *   bootstrap user data); AL2 `pre_bootstrap_user_data`, and `bootstrap_extra_args` as arguments of the
 *   module's `/etc/eks/bootstrap.sh` call when it renders one (`enable_bootstrap_user_data`, always on
 *   for self-managed groups).
 * - A managed node group without an AMI of its own (`ami_id`, or the launch template's `image_id`)
 *   is an `eks-managed-nodegroup`: EKS computes its max-pods (reference c.9). With its own AMI it is
 *   modelled as its launch template: the user data decides.
 * - `aws_eks_node_group` with its `launch_template { id|name = aws_launch_template.X.id|name }`,
 *   `aws_launch_template` (`instance_type`, `image_id`, `user_data` as a string, a heredoc or
 *   `base64encode(...)` of one; `filebase64()` / `templatefile()` are unknown here),
 *   `aws_autoscaling_group` `mixed_instances_policy` `override { instance_type }` for its launch
 *   template.
 *
 * Located values carry `embed: 'hcl'` (HCL expressions) or the carrier of the string they sit in.
 */
import { parseAllDocuments } from 'yaml';
import { amiTypeFamily } from '../terraform';
import { attachUserData, newNode, readEc2NodeClass, readNodePool } from '../nodes';
import { get, scalarText, withDocument, type YNode } from '../yamlUtil';
import { readPart, readUserData, sniffKind } from '../userData';
import type {
  Located,
  NodeDefinition,
  Span,
  SyntaxProblem,
  UnknownInput,
  UnknownPart,
  UserDataModel,
  UserDataPart,
} from '../model';
import { View } from '../view';
import {
  attr,
  blocksOf,
  literalString,
  type HclBlock,
  type HclBody,
  type HclExpr,
  type HclFile,
} from './ast';
import { templateView, type HclTemplate } from './view';

export interface HclNodes {
  nodes: NodeDefinition[];
  /** Masked interpolations and directives of the strings read (file spans), for `TemplateModel`. */
  actions: Span[];
}

type Field = (name: string) => { expr: HclExpr } | undefined;

function locatedString(e: HclExpr | undefined): Located<string> | undefined {
  const s = literalString(e);
  return s !== undefined && e ? { value: s, span: { ...e.span }, embed: 'hcl' } : undefined;
}

function unknownOf(node: NodeDefinition, part: UnknownPart, e: HclExpr): void {
  const u: UnknownInput = { part, span: { ...e.span }, reason: 'a Terraform expression we do not evaluate' };
  (node.unknown ??= []).push(u);
}

/** `true`/`false` when written literally, undefined when absent, 'unknown' otherwise. */
function boolOf(e: HclExpr | undefined): boolean | 'unknown' | undefined {
  if (!e) return undefined;
  if (e.kind === 'bool') return e.value;
  return 'unknown';
}

/** The string template inside a user-data expression: a string, a heredoc, `base64encode(...)` of one. */
function userDataTemplate(e: HclExpr): HclTemplate | undefined {
  if (e.kind === 'template') return e;
  if (e.kind === 'call' && ['base64encode', 'trimspace', 'chomp'].includes(e.name) && e.args.length === 1) {
    const inner = e.args[0];
    return inner ? userDataTemplate(inner) : undefined;
  }
  return undefined;
}

class Reader {
  readonly nodes: NodeDefinition[] = [];
  readonly actions: Span[] = [];
  readonly file: View;

  constructor(
    readonly text: string,
    readonly hcl: HclFile,
    readonly problems: SyntaxProblem[],
  ) {
    this.file = View.file(text);
  }

  view(t: HclTemplate, prefix = ''): View {
    const { view, actions } = templateView(this.file, t, prefix);
    this.actions.push(...actions);
    return view;
  }

  /** User data of a launch template's `user_data`; unknown when it is not a string we can read. */
  userData(node: NodeDefinition, e: HclExpr | undefined): void {
    if (!e) return;
    const t = userDataTemplate(e);
    if (!t) return unknownOf(node, 'max-pods', e);
    attachUserData(node, readUserData(this.view(t), this.problems));
  }

  part(
    t: HclTemplate,
    kind: UserDataPart['kind'] | undefined,
    contentType?: string,
    prefix = '',
  ): UserDataPart {
    const v = this.view(t, prefix);
    return readPart(v, kind ?? sniffKind(v.text), contentType, this.problems);
  }

  resources(type: string): Array<{ name: string; block: HclBlock }> {
    return blocksOf(this.hcl.body, 'resource')
      .filter((b) => b.labels[0]?.value === type && b.labels[1])
      .map((b) => ({ name: b.labels[1]?.value ?? '', block: b }));
  }

  read(): HclNodes {
    for (const m of blocksOf(this.hcl.body, 'module')) this.module(m);
    this.resourceNodes();
    return { nodes: this.nodes, actions: this.actions.sort((a, b) => a.start - b.start) };
  }

  // -------------------------------------------------------------------------------------------
  // terraform-aws-modules/eks

  module(m: HclBlock): void {
    const source = literalString(attr(m.body, 'source')?.value) ?? '';
    if (!/terraform-aws-modules\/eks\/aws$|terraform-aws-eks(\.git)?(\/\/)?(\?.*)?$/.test(source)) return;
    const version = literalString(attr(m.body, 'version')?.value);
    const major = version ? Number(/(\d+)/.exec(version)?.[1]) : undefined;
    const v21 = major === undefined || !Number.isFinite(major) ? undefined : major >= 21;
    for (const managed of [true, false]) {
      const groups = attr(m.body, managed ? 'eks_managed_node_groups' : 'self_managed_node_groups')?.value;
      if (groups?.kind !== 'object') continue;
      const defaultsAttr = managed ? 'eks_managed_node_group_defaults' : 'self_managed_node_group_defaults';
      const defaults = v21 === true ? undefined : attr(m.body, defaultsAttr)?.value;
      for (const item of groups.items) {
        if (item.value.kind !== 'object' || item.name === undefined) continue;
        const group = item.value;
        const field: Field = (name) => {
          const own = [...group.items].reverse().find((x) => x.name === name);
          if (own) return { expr: own.value };
          if (defaults?.kind !== 'object') return undefined;
          const d = [...defaults.items].reverse().find((x) => x.name === name);
          return d ? { expr: d.value } : undefined;
        };
        const name: Located<string> = { value: item.name, span: { ...item.key.span } };
        const unknownDefaults = defaults !== undefined && defaults.kind !== 'object' ? defaults : undefined;
        this.group(name, field, managed, v21, unknownDefaults);
      }
    }
  }

  group(
    name: Located<string>,
    field: Field,
    managed: boolean,
    v21: boolean | undefined,
    unknownDefaults?: HclExpr,
  ): void {
    const amiId = field('ami_id')?.expr;
    const ownAmi = amiId !== undefined && !(literalString(amiId) === '' || amiId.kind === 'null');
    const customLt = boolOf(field('use_custom_launch_template')?.expr);
    const custom = !managed || (ownAmi && customLt !== false);
    const node = newNode(custom ? 'launch-template' : 'eks-managed-nodegroup', name.span, name);
    // Types.
    const types = field(managed ? 'instance_types' : 'instance_type')?.expr;
    if (types?.kind === 'tuple' && managed) {
      for (const t of types.items) {
        const l = locatedString(t);
        if (l) node.instanceTypes.push(l);
        else unknownOf(node, 'instance-types', t);
      }
    } else if (types && !managed && locatedString(types))
      node.instanceTypes.push(locatedString(types) as Located<string>);
    else if (types && types.kind !== 'null') unknownOf(node, 'instance-types', types);
    else if (unknownDefaults) unknownOf(node, 'instance-types', unknownDefaults);
    else if (managed)
      node.toolDefaultInstanceType = {
        name: 't3.medium',
        why: 'EKS managed node groups default to t3.medium',
      };
    else
      node.toolDefaultInstanceType = {
        name: 'm6i.large',
        why: 'the module defaults self-managed groups to m6i.large',
      };
    // AMI family: written, else the module's default (v21: AL2023 for both kinds; v20: AL2 for
    // self-managed groups, EKS's default for managed ones, which depends on the Kubernetes version).
    const amiType = field('ami_type')?.expr;
    let family = node.amiFamily?.value;
    const l = locatedString(amiType);
    if (l) node.amiFamily = { ...l, value: amiTypeFamily(l.value) };
    else if (amiType && amiType.kind !== 'null') unknownOf(node, 'ami-family', amiType);
    else if (unknownDefaults) unknownOf(node, 'ami-family', unknownDefaults);
    else if (v21 === true) node.amiFamily = { value: 'AL2023', span: { ...name.span } };
    else if (v21 === false && !managed) node.amiFamily = { value: 'AL2', span: { ...name.span } };
    family = node.amiFamily?.value;
    // User data the module renders (none with EKS's own launch template).
    if (managed && customLt === false) return void this.nodes.push(node);
    const bootstrap = managed ? boolOf(field('enable_bootstrap_user_data')?.expr) : true;
    const parts: UserDataPart[] = [];
    const str = (n: string): HclTemplate | 'unknown' | undefined => {
      const e = field(n)?.expr;
      if (!e || e.kind === 'null') return undefined;
      return e.kind === 'template' ? e : (unknownOf(node, 'max-pods', e), 'unknown');
    };
    if (family === 'AL2023') {
      const lists = ['cloudinit_pre_nodeadm', ...(bootstrap === true ? ['cloudinit_post_nodeadm'] : [])];
      for (const list of lists) {
        const e = field(list)?.expr;
        if (!e) continue;
        if (e.kind !== 'tuple') {
          unknownOf(node, 'max-pods', e);
          continue;
        }
        for (const it of e.items) {
          const content =
            it.kind === 'object' ? it.items.find((x) => x.name === 'content')?.value : undefined;
          if (!content || content.kind !== 'template') {
            unknownOf(node, 'max-pods', content ?? it);
            continue;
          }
          const ct =
            it.kind === 'object'
              ? literalString(it.items.find((x) => x.name === 'content_type')?.value)
              : undefined;
          parts.push(this.part(content, ct === 'application/node.eks.aws' ? 'nodeconfig' : undefined, ct));
        }
      }
    } else if (family === 'Bottlerocket') {
      const extra = str('bootstrap_extra_args');
      if (extra && extra !== 'unknown')
        parts.push(
          this.part(extra, 'bottlerocket', undefined, bootstrap === true ? '[settings.kubernetes]\n' : ''),
        );
    } else if (family === 'AL2' || family === undefined) {
      const pre = str('pre_bootstrap_user_data');
      if (pre && pre !== 'unknown') parts.push(this.part(pre, 'shell'));
      const extra = str('bootstrap_extra_args');
      if (extra && extra !== 'unknown' && bootstrap === true && family === 'AL2')
        parts.push(this.part(extra, 'shell', undefined, '/etc/eks/bootstrap.sh cluster '));
      if (bootstrap === 'unknown')
        unknownOf(node, 'max-pods', field('enable_bootstrap_user_data')?.expr as HclExpr);
    }
    if (parts.length)
      attachUserData(node, {
        span: { ...name.span },
        format: parts.length > 1 ? 'mime' : (parts[0]?.kind ?? 'unknown'),
        parts,
      } satisfies UserDataModel);
    this.nodes.push(node);
  }

  // -------------------------------------------------------------------------------------------
  // Resources

  resourceNodes(): void {
    const lts = new Map<string, { block: HclBlock; node: NodeDefinition; used: boolean }>();
    for (const { name, block } of this.resources('aws_launch_template')) {
      const label = block.labels[1];
      const display =
        locatedString(attr(block.body, 'name')?.value) ??
        (label ? { value: label.value, span: { ...label.span } } : undefined);
      const node = newNode('launch-template', display?.span ?? block.typeSpan, display);
      const it = attr(block.body, 'instance_type')?.value;
      const l = locatedString(it);
      if (l) node.instanceTypes.push(l);
      else if (it && it.kind !== 'null') unknownOf(node, 'instance-types', it);
      this.userData(node, attr(block.body, 'user_data')?.value);
      lts.set(name, { block, node, used: false });
    }
    const ltOf = (body: HclBody | undefined) => {
      for (const key of ['id', 'name', 'launch_template_id', 'launch_template_name']) {
        const e = attr(body, key)?.value;
        if (e?.kind === 'ref' && e.root === 'aws_launch_template') {
          const step = e.path[0];
          if (step?.kind === 'attr') return lts.get(step.name);
        }
      }
      return undefined;
    };
    for (const { block } of this.resources('aws_eks_node_group')) {
      const label = block.labels[1];
      const display =
        locatedString(attr(block.body, 'node_group_name')?.value) ??
        (label ? { value: label.value, span: { ...label.span } } : undefined);
      const lt = ltOf(blocksOf(block.body, 'launch_template')[0]?.body);
      const ownAmi = lt ? attr(lt.block.body, 'image_id') !== undefined : false;
      const node = newNode(
        ownAmi ? 'launch-template' : 'eks-managed-nodegroup',
        display?.span ?? block.typeSpan,
        display,
      );
      const types = attr(block.body, 'instance_types')?.value;
      if (types?.kind === 'tuple') {
        for (const t of types.items) {
          const l = locatedString(t);
          if (l) node.instanceTypes.push(l);
          else unknownOf(node, 'instance-types', t);
        }
      } else if (types) unknownOf(node, 'instance-types', types);
      if (lt) {
        lt.used = true;
        if (!types) node.instanceTypes.push(...lt.node.instanceTypes);
        if (lt.node.userData) attachUserData(node, lt.node.userData);
        if (lt.node.unknown) (node.unknown ??= []).push(...lt.node.unknown);
      }
      if (
        !types &&
        !lt?.node.instanceTypes.length &&
        !lt?.node.unknown?.some((u) => u.part === 'instance-types')
      )
        node.toolDefaultInstanceType = {
          name: 't3.medium',
          why: 'EKS managed node groups default to t3.medium',
        };
      const ami = attr(block.body, 'ami_type')?.value;
      const l = locatedString(ami);
      if (l) node.amiFamily = { ...l, value: amiTypeFamily(l.value) };
      else if (ami) unknownOf(node, 'ami-family', ami);
      this.nodes.push(node);
    }
    for (const { block } of this.resources('aws_autoscaling_group')) {
      const policy = blocksOf(block.body, 'mixed_instances_policy')[0];
      const spec = blocksOf(policy?.body, 'launch_template')[0];
      const lt =
        ltOf(blocksOf(spec?.body, 'launch_template_specification')[0]?.body) ??
        ltOf(blocksOf(block.body, 'launch_template')[0]?.body);
      if (!lt) continue;
      for (const o of blocksOf(spec?.body, 'override')) {
        const e = attr(o.body, 'instance_type')?.value;
        const l = locatedString(e);
        if (l) lt.node.instanceTypes.push(l);
        else if (e) unknownOf(lt.node, 'instance-types', e);
      }
    }
    for (const lt of lts.values()) if (!lt.used) this.nodes.push(lt.node);
    this.manifests();
  }

  /** Karpenter NodePools and EC2NodeClasses in `kubectl_manifest` `yaml_body` / `kubernetes_manifest` `yamldecode(...)`. */
  manifests(): void {
    const bodies: HclExpr[] = [];
    for (const { block } of this.resources('kubectl_manifest')) {
      const e = attr(block.body, 'yaml_body')?.value;
      if (e) bodies.push(e);
    }
    for (const { block } of this.resources('kubernetes_manifest')) {
      const e = attr(block.body, 'manifest')?.value;
      if (e?.kind === 'call' && e.name === 'yamldecode' && e.args[0]) bodies.push(e.args[0]);
    }
    for (const e of bodies) {
      if (e.kind !== 'template') continue;
      const view = this.view(e);
      if (!/\bkind:\s*(NodePool|EC2NodeClass)\b/.test(view.text)) continue;
      for (const doc of parseAllDocuments(view.text, { prettyErrors: false })) {
        if (!('contents' in doc)) continue;
        withDocument(doc, () => {
          const root = doc.contents as YNode;
          const kind = scalarText(get(root, 'kind'));
          const api = scalarText(get(root, 'apiVersion')) ?? '';
          if (kind === 'EC2NodeClass') this.nodes.push(readEc2NodeClass(view, root, this.problems));
          else if (kind === 'NodePool' && (!api || api.startsWith('karpenter.sh')))
            this.nodes.push(readNodePool(view, root));
        });
      }
    }
  }
}

/** The node definitions of one parsed `.tf` file (`text` is its text). Never throws. */
export function readHclNodes(text: string, hcl: HclFile, problems: SyntaxProblem[]): HclNodes {
  try {
    return new Reader(text, hcl, problems).read();
  } catch {
    return { nodes: [], actions: [] };
  }
}
