import { render } from 'preact';
import type { Action } from '../protocol/messages.js';
import type { RecordView } from '../protocol/record-view.js';
import { themeForBackgrounds } from './detect-theme.js';
import { OverlayApp } from './overlay-app.js';
import { overlayStyles } from './overlay-styles.js';

declare const __PACTLINE_OVERLAY_SHADOW_MODE__: ShadowRootMode | undefined;
/** Closed unless the build says otherwise (see wxt.config.ts): the store build's is closed. */
const overlayShadowMode: ShadowRootMode =
  typeof __PACTLINE_OVERLAY_SHADOW_MODE__ === 'undefined' ? 'closed' : __PACTLINE_OVERLAY_SHADOW_MODE__;

export interface OverlayPosition {
  rightPx: number;
  bottomPx: number;
}

export interface OverlayCallbacks {
  onAction: (action: Action) => Promise<void>;
  onRefresh: () => void;
  onMoved: (position: OverlayPosition) => void;
}

export interface OverlayHandle {
  show(state: { view: RecordView | null; error: string | null; timeZone: string }): void;
  destroy(): void;
}

const overlayHostTag = 'pactline-overlay';

/**
 * The overlay lives in an open shadow root on its own fixed-position host, so CRM styles do not
 * reach it and its once-a-second updates stay inside it (`contain` on the root) instead of
 * re-laying out the host page.
 */
export function mountOverlay(
  doc: Document,
  position: OverlayPosition,
  callbacks: OverlayCallbacks,
): OverlayHandle {
  const host = doc.createElement(overlayHostTag);
  host.setAttribute('data-pactline', '');
  const place = (next: OverlayPosition) => {
    host.style.cssText = `position:fixed;right:${next.rightPx}px;bottom:${next.bottomPx}px;z-index:2147483646;`;
  };
  let current = position;
  place(current);
  const shadow = host.attachShadow({ mode: overlayShadowMode });
  const style = doc.createElement('style');
  style.textContent = overlayStyles;
  const container = doc.createElement('div');
  shadow.append(style, container);
  doc.documentElement.append(host);

  const win = doc.defaultView;
  const background = (element: Element | null) =>
    element && win ? win.getComputedStyle(element).backgroundColor : '';
  const theme = themeForBackgrounds([background(doc.body), background(doc.documentElement)]);

  const clamp = (value: number, max: number) => Math.min(Math.max(0, value), Math.max(0, max));
  const onMoveBy = (dxPx: number, dyPx: number) => {
    const width = win?.innerWidth ?? 1000;
    const height = win?.innerHeight ?? 800;
    current = {
      rightPx: clamp(current.rightPx - dxPx, width - host.offsetWidth),
      bottomPx: clamp(current.bottomPx - dyPx, height - host.offsetHeight),
    };
    place(current);
  };

  return {
    show({ view, error, timeZone }) {
      render(
        <OverlayApp
          view={view}
          error={error}
          theme={theme}
          timeZone={timeZone}
          onAction={callbacks.onAction}
          onRefresh={callbacks.onRefresh}
          onMoveBy={onMoveBy}
          onMoveEnd={() => callbacks.onMoved(current)}
        />,
        container,
      );
    },
    destroy() {
      render(null, container);
      host.remove();
    },
  };
}
