#!/usr/bin/env node
/**
 * `vpc-cni-lint`: the command-line interface. Same analysis as the editor.
 * Exit codes: 0 no error-severity finding, 1 at least one (or more warnings than --max-warnings),
 * 2 usage error or a path that could not be read (the rest are still checked and reported).
 */
import { promises as fs } from 'node:fs';
import pkg from '../../../package.json';
import type { Severity } from '../analysis';
import { applyCatalogOverrides } from '../analysis';
import { defaultCatalog, type Catalog } from '../engine';
import { ProjectConfigs } from '../project';
import { runCheck } from './check';
import { runCatalog } from './commands/catalogCmd';
import { runMaxPods } from './commands/maxPods';
import { runReport } from './commands/report';
import { runSimulate } from './commands/simulate';
import { resolveCacheLocation } from './cache';
import { UsageError } from './files';
import { FORMATS, type Format } from './output';
import { workerMain } from './pool';

export const VERSION: string = (pkg as { version: string }).version;

export interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const CHECK_OPTIONS = `      --format FORMAT                 text (default), json, sarif, github (workflow annotations) or gitlab (Code Quality)
      --quiet                         report error-severity findings only
      --max-warnings N                exit 1 when there are more than N warnings
      --stdin --stdin-filename NAME   check standard input as the file NAME (with the other paths as context)
      --no-ignore                     do not skip what .gitignore and the config's ignore patterns list
      --cache                         reuse findings of unchanged files (file .vpc-cni-lint-cache)
      --cache-location PATH           the cache file, or a folder for it (implies --cache)
      --jobs N                        threads for parsing and analysis, this one included (default: 1 on up to
                                      2 cores or below 400 files to parse, else one fewer than the cores, at most 8)
      --color, --no-color             colour text output (default: on a terminal; NO_COLOR, FORCE_COLOR)
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
The nearest .vpc-cni-lint.yaml (or .json) up from each file (to the repository root) applies; these flags
win over it.

Exit codes: 0 no error-severity finding, 1 at least one error-severity finding (or more warnings than
--max-warnings), 2 usage error, or a path that could not be read (the other paths are still checked).
`;

const HELP = `vpc-cni-lint ${VERSION}: catches Amazon VPC CNI (aws-node) misconfigurations.

Usage:
  vpc-cni-lint check <files or folders...> [options]      (see vpc-cni-lint check --help)
${CHECK_OPTIONS}  vpc-cni-lint max-pods --instance-type T --cni-version X.Y.Z [flags]   (see vpc-cni-lint max-pods --help)
  vpc-cni-lint simulate --instance-type T [--env NAME=VALUE]... [--pods N,...]   (see vpc-cni-lint simulate --help)
  vpc-cni-lint catalog [--instance-type T] [--json]   (see vpc-cni-lint catalog --help)
  vpc-cni-lint report <files or folders...> --html FILE | --format markdown   (see vpc-cni-lint report --help)
  vpc-cni-lint help [COMMAND] | --help | --version

Exit codes: 0 no error-severity finding, 1 at least one error-severity finding (or more warnings than
--max-warnings), 2 usage error, or a path that could not be read (the other paths are still checked).
`;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

