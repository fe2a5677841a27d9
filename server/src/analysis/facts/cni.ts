/**
 * CNI facts of one settings source, in located terms: each env name with its located entry and the engine's
 * setting, and the engine's decisions carried by stable ids (start-up problems) or with the variables that made
 * them (ignored warm targets). Rules filter these decisions and phrase them; none re-derives them.
 */
import type { CniSettings, FatalId, FatalProblem, IgnoredSetting, Setting } from '../../engine';
import type { CniSettingsSource, EnvVar } from '../../syntax';
import { effectiveCni, engineSetting, type EffectiveCni } from '../cniConfig';
import { query } from './query';

/** A start-up problem with the entries of its variables that the source writes. */
export interface LocatedFatal {
  problem: FatalProblem;
  entries: EnvVar[];
}

/** An ignored warm target with its entry and the entries of the variables that decided it. */
export interface LocatedIgnored {
  ignored: IgnoredSetting;
  entry: EnvVar | undefined;
  decidedBy: EnvVar[];
}

export interface CniFacts {
  readonly cfg: EffectiveCni;
  readonly settings: CniSettings;
  /** The entry the aws-node container uses for `name` (the last one), if the source writes it. */
  entry(name: string): EnvVar | undefined;
  /** The engine's reading of `name`, for the variables it models. */
  setting(name: string): Setting<number> | Setting<boolean> | Setting<string> | undefined;
  /** The first start-up problem with this id, if aws-node would not start because of it. */
  fatal(id: FatalId): LocatedFatal | undefined;
  /** Warm-pool targets set without effect, in the engine's order. */
  readonly ignored: LocatedIgnored[];
}

/** The facts of `source` (memoized per source). */
export const cniFacts = query((source: CniSettingsSource): CniFacts => {
  const cfg = effectiveCni(source);
  const settings = cfg.settings;
  const located = (names: readonly string[]): EnvVar[] => names.flatMap((n) => cfg.env.get(n) ?? []);
  const fatal = new Map<FatalId, LocatedFatal>();
  for (const problem of settings.fatal)
    if (!fatal.has(problem.id)) fatal.set(problem.id, { problem, entries: located(problem.names) });
  return {
    cfg,
    settings,
    entry: (name) => cfg.env.get(name),
    setting: (name) => engineSetting(settings, name),
    fatal: (id) => fatal.get(id),
    ignored: settings.ignored.map((ignored) => ({
      ignored,
      entry: cfg.env.get(ignored.name),
      decidedBy: located(ignored.decidedBy),
    })),
  };
});
