/** Every rule, in the order their findings are reported. One file per rule, named by its code. */
import type { Rule } from '../types';
import { rule as unknownEnvVar } from './unknown-env-var';

export const allRules: Rule[] = [unknownEnvVar];

export function ruleByCode(code: string): Rule | undefined {
  return allRules.find((r) => r.code === code);
}
