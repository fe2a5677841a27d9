/**
 * IPv4/IPv6 mode settings that stop ipamd from starting, or that differ between containers.
 *
 * **Triggers:**
 * - `ENABLE_IPv4` and `ENABLE_IPv6` both true, or both false. A complete DaemonSet that does not set
 *   `ENABLE_IPv4` gets the binary's default, false; Helm values and add-on configuration get the
 *   chart's `"true"`.
 * - `ENABLE_IPv6` true without prefix delegation, or with custom networking.
 * - `ENABLE_IPv6` different on the `aws-vpc-cni-init` and `aws-node` containers.
 *
 * **Why it matters:** ipamd validates the mode at start (`ipamd.go isConfigValid`): dual stack and
 * "no family" are refused, IPv6 needs prefix delegation and no custom networking; ipamd fails with
 * "failed to validate configuration", aws-node never becomes ready and no pod on the node gets an
 * address. The init container prepares the node for the family it is told (`ENABLE_IPv6` is read by
 * both), so a mismatch leaves IPv6 pods without working networking.
 *
 * **Fix:** set exactly one family to `"true"`; for IPv6 also set `ENABLE_PREFIX_DELEGATION: "true"`,
 * turn custom networking off, and set `ENABLE_IPv6` on both containers (quick fixes).
 */
import { goParseBool } from '../../engine';
import { allKnown, fixes, fixOf, insertEdit, relatedAt, setEdit, valueEdit, valueSpanOf } from '../cniConfig';
import { cniFacts } from '../facts/cni';
import type { Finding, Rule, RuleContext } from '../types';

