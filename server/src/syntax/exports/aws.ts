/**
 * AWS CLI export readers: one element of `aws ec2 describe-subnets` (`Subnets[]`),
 * `describe-network-interfaces` (`NetworkInterfaces[]`), `describe-instance-types` (`InstanceTypes[]`) and the
 * `addon` of `aws eks describe-addon`, into the export model. Pure, never throw; the AWS CLI's JSON field
 * names (PascalCase, as the EC2 and EKS APIs return them).
 *
 * A 200,000-interface ENI export is folded into per-subnet address lists (numbers) and per-instance counts
 * as it streams past; no interface record is kept.
 */
import { parseIpv4, parseIpv4Cidr } from '../../engine';
import type { ExportModel, ItemAt, SubnetUsageRecord } from './model';
import type { Json, JsonObject } from './json';
import { arr, obj, str } from './json';

type ItemReader = (item: JsonObject, at: ItemAt, model: ExportModel) => void;

function int(v: Json | undefined): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

function readSubnet(item: JsonObject, at: ItemAt, model: ExportModel): void {
  const id = str(item.SubnetId);
  if (!id) return;
  const az = str(item.AvailabilityZone);
  const azId = str(item.AvailabilityZoneId);
  const cidr = str(item.CidrBlock);
  const vpc = str(item.VpcId);
  const free = int(item.AvailableIpAddressCount);
  // amazon-vpc-cni-k8s pkg/awsutils/awsutils.go: subnetDiscoveryTagKey "kubernetes.io/role/cni".
  const role = arr(item.Tags)
    .map(obj)
    .find((t) => str(t?.Key) === 'kubernetes.io/role/cni');
  const roleValue = str(role?.Value);
  model.subnets.push({
    at,
    subnetId: { value: id },
    ...(vpc ? { vpcId: vpc } : {}),
    ...(az ? { availabilityZone: az } : {}),
    ...(azId ? { availabilityZoneId: azId } : {}),
    ...(cidr ? { cidrBlock: cidr } : {}),
    ...(free !== undefined ? { availableIpAddressCount: free } : {}),
    ...(roleValue !== undefined ? { cniRoleTag: roleValue } : {}),
  });
}

function usageOf(model: ExportModel, subnet: string): SubnetUsageRecord {
  let u = model.subnetUsage.get(subnet);
  if (!u) model.subnetUsage.set(subnet, (u = { ips: [], prefixes: [], interfaces: 0, unreadable: 0 }));
  return u;
}

function readInterface(item: JsonObject, _at: ItemAt, model: ExportModel): void {
  model.interfacesRead++;
  const subnet = str(item.SubnetId);
  if (!subnet) return;
  const u = usageOf(model, subnet);
  u.interfaces++;
  // PrivateIpAddresses lists the primary and every secondary address; PrivateIpAddress alone when absent.
  const listed = arr(item.PrivateIpAddresses);
  const ips = listed.length
    ? listed.map((x) => str(obj(x)?.PrivateIpAddress))
    : [str(item.PrivateIpAddress)].filter((x) => x !== undefined);
  for (const ip of ips) {
    const n = ip !== undefined ? parseIpv4(ip) : undefined;
    if (n === undefined) u.unreadable++;
    else u.ips.push(n);
  }
  const prefixes = arr(item.Ipv4Prefixes);
  for (const p of prefixes) {
    const c = parseIpv4Cidr(str(obj(p)?.Ipv4Prefix) ?? '');
    if (!c) u.unreadable++;
    else u.prefixes.push(c);
  }
  const attachment = obj(item.Attachment);
  // An attached interface names its instance; ipamd also tags the ENIs it creates with the instance id
  // (amazon-vpc-cni-k8s pkg/awsutils/awsutils.go: eniNodeTagKey "node.k8s.amazonaws.com/instance_id").
  const tagged = arr(item.TagSet)
    .map(obj)
    .find((t) => str(t?.Key) === 'node.k8s.amazonaws.com/instance_id');
  const instance = str(attachment?.InstanceId) ?? str(tagged?.Value);
  if (!instance) return;
  let rec = model.instances.get(instance);
  if (!rec)
    model.instances.set(
      instance,
      (rec = { subnets: [], enis: 0, trunk: false, prefixes: 0, secondaryIps: 0 }),
    );
  rec.enis++;
  if (str(item.InterfaceType) === 'trunk') rec.trunk = true;
  rec.prefixes += prefixes.length;
  rec.secondaryIps += Math.max(0, ips.length - 1);
  if (int(attachment?.DeviceIndex) === 0 && (int(attachment?.NetworkCardIndex) ?? 0) === 0)
    rec.primarySubnet = subnet;
  else if (!rec.subnets.includes(subnet)) rec.subnets.push(subnet);
}

function readInstanceType(item: JsonObject, at: ItemAt, model: ExportModel): void {
  const name = str(item.InstanceType);
  const net = obj(item.NetworkInfo);
  if (!name || !net) return;
  // The figures ipamd reads for a type missing from its table (pkg/awsutils/awsutils.go,
  // FetchInstanceTypeLimits): MaximumNetworkInterfaces, Ipv4AddressesPerInterface, BareMetal, Hypervisor
  // ("" -> unknown), DefaultNetworkCardIndex and the cards' MaximumNetworkInterfaces.
  const enis = int(net.MaximumNetworkInterfaces);
  const ipv4 = int(net.Ipv4AddressesPerInterface);
  if (!enis || !ipv4) return;
  const hv = str(item.Hypervisor);
  const cards = arr(net.NetworkCards)
    .map(obj)
    .map((c) => ({ index: int(c?.NetworkCardIndex), enis: int(c?.MaximumNetworkInterfaces) }))
    .filter((c): c is { index: number; enis: number } => c.index !== undefined && c.enis !== undefined)
    .sort((a, b) => a.index - b.index);
  const archs = arr(obj(item.ProcessorInfo)?.SupportedArchitectures).map(str);
  const arch = archs.includes('arm64') ? 'arm64' : archs.includes('x86_64') ? 'amd64' : undefined;
  const vcpus = int(obj(item.VCpuInfo)?.DefaultVCpus);
  model.instanceTypes.push({
    at,
    instanceType: name,
    entry: {
      enis,
      ipv4PerEni: ipv4,
      hypervisor: hv === 'nitro' || hv === 'xen' ? hv : 'unknown',
      bareMetal: item.BareMetal === true,
      defaultNetworkCard: int(net.DefaultNetworkCardIndex) ?? 0,
      ...(cards.length ? { networkCardEnis: cards.map((c) => c.enis) } : {}),
      ...(vcpus !== undefined ? { vcpus } : {}),
      ...(arch ? { arch } : {}),
    },
  });
}

function readAddon(item: JsonObject, at: ItemAt, model: ExportModel): void {
  const version = str(item.addonVersion);
  const values = str(item.configurationValues);
  const name = str(item.addonName);
  model.addon = {
    at,
    ...(name ? { addonName: name } : {}),
    ...(version ? { addonVersion: { value: version } } : {}),
    ...(values ? { configurationValues: { value: values } } : {}),
  };
}

/** The AWS readers, keyed as the reader table expects (`aws:<output key>`). */
export const awsReaders: Record<string, ItemReader> = {
  'aws:Subnets': readSubnet,
  'aws:NetworkInterfaces': readInterface,
  'aws:InstanceTypes': readInstanceType,
  'aws:addon': readAddon,
};
