import type { TokenClaims } from '@pactline/shared';
import { checkRelayUrl, type Settings } from './settings-store';
import { readTokenClaims } from './token';

/**
 * What a `#token=…&relay=…` link may do to this device's settings. Anyone can send such a link, so:
 * - a token that does not decode, or a relay that is not ws:// or wss://, changes nothing and says why;
 * - a link that would point this device at another relay, or replace a token already saved, asks
 *   first, naming the relay and who the link would sign in as;
 * - only a link that sets a token on a device without one, for the relay already configured, applies
 *   at once (the hand-over the start command's sign-in links are for).
 */
export type LinkPlan =
  | { kind: 'none' }
  | { kind: 'refused'; message: string }
  | { kind: 'apply'; settings: Settings }
  | {
      kind: 'confirm';
      settings: Settings;
      claims: TokenClaims;
      isRelayChange: boolean;
      isTokenReplaced: boolean;
    };

export function planLinkSettings(current: Settings, link: { token?: string; relayUrl?: string }): LinkPlan {
  if (link.token === undefined) return { kind: 'none' };
  const claims = readTokenClaims(link.token);
  if (!claims.ok) return { kind: 'refused', message: `The link's token was not used: ${claims.message}.` };
  let relayUrl = current.relayUrl;
  if (link.relayUrl !== undefined) {
    const checked = checkRelayUrl(link.relayUrl);
    if (!checked.ok)
      return { kind: 'refused', message: `The link's relay was not used: ${checked.message}.` };
    relayUrl = checked.url;
  }
  const settings = { relayUrl, token: link.token };
  const isRelayChange = relayUrl !== current.relayUrl;
  const isTokenReplaced = current.token !== '' && current.token !== link.token;
  if (!isRelayChange && !isTokenReplaced) return { kind: 'apply', settings };
  return { kind: 'confirm', settings, claims: claims.claims, isRelayChange, isTokenReplaced };
}
