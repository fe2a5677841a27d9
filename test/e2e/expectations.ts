/**
 * What users must see, in one place. The end-to-end suite (VS Code API, in code-server or desktop VS
 * Code), the UI check (Problems panel and hover read from the page) and the Neovim check all read
 * this file. The workspace they open is a fresh copy of `examples/`, so every path here is relative
 * to `examples/`.
 *
 * Positions are 1-based, as the editor shows them ("Ln 74, Col 21"); a range is
 * `startLine:startCol-endLine:endCol` with an exclusive end column. When a rule lands or an example
 * changes, update the entries here (the diagnostics lists are compared exactly: a new finding in an
 * example file must be added, a missing one fails).
 */

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface ExpectedDiagnostic {
  code: string;
  severity: Severity;
  /** `L:C-L:C`, 1-based, end exclusive. */
  range: string;
  /** Must match the message. */
  message?: RegExp;
}

export interface FormatCase {
  /** The format, as the issue names it. */
  format: string;
  /** Relative to the workspace (= `examples/`). */
  file: string;
  /** Exactly the diagnostics vpc-cni-lint reports for the file in the examples workspace. */
  diagnostics: ExpectedDiagnostic[];
}

export interface HoverCase {
  what: string;
  file: string;
  /** `L:C`, 1-based: a position inside the hovered value. */
  at: string;
  expect: RegExp;
}

export interface QuickFixCase {
  file: string;
  /** The diagnostic the fix belongs to (code and range as in `formats`). */
  code: string;
  range: string;
  title: string;
  /** 1-based line and its full text after the fix; every other line must stay byte-identical. */
  line: number;
  after: string;
}

export interface SettingCase {
  file: string;
  /** A rule whose diagnostics in `file` the setting `vpcCniLint.rules` turns off and back on. */
  code: string;
}

export interface CrossFileCase {
  what: string;
  /** The file whose (unsaved) edit changes the diagnostics of `target`. */
  settingsFile: string;
  edit: { line: number; from: string; to: string };
  target: string;
  /** Exactly the diagnostics of `target` after the edit (before it and after reverting: as in `formats`). */
  after: ExpectedDiagnostic[];
}

export interface YamlSyntaxCase {
  file: string;
  /** Text appended (in the editor, unsaved) that makes the YAML malformed. */
  append: string;
  /** `L:C`, 1-based: where the yaml-syntax diagnostic starts after appending. */
  at: string;
}

export const SOURCE = 'vpc-cni-lint';
export const EXTENSION_ID = 'vpc-cni-lint.vpc-cni-lint';
export const YAML_EXTENSION_ID = 'redhat.vscode-yaml';

export const formats: FormatCase[] = [
  {
    format: 'aws-node DaemonSet',
    file: 'cni/aws-node.yaml',
    diagnostics: [
      { code: 'invalid-boolean', severity: 'warning', range: '53:22-53:27', message: /ParseBool/ },
      { code: 'unknown-env-var', severity: 'warning', range: '74:21-74:32', message: /ENABLE_IPv6/ },
    ],
  },
  {
    format: 'Helm values (aws-vpc-cni chart)',
    file: 'helm/aws-vpc-cni-values.yaml',
    diagnostics: [
      {
        code: 'minimum-ip-target-caps-pool',
        severity: 'warning',
        range: '14:3-14:20',
        message: /48 addresses/,
      },
    ],
  },
  {
    format: 'eksctl ClusterConfig',
    file: 'eksctl/cluster.yaml',
    diagnostics: [
      { code: 'unknown-instance-type', severity: 'warning', range: '26:34-26:43', message: /m5\.larg/ },
    ],
  },
  {
    format: 'AL2 user data (bootstrap.sh)',
    file: 'nodes/al2-user-data.sh',
    diagnostics: [
      {
        code: 'use-max-pods-missing',
        severity: 'warning',
        range: '11:36-11:39',
        message: /--use-max-pods false/,
      },
    ],
  },
  {
    format: 'MIME multipart user data with a NodeConfig (AL2023, CRLF)',
    file: 'nodes/al2023-user-data.mime',
    diagnostics: [
      {
        code: 'max-pods-below-capacity',
        severity: 'warning',
        range: '21:16-21:18',
        message: /c6i\.xlarge is 58/,
      },
    ],
  },
  {
    format: 'NodeConfig (bare YAML; e2e-only file from test/e2e/workspace/)',
    file: 'nodes/nodeconfig.yaml',
    diagnostics: [
      {
        code: 'max-pods-below-capacity',
        severity: 'warning',
        range: '14:16-14:18',
        message: /m5\.large is 29/,
      },
    ],
  },
  {
    format: 'Bottlerocket TOML',
    file: 'nodes/bottlerocket.toml',
    diagnostics: [
      { code: 'max-pods-exceeds-ip-capacity', severity: 'error', range: '9:12-9:15', message: /242/ },
    ],
  },
  {
    format: 'Karpenter EC2NodeClass',
    file: 'karpenter/ec2nodeclass.yaml',
    diagnostics: [
      {
        code: 'tool-max-pods-unaware',
        severity: 'warning',
        range: '32:20-32:30',
        message: /29 on m5\.large/,
      },
      {
        code: 'tool-max-pods-unaware',
        severity: 'warning',
        range: '32:32-32:43',
        message: /58 on m5\.xlarge/,
      },
      {
        code: 'tool-max-pods-unaware',
        severity: 'warning',
        range: '32:45-32:55',
        message: /29 on c5\.large/,
      },
    ],
  },
];

