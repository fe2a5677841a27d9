/** Effective CNI settings of a source (server/src/analysis/cniConfig.ts): defaults per format, Go parsing. */
import { strict as assert } from 'node:assert';
import { effectiveCni, readValue } from '../../server/src/analysis/cniConfig';
import { analyseText } from '../helpers/analyze';
import { daemonSet as fullDaemonSet } from './capacity-helpers';

/** A complete DaemonSet, or (image false) a fragment without the aws-node image, e.g. a kustomize patch. */
const daemonSet = (env: Record<string, string>, image = true): string =>
  fullDaemonSet(env, image ? undefined : null);

function cfgOf(text: string, uri = 'file:///w/aws-node.yaml') {
  const source = analyseText(text, uri).model.cni[0];
  assert.ok(source, 'a CNI source');
  return effectiveCni(source);
}

describe('settings: effective CNI config', () => {
  it('a complete DaemonSet uses the binary defaults (ENABLE_IPv4 false, WARM_PREFIX_TARGET 0)', () => {
    const cfg = cfgOf(daemonSet({ WARM_ENI_TARGET: '1' }));
    assert.equal(cfg.completeManifest, true);
    assert.equal(cfg.defaults, 'code');
    assert.equal(cfg.settings.ipv4.value, false);
    assert.deepEqual(readValue(cfg, 'WARM_PREFIX_TARGET'), {
      effective: '0',
      origin: 'default',
      raw: undefined,
    });
  });

  it('a DaemonSet fragment without an image, and Helm values, use the chart defaults', () => {
    const patch = cfgOf(daemonSet({ WARM_ENI_TARGET: '1' }, false));
    assert.equal(patch.defaults, 'manifest');
    assert.equal(patch.settings.ipv4.value, true);
    const helm = cfgOf('env:\n  ENABLE_PREFIX_DELEGATION: "true"\n', 'file:///w/aws-vpc-cni-values.yaml');
    assert.equal(helm.source.format, 'helm-values');
    assert.equal(helm.defaults, 'manifest');
    assert.equal(readValue(helm, 'WARM_PREFIX_TARGET').effective, '1');
    assert.equal(helm.settings.fatal.length, 0);
  });

  it('reads values as Go does: "yes" falls back to the default, " 5" is not an integer', () => {
    const cfg = cfgOf(
      daemonSet({ ENABLE_PREFIX_DELEGATION: 'yes', WARM_IP_TARGET: ' 5', AWS_VPC_K8S_CNI_EXTERNALSNAT: 'T' }),
    );
    const pd = readValue(cfg, 'ENABLE_PREFIX_DELEGATION');
    assert.equal(pd.origin, 'fallback');
    assert.equal(pd.effective, 'false');
    assert.equal(readValue(cfg, 'WARM_IP_TARGET').effective, '0');
    assert.deepEqual(readValue(cfg, 'AWS_VPC_K8S_CNI_EXTERNALSNAT'), {
      effective: 'true',
      origin: 'set',
      raw: 'T',
    });
    assert.equal(readValue(cfg, 'AWS_VPC_K8S_CNI_LOGLEVEL').effective, 'DEBUG');
  });

  it('reads enums case-insensitively where the CNI does, and falls back for unknown log levels', () => {
    const cfg = cfgOf(
      daemonSet({ AWS_VPC_K8S_CNI_LOGLEVEL: 'verbose', AWS_VPC_K8S_PLUGIN_LOG_LEVEL: 'info' }),
    );
    assert.deepEqual(
      [
        readValue(cfg, 'AWS_VPC_K8S_CNI_LOGLEVEL').effective,
        readValue(cfg, 'AWS_VPC_K8S_PLUGIN_LOG_LEVEL').effective,
      ],
      ['DEBUG', 'info'],
    );
  });

  it('keeps the last duplicate and treats valueFrom as unknown', () => {
    const text = daemonSet({ WARM_IP_TARGET: '3' }).replace(
      '          env:\n',
      '          env:\n            - name: WARM_IP_TARGET\n              value: "9"\n            - name: ENABLE_IPv4\n              valueFrom:\n                configMapKeyRef: {name: x, key: y}\n',
    );
    const cfg = cfgOf(text);
    assert.equal(cfg.env.get('WARM_IP_TARGET')?.value, '3');
    assert.ok(cfg.unknown.has('ENABLE_IPv4'));
    assert.equal(readValue(cfg, 'ENABLE_IPv4').origin, 'unknown');
  });

  it('reports nothing about ENABLE_IPv4 when its value comes from valueFrom', () => {
    const text = daemonSet({ WARM_ENI_TARGET: '1' }).replace(
      '          env:\n',
      '          env:\n            - name: ENABLE_IPv4\n              valueFrom:\n                configMapKeyRef: {name: x, key: y}\n',
    );
    const r = analyseText(text);
    assert.deepEqual(
      r.findings.filter((f) => f.code === 'ip-family-invalid'),
      [],
    );
  });
});
