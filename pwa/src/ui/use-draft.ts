import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * A form's working copy of a stored value. While the user has not changed it, it follows the
 * stored value (so a collaborator's save shows up); once changed, it is kept until saved or reset.
 */
export function useDraft<T>(stored: T): {
  draft: T;
  setDraft: (next: T) => void;
  isDirty: boolean;
  reset: () => void;
} {
  const [draft, setDraftState] = useState(stored);
  const [isDirty, setIsDirty] = useState(false);
  const storedKey = JSON.stringify(stored);
  const latest = useRef(stored);
  latest.current = stored;
  useEffect(() => {
    if (!isDirty) setDraftState(latest.current);
  }, [storedKey]);
  return {
    draft,
    setDraft: (next) => {
      setDraftState(next);
      setIsDirty(true);
    },
    isDirty,
    reset: () => {
      setDraftState(latest.current);
      setIsDirty(false);
    },
  };
}
