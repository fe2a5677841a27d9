/**
 * The language server: the only code (with client/) that knows LSP. A `Session` (session.ts) keeps the
 * workspace index, settings and analysed documents; `lifecycle.ts` handles initialize, settings and
 * documents, `features.ts` diagnostics, hovers, code actions, completion and inlay hints. Works with
 * pull diagnostics (VS Code) and falls back to push (`publishDiagnostics`) for clients without
 * them (Neovim 0.7).
 */
import { ProposedFeatures, createConnection, type Connection } from 'vscode-languageserver/node';
import { Session, type ServerOptions } from './session';
import { registerLifecycle } from './lifecycle';
import { registerFeatures } from './features';
import { Allocation, registerAllocation } from './allocation';
import { registerAllocationView } from './allocationView';

export { SERVER_NAME } from './lifecycle';
export type { ServerOptions } from './session';

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const session = new Session(connection, options);
  registerLifecycle(session);
  registerFeatures(session);
  const allocation = new Allocation(session);
  registerAllocation(session, connection, allocation);
  registerAllocationView(session, connection, allocation);
  session.documents.listen(connection);
  connection.listen();
}

if (require.main === module) {
  startServer(createConnection(ProposedFeatures.all));
}
