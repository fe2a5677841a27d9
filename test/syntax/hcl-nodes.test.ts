/**
 * Node definitions in Terraform HCL (issue 11, step 3): terraform-aws-modules/eks node groups with
 * their defaults (v20) and module defaults (v20, v21), aws_eks_node_group + launch template,
 * launch templates with heredoc user data (nodeadm, bootstrap.sh, Bottlerocket), ASG overrides;
 * unknown expressions recorded, never guessed; fixes written in the .tf text.
 */
import { strict as assert } from 'node:assert';
import { loadHclParser } from '../../server/src/project/hclRuntime';
import { parseHcl } from '../../server/src/syntax/hcl';
import { readHclNodes } from '../../server/src/syntax/hcl/nodes';
import { insertionFor, scalarReplacement, type TextEdit } from '../../server/src/syntax/edits';
import type { NodeDefinition, SyntaxProblem } from '../../server/src/syntax/model';

function nodesOf(text: string): { nodes: NodeDefinition[]; problems: SyntaxProblem[] } {
  const hcl = parseHcl(text);
  assert.ok(hcl);
  assert.deepEqual(hcl.errors, []);
  const problems: SyntaxProblem[] = [];
  return { nodes: readHclNodes(text, hcl, problems).nodes, problems };
}

const slice = (text: string, s: { start: number; end: number }) => text.slice(s.start, s.end);
const names = (text: string, n: NodeDefinition) =>
  n.instanceTypes.map((t) => `${t.value}@${slice(text, t.span)}`);

function apply(text: string, e: TextEdit | undefined): string {
  assert.ok(e);
  return text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
}

