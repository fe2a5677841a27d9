import { strict as assert } from 'node:assert';
import { SaxesParser } from 'saxes';
import { type CniEnv, defaultCatalog, steadyState } from '../../server/src/engine';
import {
  gridSvg,
  type SlotGrid,
  slotGrid,
  type SlotGridInput,
  type SlotState,
  type UnusableReason,
} from '../../server/src/pictures';

const cat = defaultCatalog();
const PD: CniEnv = { ENABLE_PREFIX_DELEGATION: 'true' };

interface Row {
  name: string;
  input: SlotGridInput;
  rows: number;
  /** Addresses per state (pod-address slots); eni = attached ENIs' own addresses. */
  used: number;
  warm: number;
  notAllocated: number;
  unusable: number;
  eni: number;
  reasons: UnusableReason[];
}

// Figures: m5.large 3 ENIs x 10 IPv4; r6g.medium 2 x 4; c5.18xlarge 15 x 50; p5.48xlarge 32 cards x 2 x 50
// (catalog-data.json). Pod slots per ENI = IPv4 - 1 (x16 with prefix delegation).
const TABLE: Row[] = [
  {
    // 0 pods: 9 free >= WARM_ENI_TARGET 1 x 9 → 1 ENI; not allocated 3 x 9 - 9 = 18
    name: 'm5.large, defaults, 0 pods',
    input: { instanceType: 'm5.large', pods: 0 },
    rows: 3,
    used: 0,
    warm: 9,
    notAllocated: 18,
    unusable: 0,
    eni: 1,
    reasons: [],
  },
  {
    // 2 pods: 9 - 2 = 7 free < 9 → second ENI: 18 held, 16 warm, 27 - 18 = 9 not allocated
    name: 'm5.large, defaults, 2 pods (CoreDNS)',
    input: { instanceType: 'm5.large', pods: 2 },
    rows: 3,
    used: 2,
    warm: 16,
    notAllocated: 9,
    unusable: 0,
    eni: 2,
    reasons: [],
  },
  {
    // 10 pods: 18 - 10 = 8 free < 9 → third ENI: 27 held, 17 warm, none left
    name: 'm5.large, defaults, 10 pods',
    input: { instanceType: 'm5.large', pods: 10 },
    rows: 3,
    used: 10,
    warm: 17,
    notAllocated: 0,
    unusable: 0,
    eni: 3,
    reasons: [],
  },
  {
    // PD + SGP: trunk ENI 1 carries nothing: 3 x 16 = 48 unusable; primary: ceil(5/16) + WARM_PREFIX_TARGET 1 = 2
    // prefixes wanted, but TotalIPs 16 >= node max-pods 8 stops growth at 1 prefix: 5 used, 11 warm, 2 x 16 = 32 free
    name: 'r6g.medium, PD + SGP, 5 pods',
    input: { instanceType: 'r6g.medium', env: { ...PD, ENABLE_POD_ENI: 'true' }, pods: 5 },
    rows: 2,
    used: 5,
    warm: 11,
    notAllocated: 32,
    unusable: 48,
    eni: 2,
    reasons: ['trunk'],
  },
  {
    // PD: ceil(200/16) + 1 = 14 prefixes = 224 held, 24 warm; 15 x 49 x 16 = 11,760 - 224 = 11,536 not allocated
    name: 'c5.18xlarge, PD, 200 pods',
    input: { instanceType: 'c5.18xlarge', env: PD, pods: 200 },
    rows: 15,
    used: 200,
    warm: 24,
    notAllocated: 11536,
    unusable: 0,
    eni: 1,
    reasons: [],
  },
  {
    // card 0: 2 ENIs x 49; 49 - 30 = 19 free < 49 → second ENI, 98 held, 68 warm; cards 1-31: 62 ENIs x 49 = 3,038
    name: 'p5.48xlarge, 32 network cards, 30 pods',
    input: { instanceType: 'p5.48xlarge', pods: 30 },
    rows: 64,
    used: 30,
    warm: 68,
    notAllocated: 0,
    unusable: 3038,
    eni: 2,
    reasons: ['other-network-card'],
  },
  {
    // custom networking: primary ENI's 9 slots unusable; 2 ENIs x 9 = 18 held for 10 pods, 8 warm, 3 ENIs attached
    name: 'm5.large, custom networking, 10 pods',
    input: { instanceType: 'm5.large', env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' }, pods: 10 },
    rows: 3,
    used: 10,
    warm: 8,
    notAllocated: 0,
    unusable: 9,
    eni: 3,
    reasons: ['custom-networking-primary'],
  },
  {
    // MAX_ENI=2: ENI 2 beyond it (9 unusable); 2 x 9 = 18 held for 10 pods, 8 warm
    name: 'm5.large, MAX_ENI=2, 10 pods',
    input: { instanceType: 'm5.large', env: { MAX_ENI: '2' }, pods: 10 },
    rows: 3,
    used: 10,
    warm: 8,
    notAllocated: 0,
    unusable: 9,
    eni: 2,
    reasons: ['beyond-max-eni'],
  },
  {
    // SGP: trunk at device index 1 (9 unusable); primary 9 held, 0 pods; ENI 2 not attached: 9 not allocated
    name: 'm5.large, SGP, 0 pods',
    input: { instanceType: 'm5.large', env: { ENABLE_POD_ENI: 'true' }, pods: 0 },
    rows: 3,
    used: 0,
    warm: 9,
    notAllocated: 9,
    unusable: 9,
    eni: 2,
    reasons: ['trunk'],
  },
  {
    // PD + MAX_ENI=1: ceil(20/16) + 1 = 3 prefixes (48 held, 28 warm) of 9 x 16 = 144; ENIs 1, 2 beyond MAX_ENI
    // (2 x 144 = 288 unusable)
    name: 'm5.large, PD, MAX_ENI=1, 20 pods',
    input: { instanceType: 'm5.large', env: { ...PD, MAX_ENI: '1' }, pods: 20, maxPods: 110 },
    rows: 3,
    used: 20,
    warm: 28,
    notAllocated: 96,
    unusable: 288,
    eni: 1,
    reasons: ['beyond-max-eni'],
  },
];

function totalsOf(g: SlotGrid) {
  return {
    used: g.totals.used.addresses,
    warm: g.totals.warm.addresses,
    notAllocated: g.totals['not-allocated'].addresses,
    unusable: g.totals.unusable.addresses,
    eni: g.totals['eni-address'].addresses,
  };
}

/** Parses with a strict XML 1.0 parser (throws on any well-formedness error); returns elements and text. */
function parseSvg(svg: string) {
  const p = new SaxesParser({ xmlns: true });
  const elements: { name: string; attrs: Record<string, string>; parents: string[] }[] = [];
  const stack: { name: string; cls: string }[] = [];
  let text = '';
  p.on('error', (e) => {
    throw e;
  });
  p.on('opentag', (t) => {
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(t.attributes)) attrs[k] = typeof v === 'string' ? v : v.value;
    elements.push({ name: t.local ?? t.name, attrs, parents: stack.map((s) => s.cls) });
    stack.push({ name: t.name, cls: attrs.class ?? '' });
  });
  p.on('closetag', () => {
    stack.pop();
  });
  p.on('text', (t) => {
    text += t;
  });
  p.write(svg).close();
  return { elements, text, root: elements[0] };
}

