/**
 * Deterministic generators of realistic inputs for the benchmarks and the robustness tests:
 * multi-document Kubernetes manifests (mostly ordinary objects, or mostly objects the linter
 * analyses), user-data files, and trees of files for the CLI.
 *
 * Everything is seeded: the same arguments give the same text, so benchmark runs compare.
 */

/** A small seeded PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

const APPS = ['web', 'api', 'worker', 'billing', 'search', 'auth', 'cart', 'catalog', 'mailer', 'report'];
const TYPES = ['m5.large', 'm5.xlarge', 'c6i.2xlarge', 'r6i.large', 't3.medium', 'm6g.4xlarge', 'c5.xlarge'];
const B64 = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM1ekNDQWMrZ0F3SUJBZ0lCQURBTkJna3Foa2lH';

// ---------------------------------------------------------------------------------------------
// Ordinary objects (what real manifests are mostly made of)

export function deployment(r: Rand, i: number): string {
  const app = `${pick(r, APPS)}-${i}`;
  const replicas = int(r, 1, 12);
  const envs = Array.from(
    { length: int(r, 2, 8) },
    (_, k) =>
      `            - name: ${app.toUpperCase().replace(/-/g, '_')}_SETTING_${k}\n              value: "${int(r, 0, 99999)}"\n`,
  ).join('');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
  namespace: team-${i % 7}
  labels:
    app.kubernetes.io/name: ${app}
    app.kubernetes.io/part-of: shop
    app.kubernetes.io/version: "1.${i % 30}.${int(r, 0, 9)}"
  annotations:
    deployment.kubernetes.io/revision: "${int(r, 1, 40)}"
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app.kubernetes.io/name: ${app}
  strategy:
    type: RollingUpdate
    rollingUpdate: { maxSurge: 25%, maxUnavailable: 0 }
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${app}
    spec:
      serviceAccountName: ${app}
      containers:
        - name: ${app}
          image: 123456789012.dkr.ecr.us-west-2.amazonaws.com/${app}:${int(r, 100, 999)}
          ports:
            - containerPort: ${int(r, 3000, 9000)}
              name: http
          env:
${envs}          resources:
            requests: { cpu: ${int(r, 50, 900)}m, memory: ${int(r, 64, 2048)}Mi }
            limits: { memory: ${int(r, 128, 4096)}Mi }
          readinessProbe:
            httpGet: { path: /healthz, port: http }
            periodSeconds: 10
          livenessProbe:
            httpGet: { path: /livez, port: http }
            initialDelaySeconds: 15
`;
}

export function service(r: Rand, i: number): string {
  const app = `${pick(r, APPS)}-${i}`;
  return `apiVersion: v1
kind: Service
metadata:
  name: ${app}
  namespace: team-${i % 7}
  labels:
    app.kubernetes.io/name: ${app}
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: ${app}
  ports:
    - name: http
      port: 80
      targetPort: http
      protocol: TCP
`;
}

export function configMap(r: Rand, i: number): string {
  const lines = Array.from(
    { length: int(r, 4, 16) },
    (_, k) => `  key-${k}.properties: "setting.${k}=${int(r, 0, 1e6)}"\n`,
  ).join('');
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings-${i}
  namespace: team-${i % 7}
data:
${lines}  app.yaml: |
    logging:
      level: info
    features: [a, b, c]
`;
}

export function ingress(r: Rand, i: number): string {
  const app = `${pick(r, APPS)}-${i}`;
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${app}
  annotations:
    alb.ingress.kubernetes.io/scheme: internet-facing
    alb.ingress.kubernetes.io/target-type: ip
spec:
  ingressClassName: alb
  rules:
    - host: ${app}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: { name: ${app}, port: { number: 80 } }
`;
}

const ORDINARY = [deployment, deployment, deployment, service, service, configMap, ingress];

// ---------------------------------------------------------------------------------------------
// Objects the linter analyses

export function awsNodeDaemonSet(r: Rand, i = 0): string {
  const env: Array<[string, string]> = [
    ['ADDITIONAL_ENI_TAGS', '{}'],
    ['AWS_VPC_CNI_NODE_PORT_SUPPORT', 'true'],
    ['AWS_VPC_ENI_MTU', '9001'],
    ['AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG', pick(r, ['false', 'true'])],
    ['AWS_VPC_K8S_CNI_EXTERNALSNAT', 'false'],
    ['AWS_VPC_K8S_CNI_LOGLEVEL', 'DEBUG'],
    ['AWS_VPC_K8S_CNI_VETHPREFIX', 'eni'],
    ['DISABLE_INTROSPECTION', 'false'],
    ['DISABLE_METRICS', 'false'],
    ['ENABLE_IPv4', 'true'],
    ['ENABLE_IPv6', 'false'],
    ['ENABLE_POD_ENI', pick(r, ['false', 'true'])],
    ['ENABLE_PREFIX_DELEGATION', pick(r, ['false', 'true'])],
    ['WARM_ENI_TARGET', String(int(r, 0, 2))],
    ['WARM_IP_TARGET', String(int(r, 0, 10))],
    ['MINIMUM_IP_TARGET', String(int(r, 0, 30))],
    ['WARM_PREFIX_TARGET', '1'],
    ['MAX_ENI', String(int(r, -1, 4))],
    [pick(r, ['ENABLE_IPV6', 'WARM_IP_TARGTE', 'AWS_VPC_K8S_CNI_LOG_FILE']), 'false'],
  ];
  const envText = env.map(([n, v]) => `            - name: ${n}\n              value: "${v}"\n`).join('');
  return `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: aws-node
  namespace: kube-system
  labels:
    k8s-app: aws-node
    copy: "${i}"
spec:
  selector:
    matchLabels:
      k8s-app: aws-node
  updateStrategy:
    rollingUpdate: { maxUnavailable: 10% }
    type: RollingUpdate
  template:
    metadata:
      labels:
        k8s-app: aws-node
    spec:
      hostNetwork: true
      priorityClassName: system-node-critical
      serviceAccountName: aws-node
      initContainers:
        - name: aws-vpc-cni-init
          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni-init:v1.19.2-eksbuild.1
          env:
            - name: DISABLE_TCP_EARLY_DEMUX
              value: "false"
            - name: ENABLE_IPv6
              value: "false"
          securityContext: { privileged: true }
      containers:
        - name: aws-node
          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.2-eksbuild.1
          ports:
            - containerPort: 61678
              name: metrics
          env:
${envText}            - name: MY_NODE_NAME
              valueFrom:
                fieldRef: { fieldPath: spec.nodeName }
          resources:
            requests: { cpu: 25m }
          securityContext:
            capabilities: { add: [NET_ADMIN, NET_RAW] }
`;
}

export function mimeUserData(r: Rand, indent = ''): string {
  const maxPods = pick(r, [58, 110, 250, 17]);
  const text = `MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="BOUNDARY"

--BOUNDARY
Content-Type: application/node.eks.aws

---
apiVersion: node.eks.aws/v1alpha1
kind: NodeConfig
spec:
  cluster:
    name: my-cluster
    apiServerEndpoint: https://ABCD.gr7.us-west-2.eks.amazonaws.com
    certificateAuthority: ${B64}
    cidr: 10.100.0.0/16
  kubelet:
    config:
      maxPods: ${maxPods}
    flags:
      - --node-labels=role=web

--BOUNDARY
Content-Type: text/x-shellscript; charset="us-ascii"

#!/bin/bash
echo "runs as a normal cloud-init part"

--BOUNDARY--
`;
  return indent ? text.replace(/^(?=.)/gm, indent) : text;
}

export function bootstrapUserData(r: Rand, indent = ''): string {
  const text = `#!/bin/bash
set -ex
/etc/eks/bootstrap.sh my-cluster \\
  --b64-cluster-ca '${B64}' \\
  --apiserver-endpoint 'https://ABCD.gr7.us-west-2.eks.amazonaws.com' \\
  --dns-cluster-ip '10.100.0.10' \\
  --use-max-pods false \\
  --kubelet-extra-args '--max-pods=${pick(r, [29, 58, 110])} --node-labels=role=web'
`;
  return indent ? text.replace(/^(?=.)/gm, indent) : text;
}

export function bottlerocketUserData(r: Rand, indent = ''): string {
  const text = `[settings.kubernetes]
api-server = "https://ABCD.gr7.us-west-2.eks.amazonaws.com"
cluster-certificate = "${B64}"
cluster-name = "my-cluster"
cluster-dns-ip = "10.100.0.10"
max-pods = ${pick(r, [29, 110, 234])}

[settings.kubernetes.node-labels]
"role" = "web"
`;
  return indent ? text.replace(/^(?=.)/gm, indent) : text;
}

export function ec2NodeClass(r: Rand, i: number): string {
  const bottlerocket = r() < 0.3;
  return `apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: class-${i}
spec:
  role: KarpenterNodeRole-my-cluster
  amiSelectorTerms:
    - alias: ${bottlerocket ? 'bottlerocket@latest' : 'al2023@latest'}
  subnetSelectorTerms:
    - tags: { karpenter.sh/discovery: my-cluster }
  securityGroupSelectorTerms:
    - tags: { karpenter.sh/discovery: my-cluster }
  kubelet:
    maxPods: ${pick(r, [29, 58, 110])}
  userData: |
${bottlerocket ? bottlerocketUserData(r, '    ') : mimeUserData(r, '    ')}`;
}

export function nodePool(r: Rand, i: number): string {
  const types = Array.from({ length: int(r, 1, 4) }, () => pick(r, TYPES));
  return `apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: pool-${i}
spec:
  template:
    spec:
      nodeClassRef:
        group: karpenter.k8s.aws
        kind: EC2NodeClass
        name: class-${i}
      requirements:
        - key: node.kubernetes.io/instance-type
          operator: In
          values: [${[...new Set(types)].map((t) => `"${t}"`).join(', ')}]
        - key: karpenter.sh/capacity-type
          operator: In
          values: ["on-demand"]
  limits:
    cpu: "1000"
`;
}

export function eksctlCluster(r: Rand, i: number): string {
  return `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: cluster-${i}
  region: us-west-2
managedNodeGroups:
  - name: ng-${i}
    instanceType: ${pick(r, TYPES)}
    desiredCapacity: ${int(r, 1, 20)}
    maxPodsPerNode: ${pick(r, [29, 58, 110])}
    ami: ami-0123456789abcdef0
    overrideBootstrapCommand: |
${bootstrapUserData(r, '      ')}  - name: ng-${i}-al2023
    instanceType: ${pick(r, TYPES)}
    amiFamily: AmazonLinux2023
`;
}

export function eniConfig(r: Rand, i: number): string {
  return `apiVersion: crd.k8s.amazonaws.com/v1alpha1
kind: ENIConfig
metadata:
  name: us-west-2${pick(r, ['a', 'b', 'c'])}-${i}
spec:
  securityGroups: [sg-0123456789abcdef0]
  subnet: subnet-0${int(r, 100000, 999999)}abcdef
`;
}

export function cniConfigMap(r: Rand): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: amazon-vpc-cni
  namespace: kube-system
data:
  enable-network-policy-controller: "${pick(r, ['true', 'false'])}"
  enable-windows-ipam: "false"
  enable-windows-prefix-delegation: "false"
`;
}

/** Relevant documents after the one aws-node DaemonSet a cluster has. */
const RELEVANT = [ec2NodeClass, nodePool, eksctlCluster, eniConfig];

