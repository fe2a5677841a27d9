/** unknown-env-var offers no rename onto a name the same container already sets (a duplicate map key). */
import { strict as assert } from 'node:assert';
import { analyseFiles } from '../helpers/analyze';

const values = (typo: string): string =>
  ['# vpc-cni-lint: kind=helm-values', 'env:', `  ${typo}: "false"`, '  ENABLE_IPv6: "true"', ''].join('\n');

describe('unknown-env-var quick fixes', () => {
  // [misspelled name, rename fixes offered]
  const rows: Array<[string, string[]]> = [
    ['ENABLE_IPv7', ['Rename to ENABLE_IPv4']], // ENABLE_IPv6 is already set in env: no second ENABLE_IPv6 key
    ['ENABLE_IPV4', ['Rename to ENABLE_IPv4']], // the case typo still gets its fix
  ];
  for (const [typo, titles] of rows) {
    it(`${typo} beside ENABLE_IPv6 → ${JSON.stringify(titles)}`, () => {
      const [r] = analyseFiles([{ uri: 'file:///values.yaml', text: values(typo) }]);
      const f = r.findings.find((x) => x.code === 'unknown-env-var');
      assert.ok(f, JSON.stringify(r.findings.map((x) => x.message)));
      assert.deepEqual(
        (f.fixes ?? []).map((x) => x.title),
        titles,
      );
    });
  }
});
