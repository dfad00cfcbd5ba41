import { useState } from 'preact/hooks';
import type { Node as ProseNode } from 'prosemirror-model';
import type * as Y from 'yjs';
import { proseSchema } from './prose-schema';
import { nodeFromPlainText, restoreSection } from './section-content';

/**
 * A section whose content does not read whole: what is wrong, the parts that read, and for an
 * editor a way to put back the best version there is: the copy this device last read whole, else
 * the latest signed text, else the readable parts alone.
 */
type Props = {
  title: string;
  isReadOnly: boolean;
  onBeginEdit: () => void;
  fragment: Y.XmlFragment;
  reason: string;
  readable: ProseNode;
  lastGood: { node: ProseNode; keptAtMs: number } | null;
  signed?: { version: number; text: string };
};

type Source = { node: ProseNode; label: string };

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function restoreSource({ lastGood, signed, readable }: Props): Source {
  if (lastGood !== null)
    return {
      node: lastGood.node,
      label: `the copy this device kept on ${dateTime.format(lastGood.keptAtMs)}`,
    };
  if (signed !== undefined)
    return {
      node: nodeFromPlainText(proseSchema, signed.text),
      label: `the text signed in version ${signed.version}`,
    };
  return { node: readable, label: 'the parts that still read (the rest is removed)' };
}

export function BrokenSection(props: Props) {
  const { isReadOnly, onBeginEdit, fragment, reason, readable } = props;
  const [failure, setFailure] = useState<string | null>(null);
  const source = restoreSource(props);
  const paragraphs = Array.from(
    { length: readable.childCount },
    (_, index) => readable.child(index).textContent,
  );

  const restore = () => {
    try {
      onBeginEdit();
      restoreSection(fragment, source.node);
    } catch (error) {
      setFailure(String(error));
    }
  };

  return (
    <div class="prose-editor broken-section" data-broken="true">
      <p class="warning" role="status">
        This section holds content Pactline cannot show ({reason}).{' '}
        {isReadOnly ? 'An editor can restore it.' : 'Nothing was changed; restore it when you are ready.'}
      </p>
      {paragraphs.length > 0 ? (
        <div class="readable-parts">
          {paragraphs.map((text, index) => (
            <p key={index}>{text}</p>
          ))}
        </div>
      ) : (
        <p class="muted">No part of it reads.</p>
      )}
      {!isReadOnly && (
        <p class="actions">
          <button type="button" onClick={restore}>
            Restore the last good version
          </button>{' '}
          <span class="muted">From {source.label}.</span>
        </p>
      )}
      {failure !== null && (
        <p class="error" role="alert">
          Could not restore: {failure}
        </p>
      )}
    </div>
  );
}
