/**
 * The PWA's Content-Security-Policy, put in the built page's head (not in development, where
 * Vite's client needs inline scripts). No script but the app's own files; connections only to
 * the app's origin and relays, over websockets and HTTP (the relay is chosen at run time, in
 * settings; its admin API for escalation channels is HTTP); no
 * plugins, no frames, no `<base>` rewriting. Inline styles stay allowed: the editor positions
 * other people's cursors with style attributes, and a style cannot run script.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss: http: https:",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
