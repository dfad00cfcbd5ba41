/**
 * Whether an address from document data may become a link a person clicks: only absolute http(s)
 * and mailto addresses. Anything else (`javascript:`, `data:`, `vbscript:`, a relative path that
 * would resolve inside the app) is shown as text, never as a link, whoever wrote it.
 *
 * The scheme is read the way browsers read it (the URL standard): leading and trailing control
 * characters and spaces are ignored, and tabs and newlines anywhere are dropped, so `java\tscript:`
 * is `javascript:`. `URL` itself is not used: shared code runs without DOM or Node globals.
 */
const safeSchemes = new Set(['http', 'https', 'mailto']);
const schemePattern = /^([a-z][a-z0-9+.-]*):/i;

function schemeOf(href: string): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the URL standard strips C0 controls.
  const normalised = href.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
  return schemePattern.exec(normalised)?.[1]?.toLowerCase();
}

export function isSafeLink(href: unknown): href is string {
  if (typeof href !== 'string') return false;
  const scheme = schemeOf(href);
  return scheme !== undefined && safeSchemes.has(scheme);
}

/** A web page's address (http or https): what a CRM record's or a lead's URL must be. */
export function isWebAddress(href: unknown): href is string {
  if (typeof href !== 'string') return false;
  const scheme = schemeOf(href);
  return scheme === 'http' || scheme === 'https';
}
