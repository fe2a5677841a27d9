#!/usr/bin/env node
/**
 * `vpc-cni-lint`: the command-line interface. Same analysis as the editor.
 * Exit codes: 0 no error-severity finding, 1 at least one, 2 usage or I/O error.
 */
import { promises as fs } from 'node:fs';
import pkg from '../../../package.json';
import type { Severity } from '../analysis';
import { applyCatalogOverrides } from '../analysis';
import { defaultCatalog, type Catalog } from '../engine';
import { runCheck } from './check';
import { runCatalog } from './commands/catalogCmd';
import { runMaxPods } from './commands/maxPods';
import { runSimulate } from './commands/simulate';
import { UsageError } from './files';

export const VERSION: string = (pkg as { version: string }).version;

export interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const CHECK_OPTIONS = `      --format text|json|sarif        output format (default text)
      --catalog FILE                  extra or overriding instance types (JSON, same shape as vpcCniLint.instanceTypes)
      --default-instance-types T,...  instance types assumed where none are stated
      --rule CODE=SEVERITY            override a rule's severity (error|warning|information|hint|off); repeatable
      --max-file-size BYTES           skip larger files (default 5242880)
      --help, -h                      print this usage
`;

export const CHECK_USAGE = `Usage: vpc-cni-lint check <files or folders...> [options]

Checks aws-node settings, node definitions and user data in the given files and folders.

Options:
${CHECK_OPTIONS}
Exit codes: 0 no error-severity finding, 1 at least one error-severity finding, 2 usage or I/O error.
`;

const HELP = `vpc-cni-lint ${VERSION}: catches Amazon VPC CNI (aws-node) misconfigurations.

Usage:
  vpc-cni-lint check <files or folders...> [options]      (see vpc-cni-lint check --help)
${CHECK_OPTIONS}  vpc-cni-lint max-pods --instance-type T --cni-version X.Y.Z [flags]   (see vpc-cni-lint max-pods --help)
  vpc-cni-lint simulate --instance-type T [--env NAME=VALUE]... [--pods N,...]   (see vpc-cni-lint simulate --help)
  vpc-cni-lint catalog [--instance-type T] [--json]   (see vpc-cni-lint catalog --help)
  vpc-cni-lint help [COMMAND] | --help | --version

Exit codes: 0 no error-severity finding, 1 at least one error-severity finding, 2 usage or I/O error.
`;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

/** Pulls `--catalog FILE` out of argv and loads the catalog it describes. */
async function loadCatalog(
  argv: string[],
): Promise<{ catalog: Catalog; rest: string[]; warnings: string[] }> {
  const rest: string[] = [];
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--catalog') file = argv[++i];
    else if (a.startsWith('--catalog=')) file = a.slice('--catalog='.length);
    else rest.push(a);
  }
  const base = defaultCatalog();
  if (file === undefined) return { catalog: base, rest, warnings: [] };
  if (!file) throw new UsageError('--catalog needs a file');
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read catalog ${file}: ${(err as Error).message}`);
  }
  const result = applyCatalogOverrides(base, raw);
  return { catalog: result.catalog, rest, warnings: result.problems.map((p) => `${file}: ${p}`) };
}

async function check(argv: string[], catalog: Catalog): Promise<CliResult> {
  const paths: string[] = [];
  let format: 'text' | 'json' | 'sarif' = 'text';
  const ruleSeverity: Record<string, Severity | 'off'> = {};
  let defaultInstanceTypes: string[] = [];
  let maxFileSize = 5 * 1024 * 1024;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--help':
      case '-h':
        return { stdout: CHECK_USAGE, stderr: '', exitCode: 0 };
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json' && v !== 'sarif')
          throw new UsageError(`--format must be text, json or sarif, not ${v}`);
        format = v;
        break;
      }
      case '--rule': {
        const v = value();
        const m = /^([a-z0-9-]+)=(\w+)$/.exec(v);
        if (!m || !SEVERITIES.has(m[2] ?? ''))
          throw new UsageError(`--rule takes CODE=error|warning|information|hint|off, not ${v}`);
        ruleSeverity[m[1] ?? ''] = m[2] as Severity | 'off';
        break;
      }
      case '--default-instance-types':
        defaultInstanceTypes = value()
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      case '--max-file-size': {
        const n = Number(value());
        if (!Number.isInteger(n) || n <= 0)
          throw new UsageError('--max-file-size takes a positive number of bytes');
        maxFileSize = n;
        break;
      }
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
        paths.push(a);
    }
  }
  if (!paths.length) throw new UsageError('check needs at least one file or folder');
  const result = await runCheck({
    paths,
    format,
    catalog,
    settings: { defaultInstanceTypes, ruleSeverity, yamlSyntaxHandledElsewhere: false },
    version: VERSION,
    maxFileSize,
  });
  const hasError = result.findings.some((f) => f.finding.severity === 'error');
  const summary =
    format === 'text'
      ? `${plural(result.findings.length, 'finding')} (${plural(result.findings.filter((f) => f.finding.severity === 'error').length, 'error')})`
      : '';
  return {
    stdout: result.output ? `${result.output}\n` : '',
    stderr:
      [...result.errors, summary].filter(Boolean).join('\n') + (result.errors.length || summary ? '\n' : ''),
    exitCode: result.errors.length ? 2 : hasError ? 1 : 0,
  };
}

/** Runs the CLI on `argv` (without `node` and the script). Never throws. */
export async function runCli(argv: string[]): Promise<CliResult> {
  try {
    let [command, ...rest] = argv;
    // `help COMMAND` is `COMMAND --help`.
    if (command === 'help' && rest[0] && !rest[0].startsWith('-')) [command, rest] = [rest[0], ['--help']];
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      return { stdout: HELP, stderr: '', exitCode: command ? 0 : 2 };
    }
    // `-h` asks for help in every subcommand (their parsers know `--help`).
    rest = rest.map((a) => (a === '-h' ? '--help' : a));
    if (command === '--version' || command === '-v')
      return { stdout: `${VERSION}\n`, stderr: '', exitCode: 0 };
    const subcommands: Record<string, (args: string[], catalog: Catalog) => Promise<CliResult> | CliResult> =
      {
        check,
        'max-pods': runMaxPods,
        simulate: runSimulate,
        catalog: runCatalog,
      };
    if (command === 'check' && rest.includes('--help'))
      return { stdout: CHECK_USAGE, stderr: '', exitCode: 0 };
    const run = subcommands[command];
    if (!run) throw new UsageError(`unknown command ${command}; see vpc-cni-lint --help`);
    const { catalog, rest: args, warnings } = await loadCatalog(rest);
    const result = await run(args, catalog);
    if (warnings.length) result.stderr = warnings.join('\n') + '\n' + result.stderr;
    return result;
  } catch (err) {
    if (err instanceof UsageError)
      return { stdout: '', stderr: `vpc-cni-lint: ${err.message}\n`, exitCode: 2 };
    return {
      stdout: '',
      stderr: `vpc-cni-lint: internal error: ${(err as Error)?.stack ?? String(err)}\n`,
      exitCode: 2,
    };
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((r) => {
    if (r.stdout) process.stdout.write(r.stdout);
    if (r.stderr) process.stderr.write(r.stderr);
    process.exitCode = r.exitCode;
  });
}
