/**
 * Hovers in a config file and notes on findings whose severity it sets: which setting wins is said where
 * the user looks (a rule code in `rules:`, the related information of a diagnostic).
 */
import { ruleByCode, type Finding, type ProjectFacts, type Severity } from '../analysis';
import { NON_RULE_CODES } from './parse';
import { decodeSafe } from './resolve';
import type { ParsedConfig } from './types';
import type { Span } from '../syntax';

export const PRECEDENCE =
  'Which wins: `--rule` on the command line, then this project file (the nearest `.vpc-cni-lint.yaml`, with what it `extends`), then the `vpcCniLint.rules` setting, then the default.';

const name = (uri: string): string => decodeSafe(uri.slice(uri.lastIndexOf('/') + 1));

/** Hover for a rule code (or its severity) under `rules:` in a config file. */
export function configHover(
  config: ParsedConfig,
  offset: number,
  editorRules: Record<string, Severity | 'off'> = {},
): { markdown: string; span: Span } | undefined {
  for (const [code, entry] of Object.entries(config.rules)) {
    const inKey = offset >= entry.keySpan.start && offset <= entry.keySpan.end;
    const inValue = offset >= entry.span.start && offset <= entry.span.end;
    if (!inKey && !inValue) continue;
    const rule = ruleByCode(code);
    const title = rule?.title ?? (NON_RULE_CODES.includes(code) ? 'problem found while reading a file' : '');
    const setting = editorRules[code];
    const lines = [
      `**\`${code}\`**${title ? `: ${title}` : ''}`,
      '',
      `Default severity: ${rule?.defaultSeverity ?? 'as reported'}. This file sets **${entry.value}**${setting ? `, over the \`vpcCniLint.rules\` setting's \`${setting}\`` : ''}.`,
      '',
      PRECEDENCE,
    ];
    return { markdown: lines.join('\n'), span: inKey ? entry.keySpan : entry.span };
  }
  return undefined;
}

/** Adds, to each finding whose severity the project config sets, related information pointing at it. */
export function noteConfigSeverities(findings: Finding[], project: ProjectFacts | undefined): Finding[] {
  const rules = project?.rules;
  if (!rules || !Object.keys(rules).length) return findings;
  return findings.map((f) => {
    const set = rules[f.code];
    if (!set) return f;
    return {
      ...f,
      related: [
        ...(f.related ?? []),
        {
          uri: set.uri,
          span: set.span,
          message: `severity ${set.value} set in ${name(set.uri)} (the project file wins over the vpcCniLint.rules setting; --rule wins over both)`,
        },
      ],
    };
  });
}
