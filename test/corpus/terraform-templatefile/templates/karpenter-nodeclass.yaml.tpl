apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: ${name}
spec:
  amiSelectorTerms:
    - alias: ${ami_alias}
  role: ${node_role}
  subnetSelectorTerms:
    - tags:
        karpenter.sh/discovery: ${cluster_name}
  securityGroupSelectorTerms:
    - tags:
        karpenter.sh/discovery: ${cluster_name}
  kubelet:
    maxPods: ${max_pods}
%{ if length(tags) > 0 ~}
  tags:
    ${indent(4, yamlencode(tags))}
%{ endif ~}
