/**
 * Generated AWS CLI exports, shaped as `aws ec2 describe-subnets`, `describe-network-interfaces`,
 * `describe-instance-types` and `aws eks describe-addon` write them (PascalCase keys, 4-space JSON).
 * Written by us; the addresses are parameters so tests and the bench can build any layout.
 */
export interface SubnetShape {
  id: string;
  cidr: string;
  zone: string;
  /** AvailableIpAddressCount; omitted when undefined. */
  available?: number;
  cniTag?: string;
}

export function subnetsExport(subnets: SubnetShape[]): Record<string, unknown> {
  return {
    Subnets: subnets.map((s) => ({
      AvailabilityZone: s.zone,
      AvailabilityZoneId: `use1-az${s.zone.slice(-1).charCodeAt(0) - 96}`,
      ...(s.available !== undefined ? { AvailableIpAddressCount: s.available } : {}),
      CidrBlock: s.cidr,
      DefaultForAz: false,
      MapPublicIpOnLaunch: false,
      OwnerId: '111122223333',
      State: 'available',
      SubnetArn: `arn:aws:ec2:us-east-1:111122223333:subnet/${s.id}`,
      SubnetId: s.id,
      Tags: [
        { Key: 'Name', Value: `private-${s.zone}` },
        ...(s.cniTag !== undefined ? [{ Key: 'kubernetes.io/role/cni', Value: s.cniTag }] : []),
      ],
      VpcId: 'vpc-0123456789abcdef0',
    })),
  };
}

export interface InterfaceShape {
  subnet: string;
  ips: string[];
  prefixes?: string[];
  /** Attached to this instance at this device index; unattached (an endpoint, a load balancer) when undefined. */
  instance?: string;
  device?: number;
  type?: 'interface' | 'trunk' | 'branch';
}

let eniCounter = 0;

export function interfaceItem(i: InterfaceShape): Record<string, unknown> {
  const id = `eni-${(eniCounter++).toString(16).padStart(17, '0')}`;
  return {
    ...(i.instance
      ? {
          Attachment: {
            AttachTime: '2026-11-01T10:00:00+00:00',
            AttachmentId: `eni-attach-${id.slice(4)}`,
            DeleteOnTermination: true,
            DeviceIndex: i.device ?? 0,
            InstanceId: i.instance,
            InstanceOwnerId: '111122223333',
            NetworkCardIndex: 0,
            Status: 'attached',
          },
        }
      : {}),
    AvailabilityZone: 'us-east-1a',
    Description: i.instance ? `aws-K8S-${i.instance}` : 'ELB app/shop/0123456789abcdef',
    Groups: [{ GroupId: 'sg-0aa11bb22cc33dd44', GroupName: 'eks-cluster-sg' }],
    InterfaceType: i.type ?? 'interface',
    ...(i.prefixes?.length ? { Ipv4Prefixes: i.prefixes.map((p) => ({ Ipv4Prefix: p })) } : {}),
    MacAddress: '0e:00:00:00:00:01',
    NetworkInterfaceId: id,
    OwnerId: '111122223333',
    PrivateDnsName: `ip-${(i.ips[0] ?? '0.0.0.0').replace(/\./g, '-')}.ec2.internal`,
    PrivateIpAddress: i.ips[0],
    PrivateIpAddresses: i.ips.map((ip, k) => ({ Primary: k === 0, PrivateIpAddress: ip })),
    RequesterManaged: false,
    SourceDestCheck: true,
    Status: 'in-use',
    SubnetId: i.subnet,
    TagSet: i.instance ? [{ Key: 'node.k8s.amazonaws.com/instance_id', Value: i.instance }] : [],
    VpcId: 'vpc-0123456789abcdef0',
  };
}

export function interfacesExport(list: InterfaceShape[]): Record<string, unknown> {
  return { NetworkInterfaces: list.map(interfaceItem) };
}

/** A large ENI export, written by chunks (the bench): `n` interfaces over /16 subnets of 10.x. */
export function* interfacesExportChunks(n: number): Generator<string> {
  yield '{\n    "NetworkInterfaces": [\n';
  for (let k = 0; k < n; k++) {
    const net = 16 + Math.floor(k / 8000);
    const base = (k % 8000) * 8;
    const ip = (o: number): string => `10.${net}.${((base + o) >> 8) & 255}.${(base + o) & 255}`;
    const item = interfaceItem({
      subnet: `subnet-${net.toString(16).padStart(17, '0')}`,
      ips: [ip(0), ip(1), ip(2), ip(3)],
      instance: `i-0${(k >> 2).toString(16).padStart(16, '0')}`,
      device: k % 4,
    });
    yield (k ? ',\n' : '') + JSON.stringify(item, null, 4);
  }
  yield '\n    ]\n}\n';
}

export function instanceTypesExport(
  types: Array<{ name: string; enis: number; ipv4: number; vcpus: number; nitro?: boolean }>,
): Record<string, unknown> {
  return {
    InstanceTypes: types.map((t) => ({
      BareMetal: false,
      CurrentGeneration: true,
      Hypervisor: t.nitro === false ? 'xen' : 'nitro',
      InstanceType: t.name,
      MemoryInfo: { SizeInMiB: t.vcpus * 4096 },
      NetworkInfo: {
        DefaultNetworkCardIndex: 0,
        EncryptionInTransitSupported: true,
        Ipv4AddressesPerInterface: t.ipv4,
        Ipv6AddressesPerInterface: t.ipv4,
        Ipv6Supported: true,
        MaximumNetworkCards: 1,
        MaximumNetworkInterfaces: t.enis,
        NetworkCards: [
          { MaximumNetworkInterfaces: t.enis, NetworkCardIndex: 0, NetworkPerformance: 'Up to 12.5 Gigabit' },
        ],
        NetworkPerformance: 'Up to 12.5 Gigabit',
      },
      ProcessorInfo: { SupportedArchitectures: ['x86_64'] },
      VCpuInfo: { DefaultCores: t.vcpus / 2, DefaultThreadsPerCore: 2, DefaultVCpus: t.vcpus },
    })),
  };
}

export function addonExport(version: string, configurationValues?: unknown): Record<string, unknown> {
  return {
    addon: {
      addonArn: 'arn:aws:eks:us-east-1:111122223333:addon/prod/vpc-cni/0000',
      addonName: 'vpc-cni',
      addonVersion: version,
      clusterName: 'prod',
      ...(configurationValues !== undefined
        ? { configurationValues: JSON.stringify(configurationValues) }
        : {}),
      health: { issues: [] },
      status: 'ACTIVE',
    },
  };
}

/** Every address of `cidr` (IPv4, /16–/28) at the given offsets from its base. */
export function addressesAt(cidr: string, offsets: number[]): string[] {
  const [base] = cidr.split('/');
  const o = (base ?? '0.0.0.0').split('.').map(Number);
  const n = (((o[0] ?? 0) << 24) | ((o[1] ?? 0) << 16) | ((o[2] ?? 0) << 8) | (o[3] ?? 0)) >>> 0;
  return offsets.map((k) => {
    const v = (n + k) >>> 0;
    return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
  });
}