describe('pictures/grid: slot counts per state equal the engine', () => {
  for (const row of TABLE) {
    it(row.name, () => {
      const g = slotGrid(cat, row.input);
      assert.equal(g.rows.length, row.rows);
      assert.deepEqual(totalsOf(g), {
        used: row.used,
        warm: row.warm,
        notAllocated: row.notAllocated,
        unusable: row.unusable,
        eni: row.eni,
      });
      // the same numbers from the engine directly
      const ss = steadyState(cat, row.input);
      assert.equal(g.totals.used.addresses, ss.assigned);
      assert.equal(g.totals.warm.addresses, ss.free);
      assert.equal(g.totals['eni-address'].addresses, ss.enis);
      assert.equal(g.totals.used.addresses + g.totals.warm.addresses, ss.ipsHeld);
      assert.equal(
        g.totals.used.addresses + g.totals.warm.addresses + g.totals['eni-address'].addresses,
        ss.subnetAddresses,
      );
      assert.equal(g.totals['not-allocated'].addresses, (g.engine.podIps ?? 0) - ss.ipsHeld);
      assert.equal(g.engine.capacity, (g.engine.podIps ?? 0) + 2);
      // every row has the ENI's own address plus IPv4 per ENI - 1 slots
      for (const r of g.rows) assert.equal(r.cells.length, 1 + g.cidrsPerEni);
      const reasons = [...new Set(g.rows.map((r) => r.reason).filter((x) => x !== undefined))];
      assert.deepEqual(reasons, row.reasons);
      // the tools' max-pods are listed beside the real capacity
      assert.equal(g.tools.find((t) => t.tool === 'cni')?.value, g.engine.capacity);
      assert.equal(g.tools.length, 8);
    });
  }

  it('the pods slider: the grid follows the steady state at every pod count (m5.large, WARM_ENI_TARGET=1)', () => {
    let lastAttached = 0;
    for (let pods = 0; pods <= 27; pods++) {
      const g = slotGrid(cat, { instanceType: 'm5.large', pods });
      const attached = g.rows.filter((r) => r.attached).length;
      assert.equal(g.totals.used.addresses, pods);
      assert.ok(attached >= lastAttached, `ENIs never detach while pods grow (${pods} pods)`);
      lastAttached = attached;
    }
    // 1 pod leaves 8 < 9 free: the second ENI attaches with the first pod, not once the primary is full
    assert.equal(slotGrid(cat, { instanceType: 'm5.large', pods: 0 }).engine.enis, 1);
    assert.equal(slotGrid(cat, { instanceType: 'm5.large', pods: 1 }).engine.enis, 2);
  });

  it('a partly used prefix holds used and warm addresses in one cell', () => {
    const g = slotGrid(cat, { instanceType: 'm5.large', env: PD, pods: 5 });
    const first = g.rows[0].cells[1];
    assert.deepEqual([first.kind, first.size, first.used, first.free], ['prefix', 16, 5, 11]);
  });

  it('no grid, with the reason, for an unknown type, IPv6 and aws-node not starting', () => {
    const unknown = slotGrid(cat, { instanceType: 'm5.lage', pods: 3 });
    assert.equal(unknown.known, false);
    assert.equal(unknown.rows.length, 0);
    const v6 = slotGrid(cat, {
      instanceType: 'm5.large',
      env: { ...PD, ENABLE_IPv6: 'true', ENABLE_IPv4: 'false' },
      pods: 3,
    });
    assert.equal(v6.rows.length, 0);
    assert.match(v6.notes.join(' '), /IPv6/);
    const broken = slotGrid(cat, {
      instanceType: 'm5.large',
      env: { ENABLE_IPv6: 'true', ENABLE_IPv4: 'false' },
      pods: 3,
    });
    assert.equal(broken.starts, false);
    assert.equal(broken.rows.length, 0);
    assert.match(broken.notes.join(' '), /does not start/);
    // bad input: no throw
    assert.equal(slotGrid(cat, null as unknown as SlotGridInput).rows.length, 0);
    for (const g of [unknown, v6, broken]) parseSvg(gridSvg(g));
  });
});

