#!/bin/bash
set -ex
# self-managed AL2 nodes, m5.xlarge
/etc/eks/bootstrap.sh prod \
  --kubelet-extra-args '--node-labels=team=batch --max-pods=58' \
  --use-max-pods false
