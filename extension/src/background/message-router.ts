import type { ClocksResponse, Failure, RecordResponse, Request } from '../protocol/messages.js';
import { failure, MessageType, parseRequest } from '../protocol/messages.js';
import { buildRecordView } from './build-record-view.js';
import type { WorkspacePort } from './documents/workspace-port.js';
import { clockSummaries, ownOpenClocks } from './own-clocks.js';
import { planPageSeenHandoff } from './page-seen-handoff.js';
import { planAction } from './plan-action.js';
import type { Viewer } from './workspace-snapshot.js';

export interface RouterContext {
  /** The workspace, or a failure explaining why there is none (no token, a bad one…). */
  workspace: () => Promise<WorkspacePort | Failure>;
  viewer: () => Viewer;
  nowMs: () => number;
  newId: () => string;
  /**
   * Who asked: a CRM page's content script (with the page's address) or an extension page (the
   * popup). Absent means an extension page.
   */
  sender?: Sender;
}

export type Sender = { kind: 'extension_page' } | { kind: 'crm_page'; pageUrl: string };

/**
 * What a CRM page may ask: only about the record it shows (its address names the record, on the
 * record's own site), never for the list of everyone's clocks. A page's process is the CRM's,
 * shared with its scripts: it gets no more of the workspace than the record on screen.
 */
export function senderMayAsk(sender: Sender, request: Request): boolean {
  if (sender.kind === 'extension_page') return true;
  if (request.type === MessageType.listClocks) return false;
  try {
    const page = new URL(sender.pageUrl);
    const record = new URL(request.record.url);
    const pageText = decodeURIComponent(page.href).toLowerCase();
    return page.origin === record.origin && pageText.includes(request.record.recordId.toLowerCase());
  } catch {
    return false;
  }
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
  if (!senderMayAsk(context.sender ?? { kind: 'extension_page' }, request)) {
    return failure('rejected', 'A page can only ask about the record it shows.');
  }
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
    } else if (!workspace.snapshot().isSchemaTooNew) {
      // The page shows the stage a rule starts on: the handoff the CRM already knows begins here.
      const seen = planPageSeenHandoff({
        snapshot: workspace.snapshot(),
        record: request.record,
        fields: request.fields,
        viewer,
        nowMs: context.nowMs(),
      });
      if (seen !== null) {
        const written = workspace.append({ kind: 'handoff', handoff: seen });
        if (!written.ok)
          console.warn('Pactline: a handoff seen on the page was not recorded', written.message);
      }
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
