/** Bounds on what the server writes to the client's log (an invariant of docs/architecture.md). */

/** Problems of one kind (e.g. bad `vpcCniLint.instanceTypes` entries) logged one per line, at most. */
export const MAX_LOGGED_PROBLEMS = 20;

/** The first `max` problems, then one line counting the rest. */
export function summariseProblems(problems: readonly string[], max: number): string[] {
  if (problems.length <= max) return [...problems];
  const rest = problems.length - max;
  return [...problems.slice(0, max), `... and ${rest} more problem${rest === 1 ? '' : 's'} (not shown)`];
}
