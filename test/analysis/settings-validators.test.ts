/**
 * The standalone validators generated from schemas/ (scripts/gen-validators.mjs): they are up to date with the
 * schemas, and they accept and reject what the CNI accepts and rejects.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  validateAddonConfig,
  validateAwsNodeEnv,
  validateHelmValues,
} from '../../server/src/analysis/generated/validators';
import { allEnvVars } from '../../server/src/analysis/envCatalog';

const root = path.resolve(__dirname, '..', '..');

describe('settings: generated validators', () => {
  it('regenerating from the schemas yields the committed files', async () => {
    const mod = (await import(path.join(root, 'scripts', 'gen-validators.mjs'))) as {
      generate(): Promise<{ js: string; dts: string }>;
    };
    const { js, dts } = await mod.generate();
    const dir = path.join(root, 'server', 'src', 'analysis', 'generated');
    assert.equal(js, readFileSync(path.join(dir, 'validators.js'), 'utf8'), 'run npm run gen:validators');
    assert.equal(dts, readFileSync(path.join(dir, 'validators.d.ts'), 'utf8'), 'run npm run gen:validators');
  });

  it('accepts the shipped manifest defaults', () => {
    const env = {
      ENABLE_IPv4: 'true',
      ENABLE_IPv6: 'false',
      WARM_ENI_TARGET: '1',
      WARM_PREFIX_TARGET: '1',
      ENABLE_PREFIX_DELEGATION: 'false',
      NETWORK_POLICY_ENFORCING_MODE: 'standard',
      AWS_VPC_K8S_CNI_LOGLEVEL: 'DEBUG',
    };
    assert.equal(validateAwsNodeEnv(env), true, JSON.stringify(validateAwsNodeEnv.errors));
  });

  it('rejects values Go ParseBool / Atoi reject, and unknown enum values', () => {
    for (const [name, value] of [
      ['ENABLE_PREFIX_DELEGATION', 'yes'],
      ['ENABLE_PREFIX_DELEGATION', ' true'],
      ['WARM_IP_TARGET', '1.5'],
      ['WARM_IP_TARGET', '-1'],
      ['POD_SECURITY_GROUP_ENFORCING_MODE', 'Strict'],
      ['NETWORK_POLICY_ENFORCING_MODE', 'enforcing'],
    ]) {
      assert.equal(validateAwsNodeEnv({ [name]: value }), false, `${name}=${value}`);
      assert.equal(validateAwsNodeEnv.errors?.[0]?.instancePath, `/${name}`);
    }
  });

  it('matches the CNI on case: NETWORK_POLICY_ENFORCING_MODE and log levels fold case', () => {
    assert.equal(validateAwsNodeEnv({ NETWORK_POLICY_ENFORCING_MODE: 'Strict' }), true);
    assert.equal(validateAwsNodeEnv({ AWS_VPC_K8S_CNI_LOGLEVEL: 'info' }), true);
  });

  it('every boolean accepts exactly the Go ParseBool spellings', () => {
    const goTrue = ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'];
    for (const info of allEnvVars().filter((v) => v.kind === 'boolean')) {
      for (const s of goTrue) assert.equal(validateAwsNodeEnv({ [info.name]: s }), true, `${info.name}=${s}`);
      for (const s of ['yes', 'on', 'tRUE', '']) assert.equal(validateAwsNodeEnv({ [info.name]: s }), false);
    }
  });

  it('Helm values and add-on configuration reuse the env schema for env and init.env', () => {
    assert.equal(
      validateHelmValues({ env: { WARM_IP_TARGET: '5' }, init: { env: { ENABLE_IPv6: 'false' } } }),
      true,
    );
    assert.equal(validateHelmValues({ env: { WARM_IP_TARGET: 'five' } }), false);
    assert.equal(validateHelmValues.errors?.[0]?.instancePath, '/env/WARM_IP_TARGET');
    assert.equal(validateAddonConfig({ init: { env: { DISABLE_TCP_EARLY_DEMUX: 'on' } } }), false);
    assert.equal(validateAddonConfig.errors?.[0]?.instancePath, '/init/env/DISABLE_TCP_EARLY_DEMUX');
    assert.equal(validateAddonConfig({ env: { ENABLE_POD_ENI: 'true' }, enableNetworkPolicy: 'true' }), true);
  });
});

describe('settings: Helm values take numbers and booleans, add-on configuration takes strings', () => {
  it('Helm env values may be unquoted: the chart quotes every value', () => {
    assert.equal(validateHelmValues({ env: { WARM_IP_TARGET: 5, ENABLE_PREFIX_DELEGATION: true } }), true);
    assert.equal(validateHelmValues({ init: { env: { DISABLE_TCP_EARLY_DEMUX: false } } }), true);
    assert.equal(validateHelmValues({ env: { ENABLE_PREFIX_DELEGATION: 'yes' } }), false);
  });

  it('add-on configuration env values must be strings (as the add-on configuration schema declares them)', () => {
    assert.equal(validateAddonConfig({ env: { WARM_IP_TARGET: 5 } }), false);
    assert.equal(validateAddonConfig({ init: { env: { DISABLE_TCP_EARLY_DEMUX: false } } }), false);
    assert.equal(validateAddonConfig({ env: { WARM_IP_TARGET: '5' } }), true);
  });
});