describe('syntax: Terraform HCL node definitions', () => {
  before(async () => assert.equal(await loadHclParser(), true));

  it('module v20: groups take their inputs from the group, else the defaults; EKS computes max-pods without an AMI', () => {
    const text = `module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  eks_managed_node_group_defaults = {
    ami_type       = "AL2023_x86_64_STANDARD"
    instance_types = ["m6i.large"]
  }

  eks_managed_node_groups = {
    default = {}
    big = {
      instance_types = ["c6i.4xlarge", "c6i.8xlarge"]
    }
    custom = {
      ami_id                     = "ami-0123456789abcdef0"
      enable_bootstrap_user_data = true
      cloudinit_pre_nodeadm = [{
        content_type = "application/node.eks.aws"
        content      = <<-EOT
          apiVersion: node.eks.aws/v1alpha1
          kind: NodeConfig
          spec:
            kubelet:
              config:
                maxPods: 110
        EOT
      }]
    }
  }
}
`;
    const { nodes } = nodesOf(text);
    assert.deepEqual(
      nodes.map((n) => [n.name?.value, n.kind, n.amiFamily?.value]),
      [
        ['default', 'eks-managed-nodegroup', 'AL2023'],
        ['big', 'eks-managed-nodegroup', 'AL2023'],
        ['custom', 'launch-template', 'AL2023'],
      ],
    );
    assert.deepEqual(names(text, nodes[0]!), ['m6i.large@"m6i.large"']);
    assert.deepEqual(names(text, nodes[1]!), ['c6i.4xlarge@"c6i.4xlarge"', 'c6i.8xlarge@"c6i.8xlarge"']);
    const mp = nodes[2]!.maxPods[0];
    assert.equal(mp?.value, 110);
    assert.equal(slice(text, mp!.span), '110');
    // The fix edits the heredoc in place.
    const out = apply(text, scalarReplacement(text, mp!.span, '58', { embed: mp!.embed }));
    assert.equal(out, text.replace('maxPods: 110', 'maxPods: 58'));
  });

  it('module v21: no defaults input; AL2023 and the default types of the module and of EKS', () => {
    const text = `module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"
  eks_managed_node_group_defaults = { instance_types = ["m5.large"] }
  eks_managed_node_groups = {
    a = {}
  }
  self_managed_node_groups = {
    b = { bootstrap_extra_args = "--kubelet-extra-args '--max-pods=20'", ami_type = "AL2_x86_64" }
    c = {}
  }
}
`;
    const { nodes } = nodesOf(text);
    assert.deepEqual(
      nodes.map((n) => [n.name?.value, n.kind, n.amiFamily?.value, n.toolDefaultInstanceType?.name]),
      [
        ['a', 'eks-managed-nodegroup', 'AL2023', 't3.medium'],
        ['b', 'launch-template', 'AL2', 'm6i.large'],
        ['c', 'launch-template', 'AL2023', 'm6i.large'],
      ],
    );
    // bootstrap_extra_args are arguments of the module's bootstrap.sh call.
    const mp = nodes[1]!.maxPods[0];
    assert.equal(mp?.value, 20);
    assert.equal(slice(text, mp!.span), '20');
    assert.equal(
      apply(text, scalarReplacement(text, mp!.span, '29', { embed: mp!.embed })),
      text.replace('=20', '=29'),
    );
  });

  it('Bottlerocket bootstrap_extra_args follow the module settings table; an unknown group input stays unknown', () => {
    const text = `module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "21.3.0"
  eks_managed_node_groups = {
    br = {
      ami_type                   = "BOTTLEROCKET_x86_64"
      ami_id                     = data.aws_ami.br.id
      enable_bootstrap_user_data = true
      instance_types             = var.types
      bootstrap_extra_args       = <<-EOT
        max-pods = 29
      EOT
    }
  }
}
`;
    const { nodes } = nodesOf(text);
    const n = nodes[0]!;
    assert.equal(n.kind, 'launch-template');
    assert.equal(n.maxPods[0]?.origin, 'bottlerocket');
    assert.equal(n.maxPods[0]?.value, 29);
    assert.equal(slice(text, n.maxPods[0]!.span), '29');
    assert.deepEqual(n.instanceTypes, []);
    assert.deepEqual(
      n.unknown?.map((u) => [u.part, slice(text, u.span)]),
      [['instance-types', 'var.types']],
    );
  });

  it('aws_eks_node_group with a launch template: custom AMI when image_id is set; nodeadm heredoc in base64encode', () => {
    const text = `resource "aws_launch_template" "lt" {
  name      = "ng"
  image_id  = "ami-1"
  user_data = base64encode(<<-EOT
    MIME-Version: 1.0
    Content-Type: multipart/mixed; boundary="BOUNDARY"

    --BOUNDARY
    Content-Type: application/node.eks.aws

    apiVersion: node.eks.aws/v1alpha1
    kind: NodeConfig
    spec:
      cluster:
        name: \${var.cluster_name}
      kubelet:
        config:
          clusterDNS: [10.100.0.10]

    --BOUNDARY--
  EOT
  )
}

resource "aws_eks_node_group" "ng" {
  node_group_name = "workers"
  instance_types  = ["m5.large"]
  ami_type        = "CUSTOM"
  launch_template {
    id      = aws_launch_template.lt.id
    version = aws_launch_template.lt.latest_version
  }
}

resource "aws_launch_template" "plain" {
  instance_type = "c5.xlarge"
  user_data     = filebase64("\${path.module}/ud.sh")
}

resource "aws_autoscaling_group" "asg" {
  mixed_instances_policy {
    launch_template {
      launch_template_specification {
        launch_template_id = aws_launch_template.plain.id
      }
      override {
        instance_type = "c5.2xlarge"
      }
    }
  }
}
`;
    const { nodes } = nodesOf(text);
    assert.deepEqual(
      nodes.map((n) => [n.name?.value, n.kind]),
      [
        ['workers', 'launch-template'],
        ['plain', 'launch-template'],
      ],
    );
    const ng = nodes[0]!;
    assert.deepEqual(names(text, ng), ['m5.large@"m5.large"']);
    const nc = ng.userData?.parts.find((p) => p.nodeConfig)?.nodeConfig;
    assert.ok(nc?.maxPodsInsert, 'the NodeConfig is read through the heredoc');
    const out = apply(text, insertionFor(nc.maxPodsInsert, { name: 'maxPods', value: '29' }));
    assert.equal(out, text.replace('[10.100.0.10]\n', '[10.100.0.10]\n          maxPods: 29\n'));
    const plain = nodes[1]!;
    assert.deepEqual(names(text, plain), ['c5.xlarge@"c5.xlarge"', 'c5.2xlarge@"c5.2xlarge"']);
    // filebase64() is not read here: max-pods is unknown, not absent.
    assert.deepEqual(
      plain.unknown?.map((u) => u.part),
      ['max-pods'],
    );
  });

  it('a managed node group with EKS launch template settings and no AMI is computed by EKS', () => {
    const text = `resource "aws_launch_template" "lt" {
  instance_type = "m5.xlarge"
}
resource "aws_eks_node_group" "ng" {
  launch_template {
    name = aws_launch_template.lt.name
  }
}
`;
    const { nodes } = nodesOf(text);
    assert.equal(nodes.length, 1);
    assert.equal(nodes[0]!.kind, 'eks-managed-nodegroup');
    assert.deepEqual(names(text, nodes[0]!), ['m5.xlarge@"m5.xlarge"']);
    assert.equal(nodes[0]!.toolDefaultInstanceType, undefined);
  });
  it('Karpenter NodePool and EC2NodeClass in kubectl_manifest heredocs; interpolations are masked actions', () => {
    const text = `resource "kubectl_manifest" "pool" {
  yaml_body = <<-YAML
    apiVersion: karpenter.sh/v1
    kind: NodePool
    metadata:
      name: default
    spec:
      template:
        spec:
          nodeClassRef:
            group: karpenter.k8s.aws
            kind: EC2NodeClass
            name: default
          requirements:
            - key: node.kubernetes.io/instance-type
              operator: In
              values: ["m5.large", "\${var.extra_type}"]
  YAML
}

resource "kubernetes_manifest" "class" {
  manifest = yamldecode(<<-EOT
    apiVersion: karpenter.k8s.aws/v1
    kind: EC2NodeClass
    metadata:
      name: default
    spec:
      amiSelectorTerms:
        - alias: al2023@latest
      kubelet:
        maxPods: 50
  EOT
  )
}
`;
    const hcl = parseHcl(text)!;
    const r = readHclNodes(text, hcl, []);
    assert.deepEqual(
      r.nodes.map((n) => [n.kind, n.name?.value]),
      [
        ['karpenter-nodepool', 'default'],
        ['karpenter-ec2nodeclass', 'default'],
      ],
    );
    const pool = r.nodes[0]!;
    assert.deepEqual(
      pool.instanceTypes.map((t) => slice(text, t.span)),
      ['"m5.large"', '"${var.extra_type}"'],
    );
    // The interpolated type touches a masked action: the analysis treats it as unknown.
    assert.deepEqual(
      r.actions.map((a) => slice(text, a)),
      ['${var.extra_type}'],
    );
    const mp = r.nodes[1]!.maxPods[0]!;
    assert.equal(mp.value, 50);
    assert.equal(
      apply(text, scalarReplacement(text, mp.span, '29', { embed: mp.embed })),
      text.replace('maxPods: 50', 'maxPods: 29'),
    );
  });
});
