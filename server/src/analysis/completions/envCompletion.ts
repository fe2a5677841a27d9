/**
 * Completion for `aws-node` settings: env names inside env lists (`- name: WAR|`) and env maps (Helm
 * values / add-on configuration `env:` and `init.env:` keys, YAML or JSON), and values for booleans
 * (`"true"`/`"false"`) and enums. Names already set in that container are left out; names are
 * offered only for the container that reads them.
 *
 * Completion requests come on half-typed text, so the position is read from the current line and the
 * lines above it (indentation), not only from the model; the model says which names are present.
 */
import type { EnvContainer, Span } from '../../syntax';
import type { CompletionEntry } from '../features';
import { allEnvVars, envVarInfo, readBy, type EnvVarInfo } from '../envCatalog';
import type { RuleContext } from '../types';

interface Line {
  start: number;
  text: string;
}

function lineAt(text: string, offset: number): Line {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return { start, text: text.slice(start, offset) };
}

/** Lines above `lineStart`, nearest first (comments and blank lines skipped). */
function* linesAbove(text: string, lineStart: number): Generator<{ text: string; indent: number }> {
  let end = lineStart - 1;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const t = text.slice(start, end).replace(/\r$/, '');
    end = start - 1;
    if (/^\s*(#.*)?$/.test(t)) continue;
    yield { text: t, indent: /^[ \t-]*/.exec(t)?.[0].length ?? 0 };
    if (start === 0) return;
  }
}

const indentOf = (s: string): number => /^\s*/.exec(s)?.[0].length ?? 0;

/**
 * The container whose env holds the line at `lineStart` with indentation `indent`, or undefined when
 * the line is not inside an env block.
 */
function envContainerAt(text: string, lineStart: number, indent: number): EnvContainer | undefined {
  let envIndent: number | undefined;
  for (const l of linesAbove(text, lineStart)) {
    const ind = indentOf(l.text);
    if (envIndent === undefined) {
      // Sibling entries (list items and their keys, map pairs) sit at or right of the dash.
      if (ind >= indent || /^\s*-/.test(l.text)) continue;
      if (/^\s*"?env"?\s*:[ \t\r]*(?:[{[][ \t\r]*)?$/.test(l.text)) {
        envIndent = ind;
        continue;
      }
      return undefined;
    }
    if (ind >= envIndent) continue;
    // A container item (`- name: aws-node`), or an `init:` map (Helm / add-on).
    const m = /^\s*(?:-\s*)?"?name"?\s*:\s*["']?([\w-]+)/.exec(l.text);
    if (m && /-\s*"?name/.test(l.text)) {
      if (m[1] === 'aws-vpc-cni-init' || m[1] === 'aws-node') return m[1];
      return undefined;
    }
    if (/^\s*-/.test(l.text)) return undefined;
    if (/^\s*"?init"?\s*:/.test(l.text)) return 'aws-vpc-cni-init';
    if (/^\s*"?(containers|initContainers|spec|template)"?\s*:/.test(l.text)) return undefined;
    // Helm / add-on top-level `env:`.
    if (ind === 0 || /^\s*\{\s*$/.test(l.text)) return 'aws-node';
  }
  return envIndent === 0 ? 'aws-node' : undefined;
}

function present(ctx: RuleContext, container: EnvContainer): Set<string> {
  const out = new Set<string>();
  for (const s of ctx.model.cni) {
    for (const e of container === 'aws-node' ? s.env : s.initEnv) out.add(e.name);
  }
  return out;
}

function detail(info: EnvVarInfo): string {
  const parts: string[] = [info.kind];
  if (info.default !== undefined && info.default !== '') parts.push(`default ${info.default}`);
  if (info.manifestDefault !== undefined) parts.push(`manifest ${info.manifestDefault}`);
  if (info.since) parts.push(`since v${info.since}`);
  return parts.join(' · ');
}

function wordEnd(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && /[A-Za-z0-9_]/.test(text[i] ?? '')) i++;
  return i;
}

function nameEntries(
  ctx: RuleContext,
  container: EnvContainer,
  replace: Span,
  typed: string,
  suffix: string,
): CompletionEntry[] {
  const taken = present(ctx, container);
  return allEnvVars()
    .filter((i) => readBy(i, container) && (!taken.has(i.name) || i.name === typed))
    .map((info) => ({
      label: info.name,
      kind: 'property' as const,
      insertText: info.name + suffix,
      replace,
      detail: detail(info),
      documentation: info.description,
      ...(info.deprecated ? { deprecated: true } : {}),
      sortText: `${info.deprecated ? '1' : '0'}${info.name}`,
    }));
}

function valueEntries(info: EnvVarInfo, replace: Span, quoted: boolean): CompletionEntry[] {
  const values =
    info.kind === 'boolean' ? ['true', 'false'] : info.kind === 'enum' ? (info.values ?? []) : [];
  return values.map((v, i) => ({
    label: v,
    kind: (info.kind === 'enum' ? 'enum' : 'value') as CompletionEntry['kind'],
    insertText: quoted ? v : `"${v}"`,
    replace,
    detail: v === info.default ? 'default' : v === info.manifestDefault ? 'shipped manifest' : undefined,
    sortText: String(i),
  }));
}

/** Names of the `- name:` item the `value:` line at `lineStart` belongs to. */
function itemName(text: string, lineStart: number, indent: number): string | undefined {
  for (const l of linesAbove(text, lineStart)) {
    const m = /^(\s*)(?:-\s*)?name\s*:\s*["']?([A-Za-z0-9_]+)/.exec(l.text);
    if (m) return m[2];
    if (indentOf(l.text) < indent - 2) return undefined;
  }
  return undefined;
}

export function envCompletion(ctx: RuleContext, offset: number): CompletionEntry[] {
  const { text } = ctx;
  if (ctx.model.cni.length === 0 && !/aws-node|aws-vpc-cni|"env"\s*:|^env:/m.test(text)) return [];
  const line = lineAt(text, offset);
  const end = wordEnd(text, offset);

  // `- name: WAR|` in a Kubernetes env list.
  let m = /^(\s*)-\s+name\s*:\s*(["']?)([A-Za-z0-9_]*)$/.exec(line.text);
  if (m) {
    const container = envContainerAt(text, line.start, (m[1] ?? '').length + 1);
    if (!container) return [];
    const typed = m[3] ?? '';
    return nameEntries(
      ctx,
      container,
      { start: offset - typed.length, end },
      typed + text.slice(offset, end),
      '',
    );
  }
  // `  value: |` after `- name: X`.
  m = /^(\s*)value\s*:\s*(["']?)([A-Za-z0-9_ ]*)$/.exec(line.text);
  if (m) {
    const indent = (m[1] ?? '').length;
    const name = itemName(text, line.start, indent);
    const info = name ? envVarInfo(name) : undefined;
    if (!info || !envContainerAt(text, line.start, indent)) return [];
    const quoted = (m[2] ?? '') !== '';
    const typed = m[3] ?? '';
    return valueEntries(info, { start: offset - typed.length, end }, quoted);
  }
  // `  NAME: |` / `  "NAME": "|` in an env map (value).
  m = /^(\s*)(["']?)([A-Za-z0-9_]+)\2\s*:\s*(["']?)([A-Za-z0-9_ ]*)$/.exec(line.text);
  if (m) {
    const info = envVarInfo(m[3] ?? '');
    if (!info || !envContainerAt(text, line.start, (m[1] ?? '').length)) return [];
    const quoted = (m[4] ?? '') !== '';
    const typed = m[5] ?? '';
    return valueEntries(info, { start: offset - typed.length, end }, quoted);
  }
  // `  WAR|` / `  "WAR|` in an env map (name).
  m = /^(\s*)(["']?)([A-Za-z0-9_]*)$/.exec(line.text);
  if (m) {
    const container = envContainerAt(text, line.start, (m[1] ?? '').length);
    if (!container) return [];
    const typed = m[3] ?? '';
    const json = (m[2] ?? '') === '"' && /^\s*\{/.test(text);
    const after = text.slice(end, end + 3);
    const suffix = json ? (after.startsWith('"') ? '' : '": ') : after.startsWith(':') ? '' : ': ';
    return nameEntries(
      ctx,
      container,
      { start: offset - typed.length, end },
      typed + text.slice(offset, end),
      suffix,
    );
  }
  return [];
}
