export type { CloseEventLike, Scheduler, WebSocketConstructor, WebSocketLike } from './browser-globals.js';
export {
  indexeddbPersistence,
  type LocalPersistence,
  type LocalPersistenceFactory,
} from './local-persistence.js';
export * from './open-document.js';
export * from './presence.js';
export * from './reconnect-delay.js';
export * from './wait-for-state.js';
