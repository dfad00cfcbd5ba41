// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { isEditingKey } from './prose-editor';

const key = (value: string, modifiers: Partial<{ ctrlKey: boolean; metaKey: boolean }> = {}) => ({
  key: value,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...modifiers,
});

describe('what starts an editing session', () => {
  it('counts typing, deleting, formatting and pasting as editing', () => {
    for (const event of [
      key('a'),
      key(' '),
      key('Enter'),
      key('Backspace'),
      key('Delete'),
      key('b', { ctrlKey: true }),
      key('v', { metaKey: true }),
      key('z', { ctrlKey: true }),
    ]) {
      expect(isEditingKey(event), event.key).toBe(true);
    }
  });

  it('does not count moving the caret or selecting, so reading a signed agreement starts no draft', () => {
    for (const event of [
      key('ArrowLeft'),
      key('End'),
      key('PageDown'),
      key('Shift'),
      key('Control'),
      key('c', { ctrlKey: true }),
      key('a', { metaKey: true }),
    ]) {
      expect(isEditingKey(event), event.key).toBe(false);
    }
  });
});
