/**
 * Runs the rules over one document with one rule context.
 * A rule that throws is caught and reported through `onRuleError`; the other rules still run.
 */
import type { DocumentModel } from '../syntax';
import { allRules } from './rules';
import { annotateUncertain } from './scope';
import { applySuppressions } from './suppressions';
import type { Finding, Rule, RuleContext, Severity } from './types';

export interface AnalyzeOptions {
  rules?: Rule[];
  onRuleError?: (code: string, error: unknown) => void;
}

function syntaxFindings(model: DocumentModel, ctx: RuleContext): Finding[] {
  return model.problems
    .filter((p) => !(p.code === 'yaml-syntax' && ctx.settings.yamlSyntaxHandledElsewhere))
    .map((p) => ({ code: p.code, severity: p.severity, message: p.message, span: p.span }));
}

export function analyze(ctx: RuleContext, options: AnalyzeOptions = {}): Finding[] {
  const { model, settings } = ctx;
  let findings = syntaxFindings(model, ctx);
  if (model.relevant) {
    const ruleFindings: Finding[] = [];
    for (const rule of options.rules ?? allRules) {
      if (settings.ruleSeverity[rule.code] === 'off') continue;
      try {
        ruleFindings.push(...rule.run(ctx));
      } catch (error) {
        options.onRuleError?.(rule.code, error);
      }
    }
    findings.push(...annotateUncertain(ctx, ruleFindings));
  }
  findings = findings.flatMap((f) => {
    const override = settings.ruleSeverity[f.code];
    if (override === 'off') return [];
    return [override ? { ...f, severity: override as Severity } : f];
  });
  findings = applySuppressions(ctx.text, model, findings);
  findings.sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code));
  return findings;
}
