/** Builds the cross-file context rules see from the models of every known document. */
import type { WorkspaceContext, WorkspaceDocument } from './types';

export function buildWorkspaceContext(docs: Iterable<WorkspaceDocument>): WorkspaceContext {
  const ctx: WorkspaceContext = { cni: [], nodes: [], eniConfigs: [], securityGroupPolicies: [] };
  for (const { uri, model } of docs) {
    for (const source of model.cni) ctx.cni.push({ uri, source });
    for (const node of model.nodes) ctx.nodes.push({ uri, node });
    for (const eniConfig of model.eniConfigs) ctx.eniConfigs.push({ uri, eniConfig });
    for (const policy of model.securityGroupPolicies) ctx.securityGroupPolicies.push({ uri, policy });
  }
  return ctx;
}
