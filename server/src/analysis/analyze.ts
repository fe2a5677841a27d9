/**
 * Runs the rules over one document with one rule context.
 * A rule that throws is caught and reported through `onRuleError`; the other rules still run.
 */
import { overlapsUnknown, type DocumentModel, type TextEdit } from '../syntax';
import { allRules } from './rules';
import { annotateUncertain } from './scope';
import { applySuppressions } from './suppressions';
import { boundMessage, MAX_SHOWN } from './messages';
import type { Edit, Finding, Fix, Rule, RuleContext, Severity } from './types';

export interface AnalyzeOptions {
  rules?: Rule[];
  onRuleError?: (code: string, error: unknown) => void;
}

function syntaxFindings(model: DocumentModel, ctx: RuleContext): Finding[] {
  return model.problems
    .filter((p) => !(p.code === 'yaml-syntax' && ctx.settings.yamlSyntaxHandledElsewhere))
    .map((p) => ({ code: p.code, severity: p.severity, message: p.message, span: p.span }));
}

/**
 * Unknown is not wrong: a rule finding on a value that touches a template action of this document (its
 * span, or a related span in this document) is dropped. Readers take unknown values out of the model
 * (syntax/unknown.ts), so this is the net under them.
 */
function restsOnUnknown(ctx: RuleContext, f: Finding): boolean {
  const { model } = ctx;
  if (!model.template) return false;
  if (overlapsUnknown(model, f.span)) return true;
  return (f.related ?? []).some(
    (r) => (r.uri === undefined || r.uri === ctx.uri) && overlapsUnknown(model, r.span),
  );
}

/**
 * The fix edits with the whitespace edits that belong to them (`TextEdit.also` in syntax/edits.ts:
 * HCL `=` alignment) listed as edits of their own, once each and never over another edit.
 */
function flattenFix(fix: Fix): Fix {
  if (!fix.edits.some((e) => (e as TextEdit).also)) return fix;
  const edits: Edit[] = fix.edits.map((e) => {
    const { also: _also, ...rest } = e as TextEdit & Edit;
    return rest;
  });
  for (const e of fix.edits) {
    for (const a of (e as TextEdit).also ?? []) {
      const clash = edits.some(
        (x) =>
          (x.uri ?? undefined) === (e.uri ?? undefined) &&
          x.span.start < a.span.end &&
          a.span.start < x.span.end,
      );
      if (!clash) edits.push(e.uri ? { uri: e.uri, ...a } : { ...a });
    }
  }
  return { ...fix, edits };
}

/** The finding with its messages bounded (messages.ts): values in them can be megabytes long. */
function bounded(f: Finding): Finding {
  if (f.fixes?.some((x) => x.edits.some((e) => (e as TextEdit).also)))
    f = { ...f, fixes: f.fixes.map(flattenFix) };
  const message = boundMessage(f.message);
  const longRelated = f.related?.some((r) => r.message.length > MAX_SHOWN);
  const longTitle = f.fixes?.some((x) => x.title.length > MAX_SHOWN);
  if (message === f.message && !longRelated && !longTitle) return f;
  return {
    ...f,
    message,
    related: longRelated ? f.related?.map((r) => ({ ...r, message: boundMessage(r.message) })) : f.related,
    fixes: longTitle ? f.fixes?.map((x) => ({ ...x, title: boundMessage(x.title) })) : f.fixes,
  };
}

export function analyze(ctx: RuleContext, options: AnalyzeOptions = {}): Finding[] {
  const { model, settings } = ctx;
  let findings = syntaxFindings(model, ctx);
  if (model.relevant) {
    const ruleFindings: Finding[] = [];
    for (const rule of options.rules ?? allRules) {
      if (settings.ruleSeverity[rule.code] === 'off') continue;
      try {
        ruleFindings.push(...rule.run(ctx).filter((f) => !restsOnUnknown(ctx, f)));
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
  findings = applySuppressions(ctx.text, model, findings).map(bounded);
  findings.sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code));
  return findings;
}
