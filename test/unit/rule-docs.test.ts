/** Every rule has a documented file named by its code, and docs/rules/ is up to date. */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../server/src/analysis/rules';
import {
  DOCS_DIR,
  README,
  RULES_DIR,
  docComment,
  renderReadme,
  renderRuleDocs,
} from '../../scripts/rule-docs';

describe('rule files and docs', () => {
  it('codes are unique kebab-case and each rule lives in <code>.ts with a doc comment', () => {
    const codes = new Set<string>();
    for (const rule of allRules) {
      assert.match(rule.code, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(!codes.has(rule.code), `duplicate code ${rule.code}`);
      codes.add(rule.code);
      const file = path.join(RULES_DIR, `${rule.code}.ts`);
      assert.ok(existsSync(file), `missing ${file}`);
      const doc = docComment(readFileSync(file, 'utf8')) ?? '';
      for (const heading of ['**Triggers:**', '**Why it matters:**', '**Fix:**']) {
        assert.ok(doc.includes(heading), `${rule.code}: doc comment lacks ${heading}`);
      }
    }
  });

  it('every rule file is registered', () => {
    const files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
    const registered = new Set(allRules.map((r) => `${r.code}.ts`));
    assert.deepEqual(
      files.filter((f) => !registered.has(f)),
      [],
    );
  });

  it('docs/rules is generated from the current sources (run `npm run docs`)', () => {
    for (const doc of renderRuleDocs()) {
      assert.ok(existsSync(doc.file), `missing ${path.relative(DOCS_DIR, doc.file)}: run npm run docs`);
      assert.equal(
        readFileSync(doc.file, 'utf8'),
        doc.content,
        `${path.basename(doc.file)} is stale: run npm run docs`,
      );
    }
  });

  it("README's rules table is generated from the current rules (run `npm run docs`)", () => {
    const current = readFileSync(README, 'utf8');
    assert.equal(current, renderReadme(current), 'README.md rules table is stale: run npm run docs');
    for (const rule of allRules)
      assert.ok(current.includes(`[\`${rule.code}\`](docs/rules/${rule.code}.md)`));
  });
});
