import type { OpenDocumentOptions, OpenedDocument } from '@pactline/shared/sync';
import { type Failure, failure } from '../protocol/messages.js';
import { decodeToken } from '../settings/decode-token.js';
import type { Settings } from '../settings/settings-schema.js';
import { openRelayWorkspace } from './documents/relay-workspace.js';
import type { WorkspacePort } from './documents/workspace-port.js';
import type { Viewer } from './workspace-snapshot.js';

export interface WorkspaceSessionDeps {
  open: (room: string, options: OpenDocumentOptions) => OpenedDocument;
  nowMs: () => number;
  onChange: () => void;
}

/**
 * The workspace for the current settings: opened on first use, reopened when the relay address or
 * token changes, and explained as a failure when they do not allow one.
 */
export class WorkspaceSession {
  private current: { key: string; workspace: WorkspacePort; viewer: Viewer; unsubscribe: () => void } | null =
    null;

  constructor(private readonly deps: WorkspaceSessionDeps) {}

  get(settings: Settings): { workspace: WorkspacePort; viewer: Viewer } | Failure {
    const { url, token } = settings.relay;
    if (url === '' || token === '') {
      return failure(
        'not_configured',
        'Pactline is not set up: add the relay address and your token in the extension options.',
      );
    }
    const key = `${url}\n${token}`;
    // Whether a token decodes depends on the token alone, so the one behind the open workspace
    // still does: only a new address or token is decoded again.
    if (this.current?.key !== key) {
      const decoded = decodeToken(token, this.deps.nowMs());
      if (!decoded.ok)
        return failure('not_configured', `The token in the options is unusable: ${decoded.message}`);
      this.close();
      const workspace = openRelayWorkspace(
        { workspace: decoded.claims.ws, relayUrl: url, token },
        { open: this.deps.open, nowMs: this.deps.nowMs },
      );
      const unsubscribe = workspace.onChange(this.deps.onChange);
      this.current = {
        key,
        workspace,
        viewer: { userId: decoded.claims.sub, role: decoded.claims.role },
        unsubscribe,
      };
    }
    return { workspace: this.current.workspace, viewer: this.current.viewer };
  }

  close(): void {
    this.current?.unsubscribe();
    this.current?.workspace.destroy();
    this.current = null;
  }
}
