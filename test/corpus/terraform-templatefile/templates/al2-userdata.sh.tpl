#!/bin/bash
set -euo pipefail
%{ if length(pre_bootstrap_user_data) > 0 ~}
${pre_bootstrap_user_data}
%{ endif ~}
B64_CLUSTER_CA=${cluster_auth_base64}
API_SERVER_URL=${cluster_endpoint}
/etc/eks/bootstrap.sh ${cluster_name} ${bootstrap_extra_args} --b64-cluster-ca $B64_CLUSTER_CA --apiserver-endpoint $API_SERVER_URL
%{ if enable_max_pods ~}
/etc/eks/bootstrap.sh ${cluster_name} --use-max-pods false --kubelet-extra-args '--max-pods=${max_pods}'
%{ endif ~}
${post_bootstrap_user_data}