// ---------------------------------------------------------------------------------------------
// Whole manifests

export type Mix = 'all-relevant' | 'few-relevant';

export interface Manifest {
  text: string;
  documents: number;
  relevant: number;
}

/**
 * A multi-document manifest of about `bytes` characters, starting with the aws-node DaemonSet.
 * `all-relevant`: every other document is a node definition (Karpenter EC2NodeClass with user
 * data, NodePool, eksctl ClusterConfig with a bootstrap command) or an ENIConfig, after the CNI
 * ConfigMap.
 * `few-relevant`: one aws-node DaemonSet and about one relevant document in fifty; the rest
 * Deployments, Services, ConfigMaps and Ingresses.
 */
export function manifest(bytes: number, mix: Mix, seed = 1): Manifest {
  const r = rng(seed);
  const parts: string[] = [];
  let size = 0;
  let relevant = 0;
  for (let i = 0; size < bytes; i++) {
    let doc: string;
    if (i === 0) doc = awsNodeDaemonSet(r, i);
    else if (i === 1) doc = cniConfigMap(r);
    else if (mix === 'all-relevant' || r() < 0.02) doc = (RELEVANT[i % RELEVANT.length] ?? nodePool)(r, i);
    else doc = pick(r, ORDINARY)(r, i);
    if (i <= 1 || mix === 'all-relevant' || RELEVANT_KINDS.test(doc)) relevant++;
    parts.push(doc);
    size += doc.length + 4;
  }
  return { text: parts.join('---\n'), documents: parts.length, relevant };
}

