export { CloseCode } from './relay/close-codes.js';
export { defaultRelayLimits, type RelayLimits } from './relay/limits.js';
export { parseRoom, type Room, type RoomParseResult, roomName } from './relay/rooms.js';
export {
  canWrite,
  type Role,
  roleSchema,
  type TokenClaims,
  tokenClaimsSchema,
  workspaceIdSchema,
} from './relay/token-claims.js';
