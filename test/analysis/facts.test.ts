/** The facts layer (server/src/analysis/facts/): queries memoize per argument tuple; CNI facts locate decisions. */
import { strict as assert } from 'node:assert';
import { cniFacts } from '../../server/src/analysis/facts/cni';
import { query } from '../../server/src/analysis/facts/query';
import { report } from '../../server/src/analysis/report';
import { analyseText } from '../helpers/analyze';
import { daemonSet } from './capacity-helpers';

describe('facts: queries', () => {
  it('computes once per argument tuple, objects and primitives alike, undefined answers included', () => {
    const calls: string[] = [];
    const q = query((o: object, name: string | undefined): string | undefined => {
      calls.push(`${String((o as { id: number }).id)}:${name}`);
      return name === undefined ? undefined : `${name}!`;
    });
    const a = { id: 1 };
    const b = { id: 2 };
    assert.equal(q(a, 'x'), 'x!');
    assert.equal(q(a, 'x'), 'x!');
    assert.equal(q(a, undefined), undefined);
    assert.equal(q(a, undefined), undefined);
    assert.equal(q(b, 'x'), 'x!');
    assert.deepEqual(calls, ['1:x', '1:undefined', '2:x']);
  });
  it('returns the same object for the same arguments', () => {
    const q = query((n: number) => ({ n }));
    assert.equal(q(1), q(1));
    assert.notEqual(q(1), q(2));
  });
});

describe('facts: CNI facts of a source', () => {
  const factsOf = (env: Record<string, string>) => {
    const source = analyseText(daemonSet(env), 'file:///w/aws-node.yaml').model.cni[0];
    assert.ok(source, 'a CNI source');
    return cniFacts(source);
  };
  it('locates a start-up problem by its id at the entries of its variables', () => {
    const f = factsOf({ ENABLE_IPv4: 'true', ENABLE_IPv6: 'true', ENABLE_PREFIX_DELEGATION: 'true' });
    const dual = f.fatal('dual-stack');
    assert.deepEqual(
      dual?.entries.map((e) => e.name),
      ['ENABLE_IPv4', 'ENABLE_IPv6'],
    );
    assert.equal(f.fatal('no-ip-family'), undefined);
    assert.ok(f.fatal('prefix-delegation-no-warm-target')); // no warm target above "0"
  });
  it('gives each ignored target its entry and the entries that decided it', () => {
    const f = factsOf({ ENABLE_IPv4: 'true', WARM_IP_TARGET: '5', WARM_ENI_TARGET: '3' });
    assert.deepEqual(
      f.ignored.map((i) => [i.ignored.name, i.entry?.value, i.decidedBy.map((e) => e.name)]),
      [['WARM_ENI_TARGET', '3', ['WARM_IP_TARGET']]],
    );
    assert.equal(f.setting('WARM_IP_TARGET')?.value, 5);
    assert.equal(f.entry('WARM_ENI_TARGET')?.value, '3');
  });
});

describe('report()', () => {
  const rule = { code: 'some-rule', defaultSeverity: 'warning' as const };
  const span = { start: 1, end: 2 };
  it('fills in the code and the default severity', () => {
    assert.deepEqual(report(rule, { message: 'm', span }), {
      code: 'some-rule',
      severity: 'warning',
      message: 'm',
      span,
    });
  });
  it('keeps a severity the finding states', () => {
    assert.equal(report(rule, { severity: 'error', message: 'm', span }).severity, 'error');
  });
});
