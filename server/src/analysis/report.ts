/**
 * `report(rule, …)`: a finding of a rule, with its code and, unless the finding says otherwise, its default
 * severity (biome's diagnostic builder, in small). Rules are a filter over facts plus this presentation.
 */
import type { Finding, RuleMeta, Severity } from './types';

/** A finding without the fields the rule fills in; `severity` only where it differs from the default. */
export type Report = Omit<Finding, 'code' | 'severity'> & { severity?: Severity };

export function report(rule: Pick<RuleMeta, 'code' | 'defaultSeverity'>, finding: Report): Finding {
  const { severity, ...rest } = finding;
  return { code: rule.code, severity: severity ?? rule.defaultSeverity, ...rest };
}
