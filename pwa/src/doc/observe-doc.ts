import type * as Y from 'yjs';

/**
 * Calls `listener` after every change to the document, local or remote, at most once per frame:
 * a sync can deliver many updates at once and a screen only needs to read once.
 */
export function observeDoc(doc: Y.Doc, listener: () => void): () => void {
  let frame: ReturnType<typeof setTimeout> | null = null;
  const schedule = () => {
    if (frame !== null) return;
    frame = setTimeout(() => {
      frame = null;
      listener();
    }, 16);
  };
  doc.on('update', schedule);
  return () => {
    doc.off('update', schedule);
    if (frame !== null) clearTimeout(frame);
  };
}
