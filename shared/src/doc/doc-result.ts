/**
 * What the document model's reads and writes return. Expected failures (bad input, a document
 * written by a newer client, an unknown id) are values with a literal `code`; a broken invariant
 * of the model itself throws `DocumentModelError`.
 */

/** An entry of a document that failed validation and was skipped, with where it was found. */
export type DocProblem = { path: string; message: string };

export type WriteFailureCode =
  | 'invalid_input'
  | 'newer_schema'
  | 'not_initialised'
  | 'different_document'
  | 'duplicate'
  | 'not_found'
  | 'in_use'
  | 'unknown_handoff'
  | 'stale_version'
  | 'not_party_contact'
  | 'already_signed';

export type WriteFailure = { ok: false; code: WriteFailureCode; message: string; problems?: DocProblem[] };
/** Success carries extra fields `T` when a write has something to say (e.g. the stored version). */
export type WriteResult<T extends object = object> = ({ ok: true } & T) | WriteFailure;

export function writeFailure(code: WriteFailureCode, message: string, problems?: DocProblem[]): WriteFailure {
  return problems === undefined ? { ok: false, code, message } : { ok: false, code, message, problems };
}

/** Thrown when the model's own invariants break (a programming error, never bad data from peers). */
export class DocumentModelError extends Error {
  override readonly name = 'DocumentModelError';
}

/** Zod issues as document problems under `basePath`. */
export function issuesAsProblems(
  basePath: string,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): DocProblem[] {
  return issues.map((issue) => ({
    path: [basePath, ...issue.path.map(String)].filter((part) => part !== '').join('/'),
    message: issue.message,
  }));
}

/** The `invalid_input` failure for zod issues found in `what` (e.g. "the title"). */
export function invalidInput(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  what: string,
): WriteFailure {
  return writeFailure('invalid_input', `${what} is not valid`, issuesAsProblems('', issues));
}