/** Pulls `--catalog FILE` out of argv and loads the catalog it describes. */
async function loadCatalog(
  argv: string[],
): Promise<{ catalog: Catalog; rest: string[]; warnings: string[]; sources: unknown[] }> {
  const rest: string[] = [];
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--catalog') file = argv[++i];
    else if (a.startsWith('--catalog=')) file = a.slice('--catalog='.length);
    else rest.push(a);
  }
  const base = defaultCatalog();
  if (file === undefined) return { catalog: base, rest, warnings: [], sources: [] };
  if (!file) throw new UsageError('--catalog needs a file');
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read catalog ${file}: ${(err as Error).message}`);
  }
  const result = applyCatalogOverrides(base, raw);
  return {
    catalog: result.catalog,
    rest,
    warnings: result.problems.map((p) => `${file}: ${p}`),
    sources: [raw],
  };
}

/** What the CLI reads from its process; tests pass their own. */
export interface CliIo {
  /** Standard input's text (`--stdin`), read at most `limit + 1` bytes. */
  readStdin?: (limit: number) => Promise<string>;
  env?: Record<string, string | undefined>;
  /** Whether standard output is a terminal (colour). */
  isTTY?: boolean;
  cwd?: string;
}

async function readProcessStdin(limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(b);
    total += b.length;
    if (total > limit) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Colour: `--color` / `--no-color` if given; else FORCE_COLOR (set and not 0 or false) forces it and
 * NO_COLOR (set and not empty, https://no-color.org) turns it off, in that order as Node's own
 * `tty.getColorDepth` does; else on when standard output is a terminal (and TERM is not dumb).
 */
export function useColor(
  flag: boolean | undefined,
  env: Record<string, string | undefined>,
  isTTY: boolean,
): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  if (env.NO_COLOR) return false;
  return isTTY && env.TERM !== 'dumb';
}

async function check(
  argv: string[],
  catalog: Catalog,
  catalogSources: unknown[],
  io: CliIo,
): Promise<CliResult> {
  const paths: string[] = [];
  let format: Format = 'text';
  const ruleSeverity: Record<string, Severity | 'off'> = {};
  let defaultInstanceTypes: string[] = [];
  let maxFileSize = 5 * 1024 * 1024;
  let maxWarnings: number | undefined;
  let quiet = false;
  let stdin = false;
  let stdinFilename: string | undefined;
  let color: boolean | undefined;
  let cache = false;
  let cacheLocation: string | undefined;
  let useIgnoreFiles = true;
  let jobs: number | undefined;
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
    const count = (min: number) => {
      const v = value();
      if (!/^\d{1,9}$/.test(v) || Number(v) < min)
        throw new UsageError(`${flag} takes a whole number >= ${min}, not ${v}`);
      return Number(v);
    };
    const noValue = () => {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
    };
    switch (flag) {
      case '--help':
      case '-h':
        return { stdout: CHECK_USAGE, stderr: '', exitCode: 0 };
      case '--format': {
        const v = value();
        if (!(FORMATS as readonly string[]).includes(v))
          throw new UsageError(
            `--format must be ${FORMATS.slice(0, -1).join(', ')} or ${FORMATS.at(-1)}, not ${v}`,
          );
        format = v as Format;
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
      case '--max-warnings':
        maxWarnings = count(0);
        break;
      case '--quiet':
        noValue();
        quiet = true;
        break;
      case '--stdin':
        noValue();
        stdin = true;
        break;
      case '--stdin-filename':
        stdinFilename = value();
        break;
      case '--color':
      case '--no-color':
        noValue();
        color = flag === '--color';
        break;
      case '--cache':
        noValue();
        cache = true;
        break;
      case '--cache-location':
        cacheLocation = value();
        cache = true;
        break;
      case '--no-ignore':
        noValue();
        useIgnoreFiles = false;
        break;
      case '--jobs':
        jobs = count(1);
        break;
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
        paths.push(a);
    }
  }
  if (stdinFilename !== undefined && !stdin) throw new UsageError('--stdin-filename needs --stdin');
  if (stdin && stdinFilename === undefined)
    throw new UsageError('--stdin needs --stdin-filename NAME (the name decides how the text is read)');
  if (!paths.length && !stdin) throw new UsageError('check needs at least one file or folder (or --stdin)');
  const cwd = io.cwd ?? process.cwd();
  let stdinDoc: { file: string; text: string } | undefined;
  if (stdin) {
    const text = await (io.readStdin ?? readProcessStdin)(maxFileSize);
    if (Buffer.byteLength(text) > maxFileSize)
      throw new UsageError(`standard input is larger than the --max-file-size limit of ${maxFileSize} bytes`);
    stdinDoc = { file: stdinFilename ?? '', text };
  }
  const env = io.env ?? process.env;
  const result = await runCheck({
    paths,
    format,
    catalog,
    catalogSources,
    settings: { defaultInstanceTypes, ruleSeverity, yamlSyntaxHandledElsewhere: false },
    version: VERSION,
    maxFileSize,
    color: format === 'text' && useColor(color, env, io.isTTY ?? false),
    quiet,
    useIgnoreFiles,
    // The nearest .vpc-cni-lint.yaml up from each file, as in the editor; flags win over it.
    configs: new ProjectConfigs(),
    stdin: stdinDoc,
    cacheFile: cache ? await resolveCacheLocation(cacheLocation, cwd) : undefined,
    jobs,
    cwd,
  });
  const errorCount = result.findings.filter((f) => f.severity === 'error').length;
  const warningCount = result.findings.filter((f) => f.severity === 'warning').length;
  const tooManyWarnings = maxWarnings !== undefined && warningCount > maxWarnings;
  const summary =
    format === 'text'
      ? `${plural(result.findings.length, 'finding')} (${plural(errorCount, 'error')}${quiet ? ', only errors shown' : ''})`
      : '';
  const notes = [
    ...result.errors,
    ...(result.errors.length
      ? [`vpc-cni-lint: ${plural(result.errors.length, 'path')} not checked (exit code 2); the rest were`]
      : []),
    summary,
    tooManyWarnings
      ? `vpc-cni-lint: ${plural(warningCount, 'warning')}, more than --max-warnings ${maxWarnings}`
      : '',
  ].filter(Boolean);
  return {
    stdout: result.output ? `${result.output}\n` : '',
    stderr: notes.join('\n') + (notes.length ? '\n' : ''),
    exitCode: result.errors.length ? 2 : errorCount || tooManyWarnings ? 1 : 0,
  };
}

/** Runs the CLI on `argv` (without `node` and the script). Never throws. */
export async function runCli(argv: string[], io: CliIo = {}): Promise<CliResult> {
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
        check: (args, catalog) => check(args, catalog, catalogSources, io),
        'max-pods': runMaxPods,
        simulate: runSimulate,
        catalog: runCatalog,
        report: (args, catalog) => runReport(args, catalog, catalogSources, VERSION),
      };
    if (command === 'check' && rest.includes('--help'))
      return { stdout: CHECK_USAGE, stderr: '', exitCode: 0 };
    const run = subcommands[command];
    if (!run) throw new UsageError(`unknown command ${command}; see vpc-cni-lint --help`);
    const { catalog, rest: args, warnings, sources: catalogSources } = await loadCatalog(rest);
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

if (workerMain()) {
  // A check worker thread (pool.ts): it serves requests until terminated.
} else if (require.main === module) {
  void runCli(process.argv.slice(2), { isTTY: process.stdout.isTTY }).then((r) => {
    if (r.stdout) process.stdout.write(r.stdout);
    if (r.stderr) process.stderr.write(r.stderr);
    process.exitCode = r.exitCode;
  });
}
