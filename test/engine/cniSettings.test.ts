import { strict as assert } from 'node:assert';
import {
  cniAtLeast,
  compareCniVersion,
  defaultCatalog,
  effectiveMaxEni,
  goAtoi,
  goParseBool,
  goStringLessOrEqual,
  parseCniSettings,
  parseCniVersion,
} from '../../server/src/engine';

const cat = defaultCatalog();
const PD_FATAL = /Setting WARM_PREFIX_TARGET = 0 is not supported/;

describe('engine/cniSettings', () => {
  describe('Go parsing', () => {
    const bools: [string, boolean | undefined][] = [
      ['1', true],
      ['t', true],
      ['T', true],
      ['TRUE', true],
      ['true', true],
      ['True', true],
      ['0', false],
      ['f', false],
      ['FALSE', false],
      ['False', false],
      ['yes', undefined], // not a Go bool
      ['on', undefined],
      ['enabled', undefined],
      [' true', undefined], // no trimming
      ['tRUE', undefined], // mixed case rejected
      ['', undefined],
    ];
    for (const [s, v] of bools)
      it(`ParseBool(${JSON.stringify(s)}) = ${v}`, () => assert.equal(goParseBool(s), v));

    const ints: [string, number | undefined][] = [
      ['0', 0],
      ['10', 10],
      ['+5', 5], // sign allowed
      ['-1', -1],
      ['007', 7], // leading zeros fine
      [' 1', undefined], // no trimming
      ['1 ', undefined],
      ['1.0', undefined], // no decimals
      ['1e3', undefined],
      ['0x10', undefined],
      ['1_000', undefined], // underscores only with base 0
      ['', undefined],
      ['9007199254740991', 9007199254740991], // 2^53 - 1 (in int64 range)
      ['9223372036854775808', undefined], // out of range
    ];
    for (const [s, v] of ints) it(`Atoi(${JSON.stringify(s)}) = ${v}`, () => assert.equal(goAtoi(s), v));

    const le: [string, string, boolean][] = [
      ['', '0', true], // "" < "0"
      ['-1', '0', true], // '-' (0x2d) < '0' (0x30)
      ['0', '0', true],
      ['00', '0', false], // "0" is a proper prefix → "00" > "0"
      ['1', '0', false],
      ['abc', '0', false], // 'a' > '0'
      [' 1', '0', true], // ' ' (0x20) < '0'
    ];
    for (const [a, b, v] of le)
      it(`${JSON.stringify(a)} <= ${JSON.stringify(b)} is ${v}`, () =>
        assert.equal(goStringLessOrEqual(a, b), v));
  });

  describe('versions', () => {
    const cmp: [string, string, number | undefined][] = [
      ['1.19.2', '1.19.2', 0],
      ['v1.19.2-eksbuild.1', '1.19.2', 0], // tag suffix ignored
      ['1.9.0', '1.10.0', -1], // numeric, not lexical
      ['602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.20.4-eksbuild.2', '1.20.4', 0], // image ref
      ['1.16', '1.16.0', 0], // missing patch = 0
      ['latest', '1.0.0', undefined],
    ];
    for (const [a, b, s] of cmp) {
      it(`compare(${a}, ${b}) sign ${s}`, () => {
        const c = compareCniVersion(a, b);
        assert.equal(c === undefined ? undefined : Math.sign(c), s);
      });
    }
    it('absent or unparseable version = latest behaviour', () => {
      assert.equal(cniAtLeast(undefined, '1.20.4'), true);
      assert.equal(cniAtLeast('garbage', '1.20.4'), true);
      assert.equal(cniAtLeast('1.20.3', '1.20.4'), false);
      assert.equal(parseCniVersion(42), undefined);
    });
  });

  describe('defaults (code vs manifest) and fallbacks', () => {
    const rows: [Record<string, string>, 'code' | 'manifest', string, number | boolean, string][] = [
      [{}, 'code', 'warmEniTarget', 1, 'code-default'],
      [{}, 'code', 'warmPrefixTarget', 0, 'code-default'], // code 0
      [{}, 'manifest', 'warmPrefixTarget', 1, 'manifest-default'], // manifest "1"
      [{}, 'code', 'ipv4', false, 'code-default'], // code false
      [{}, 'manifest', 'ipv4', true, 'manifest-default'], // manifest "true"
      [{ WARM_ENI_TARGET: 'abc' }, 'code', 'warmEniTarget', 1, 'fallback'], // non-integer → 1
      [{ WARM_ENI_TARGET: '-2' }, 'code', 'warmEniTarget', 1, 'fallback'], // negative → 1
      [{ WARM_ENI_TARGET: '0' }, 'code', 'warmEniTarget', 0, 'env'], // 0 accepted
      [{ WARM_IP_TARGET: '5.5' }, 'code', 'warmIpTarget', 0, 'fallback'], // decimals → 0
      [{ WARM_IP_TARGET: ' 3' }, 'code', 'warmIpTarget', 0, 'fallback'], // whitespace → 0
      [{ MINIMUM_IP_TARGET: '+10' }, 'code', 'minimumIpTarget', 10, 'env'], // sign allowed
      [{ WARM_PREFIX_TARGET: '-1' }, 'code', 'warmPrefixTarget', 0, 'fallback'],
      [{ ENABLE_PREFIX_DELEGATION: 'yes' }, 'code', 'prefixDelegation', false, 'fallback'], // not ParseBool
      [{ ENABLE_PREFIX_DELEGATION: 'True' }, 'code', 'prefixDelegation', true, 'env'],
      [{ AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: '' }, 'code', 'customNetworking', false, 'code-default'], // Getenv: "" = unset
      [{ ENABLE_SUBNET_DISCOVERY: 'false' }, 'code', 'subnetDiscovery', false, 'env'],
      [{}, 'code', 'subnetDiscovery', true, 'code-default'], // code default true
      [{ MAX_ENI: '2' }, 'code', 'maxEni', 2, 'env'],
      [{ MAX_ENI: 'two' }, 'code', 'maxEni', -1, 'fallback'], // Atoi error → -1 ignored
      [{ IP_COOLDOWN_PERIOD: '10' }, 'code', 'ipCooldownPeriod', 10, 'env'],
    ];
    for (const [env, mode, key, value, origin] of rows) {
      it(`${JSON.stringify(env)} (${mode}) → ${key} = ${value} (${origin})`, () => {
        const s = parseCniSettings({ ENABLE_IPv4: 'true', ...env }, { defaults: mode });
        const setting = s[key as keyof typeof s] as { value: unknown; origin: string };
        if (key === 'ipv4' && !('ENABLE_IPv4' in env)) {
          const s2 = parseCniSettings(env, { defaults: mode });
          assert.equal(s2.ipv4.value, value);
          assert.equal(s2.ipv4.origin, origin);
          return;
        }
        assert.equal(setting.value, value);
        assert.equal(setting.origin, origin);
      });
    }
    it('version-gated variables are ignored on older CNIs', () => {
      const s = parseCniSettings(
        { ENABLE_IPv4: 'true', ENABLE_SUBNET_DISCOVERY: 'true', ENABLE_MULTI_NIC: 'true' },
        { cniVersion: '1.17.0' },
      );
      assert.equal(s.subnetDiscovery.value, false); // subnet discovery from 1.18
      assert.equal(s.multiNic.value, false); // multi-NIC from 1.20
      assert.equal(s.multiNic.origin, 'fallback');
    });
    const maxEni: [number | undefined, number, number][] = [
      [undefined, 3, 3], // unset → limit
      [2, 3, 2], // 1 <= 2 < 3
      [3, 3, 3], // not below limit
      [0, 3, 3], // below 1
      [-1, 3, 3],
    ];
    for (const [m, lim, v] of maxEni)
      it(`effectiveMaxEni(${m}, ${lim}) = ${v}`, () => assert.equal(effectiveMaxEni(m, lim), v));
  });

  describe('entrypoint and ipamd validation', () => {
    const rows: [Record<string, string>, RegExp | null][] = [
      [{ ENABLE_PREFIX_DELEGATION: 'true' }, PD_FATAL], // all targets unset ("0")
      [{ ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '0' }, PD_FATAL],
      [{ ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '-1' }, PD_FATAL], // "-1" <= "0"
      [{ ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '' }, PD_FATAL], // "" <= "0"
      [{ ENABLE_PREFIX_DELEGATION: 'true', WARM_IP_TARGET: ' 1' }, PD_FATAL], // " 1" <= "0" (space sorts first)
      [{ ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' }, null],
      [{ ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '00' }, null], // passes the string check
      [{ ENABLE_PREFIX_DELEGATION: 'true', MINIMUM_IP_TARGET: 'abc' }, null], // passes, ipamd reads 0
      [{ ENABLE_PREFIX_DELEGATION: 'yes' }, null], // not a bool → PD off → no check
      [{ IP_COOLDOWN_PERIOD: '-1' }, /IP_COOLDOWN_PERIOD MUST be a valid positive integer\. -1 is invalid/],
      [{ IP_COOLDOWN_PERIOD: '' }, /IP_COOLDOWN_PERIOD MUST/], // LookupEnv: set but empty → Atoi error
      [{ AWS_VPC_K8S_PLUGIN_LOG_FILE: 'stdout' }, /cannot be set to stdout/],
      [{ AWS_VPC_K8S_CNI_VETHPREFIX: 'abcde' }, /longer than 4/],
      [{ AWS_VPC_K8S_CNI_VETHPREFIX: 'eth' }, /reserved values/],
      [{ ENABLE_POD_ENI: 'true', POD_SECURITY_GROUP_ENFORCING_MODE: 'Strict' }, /must be set to either/],
      [{ ENABLE_POD_ENI: 'false', POD_SECURITY_GROUP_ENFORCING_MODE: 'Strict' }, null], // only checked with SGP
      [{ AWS_VPC_ENI_MTU: '9002' }, /AWS_VPC_ENI_MTU must be an integer from 576 to 9001/],
      [{ NETWORK_POLICY_ENFORCING_MODE: 'STRICT' }, null], // case-insensitive
      [{ NETWORK_POLICY_ENFORCING_MODE: 'enforce' }, /invalid Network policy mode/],
      [{ ENABLE_IPv6: 'true' }, /both enabled/], // ENABLE_IPv4 also true here
    ];
    for (const [env, re] of rows) {
      it(`${JSON.stringify(env)} → ${re ?? 'starts'}`, () => {
        const s = parseCniSettings({ ENABLE_IPv4: 'true', ...env });
        const msgs = s.fatal.map((f) => f.message).join('\n');
        if (re) assert.match(msgs, re);
        else assert.equal(msgs, '');
      });
    }
    it('neither IPv4 nor IPv6 (code default ENABLE_IPv4=false) does not start', () => {
      assert.match(
        parseCniSettings({})
          .fatal.map((f) => f.message)
          .join(),
        /both disabled/,
      );
      assert.equal(parseCniSettings({}, { defaults: 'manifest' }).fatal.length, 0);
    });
    it('IPv6 needs PD and no custom networking, on Nitro', () => {
      const base = { ENABLE_IPv4: 'false', ENABLE_IPv6: 'true' };
      assert.match(
        parseCniSettings(base)
          .fatal.map((f) => f.message)
          .join(),
        /only in Prefix Delegation mode/,
      );
      const ok = parseCniSettings({ ...base, ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' });
      assert.deepEqual(ok.fatal, []);
      const xen = parseCniSettings(
        { ...base, ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' },
        { instanceType: cat.lookup('m4.large') },
      );
      assert.match(xen.fatal.map((f) => f.message).join(), /not supported on non-nitro instance m4\.large/);
    });
  });

  describe('which warm targets are in force (a.6)', () => {
    const rows: [Record<string, string>, string, string[], string[]][] = [
      [{}, 'eni-target', ['WARM_ENI_TARGET'], []],
      [{ WARM_PREFIX_TARGET: '1' }, 'eni-target', ['WARM_ENI_TARGET'], ['WARM_PREFIX_TARGET']], // PD off
      [{ WARM_IP_TARGET: '5', WARM_ENI_TARGET: '1' }, 'ip-target', ['WARM_IP_TARGET'], ['WARM_ENI_TARGET']],
      [{ MINIMUM_IP_TARGET: '10' }, 'ip-target', ['MINIMUM_IP_TARGET'], []],
      [{ WARM_IP_TARGET: '0', WARM_ENI_TARGET: '2' }, 'eni-target', ['WARM_ENI_TARGET'], []], // 0 = not set
      [
        { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1', WARM_ENI_TARGET: '1' },
        'prefix-target',
        ['WARM_PREFIX_TARGET'],
        ['WARM_ENI_TARGET'],
      ],
      [
        { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1', WARM_IP_TARGET: '5' },
        'ip-target',
        ['WARM_IP_TARGET'],
        ['WARM_PREFIX_TARGET'],
      ],
      [
        {
          ENABLE_IPv4: 'false',
          ENABLE_IPv6: 'true',
          ENABLE_PREFIX_DELEGATION: 'true',
          WARM_PREFIX_TARGET: '1',
        },
        'none',
        [],
        ['WARM_PREFIX_TARGET'],
      ],
      [
        { DISABLE_NETWORK_RESOURCE_PROVISIONING: 'true', WARM_IP_TARGET: '3' },
        'none',
        [],
        ['WARM_IP_TARGET'],
      ],
      [{ ENABLE_IMDS_ONLY_MODE: 'true', WARM_ENI_TARGET: '2' }, 'none', [], ['WARM_ENI_TARGET']], // implies disable
    ];
    for (const [env, algo, inForce, ignored] of rows) {
      it(`${JSON.stringify(env)} → ${algo}`, () => {
        const s = parseCniSettings({ ENABLE_IPv4: 'true', ...env });
        assert.equal(s.algorithm, algo);
        assert.deepEqual(s.inForce, inForce);
        assert.deepEqual(
          s.ignored.map((i) => i.name),
          ignored,
        );
      });
    }
    // Who decides that a target is ignored, and whether removing it would stop aws-node (the entrypoint's
    // prefix-delegation check needs one of the three targets above "0").
    const decided: [Record<string, string>, string, string[], boolean][] = [
      [
        { WARM_IP_TARGET: '5', MINIMUM_IP_TARGET: '10', WARM_ENI_TARGET: '3' },
        'WARM_ENI_TARGET',
        ['WARM_IP_TARGET', 'MINIMUM_IP_TARGET'],
        false,
      ],
      [
        { MINIMUM_IP_TARGET: '10', WARM_PREFIX_TARGET: '1' },
        'WARM_PREFIX_TARGET',
        ['MINIMUM_IP_TARGET'],
        false,
      ],
      [{ WARM_PREFIX_TARGET: '2' }, 'WARM_PREFIX_TARGET', ['ENABLE_PREFIX_DELEGATION'], false], // PD off
      [
        { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1', WARM_ENI_TARGET: '1' },
        'WARM_ENI_TARGET',
        ['ENABLE_PREFIX_DELEGATION'],
        false,
      ],
      [
        { DISABLE_NETWORK_RESOURCE_PROVISIONING: 'true', WARM_ENI_TARGET: '2' },
        'WARM_ENI_TARGET',
        ['DISABLE_NETWORK_RESOURCE_PROVISIONING', 'ENABLE_IMDS_ONLY_MODE'],
        false,
      ],
      // IPv6: WARM_PREFIX_TARGET does nothing, but it is the target above "0" the entrypoint asks for
      [
        {
          ENABLE_IPv4: 'false',
          ENABLE_IPv6: 'true',
          ENABLE_PREFIX_DELEGATION: 'true',
          WARM_PREFIX_TARGET: '1',
        },
        'WARM_PREFIX_TARGET',
        ['ENABLE_IPv6'],
        true,
      ],
      // ... unless another target keeps the check passing
      [
        {
          ENABLE_IPv4: 'false',
          ENABLE_IPv6: 'true',
          ENABLE_PREFIX_DELEGATION: 'true',
          WARM_PREFIX_TARGET: '1',
          WARM_IP_TARGET: '2',
        },
        'WARM_PREFIX_TARGET',
        ['ENABLE_IPv6'],
        false,
      ],
    ];
    for (const [env, name, decidedBy, neededAtStart] of decided) {
      it(`${JSON.stringify(env)}: ${name} ignored, decided by ${decidedBy.join(', ')}${neededAtStart ? ', needed at start' : ''}`, () => {
        const i = parseCniSettings({ ENABLE_IPv4: 'true', ...env }).ignored.find((x) => x.name === name);
        assert.deepEqual(i?.decidedBy, decidedBy);
        assert.equal(i?.neededAtStart, neededAtStart);
      });
    }
    it('fatal problems carry stable ids', () => {
      const ids = (env: Record<string, string>, it?: string): string[] =>
        parseCniSettings(env, { instanceType: it ? cat.lookup(it) : undefined }).fatal.map((f) => f.id);
      assert.deepEqual(
        ids({
          ENABLE_IPv4: 'true',
          ENABLE_IPv6: 'true',
          ENABLE_PREFIX_DELEGATION: 'true',
          WARM_PREFIX_TARGET: '1',
        }),
        ['dual-stack'],
      );
      assert.deepEqual(ids({}), ['no-ip-family']);
      assert.deepEqual(ids({ ENABLE_IPv6: 'true' }), ['ipv6-mode-invalid']); // no PD (ENABLE_IPv4 unset: false)
      assert.deepEqual(
        ids({ ENABLE_IPv6: 'true', ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' }, 'm4.large'),
        ['ipv6-prefix-delegation-unsupported'],
      );
      assert.deepEqual(ids({ ENABLE_IPv4: 'true', ENABLE_PREFIX_DELEGATION: 'true' }), [
        'prefix-delegation-no-warm-target',
      ]);
      assert.deepEqual(
        ids({ ENABLE_IPv4: 'true', IP_COOLDOWN_PERIOD: 'x', AWS_VPC_K8S_CNI_VETHPREFIX: 'eth' }),
        ['ip-cooldown-invalid', 'veth-prefix-reserved'],
      );
    });
    it('PD requested on Xen: WARM_PREFIX_TARGET ignored, secondary-IP mode', () => {
      const s = parseCniSettings(
        { ENABLE_IPv4: 'true', ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' },
        { instanceType: cat.lookup('m4.large') },
      );
      assert.equal(s.prefixDelegationInForce, false);
      assert.equal(s.algorithm, 'eni-target');
      assert.match(s.ignored[0].reason, /not in force/);
    });
    it('warns that MINIMUM_IP_TARGET alone caps growth', () => {
      const s = parseCniSettings({ ENABLE_IPv4: 'true', MINIMUM_IP_TARGET: '22' });
      assert.match(s.notes.join(), /grows only to 22 addresses/);
    });
    it('warns about WARM_ENI_TARGET=0 churn', () => {
      assert.match(parseCniSettings({ ENABLE_IPv4: 'true', WARM_ENI_TARGET: '0' }).notes.join(), /churn/);
    });
    it('produces a node config for the capacity functions', () => {
      const s = parseCniSettings(
        {
          ENABLE_IPv4: 'true',
          ENABLE_PREFIX_DELEGATION: 'true',
          WARM_PREFIX_TARGET: '1',
          MAX_ENI: '2',
          ENABLE_POD_ENI: 'true',
        },
        { cniVersion: 'v1.19.2-eksbuild.1' },
      );
      assert.deepEqual(s.nodeConfig, {
        cniVersion: 'v1.19.2-eksbuild.1',
        prefixDelegation: true,
        customNetworking: false,
        securityGroupsForPods: true,
        maxEni: 2,
        ipv6: false,
      });
    });
    it('never throws on garbage', () => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- deliberately wrong input types
      for (const g of [null, undefined, 42, 'x', [], { WARM_IP_TARGET: 5 }] as any[]) {
        assert.doesNotThrow(() => parseCniSettings(g, g));
      }
    });
  });
});