export const hovers: HoverCase[] = [
  {
    what: 'an env name',
    file: 'cni/aws-node.yaml',
    at: '86:24',
    expect: /\*\*WARM_PREFIX_TARGET\*\*[^]*prefix/,
  },
  {
    what: 'a warm target value',
    file: 'cni/aws-node.yaml',
    at: '87:23',
    expect: /Simulated warm pool[^]*m5\.large/,
  },
  {
    what: 'an instance type',
    file: 'eksctl/cluster.yaml',
    at: '20:21',
    expect: /\*\*m5\.large\*\*[^]*prefix delegation \| 434/,
  },
  {
    what: 'a max-pods value',
    file: 'nodes/bottlerocket.toml',
    at: '9:13',
    expect: /max-pods 300[^]*t3\.medium[^]*242/,
  },
];

export const quickFixes: QuickFixCase[] = [
  {
    file: 'cni/aws-node.yaml',
    code: 'unknown-env-var',
    range: '74:21-74:32',
    title: 'Rename to ENABLE_IPv6',
    line: 74,
    after: '            - name: ENABLE_IPv6 # planted: the CNI reads ENABLE_IPv6 (lower-case v)',
  },
  {
    file: 'nodes/al2023-user-data.mime',
    code: 'max-pods-below-capacity',
    range: '21:16-21:18',
    title: 'Set max-pods to 110',
    line: 21,
    after: '      maxPods: 110',
  },
  {
    file: 'nodes/al2-user-data.sh',
    code: 'use-max-pods-missing',
    range: '11:36-11:39',
    title: 'Add --use-max-pods false',
    line: 7,
    after: '/etc/eks/bootstrap.sh --use-max-pods false demo \\',
  },
  {
    file: 'nodes/bottlerocket.toml',
    code: 'max-pods-exceeds-ip-capacity',
    range: '9:12-9:15',
    title: 'Set max-pods to 242',
    line: 9,
    after: 'max-pods = 242',
  },
];

export const settings: SettingCase[] = [{ file: 'cni/aws-node.yaml', code: 'unknown-env-var' }];

export const crossFile: CrossFileCase[] = [
  {
    what: 'prefix delegation turned off in the aws-node DaemonSet: AL2 user data max-pods 110 exceeds m5.large',
    settingsFile: 'cni/aws-node.yaml',
    edit: { line: 79, from: '"true"', to: '"false"' },
    target: 'nodes/al2-user-data.sh',
    after: [
      {
        code: 'max-pods-exceeds-ip-capacity',
        severity: 'error',
        range: '11:36-11:39',
        message: /m5\.large can address: 29/,
      },
      { code: 'use-max-pods-missing', severity: 'warning', range: '11:36-11:39' },
    ],
  },
];

/** The appended line lands after the file's last line (16: the cluster directive). */
export const yamlSyntax: YamlSyntaxCase = {
  file: 'helm/aws-vpc-cni-values.yaml',
  append: 'broken: a: b\n',
  at: '17:9',
};

/** What the UI check reads from the page (Problems panel rows and one hover). */
export const ui = {
  /** Opened first in a fresh window: the extension must activate on it (a .toml, not YAML). */
  files: ['nodes/bottlerocket.toml', 'cni/aws-node.yaml'],
  /** Each must match one Problems row (its aria-label) once both files are open. */
  problems: [
    /max-pods 300 exceeds what t3\.medium can address/,
    /ENABLE_IPV6/,
    /AWS_VPC_K8S_CNI_EXTERNALSNAT/,
  ],
  /** The Problems row clicked before the screenshot (its squiggle is then in view). */
  reveal: /ENABLE_IPV6/,
  /** Our LSP hover (its table), not only the diagnostic's hover. */
  hover: { file: 'nodes/bottlerocket.toml', at: '9:13', expect: /pods the CNI can address[^]*242/ },
};

/**
 * What Neovim (push diagnostics) must receive per file, and one hover each. The workspace is the
 * same copy of examples/, so the TOML case also proves the cross-file context (prefix delegation
 * from cni/aws-node.yaml) outside VS Code.
 */
export const nvim: Array<{ file: string; diagnostics: string[]; hover: { at: string; expect: RegExp } }> = [
  {
    file: 'cni/aws-node.yaml',
    /** `code L:C-L:C`, exactly (after the workspace scan). */
    diagnostics: ['invalid-boolean 53:22-53:27', 'unknown-env-var 74:21-74:32'],
    hover: { at: '86:24', expect: /WARM_PREFIX_TARGET/ },
  },
  {
    file: 'nodes/bottlerocket.toml',
    diagnostics: ['max-pods-exceeds-ip-capacity 9:12-9:15'],
    hover: { at: '9:13', expect: /pods the CNI can address[^]*242/ },
  },
];

/** `L:C` or `L:C-L:C` (1-based) to 0-based numbers. */
export function parsePosition(at: string): { line: number; character: number } {
  const m = /^(\d+):(\d+)$/.exec(at);
  if (!m) throw new Error(`bad position ${at}`);
  return { line: Number(m[1]) - 1, character: Number(m[2]) - 1 };
}

export function parseRange(range: string): {
  start: { line: number; character: number };
  end: { line: number; character: number };
} {
  const [a, b] = range.split('-');
  if (!a || !b) throw new Error(`bad range ${range}`);
  return { start: parsePosition(a), end: parsePosition(b) };
}

/** 0-based LSP-style range to the `L:C-L:C` notation above. */
export function formatRange(r: {
  start: { line: number; character: number };
  end: { line: number; character: number };
}): string {
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
}
