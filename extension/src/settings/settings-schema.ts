import * as z from 'zod/mini';
import { genericPatternSchema } from '../crm/generic/generic-pattern.js';

/**
 * The user's settings, stored as one versioned item. Version 1 (the first options page) kept the
 * relay and the zone flat; version 2 groups the relay and adds the CRM lists. Reading never throws:
 * a part that fails validation falls back to its default and the rest is kept.
 */
export const relaySettingsSchema = z.object({
  url: z
    .string()
    .check(
      z.refine(
        (value) => value === '' || /^wss?:\/\/[^/\s]+/.test(value),
        'a ws:// or wss:// address, e.g. wss://relay.example.com',
      ),
    ),
  /** Empty in storage: the token is kept where content scripts cannot read it (trusted-settings.ts). */
  token: z.string().check(z.maxLength(8000)),
  /** Bumped whenever the token changes, so watchers of the stored settings hear of it. */
  tokenRevision: z.optional(z.number()),
});
export type RelaySettings = z.infer<typeof relaySettingsSchema>;

export const overlayPositionSchema = z.object({
  rightPx: z.number().check(z.nonnegative()),
  bottomPx: z.number().check(z.nonnegative()),
});

export const settingsSchema = z.object({
  relay: relaySettingsSchema,
  /** IANA zone for showing breach times; empty means the browser's own zone. */
  displayTimeZone: z.string(),
  genericPatterns: z.array(genericPatternSchema),
  salesforceHosts: z.array(z.string().check(z.regex(/^[a-z0-9.-]+$/i, 'a host name like crm.example.com'))),
  overlayPosition: overlayPositionSchema,
});
export type Settings = z.infer<typeof settingsSchema>;

export const settingsVersion = 2;

export const defaultSettings: Settings = {
  relay: { url: '', token: '' },
  displayTimeZone: '',
  genericPatterns: [],
  salesforceHosts: [],
  overlayPosition: { rightPx: 24, bottomPx: 24 },
};

const settingsV1Schema = z.object({
  relayUrl: z.optional(z.string()),
  token: z.optional(z.string()),
  timeZone: z.optional(z.string()),
});

/** v1 → v2. Idempotent on a value that is already v2, so a re-run after a crash does no harm. */
export function migrateSettingsToV2(old: unknown): unknown {
  if (typeof old === 'object' && old !== null && 'relay' in old) return old;
  const parsed = settingsV1Schema.safeParse(old);
  const v1 = parsed.success ? parsed.data : {};
  return {
    ...defaultSettings,
    relay: { url: v1.relayUrl ?? '', token: v1.token ?? '' },
    displayTimeZone: v1.timeZone ?? '',
  };
}

/** Each top-level part is validated on its own, so one corrupt list does not cost the relay token. */
export function readSettings(raw: unknown): Settings {
  const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const part = <K extends keyof Settings>(key: K): Settings[K] => {
    const parsed = settingsSchema.shape[key].safeParse(source[key]);
    return parsed.success ? (parsed.data as Settings[K]) : defaultSettings[key];
  };
  const genericPatterns = Array.isArray(source.genericPatterns)
    ? source.genericPatterns.flatMap((pattern) => {
        const parsed = genericPatternSchema.safeParse(pattern);
        return parsed.success ? [parsed.data] : [];
      })
    : [];
  return {
    relay: part('relay'),
    displayTimeZone: part('displayTimeZone'),
    genericPatterns,
    salesforceHosts: part('salesforceHosts'),
    overlayPosition: part('overlayPosition'),
  };
}
