/**
 * List the env vars aws/amazon-vpc-cni-k8s reads, tag by tag: a maintainer's check of
 * `schemas/aws-node-env.schema.json` (`since`/`until` per variable). Run by hand, not in tests:
 *
 *   npx tsx scripts/list-cni-env-reads.ts <amazon-vpc-cni-k8s git dir> [--from v1.0.0] [--schema schemas/aws-node-env.schema.json]
 *
 * For every release tag (no -rc), in Go files outside vendor/ and tests: calls of os.Getenv, os.LookupEnv and the
 * CNI's wrappers (utils.GetEnv, GetBoolAsStringEnvVar, getEnv*, ...) whose first argument is a string literal or a
 * constant defined as one; `${NAME}`/`$NAME` in the shell entrypoints of the image (scripts/entrypoint.sh,
 * scripts/install-aws.sh); and the vendored operator-sdk helper k8sutil.GetWatchNamespace (WATCH_NAMESPACE), which
 * pkg/eniconfig called up to v1.5.x. Prints, per variable, the first and last tag that reads it and the files, then
 * (with --schema) the differences from the schema's names and `since`. The AWS SDK's own AWS_* variables are read
 * inside vendored/module code and are listed by the schema separately (x-vpc-cni.kind "aws-sdk").
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const READ_CALL =
  /\b(?:os\.Getenv|os\.LookupEnv|syscall\.Getenv|[A-Za-z_.]*(?:GetEnv|getEnv|EnvVar|EnvBool|EnvInt|FromEnv)[A-Za-z]*)\(\s*("([A-Z][A-Z0-9_]*)"|([A-Za-z_][A-Za-z0-9_.]*))/g;
const CONST_DEF = /\b([A-Za-z_][A-Za-z0-9_]*)\s*(?:string\s*)?=\s*"([A-Z][A-Z0-9_]*[A-Z0-9])"/g;
const SHELL_FILES = ['scripts/entrypoint.sh', 'scripts/install-aws.sh'];
const SHELL_VAR = /\$\{?([A-Z][A-Z0-9_]*[A-Z0-9])\b/g;
/** Names shell scripts use that are not env settings of the container. */
const SHELL_IGNORE = new Set(['PATH', 'HOME', 'PWD', 'HOSTNAME']);

function versionKey(tag: string): number[] {
  return tag
    .replace(/^v/, '')
    .split('.')
    .map((p) => Number.parseInt(p, 10) || 0);
}
const cmp = (a: string, b: string): number => {
  const x = versionKey(a);
  const y = versionKey(b);
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
};

export function envReadsAt(git: (...a: string[]) => string, tag: string): Map<string, Set<string>> {
  const files = git('ls-tree', '-r', '--name-only', tag)
    .split('\n')
    .filter(
      (f) =>
        (f.endsWith('.go') &&
          !f.startsWith('vendor/') &&
          !f.endsWith('_test.go') &&
          !f.startsWith('test/')) ||
        SHELL_FILES.includes(f),
    );
  const consts = new Map<string, string>();
  const texts = new Map<string, string>();
  for (const f of files) {
    let t: string;
    try {
      t = git('show', `${tag}:${f}`);
    } catch {
      continue;
    }
    texts.set(f, t);
    if (f.endsWith('.go')) for (const m of t.matchAll(CONST_DEF)) consts.set(m[1] as string, m[2] as string);
  }
  const out = new Map<string, Set<string>>();
  const add = (name: string, file: string): void => {
    if (!out.has(name)) out.set(name, new Set());
    out.get(name)?.add(file);
  };
  for (const [f, t] of texts) {
    if (SHELL_FILES.includes(f)) {
      for (const m of t.matchAll(SHELL_VAR)) if (!SHELL_IGNORE.has(m[1] as string)) add(m[1] as string, f);
      continue;
    }
    for (const m of t.matchAll(READ_CALL)) {
      const literal = m[2];
      const ident = m[3]?.split('.').pop();
      const name = literal ?? (ident ? consts.get(ident) : undefined);
      if (name) add(name, f);
    }
    if (t.includes('k8sutil.GetWatchNamespace()')) add('WATCH_NAMESPACE', f);
  }
  return out;
}

function main(): void {
  const args = process.argv.slice(2);
  const gitDir = args[0];
  if (!gitDir) {
    console.error(
      'usage: list-cni-env-reads.ts <amazon-vpc-cni-k8s git dir> [--from vX.Y.Z] [--schema FILE]',
    );
    process.exit(2);
  }
  const opt = (k: string): string | undefined => {
    const i = args.indexOf(k);
    return i > 0 ? args[i + 1] : undefined;
  };
  const from = opt('--from') ?? 'v1.0.0';
  const git = (...a: string[]): string =>
    execFileSync('git', ['--git-dir', gitDir, ...a], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  const tags = git('tag', '--list', 'v*')
    .split('\n')
    .filter((t) => /^v\d+\.\d+\.\d+$/.test(t) && cmp(t, from) >= 0)
    .sort(cmp);
  const first = new Map<string, string>();
  const last = new Map<string, string>();
  const where = new Map<string, Set<string>>();
  for (const tag of tags) {
    for (const [name, files] of envReadsAt(git, tag)) {
      if (!first.has(name)) first.set(name, tag);
      last.set(name, tag);
      const w = where.get(name) ?? new Set<string>();
      for (const f of files) w.add(f);
      where.set(name, w);
    }
  }
  const latest = tags[tags.length - 1];
  for (const name of [...first.keys()].sort()) {
    const until = last.get(name) === latest ? '' : ` until ${last.get(name)}`;
    console.log(
      `${name}\tsince ${first.get(name)}${until}\t${[...(where.get(name) ?? [])].sort().join(' ')}`,
    );
  }
  const schemaFile = opt('--schema');
  if (schemaFile) {
    const props = (
      JSON.parse(readFileSync(schemaFile, 'utf8')) as {
        properties: Record<string, { 'x-vpc-cni'?: { since?: string; until?: string; kind?: string } }>;
      }
    ).properties;
    console.log('\n# compared with', schemaFile);
    for (const name of [...first.keys()].sort()) {
      const x = props[name]?.['x-vpc-cni'];
      if (!props[name]) console.log(`missing from schema: ${name} (since ${first.get(name)})`);
      else if (
        x?.since &&
        cmp(`v${x.since}`, first.get(name) as string) > 0 &&
        cmp(first.get(name) as string, from) > 0
      )
        console.log(`since differs: ${name} schema ${x.since}, source ${first.get(name)}`);
    }
    for (const name of Object.keys(props).sort()) {
      if (!first.has(name) && props[name]?.['x-vpc-cni']?.kind !== 'aws-sdk')
        console.log(`in schema, not found in source reads: ${name}`);
    }
  }
}

if (require.main === module) main();
