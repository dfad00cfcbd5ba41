import type { ClocksResponse, Failure, RecordResponse } from '../protocol/messages.js';
import { failure, MessageType, parseRequest } from '../protocol/messages.js';
import { buildRecordView } from './build-record-view.js';
import type { WorkspacePort } from './documents/workspace-port.js';
import { clockSummaries, ownOpenClocks } from './own-clocks.js';
import { planAction } from './plan-action.js';
import type { Viewer } from './workspace-snapshot.js';

export interface RouterContext {
  /** The workspace, or a failure explaining why there is none (no token, a bad one…). */
  workspace: () => Promise<WorkspacePort | Failure>;
  viewer: () => Viewer;
  nowMs: () => number;
  newId: () => string;
}

/**
 * Answers one message from a content script or the popup. Every input is validated first; every
 * outcome, including an unexpected error, is an answer the sender can show.
 */
export async function routeMessage(
  raw: unknown,
  context: RouterContext,
): Promise<RecordResponse | ClocksResponse> {
  const parsed = parseRequest(raw);
  if (!parsed.ok) return parsed;
  const { request } = parsed;
  try {
    const workspace = await context.workspace();
    if ('ok' in workspace) return workspace;
    await workspace.whenLoaded;
    const viewer = context.viewer();
    if (request.type === MessageType.listClocks) {
      const nowMs = context.nowMs();
      const clocks = ownOpenClocks(workspace.snapshot(), viewer, nowMs);
      return { ok: true, clocks: clockSummaries(clocks), sync: workspace.sync() };
    }
    if (request.type === MessageType.act) {
      const snapshot = workspace.snapshot();
      if (snapshot.isSchemaTooNew) {
        return failure(
          'rejected',
          'These documents were written by a newer Pactline: update the extension to act on leads.',
        );
      }
      const plan = planAction({
        snapshot,
        record: request.record,
        fields: request.fields,
        action: request.action,
        viewer,
        nowMs: context.nowMs(),
        newId: context.newId,
      });
      if (!plan.ok) return plan;
      const written = workspace.append(plan.write);
      if (!written.ok) return failure('rejected', written.message);
    }
    const snapshot = workspace.snapshot();
    const view = buildRecordView({
      snapshot,
      record: request.record,
      fields: request.fields,
      viewer,
      nowMs: context.nowMs(),
      sync: workspace.sync(),
      isSchemaTooNew: snapshot.isSchemaTooNew,
    });
    return { ok: true, view };
  } catch (error) {
    console.error('Pactline background', error);
    return failure(
      'internal',
      `Something went wrong in the extension: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
