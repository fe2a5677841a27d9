import { strict as assert } from 'node:assert';
import { SaxesParser } from 'saxes';
import { burstEvents, defaultCatalog, simulate } from '../../server/src/engine';
import { burstTimeline, timelineFromSimulation, timelineSvg } from '../../server/src/pictures';

const cat = defaultCatalog();

function parse(svg: string) {
  const p = new SaxesParser({ xmlns: true });
  const els: { name: string; attrs: Record<string, string> }[] = [];
  let text = '';
  p.on('error', (e) => {
    throw e;
  });
  p.on('opentag', (t) => {
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(t.attributes)) attrs[k] = typeof v === 'string' ? v : v.value;
    els.push({ name: t.local ?? t.name, attrs });
  });
  p.on('text', (t) => (text += t));
  p.write(svg).close();
  return { els, text };
}

describe('pictures/timeline', () => {
  it('keeps the simulation series as it is: pending, ENIs, addresses, subnet left', () => {
    const sim = simulate(cat, {
      nodes: [{ instanceType: 'm5.large' }, { instanceType: 'm5.large' }, { instanceType: 'm5.large' }],
      events: burstEvents(60, 10),
      params: { podRecords: false },
    });
    const m = timelineFromSimulation(sim, { label: 'defaults', subnetFree: 251 });
    assert.equal(m.points.length, sim.series.length);
    sim.series.forEach((s, i) => {
      const p = m.points[i];
      assert.deepEqual(
        [p.t, p.pending, p.enis, p.ips, p.subnetLeft],
        [s.t, s.podsWaiting, s.enis, s.ipsHeld, 251 - s.subnetAddresses],
      );
    });
    assert.equal(m.maxima.enis, Math.max(...sim.series.map((s) => s.enis)));
    // 60 pods on 3 m5.large: 20 per node, 3 ENIs x 9 = 27 addresses each → 81 held, 3 x 3 = 9 ENIs at the end
    const last = m.points[m.points.length - 1];
    assert.equal(last.ips, 81);
    assert.equal(last.enis, 9);
    assert.equal(last.subnetLeft, 251 - (81 + 9)); // subnet addresses: ENI primaries + secondary IPs
    assert.equal(m.subnetExhausted, false);
  });

  it('says when the subnet would run out (the simulation does not model it)', () => {
    const m = burstTimeline(cat, {
      node: { instanceType: 'm5.large' },
      nodes: 3,
      pods: 60,
      seconds: 10,
      subnetFree: 27,
    });
    assert.equal(m.subnetExhausted, true);
    assert.match(m.notes.join(' '), /more addresses than the subnet has left/);
  });

  it('SVG: well-formed, text alternatives, one step line per series and panel, shared scales', () => {
    const a = burstTimeline(cat, {
      node: { instanceType: 'm5.large' },
      nodes: 3,
      pods: 100,
      seconds: 10,
      subnetFree: 1019,
    });
    const b = burstTimeline(cat, {
      node: { instanceType: 'm5.large', env: { WARM_IP_TARGET: '10', MINIMUM_IP_TARGET: '30' } },
      nodes: 3,
      pods: 100,
      seconds: 10,
      subnetFree: 1019,
    });
    assert.equal(b.label, 'WARM_IP_TARGET=10, MINIMUM_IP_TARGET=30');
    const svg = timelineSvg([a, b], { idPrefix: 'w' });
    const { els, text } = parse(svg);
    assert.equal(els[0].attrs['aria-labelledby'], 'w-title w-desc');
    const lines = els.filter((e) => e.name === 'path' && /vcl-line/.test(e.attrs.class ?? ''));
    assert.equal(lines.length, 2 * 4); // 2 panels x (pending, addresses, subnet left, ENIs)
    assert.equal(els.filter((e) => e.name === 'g' && e.attrs.class === 'vcl-panel').length, 2);
    assert.match(text, /what if/);
    assert.match(text, /WARM_IP_TARGET=10/);
    // one vertex per sample (step lines add one corner per sample): linear in samples
    const d = lines[0].attrs.d;
    const vertices = (d.match(/[MLHV]/g) ?? []).length;
    assert.ok(
      vertices <= 2 * a.points.length + 1,
      `${vertices} path commands for ${a.points.length} samples`,
    );
  });

  it('escapes labels', () => {
    const m = burstTimeline(cat, {
      node: { instanceType: 'm5.large' },
      nodes: 1,
      pods: 5,
      seconds: 1,
      label: '<b>&"x"',
    });
    const svg = timelineSvg([m], { title: "</svg><script>'" });
    const { text } = parse(svg);
    assert.ok(text.includes('<b>&"x"'));
    assert.ok(text.includes("</svg><script>'"));
    assert.ok(!svg.includes('<script'));
  });

  it('bad input: no throw, an empty picture', () => {
    const m = burstTimeline(cat, { node: null as never, nodes: -1, pods: Number.NaN, seconds: -5 });
    parse(timelineSvg([m]));
    parse(timelineSvg([]));
  });
});
