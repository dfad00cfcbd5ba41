import { lookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Where the relay may send a webhook. A workspace admin names the URL, so a careless or hostile one
 * could point it at the relay's own network (a metadata service, a database's HTTP port, another
 * relay's admin API). Only public unicast addresses are reached, judged by ipaddr.js's ranges:
 * loopback, private, link-local, carrier-grade NAT, multicast, unique-local, reserved and
 * unspecified addresses are refused, and IPv4-mapped IPv6 addresses are judged as the IPv4 address
 * they carry. The operator can open ranges with `PACTLINE_WEBHOOK_ALLOW` (a list of CIDRs), for a
 * webhook on the company network or a test's local sink.
 *
 * The address is checked when a channel is saved (to say so at once) and again on every send,
 * inside the connection's own DNS lookup, so a name that resolved to a public address at save
 * time and to 127.0.0.1 later (DNS rebinding) is refused too.
 */
export type AddressPolicy = {
  /** Why the address may not be reached, or null when it may. */
  refusal(address: string): string | null;
  /** A DNS lookup for `http.request` that refuses a name resolving to any refused address. */
  readonly lookup: LookupFunction;
};

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

const rangeWords: Record<string, string> = {
  unspecified: 'an unspecified',
  broadcast: 'a broadcast',
  multicast: 'a multicast',
  linkLocal: 'a link-local',
  loopback: 'a loopback',
  carrierGradeNat: 'a carrier-grade NAT',
  private: 'a private',
  reserved: 'a reserved',
  uniqueLocal: 'a unique-local',
};

export type CidrListResult = { ok: true; ranges: string[] } | { ok: false; message: string };

/** Reads `10.0.0.0/8, 127.0.0.1/32 ::1/128` (commas or spaces); a bare address is one host. */
export function parseCidrList(text: string): CidrListResult {
  const ranges: string[] = [];
  for (const item of text.split(/[\s,]+/).filter((part) => part !== '')) {
    const cidr = item.includes('/') ? item : `${item}/${ipaddr.IPv4.isValid(item) ? 32 : 128}`;
    if (!ipaddr.isValidCIDR(cidr)) return { ok: false, message: `"${item}" is not a CIDR range` };
    ranges.push(cidr);
  }
  return { ok: true, ranges };
}

export function addressPolicy(allowed: readonly string[] = []): AddressPolicy {
  const ranges: Range[] = allowed.map((cidr) => ipaddr.parseCIDR(cidr) as Range);
  const refusal = (address: string): string | null => {
    const bare = address.replace(/^\[|\]$/g, '');
    if (!ipaddr.isValid(bare)) return `"${address}" is not an IP address`;
    const parsed = ipaddr.process(bare);
    for (const [network, bits] of ranges)
      if (network.kind() === parsed.kind() && parsed.match(network, bits)) return null;
    const range = parsed.range();
    if (range === 'unicast') return null;
    return `${parsed.toString()} is ${rangeWords[range] ?? `a ${range}`} address, which webhooks may not reach (PACTLINE_WEBHOOK_ALLOW can open a range)`;
  };
  const guardedLookup = ((hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error !== null) return callback(error, '', 0);
      const refused = addresses.map((entry) => refusal(entry.address)).find((reason) => reason !== null);
      if (refused !== undefined && refused !== null)
        return callback(
          Object.assign(new Error(`${hostname}: ${refused}`), { code: 'EUNSAFETARGET' }),
          '',
          0,
        );
      if (options.all) return callback(null, addresses as never);
      const [first] = addresses;
      if (first === undefined)
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  }) as LookupFunction;
  return { refusal, lookup: guardedLookup };
}

export type TargetCheck =
  | { ok: true; url: URL }
  | { ok: false; code: 'invalid_url' | 'unsafe_target' | 'unresolvable'; message: string };

/**
 * Whether a webhook URL may be used: http or https, no credentials in it, and every address its
 * host resolves to allowed by the policy.
 */
export async function checkTargetUrl(raw: string, policy: AddressPolicy): Promise<TargetCheck> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, code: 'invalid_url', message: 'not a URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return {
      ok: false,
      code: 'invalid_url',
      message: `only http and https URLs are sent to, not ${url.protocol}`,
    };
  if (url.username !== '' || url.password !== '')
    return {
      ok: false,
      code: 'invalid_url',
      message: 'a URL with a user name or password in it is not accepted',
    };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) {
    const refused = policy.refusal(host);
    return refused === null ? { ok: true, url } : { ok: false, code: 'unsafe_target', message: refused };
  }
  const addresses = await new Promise<string[] | Error>((resolve) =>
    lookup(host, { all: true }, (error, found) => resolve(error ?? found.map((entry) => entry.address))),
  );
  if (addresses instanceof Error || addresses.length === 0)
    return { ok: false, code: 'unresolvable', message: `${host} does not resolve` };
  for (const address of addresses) {
    const refused = policy.refusal(address);
    if (refused !== null)
      return { ok: false, code: 'unsafe_target', message: `${host} resolves to ${refused}` };
  }
  return { ok: true, url };
}
