import { strict as assert } from 'node:assert';
import { defaultCatalog, explanationToText, windowsPodAddresses } from '../../server/src/engine';

const cat = defaultCatalog();

describe('engine/windows: VPC resource controller pod addresses', () => {
  // type, prefix delegation asked, value, mode, prefix unsupported
  const rows: [string, boolean, number, 'secondary-ip' | 'prefix', boolean][] = [
    ['m5.large', false, 9, 'secondary-ip', false], // primary ENI only: 10 - 1 = 9 (not 3 x 9 + 2 = 29)
    ['m5.large', true, 144, 'prefix', false], // (10 - 1) x 16 = 144
    ['t3.medium', false, 5, 'secondary-ip', false], // 6 - 1 = 5
    ['t3.medium', true, 80, 'prefix', false], // (6 - 1) x 16 = 80
    ['c4.xlarge', false, 14, 'secondary-ip', false], // Xen: 15 - 1 = 14
    ['c4.xlarge', true, 14, 'secondary-ip', true], // Xen: no Windows prefix delegation, stays 15 - 1 = 14
    ['m5.metal', true, 784, 'prefix', false], // bare metal counts as Nitro: (50 - 1) x 16 = 784
  ];
  for (const [type, pd, value, mode, unsupported] of rows) {
    it(`${type}${pd ? ' with enable-windows-prefix-delegation' : ''} → ${value}`, () => {
      const r = windowsPodAddresses(cat, type, { prefixDelegation: pd });
      assert.equal(r.value, value);
      assert.equal(r.mode, mode);
      assert.equal(r.prefixUnsupported, unsupported);
      assert.ok(r.explanation.sources.some((s) => s.includes('amazon-vpc-resource-controller-k8s')));
    });
  }

  it('says why aws-node settings do not apply, and names the non-Nitro event', () => {
    const text = explanationToText(
      windowsPodAddresses(cat, 'c4.xlarge', { prefixDelegation: true }).explanation,
    );
    assert.match(text, /aws-node does not run on Windows nodes/);
    assert.match(text, /not supported for Windows prefix delegation/);
  });

  it('an unknown type has no figure and does not throw', () => {
    const r = windowsPodAddresses(cat, 'zz9.huge');
    assert.equal(r.value, null);
  });
});
