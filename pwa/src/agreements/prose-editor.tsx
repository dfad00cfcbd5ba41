import 'prosemirror-view/style/prosemirror.css';
import type { SectionId } from '@pactline/shared';
import { agreementSection } from '@pactline/shared/doc';
import { useEffect, useRef } from 'preact/hooks';
import { exampleSetup } from 'prosemirror-example-setup';
import { keymap } from 'prosemirror-keymap';
import { Schema } from 'prosemirror-model';
import { schema as basicSchema } from 'prosemirror-schema-basic';
import { addListNodes } from 'prosemirror-schema-list';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { redo, undo, yCursorPlugin, ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { safeLinkMark, safeLinksOnly } from './safe-link-mark';

/**
 * Rich-text editing of one agreement section, bound to its Y.XmlFragment with y-prosemirror:
 * headings, lists, links and emphasis through ProseMirror's example setup, other editors' cursors
 * and names through the shared awareness. Loaded on demand so the app shell stays small.
 */
export const proseSchema = new Schema({
  nodes: addListNodes(basicSchema.spec.nodes, 'paragraph block*', 'block'),
  marks: basicSchema.spec.marks.update('link', safeLinkMark),
});

type Props = {
  doc: Y.Doc;
  awareness: Awareness;
  sectionId: SectionId;
  title: string;
  isReadOnly: boolean;
  /** Called once per editing session, before its first change (starts a new draft of a signed version). */
  onBeginEdit: () => void;
};

export function ProseEditor({ doc, awareness, sectionId, title, isReadOnly, onBeginEdit }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const beginLatest = useRef(onBeginEdit);
  beginLatest.current = onBeginEdit;

  useEffect(() => {
    const mount = host.current;
    if (!mount) return;
    const fragment = agreementSection(doc, sectionId);
    const state = EditorState.create({
      schema: proseSchema,
      plugins: [
        safeLinksOnly(proseSchema),
        ySyncPlugin(fragment),
        yCursorPlugin(awareness),
        yUndoPlugin(),
        keymap({ 'Mod-z': undo, 'Mod-y': redo, 'Mod-Shift-z': redo }),
        ...exampleSetup({ schema: proseSchema, menuBar: !isReadOnly, floatingMenu: false, history: false }),
      ],
    });
    const view = new EditorView(mount, {
      state,
      editable: () => !isReadOnly,
      attributes: {
        'aria-label': title,
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-readonly': String(isReadOnly),
        'data-section': sectionId,
      },
      // The document write that may start a new draft happens before the first edit of a session
      // is applied, never inside y-prosemirror's own dispatch, so it cannot move the caret.
      handleDOMEvents: {
        keydown: (_view, event) => {
          if (isEditingKey(event)) beginOnce();
          return false;
        },
        beforeinput: () => {
          beginOnce();
          return false;
        },
        paste: () => {
          beginOnce();
          return false;
        },
        blur: () => {
          hasBegun = false;
          return false;
        },
      },
      // y-prosemirror dispatches while the view is being constructed, so use the view it is called on.
      dispatchTransaction(this: EditorView, transaction) {
        // y-prosemirror's cursor plugin may dispatch from a timer after the view was destroyed.
        if (this.isDestroyed) return;
        this.updateState(this.state.apply(transaction));
      },
    });
    let hasBegun = false;
    function beginOnce() {
      if (hasBegun || isReadOnly) return;
      hasBegun = true;
      beginLatest.current();
    }
    // The menu bar is outside the editable element: a command from it starts the session too.
    const menu = mount.querySelector('.ProseMirror-menubar');
    menu?.addEventListener('mousedown', beginOnce, true);
    return () => view.destroy();
  }, [doc, awareness, sectionId, isReadOnly, title]);

  return <div class="prose-editor" ref={host} />;
}

/** Keys that change the text (typing, deleting, formatting, pasting, undoing), not ones that move. */
export function isEditingKey(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): boolean {
  const isModified = event.ctrlKey || event.metaKey;
  if (!isModified)
    return event.key.length === 1 || ['Enter', 'Backspace', 'Delete', 'Tab'].includes(event.key);
  return ['b', 'i', '`', 'v', 'x', 'z', 'y', '[', ']', 'enter', 'backspace', 'delete'].includes(
    event.key.toLowerCase(),
  );
}
