/**
 * AL2 `--max-pods` in `--kubelet-extra-args` without `--use-max-pods false`.
 *
 * **Triggers:** an AL2 `/etc/eks/bootstrap.sh` call whose `--kubelet-extra-args` sets `--max-pods=N` while
 * `--use-max-pods` is absent or not `false`.
 *
 * **Why it matters:** the kubelet flag wins, so the node does run N pods, but bootstrap.sh still writes the
 * eni-max-pods table value into the kubelet config and computes kube-reserved memory from it
 * (11 x table value + 255 Mi). With N far above the table value, the node reserves memory for far fewer pods
 * than it runs; two sources of truth for max-pods also confuse whoever reads the node later.
 *
 * **Fix:** add `--use-max-pods false` to the bootstrap.sh call (quick fix), the pattern the EKS docs and
 * Karpenter use.
 */
import { al2BootstrapMaxPods, kubeReservedMemoryMi } from '../../engine';
import { insertionFor, scalarReplacement } from '../../syntax';
import type { Finding, Fix, Rule, RuleContext } from '../types';
import { typesOf } from '../scope';

const CODE = 'use-max-pods-missing';

export const rule: Rule = {
  code: CODE,
  title: 'AL2 --max-pods without --use-max-pods false',
  defaultSeverity: 'warning',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const node of ctx.model.nodes) {
      for (const part of node.userData?.parts ?? []) {
        for (const call of part.bootstrap) {
          const mp = call.maxPods;
          if (!mp || mp.value === undefined) continue;
          const use = call.useMaxPods?.value.trim().replace(/^['"]|['"]$/g, '');
          if (use === 'false') continue;
          // kube-reserved figures for the first type in scope, when we know one.
          const type = typesOf(ctx, ctx.uri, node).types[0]?.name;
          const table = type ? al2BootstrapMaxPods(ctx.catalog, type).value : null;
          const detail =
            table !== null && type
              ? ` On ${type} it computes kube-reserved memory from the table value ${table} (11 x ${table} + 255 = ${kubeReservedMemoryMi(table)} Mi), not from ${mp.value} (${kubeReservedMemoryMi(mp.value)} Mi).`
              : ' It still computes kube-reserved memory from the table value.';
          const fixes: Fix[] = [];
          if (call.useMaxPods) {
            const edit = scalarReplacement(ctx.text, call.useMaxPods.span, 'false', {
              embed: call.useMaxPods.embed,
            });
            if (edit) fixes.push({ title: 'Set --use-max-pods false', preferred: true, edits: [edit] });
          } else if (call.flagInsert) {
            const edit = insertionFor(call.flagInsert, { name: '--use-max-pods', value: 'false' });
            if (edit) fixes.push({ title: 'Add --use-max-pods false', preferred: true, edits: [edit] });
          }
          out.push({
            code: CODE,
            severity: 'warning',
            message: `--max-pods=${mp.value} in --kubelet-extra-args without --use-max-pods false: bootstrap.sh also writes its eni-max-pods table value into the kubelet config.${detail}`,
            span: mp.span,
            fixes,
          });
        }
      }
    }
    return out;
  },
};