export const rule: Rule = {
  code: 'ip-family-invalid',
  title: 'IPv4/IPv6 mode settings that stop ipamd from starting',
  defaultSeverity: 'error',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const source of ctx.model.cni) {
      const facts = cniFacts(source);
      const cfg = facts.cfg;
      const s = facts.settings;
      const v4 = cfg.env.get('ENABLE_IPv4');
      const v6 = cfg.env.get('ENABLE_IPv6');
      const pd = cfg.env.get('ENABLE_PREFIX_DELEGATION');
      const custom = cfg.env.get('AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG');
      if (!allKnown(cfg, 'ENABLE_IPv4', 'ENABLE_IPv6')) continue;
      const anchor = v6 ? valueSpanOf(v6) : v4 ? valueSpanOf(v4) : source.span;
      // The engine's start-up checks (ipamd.go isConfigValid) decide; this rule only says where and how to fix.
      if (facts.fatal('dual-stack')) {
        out.push({
          code: 'ip-family-invalid',
          severity: 'error',
          message: `ENABLE_IPv4 and ENABLE_IPv6 are both true${v4 ? '' : ' (ENABLE_IPv4 comes from the chart default "true")'}: the VPC CNI has no dual-stack mode, so ipamd refuses to start ("IPv4 and IPv6 are both enabled") and the node never becomes Ready.`,
          span: anchor,
          ...(v4 && v6 ? { related: relatedAt([v4], () => 'IPv4 is enabled here') } : {}),
          fixes: fixes(
            fixOf(
              'Set ENABLE_IPv4 to "false" (IPv6 cluster)',
              [setEdit(ctx.text, cfg, 'ENABLE_IPv4', 'false')],
              true,
            ),
            v6
              ? fixOf('Set ENABLE_IPv6 to "false" (IPv4 cluster)', [valueEdit(ctx.text, v6, 'false')])
              : undefined,
          ),
        });
      } else if (facts.fatal('no-ip-family')) {
        const why = v4
          ? `ENABLE_IPv4 is "${v4.value ?? ''}"`
          : 'ENABLE_IPv4 is not set, and the aws-node binary defaults it to false (the shipped manifest sets "true")';
        out.push({
          code: 'ip-family-invalid',
          severity: 'error',
          message: `${why} and ENABLE_IPv6 is ${v6 ? `"${v6.value ?? ''}"` : 'not set (false)'}: ipamd refuses to start ("IPv4 and IPv6 are both disabled") and the node never becomes Ready.`,
          span: v4 ? valueSpanOf(v4) : anchor,
          fixes: fixes(
            fixOf('Set ENABLE_IPv4 to "true"', [setEdit(ctx.text, cfg, 'ENABLE_IPv4', 'true')], true),
          ),
        });
      }
      if (
        facts.fatal('ipv6-mode-invalid') &&
        v6 &&
        allKnown(cfg, 'ENABLE_PREFIX_DELEGATION', 'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG')
      ) {
        // One check in ipamd covers both causes; each gets its own finding on the entry to change.
        if (!s.prefixDelegation.value) {
          out.push({
            code: 'ip-family-invalid',
            severity: 'error',
            message:
              'IPv6 mode needs prefix delegation: with ENABLE_PREFIX_DELEGATION false ipamd refuses to start ("IPv6 is supported only in Prefix Delegation mode").',
            span: valueSpanOf(v6),
            ...(pd ? { related: relatedAt([pd], () => 'prefix delegation is off here') } : {}),
            fixes: fixes(
              fixOf(
                'Set ENABLE_PREFIX_DELEGATION to "true"',
                [setEdit(ctx.text, cfg, 'ENABLE_PREFIX_DELEGATION', 'true')],
                true,
              ),
            ),
          });
        }
        if (s.customNetworking.value && custom) {
          out.push({
            code: 'ip-family-invalid',
            severity: 'error',
            message:
              'IPv6 mode does not support custom networking: with AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG true ipamd refuses to start.',
            span: valueSpanOf(custom),
            related: relatedAt([v6], () => 'IPv6 is enabled here'),
            fixes: fixes(
              fixOf(
                'Set AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG to "false"',
                [valueEdit(ctx.text, custom, 'false')],
                true,
              ),
            ),
          });
        }
      }
      // ENABLE_IPv6 is read by both containers (cmd/aws-vpc-cni-init/main.go, ipamd.go isIPv6Enabled).
      const initV6 = cfg.initEnv.get('ENABLE_IPv6');
      const initKnown = source.format !== 'daemonset' || cfg.completeManifest || source.initEnv.length > 0;
      if (!initKnown || initV6?.valueFrom) continue;
      const initValue = initV6 ? (goParseBool(initV6.value ?? '') ?? false) : false;
      if (initValue === s.ipv6.value) continue;
      if (s.ipv6.value && v6) {
        out.push({
          code: 'ip-family-invalid',
          severity: 'error',
          message: `ENABLE_IPv6 is true on aws-node but ${initV6 ? `"${initV6.value ?? ''}"` : 'not set (false)'} on the aws-vpc-cni-init container, which then does not prepare the node for IPv6: set it on both.`,
          span: initV6 ? valueSpanOf(initV6) : valueSpanOf(v6),
          ...(initV6 ? { related: relatedAt([v6], () => 'aws-node runs in IPv6 mode') } : {}),
          fixes: fixes(
            fixOf(
              'Set ENABLE_IPv6 to "true" on the init container',
              [
                initV6
                  ? valueEdit(ctx.text, initV6, 'true')
                  : insertEdit(source.initEnvInsert, 'ENABLE_IPv6', 'true'),
              ],
              true,
            ),
          ),
        });
      } else if (initV6) {
        out.push({
          code: 'ip-family-invalid',
          severity: 'warning',
          message: `ENABLE_IPv6 is "${initV6.value ?? ''}" on the aws-vpc-cni-init container but false on aws-node: the init container prepares the node for IPv6 while the CNI runs IPv4. Set the same value on both.`,
          span: valueSpanOf(initV6),
          ...(v6 ? { related: relatedAt([v6], () => 'aws-node runs in IPv4 mode') } : {}),
          fixes: fixes(
            fixOf(
              'Set ENABLE_IPv6 to "false" on the init container',
              [valueEdit(ctx.text, initV6, 'false')],
              true,
            ),
          ),
        });
      }
    }
    return out;
  },
};
