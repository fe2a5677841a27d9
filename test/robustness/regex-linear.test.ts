/**
 * No regular expression on a parse path is super-linear (issue 17: `/vpc-cni-lint:[^\n]*kind=/`
 * took 9 s on a crafted 208 KB line). Every regex literal in `server/src/syntax/` and
 * `server/src/analysis/` is found with TypeScript's scanner and run against crafted inputs: each
 * literal run, character and class member of the pattern (found with regexpp) repeated, with and
 * without a rejecting suffix. Its time is compared, as a ratio, with a linear scan of the same text
 * measured in the same run; a backtracking blow-up is thousands of times slower, linear matching
 * a few tens at most.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { RegExpParser, visitRegExpAST } from '@eslint-community/regexpp';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');
const DIRS = ['server/src/syntax', 'server/src/analysis'];
const N = 20_000;
const MAX_RATIO = 400;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'generated' ? [] : files(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

interface Found {
  where: string;
  re: RegExp;
}

function regexLiterals(file: string): Found[] {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: Found[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isRegularExpressionLiteral(n)) {
      const lit = n.text;
      const slash = lit.lastIndexOf('/');
      const line = sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
      out.push({
        where: `${path.relative(ROOT, file)}:${line} ${lit}`,
        re: new RegExp(lit.slice(1, slash), lit.slice(slash + 1)),
      });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

const PROBE_CHARS = [...'aZ0 \t\n\r-_.:=#"\'/{[,;*@$\\', '\u00a0', '\u2028'];

/** Strings to repeat: literal runs, single characters and a member of each class of the pattern. */
function pumps(re: RegExp): string[] {
  const ast = new RegExpParser().parseLiteral(`/${re.source}/${re.flags.replace(/[gy]/g, '')}`);
  const out = new Set<string>(PROBE_CHARS);
  visitRegExpAST(ast, {
    onAlternativeEnter(alt) {
      let run = '';
      for (const el of alt.elements) {
        if (el.type === 'Character') run += String.fromCodePoint(el.value);
        else {
          if (run) out.add(run);
          run = '';
        }
      }
      if (run) out.add(run);
    },
    onCharacterEnter(c) {
      out.add(String.fromCodePoint(c.value));
    },
  });
  // Members of classes and escapes (\s, \S, [^\n], ...) are among PROBE_CHARS; add pairs of runs.
  const list = [...out];
  for (const a of list) if (a.length > 1) for (const b of PROBE_CHARS) out.add(a + b);
  return [...out];
}

function fastest(f: () => void, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** What the code does with a regex: one search, or all matches for a global one. */
function runRegex(re: RegExp, s: string): void {
  if (!re.global && !re.sticky) {
    re.exec(s);
    return;
  }
  re.lastIndex = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) if (m[0] === '') re.lastIndex++;
}

let sink = 0;
function linearScan(s: string): void {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  sink ^= h;
}

describe('robustness: no super-linear regular expression on a parse path', () => {
  const found = DIRS.flatMap((d) => files(path.join(ROOT, d))).flatMap(regexLiterals);

  it('finds the regular expressions', () => {
    assert.ok(found.length > 40, `${found.length} found`);
  });

  it('each one matches crafted inputs in time linear in their length', function () {
    this.timeout(240_000);
    const slow: string[] = [];
    for (const { where, re } of found) {
      probe: for (const pump of pumps(re)) {
        const reps = Math.ceil(N / pump.length);
        for (const suffix of ['', '\u0000', '\n']) {
          const s = pump.repeat(reps) + suffix;
          const base = Math.max(
            fastest(() => linearScan(s)),
            0.005,
          );
          const t = fastest(() => runRegex(re, s), 1);
          if (t / base > MAX_RATIO) {
            // Confirm with more runs before reporting (the machine is shared).
            const again =
              fastest(() => runRegex(re, s), 3) /
              Math.max(
                fastest(() => linearScan(s), 5),
                0.005,
              );
            if (again > MAX_RATIO) {
              slow.push(
                `${where} on ${JSON.stringify(pump.slice(0, 20))} x ${reps}: ${again.toFixed(0)}x a linear scan`,
              );
              break probe;
            }
          }
        }
      }
    }
    assert.deepEqual(slow, []);
    assert.ok(sink !== undefined);
  });
});