const RELEVANT_KINDS =
  /^kind: (DaemonSet|EC2NodeClass|NodePool|ClusterConfig|ENIConfig)$|name: amazon-vpc-cni$/m;

/** A manifest of at least `lines` lines with an aws-node DaemonSet near the middle. */
export function linesManifest(lines: number, seed = 2): { text: string; daemonSetOffset: number } {
  const r = rng(seed);
  const before: string[] = [];
  let count = 0;
  for (let i = 1; count < lines / 2; i++) {
    const d = pick(r, ORDINARY)(r, i);
    before.push(d);
    count += d.split('\n').length;
  }
  const ds = awsNodeDaemonSet(r, 0);
  const after: string[] = [];
  count += ds.split('\n').length;
  for (let i = 10_000; count < lines; i++) {
    const d = pick(r, ORDINARY)(r, i);
    after.push(d);
    count += d.split('\n').length;
  }
  const head = before.join('---\n') + '---\n';
  return { text: head + ds + '---\n' + after.join('---\n'), daemonSetOffset: head.length };
}

/**
 * A tree of `count` files for the CLI: manifests of a few KB (one in ten relevant), standalone
 * user data (MIME, bootstrap shell, Bottlerocket TOML) and JSON. Returns relative paths and text.
 */
export function* fileTree(count: number, seed = 3): Generator<{ path: string; text: string }> {
  const r = rng(seed);
  for (let i = 0; i < count; i++) {
    const dir = `team-${i % 40}/app-${Math.floor(i / 40) % 25}`;
    const k = i % 20;
    if (k === 0) yield { path: `${dir}/aws-node-${i}.yaml`, text: awsNodeDaemonSet(r, i) };
    else if (k === 1) yield { path: `${dir}/nodeclass-${i}.yaml`, text: ec2NodeClass(r, i) };
    else if (k === 2) yield { path: `${dir}/user-data-${i}.mime`, text: mimeUserData(r) };
    else if (k === 3) yield { path: `${dir}/bootstrap-${i}.sh`, text: bootstrapUserData(r) };
    else if (k === 4) yield { path: `${dir}/bottlerocket-${i}.toml`, text: bottlerocketUserData(r) };
    else if (k === 5)
      yield {
        path: `${dir}/values-${i}.json`,
        text: JSON.stringify({ replicaCount: int(r, 1, 5), image: { tag: `v${i}` } }, null, 2) + '\n',
      };
    else {
      const docs = Array.from({ length: int(r, 1, 3) }, (_, j) => pick(r, ORDINARY)(r, i * 10 + j));
      yield { path: `${dir}/app-${i}.yaml`, text: docs.join('---\n') };
    }
  }
}
