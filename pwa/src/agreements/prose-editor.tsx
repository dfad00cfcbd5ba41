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
import { redo, undo, yCursorPlugin, ySyncPlugin, ySyncPluginKey, yUndoPlugin } from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';

/**
 * Rich-text editing of one agreement section, bound to its Y.XmlFragment with y-prosemirror:
 * headings, lists, links and emphasis through ProseMirror's example setup, other editors' cursors
 * and names through the shared awareness. Loaded on demand so the app shell stays small.
 */
export const proseSchema = new Schema({
  nodes: addListNodes(basicSchema.spec.nodes, 'paragraph block*', 'block'),
  marks: basicSchema.spec.marks,
});

type Props = {
  doc: Y.Doc;
  awareness: Awareness;
  sectionId: SectionId;
  title: string;
  isReadOnly: boolean;
  onLocalEdit: () => void;
};

export function ProseEditor({ doc, awareness, sectionId, title, isReadOnly, onLocalEdit }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const editLatest = useRef(onLocalEdit);
  editLatest.current = onLocalEdit;

  useEffect(() => {
    const mount = host.current;
    if (!mount) return;
    const fragment = agreementSection(doc, sectionId);
    const state = EditorState.create({
      schema: proseSchema,
      plugins: [
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
      // y-prosemirror dispatches while the view is being constructed, so use the view it is called on.
      dispatchTransaction(this: EditorView, transaction) {
        // y-prosemirror's cursor plugin may dispatch from a timer after the view was destroyed.
        if (this.isDestroyed) return;
        this.updateState(this.state.apply(transaction));
        const sync = transaction.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
        if (transaction.docChanged && !sync?.isChangeOrigin) editLatest.current();
      },
    });
    return () => view.destroy();
  }, [doc, awareness, sectionId, isReadOnly, title]);

  return <div class="prose-editor" ref={host} />;
}
