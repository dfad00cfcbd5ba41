/**
 * Styles inside the overlay's shadow root. The overlay brings its own opaque surface so it reads the
 * same on light and dark CRM themes; `data-theme` picks the palette that sits best on the host page.
 * State colours meet WCAG AA contrast on their own background in both palettes.
 */
export const overlayStyles = `
:host { all: initial; }
.root {
  --surface: #ffffff; --text: #1f2937; --muted: #4b5563; --border: #d1d5db; --focus: #2563eb;
  --running-bg: #dbeafe; --running-fg: #1e3a8a;
  --warning-bg: #fef3c7; --warning-fg: #78350f;
  --breached-bg: #fee2e2; --breached-fg: #7f1d1d;
  --met-bg: #dcfce7; --met-fg: #14532d;
  --paused-bg: #e5e7eb; --paused-fg: #1f2937;
  --outside_hours-bg: #ede9fe; --outside_hours-fg: #4c1d95;
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--text);
  width: max-content; max-width: 360px;
  contain: layout style;
}
.root[data-theme="dark"] {
  --surface: #111827; --text: #f3f4f6; --muted: #d1d5db; --border: #4b5563; --focus: #93c5fd;
  --running-bg: #1e3a8a; --running-fg: #dbeafe;
  --warning-bg: #78350f; --warning-fg: #fef3c7;
  --breached-bg: #7f1d1d; --breached-fg: #fee2e2;
  --met-bg: #14532d; --met-fg: #dcfce7;
  --paused-bg: #374151; --paused-fg: #f3f4f6;
  --outside_hours-bg: #4c1d95; --outside_hours-fg: #ede9fe;
}
.card { background: var(--surface); border: 1px solid var(--border); border-radius: 10px;
  box-shadow: 0 6px 24px rgba(0,0,0,.25); overflow: hidden; }
.bar { display: flex; align-items: stretch; }
.grip { cursor: grab; border: 0; background: transparent; color: var(--muted); padding: 0 6px; font: inherit; touch-action: none; }
.grip:active { cursor: grabbing; }
.badge { display: flex; align-items: center; gap: 8px; border: 0; margin: 0; padding: 6px 10px; font: inherit;
  cursor: pointer; text-align: left; flex: 1; background: var(--state-bg); color: var(--state-fg); }
.badge[data-state] { --state-bg: var(--running-bg); --state-fg: var(--running-fg); }
.badge[data-state="warning"] { --state-bg: var(--warning-bg); --state-fg: var(--warning-fg); }
.badge[data-state="breached"] { --state-bg: var(--breached-bg); --state-fg: var(--breached-fg); }
.badge[data-state="met"] { --state-bg: var(--met-bg); --state-fg: var(--met-fg); }
.badge[data-state="paused"] { --state-bg: var(--paused-bg); --state-fg: var(--paused-fg); }
.badge[data-state="outside_hours"] { --state-bg: var(--outside_hours-bg); --state-fg: var(--outside_hours-fg); }
.badge[data-state="none"] { --state-bg: var(--surface); --state-fg: var(--text); }
.glyph { font-weight: 700; min-width: 1.2em; text-align: center; }
.time { font-variant-numeric: tabular-nums; font-weight: 700; font-size: 15px; min-width: 4.5ch; }
.meta { display: flex; flex-direction: column; line-height: 1.2; }
.meta small { opacity: .9; }
.panel { border-top: 1px solid var(--border); padding: 10px 12px; max-height: 60vh; overflow: auto; }
.panel h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 10px 0 4px; }
.panel h3:first-child { margin-top: 0; }
.panel ul, .panel ol { margin: 0; padding: 0; list-style: none; }
.panel li { padding: 2px 0; }
/* .panel li sets list rows' padding; the clock card (a list row too) needs its own. */
.panel .clock { border: 1px solid var(--border); border-radius: 8px; padding: 6px 8px; margin-bottom: 6px; }
.actions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
button.act, select, input[type="text"] { font: inherit; color: var(--text); background: var(--surface);
  border: 1px solid var(--border); border-radius: 6px; padding: 3px 8px; }
button.act { cursor: pointer; }
button.act[disabled] { opacity: .5; cursor: not-allowed; }
button:focus-visible, select:focus-visible, input:focus-visible, .grip:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.unreadable { color: var(--muted); font-style: italic; }
.pace { margin: 2px 0; }
.pace.behind { font-weight: 600; }
.error { color: var(--breached-fg); background: var(--breached-bg); padding: 6px 10px; }
.sync { color: var(--muted); font-size: 12px; margin-top: 8px; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
