/**
 * The few browser globals the connector touches, typed minimally: shared compiles against ES2022
 * only, so a stray use of anything else fails the typecheck. Both browsers and the `ws` package
 * (Node) satisfy these shapes.
 */

export type CloseEventLike = { code: number; reason: string };

export type WebSocketLike = {
  readonly readyState: number;
  binaryType: string;
  send(data: Uint8Array | ArrayBuffer): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'close', listener: (event: CloseEventLike) => void): void;
  removeEventListener(type: 'close', listener: (event: CloseEventLike) => void): void;
};

export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** Timers, injectable so tests drive reconnection without waiting. */
export type Scheduler = {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
};

type TimerGlobals = {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
  WebSocket?: WebSocketConstructor;
};

const timerGlobals = globalThis as unknown as TimerGlobals;

export const realScheduler: Scheduler = {
  setTimeout: (callback, delayMs) => timerGlobals.setTimeout(callback, delayMs),
  clearTimeout: (handle) => timerGlobals.clearTimeout(handle),
};

/** The platform's WebSocket, or undefined (Node 20 has none: pass the `ws` package instead). */
export function platformWebSocket(): WebSocketConstructor | undefined {
  return timerGlobals.WebSocket;
}

export const webSocketClosed = 3;

/** Runs `callback` after the current task's synchronous work, like `queueMicrotask`. */
export function deferMicrotask(callback: () => void): void {
  void Promise.resolve().then(callback);
}
