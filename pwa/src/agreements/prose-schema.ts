import { Schema } from 'prosemirror-model';
import { schema as basicSchema } from 'prosemirror-schema-basic';
import { addListNodes } from 'prosemirror-schema-list';
import { safeLinkMark } from './safe-link-mark';

/** The agreement text's schema: ProseMirror's basic nodes and marks, lists, and the hardened link. */
export const proseSchema = new Schema({
  nodes: addListNodes(basicSchema.spec.nodes, 'paragraph block*', 'block'),
  marks: basicSchema.spec.marks.update('link', safeLinkMark),
});
