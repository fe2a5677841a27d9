/**
 * A boolean env value that Go's `strconv.ParseBool` rejects.
 *
 * **Triggers:** a boolean setting (`ENABLE_PREFIX_DELEGATION`, `ENABLE_POD_ENI`,
 * `AWS_VPC_K8S_CNI_EXTERNALSNAT`, ...) whose value is not one of `1 t T TRUE true True 0 f F FALSE
 * false False`: `yes`, `on`, `enabled`, `" true"` (leading space), `tRUE`. `valueFrom` entries are
 * not checked.
 *
 * **Why it matters:** the CNI parses booleans with `strconv.ParseBool`; on an error it logs a line
 * and silently uses the variable's code default (`utils.GetBoolAsStringEnvVar`,
 * `ipamd.go parseBoolEnvVar`). `ENABLE_PREFIX_DELEGATION: "yes"` therefore leaves prefix delegation
 * off, and `ENABLE_IPv4: "yes"` turns IPv4 *off* (code default false), so ipamd refuses to start.
 *
 * **Fix:** write `"true"` or `"false"` (quick fixes keep the quoting style).
 */
import { goParseBool } from '../../engine';
import { effectiveCni, engineSetting, fixes, fixOf, valueEdit } from '../cniConfig';
import { envVarInfo, readBy } from '../envCatalog';
import type { Finding, Rule, RuleContext } from '../types';

const MEANS_TRUE = /^\s*(yes|y|on|enable|enabled|true|t|1)\s*$/i;
const MEANS_FALSE = /^\s*(no|n|off|disable|disabled|false|f|0)\s*$/i;

export const rule: Rule = {
  code: 'invalid-boolean',
  title: 'Boolean value that Go ParseBool rejects',
  defaultSeverity: 'warning',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const source of ctx.model.cni) {
      const cfg = effectiveCni(source);
      for (const env of [...source.env, ...source.initEnv]) {
        const info = envVarInfo(env.name);
        if (!info || info.kind !== 'boolean' || !readBy(info, env.container)) continue;
        if (env.valueFrom || env.value === undefined || !env.valueSpan) continue;
        if (goParseBool(env.value) !== undefined) continue;
        // ipamd.go parseBoolEnvVar reads with os.Getenv: an empty value is "unset", not an error.
        if (env.value === '' && cfg.env.get(env.name) === env) {
          if (engineSetting(cfg.settings, env.name)?.origin === 'code-default') continue;
        }
        const def = info.default ?? 'false';
        const overridden = env.container === 'aws-node' && cfg.env.get(env.name) !== env;
        const consequence = overridden
          ? 'a later entry of the same name overrides it anyway'
          : `the CNI logs a parse error and silently uses the default \`${def}\``;
        const wantsTrue = MEANS_TRUE.test(env.value);
        const wantsFalse = MEANS_FALSE.test(env.value);
        out.push({
          code: 'invalid-boolean',
          severity: 'warning',
          message: `\`${env.name}: "${env.value}"\` is not a boolean Go's strconv.ParseBool accepts (true/false, 1/0, t/f): ${consequence}.`,
          span: env.valueSpan,
          fixes: fixes(
            fixOf('Use "true"', [valueEdit(ctx.text, env, 'true')], wantsTrue),
            fixOf('Use "false"', [valueEdit(ctx.text, env, 'false')], wantsFalse),
          ),
        });
      }
    }
    return out;
  },
};
