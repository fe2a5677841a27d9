/**
 * The language server with one more rule, `injected-throwing-rule`, that always throws: started by
 * test/robustness/rule-isolation.test.ts (through tsx) to check over the protocol that a failing rule is
 * contained. The shipped server has no such hook; this file is the only place the extra rule exists.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { allRules, type Rule } from '../../server/src/analysis';
import { startServer } from '../../server/src/lsp/server';

const throwing: Rule = {
  code: 'injected-throwing-rule',
  title: 'test: always throws',
  defaultSeverity: 'error',
  run: () => {
    throw new Error('injected failure');
  },
};

startServer(createConnection(ProposedFeatures.all), { rules: [throwing, ...allRules] });
