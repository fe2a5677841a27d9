{
  "env": {
    "ENABLE_PREFIX_DELEGATION": "${prefix_delegation}",
    "WARM_ENI_TARGET": "${warm_eni_target}"
  },
  "enableNetworkPolicy": "${network_policy}"
}