describe('pictures/gridSvg', () => {
  for (const row of TABLE) {
    it(`${row.name}: well-formed, one drawn cell per slot in its state`, () => {
      const g = slotGrid(cat, row.input);
      const svg = gridSvg(g, { idPrefix: 'n1', standalone: true });
      const { elements, root } = parseSvg(svg);
      assert.equal(root.name, 'svg');
      assert.equal(root.attrs.role, 'img');
      assert.equal(root.attrs['aria-labelledby'], 'n1-title n1-desc');
      assert.ok(elements.some((e) => e.name === 'title' && e.attrs.id === 'n1-title'));
      assert.ok(elements.some((e) => e.name === 'desc' && e.attrs.id === 'n1-desc'));
      const drawn: Record<string, number> = {};
      for (const e of elements) {
        if (e.name !== 'rect' || !e.parents.includes('vcl-row')) continue;
        const m = /^vcl-s-(.+)$/.exec(e.attrs.class ?? '');
        if (m) drawn[m[1]] = (drawn[m[1]] ?? 0) + 1;
      }
      const expected: Record<string, number> = {};
      for (const r of g.rows)
        for (const c of r.cells) {
          const s: SlotState = c.kind === 'prefix' && c.used > 0 && c.free > 0 ? 'warm' : c.state;
          expected[s] = (expected[s] ?? 0) + 1;
        }
      assert.deepEqual(drawn, expected);
      const cells = g.rows.reduce((a, r) => a + r.cells.length, 0);
      assert.equal(
        Object.values(drawn).reduce((a, b) => a + b, 0),
        cells,
      );
    });
  }

  it('escapes text and ids', () => {
    const g = slotGrid(cat, { instanceType: 'm5.large', pods: 2 });
    const evil = `<script>alert("x")</script> & 'q' \u0007 \u202e`;
    const svg = gridSvg(g, { title: evil, idPrefix: '"><x' });
    const { text, root } = parseSvg(svg);
    assert.ok(!svg.includes('<script'));
    assert.ok(text.includes(`<script>alert("x")</script> & 'q'`), 'the title reads as written');
    assert.ok(!text.includes('\u202e') && !text.includes('\u0007'));
    assert.match(root.attrs['aria-labelledby'], /^[A-Za-z][A-Za-z0-9_ -]*$/);
  });

  it('colours are classes over CSS variables, with a hatch for unusable slots', () => {
    const g = slotGrid(cat, { instanceType: 'm5.large', env: { MAX_ENI: '2' }, pods: 1 });
    const svg = gridSvg(g, { standalone: true });
    assert.match(svg, /var\(--vcl-used,/);
    assert.match(svg, /<pattern id="grid-hatch"/);
    assert.doesNotMatch(gridSvg(g), /<style>/);
  });
});
