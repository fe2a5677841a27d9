/**
 * `vpc-cni-lint max-pods`: prints one integer exactly as `max-pods-calculator.sh` would for the same flags.
 *
 * Extension: `--security-groups-for-pods` switches to CNI-capacity semantics: the number is what the CNI can
 * really give addresses to with ENABLE_POD_ENI=true (the trunk ENI takes a slot and, from CNI 1.16.4, carries no
 * pod IPs; prefix delegation also on bare metal from CNI 1.11), then the calculator's 110/250 cap unless
 * `--show-max-allowed`. Branch-ENI pods come on top and are shown with `--explain` / `--json`.
 *
 * Pure: argv + catalog in, `{ stdout, stderr, exitCode }` out. Exit 0 ok, 2 usage error or unknown type.
 */
import {
  allMaxPods,
  type Catalog,
  calculatorCap,
  calculatorMaxPods,
  cniCapacity,
  type CniNodeConfig,
  explanationToText,
  parseCniVersion,
} from '../../engine';
import { parseArgs, parseCount } from './args';

/** Same shape as the dispatcher's CliResult. */
export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export const MAX_PODS_USAGE = `Usage: vpc-cni-lint max-pods --instance-type T --cni-version X.Y.Z [options]

Prints the max pods value max-pods-calculator.sh would print for the same flags.

  --instance-type T                  EC2 instance type (required)
  --cni-version X.Y.Z                VPC CNI version (required; image tags such as v1.19.2-eksbuild.1 accepted)
  --cni-custom-networking-enabled    custom networking (primary ENI unused)
  --cni-prefix-delegation-enabled    prefix delegation (/28 prefixes; calculator: Nitro only, CNI >= 1.9)
  --cni-max-eni N                    MAX_ENI
  --show-max-allowed                 no 110/250 cap
  --security-groups-for-pods         (extension) CNI capacity with ENABLE_POD_ENI=true instead of the calculator
  --explain                          show how the number was reached
  --json                             every tool's value with explanations
  --help
`;

const SPEC = {
  'instance-type': { kind: 'value' },
  'cni-version': { kind: 'value' },
  'cni-custom-networking-enabled': { kind: 'bool' },
  'cni-prefix-delegation-enabled': { kind: 'bool' },
  'cni-max-eni': { kind: 'value' },
  'show-max-allowed': { kind: 'bool' },
  'security-groups-for-pods': { kind: 'bool' },
  explain: { kind: 'bool' },
  json: { kind: 'bool' },
  help: { kind: 'bool' },
} as const;

function usage(msg: string): CommandResult {
  return { stdout: '', stderr: `vpc-cni-lint max-pods: ${msg}\n\n${MAX_PODS_USAGE}`, exitCode: 2 };
}

/** Run `max-pods`. */
export function runMaxPods(argv: string[], catalog: Catalog): CommandResult {
  let a;
  try {
    a = parseArgs(argv, SPEC);
  } catch (err) {
    return usage(err instanceof Error ? err.message : String(err));
  }
  if (a.bools.has('help')) return { stdout: MAX_PODS_USAGE, stderr: '', exitCode: 0 };
  const type = a.values.get('instance-type');
  const version = a.values.get('cni-version');
  if (!type) return usage('--instance-type is required');
  if (!version) return usage('--cni-version is required (e.g. 1.19.2)');
  if (!parseCniVersion(version)) return usage(`--cni-version "${version}" is not a version like 1.19.2`);
  let maxEni: number | undefined;
  try {
    const v = a.values.get('cni-max-eni');
    if (v !== undefined) maxEni = parseCount('cni-max-eni', v);
  } catch (err) {
    return usage((err as Error).message);
  }
  const r = catalog.resolve(type);
  if (!r.found) return { stdout: '', stderr: `vpc-cni-lint max-pods: ${r.note}\n`, exitCode: 2 };

  const customNetworking = a.bools.has('cni-custom-networking-enabled');
  const prefixDelegation = a.bools.has('cni-prefix-delegation-enabled');
  const showMaxAllowed = a.bools.has('show-max-allowed');
  const sgp = a.bools.has('security-groups-for-pods');
  const config: CniNodeConfig = {
    cniVersion: version,
    customNetworking,
    prefixDelegation,
    securityGroupsForPods: sgp,
    maxEni,
  };
  const calc = calculatorMaxPods(catalog, type, {
    cniVersion: version,
    customNetworking,
    prefixDelegation,
    maxEni,
    showMaxAllowed,
  });

  let value: number | null = calc.value;
  let explanation = calc.explanation;
  let title = 'max-pods-calculator.sh';
  if (sgp) {
    const cni = cniCapacity(catalog, type, config);
    title = 'CNI capacity with security groups for pods';
    const steps = [...cni.explanation.steps];
    const notes = [...cni.explanation.notes];
    value = cni.value;
    if (value !== null && !showMaxAllowed) {
      const { cap, notes: capNotes } = calculatorCap(r.info);
      notes.push(...capNotes);
      steps.push({ label: 'calculator cap', formula: `min(${value}, ${cap})`, value: Math.min(value, cap) });
      value = Math.min(value, cap);
    }
    explanation = { steps, notes, sources: cni.explanation.sources };
  }

  if (a.bools.has('json')) {
    const all = allMaxPods(catalog, type, config, {
      calculator: { cniVersion: version, customNetworking, prefixDelegation, maxEni, showMaxAllowed },
    });
    const tools = Object.fromEntries(
      Object.entries(all).map(([k, v]) => [
        k,
        { value: v.value, kubeReservedMemoryMi: v.kubeReservedMemoryMi, explanation: v.explanation },
      ]),
    );
    const out = {
      instanceType: type,
      flags: {
        cniVersion: version,
        customNetworking,
        prefixDelegation,
        maxEni: maxEni ?? null,
        showMaxAllowed,
        securityGroupsForPods: sgp,
      },
      value,
      semantics: sgp ? 'cni-capacity' : 'max-pods-calculator',
      explanation,
      tools,
    };
    return { stdout: JSON.stringify(out, null, 2) + '\n', stderr: '', exitCode: 0 };
  }
  if (value === null) {
    return {
      stdout: '',
      stderr: `vpc-cni-lint max-pods: no value for ${type}\n${explanationToText(explanation)}\n`,
      exitCode: 2,
    };
  }
  let stdout = `${value}\n`;
  if (a.bools.has('explain')) stdout += explanationToText(explanation, title) + '\n';
  return { stdout, stderr: '', exitCode: 0 };
}
