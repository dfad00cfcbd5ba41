import 'prosemirror-view/style/prosemirror.css';
import type { SectionId } from '@pactline/shared';
import { agreementSection } from '@pactline/shared/doc';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { exampleSetup } from 'prosemirror-example-setup';
import { keymap } from 'prosemirror-keymap';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { redo, undo, yCursorPlugin, ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { BrokenSection } from './broken-section';
import { proseSchema } from './prose-schema';
import { safeLinksOnly } from './safe-link-mark';
import { lastGoodCopies, readSection, type SectionRead } from './section-content';

/**
 * Rich-text editing of one agreement section, bound to its Y.XmlFragment with y-prosemirror:
 * headings, lists, links and emphasis through ProseMirror's example setup, other editors' cursors
 * and names through the shared awareness. Loaded on demand so the app shell stays small.
 */
export { proseSchema };

type Props = {
  doc: Y.Doc;
  awareness: Awareness;
  sectionId: SectionId;
  title: string;
  isReadOnly: boolean;
  /** Called once per editing session, before its first change (starts a new draft of a signed version). */
  onBeginEdit: () => void;
  /** Names this device's last good copy of the section (the room, scoped to the relay). */
  copyKey: string;
  /** The section's text in the latest signed version, if any: a restore source. */
  signed?: { version: number; text: string };
};

const keepCopyAfterMs = 1000;

export function ProseEditor(props: Props) {
  const { doc, sectionId, copyKey } = props;
  const fragment = useMemo(() => agreementSection(doc, sectionId), [doc, sectionId]);
  const copies = useMemo(() => lastGoodCopies(localStorage), []);
  const [read, setRead] = useState<SectionRead>(() => readSection(proseSchema, fragment));
  const view = useRef<EditorView | null>(null);

  // Registered before the editor's binding, so that junk arriving from another member unbinds the
  // editor before y-prosemirror sees it (it would throw, or delete what its schema does not know).
  useEffect(() => {
    let keepTimer: ReturnType<typeof setTimeout> | undefined;
    const keep = (node: SectionRead) => {
      clearTimeout(keepTimer);
      if (node.ok) keepTimer = setTimeout(() => copies.keep(copyKey, sectionId, node.node), keepCopyAfterMs);
    };
    const check = () => {
      const next = readSection(proseSchema, fragment);
      if (!next.ok) {
        view.current?.destroy();
        view.current = null;
      }
      setRead((previous) => (previous.ok && next.ok ? previous : next));
      keep(next);
    };
    check();
    fragment.observeDeep(check);
    return () => {
      clearTimeout(keepTimer);
      fragment.unobserveDeep(check);
    };
  }, [fragment, copies, copyKey, sectionId]);

  if (!read.ok)
    return (
      <BrokenSection
        {...props}
        reason={read.reason}
        readable={read.readable}
        fragment={fragment}
        lastGood={copies.read(proseSchema, copyKey, sectionId)}
      />
    );
  return <BoundEditor {...props} fragment={fragment} view={view} />;
}

function BoundEditor({
  awareness,
  sectionId,
  title,
  isReadOnly,
  onBeginEdit,
  fragment,
  view: viewRef,
}: Props & { fragment: Y.XmlFragment; view: { current: EditorView | null } }) {
  const host = useRef<HTMLDivElement>(null);
  const beginLatest = useRef(onBeginEdit);
  beginLatest.current = onBeginEdit;

  useEffect(() => {
    const mount = host.current;
    if (!mount) return;
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
    viewRef.current = view;
    return () => {
      if (!view.isDestroyed) view.destroy();
      if (viewRef.current === view) viewRef.current = null;
    };
  }, [fragment, awareness, sectionId, isReadOnly, title, viewRef]);

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
