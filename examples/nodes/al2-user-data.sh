#!/bin/bash
# User data of the "web" self-managed node group (AL2, m5.large), as a launch template holds it.
# vpc-cni-lint: instance-types=m5.large
set -o xtrace
# planted: --max-pods is passed to the kubelet, but without --use-max-pods false bootstrap.sh
# still sizes kube-reserved for the table value (29 pods), not for 110.
/etc/eks/bootstrap.sh demo \
  --b64-cluster-ca 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==' \
  --apiserver-endpoint 'https://ABCD1234.gr7.us-west-2.eks.amazonaws.com' \
  --dns-cluster-ip 10.100.0.10 \
  --kubelet-extra-args '--max-pods=110 --node-labels=role=web'
