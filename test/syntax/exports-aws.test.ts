/**
 * AWS CLI export readers: subnets, network interfaces (folded per subnet and instance), instance types
 * (catalog entries) and the EKS add-on, read the same streamed and with positions.
 */
import { strict as assert } from 'node:assert';
import { createExportStreamReader, readExportDocument } from '../../server/src/syntax/exports';
import {
  addonExport,
  addressesAt,
  instanceTypesExport,
  interfacesExport,
  subnetsExport,
} from '../helpers/awsExports';

const json = (o: unknown): string => JSON.stringify(o, null, 4);

describe('syntax: AWS export readers', () => {
  const subnets = json(
    subnetsExport([
      { id: 'subnet-a', cidr: '10.0.0.0/20', zone: 'us-east-1a', available: 4000, cniTag: '1' },
      { id: 'subnet-b', cidr: '10.0.16.0/20', zone: 'us-east-1b' },
    ]),
  );
  const enis = json(
    interfacesExport([
      { subnet: 'subnet-a', ips: addressesAt('10.0.0.0/20', [10, 11, 12]), instance: 'i-0aaa', device: 0 },
      {
        subnet: 'subnet-b',
        ips: addressesAt('10.0.16.0/20', [20]),
        prefixes: ['10.0.16.32/28', 'not-a-prefix'],
        instance: 'i-0aaa',
        device: 1,
      },
      { subnet: 'subnet-a', ips: ['10.0.0.99'] },
    ]),
  );

  it('subnets: fields and the subnet id located in the file', () => {
    const m = readExportDocument(subnets)!;
    assert.deepEqual(
      m.subnets.map((s) => [
        s.subnetId.value,
        s.cidrBlock,
        s.availabilityZone,
        s.availableIpAddressCount,
        s.cniRoleTag,
      ]),
      [
        ['subnet-a', '10.0.0.0/20', 'us-east-1a', 4000, '1'],
        ['subnet-b', '10.0.16.0/20', 'us-east-1b', undefined, undefined],
      ],
    );
    const id = m.subnets[1]!.subnetId.span!;
    assert.equal(subnets.slice(id.start, id.end), '"subnet-b"');
  });

  it('interfaces: addresses per subnet as numbers, interfaces per instance; streamed equals positioned', () => {
    const positioned = readExportDocument(enis)!;
    const r = createExportStreamReader();
    for (let i = 0; i < enis.length; i += 97) r.write(enis.slice(i, i + 97));
    const streamed = r.end();
    for (const m of [positioned, streamed]) {
      assert.equal(m.interfacesRead, 3);
      const a = m.subnetUsage.get('subnet-a')!;
      // 3 addresses of the node's primary ENI + 1 of the unattached one
      assert.equal(a.ips.length, 4);
      assert.equal(a.interfaces, 2);
      const b = m.subnetUsage.get('subnet-b')!;
      assert.deepEqual([b.ips.length, b.prefixes.length, b.unreadable], [1, 1, 1]);
      // primary at device 0 in subnet-a; 2 secondaries there; one prefix on the second ENI
      assert.deepEqual(m.instances.get('i-0aaa'), {
        primarySubnet: 'subnet-a',
        subnets: ['subnet-b'],
        enis: 2,
        trunk: false,
        prefixes: 2,
        secondaryIps: 2,
      });
    }
  });

  it('instance types: catalog entries as ipamd reads them for types missing from its table', () => {
    const m = readExportDocument(
      json(instanceTypesExport([{ name: 'm9z.large', enis: 4, ipv4: 12, vcpus: 2 }])),
    )!;
    assert.deepEqual(m.instanceTypes[0]?.entry, {
      enis: 4,
      ipv4PerEni: 12,
      hypervisor: 'nitro',
      bareMetal: false,
      defaultNetworkCard: 0,
      networkCardEnis: [4],
      vcpus: 2,
      arch: 'amd64',
    });
  });

  it('add-on: version and configuration values, located', () => {
    const text = json(addonExport('v1.19.2-eksbuild.1', { env: { ENABLE_PREFIX_DELEGATION: 'true' } }));
    const m = readExportDocument(text)!;
    assert.equal(m.addon?.addonVersion?.value, 'v1.19.2-eksbuild.1');
    const s = m.addon!.configurationValues!.span!;
    assert.match(text.slice(s.start, s.end), /^"\{\\"env\\"/);
  });
});
