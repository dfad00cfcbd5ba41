import { describe, expect, it } from 'vitest';
import { defaultSettings, migrateSettingsToV2, readSettings, settingsSchema } from './settings-schema.js';

const pattern = {
  id: 'inhouse',
  label: 'In-house CRM',
  origin: 'https://crm.acme.example',
  urlPattern: '/leads/(?<recordId>\\d+)',
  objectType: 'lead',
};

describe('settings migration', () => {
  it('moves v1 relay address, token and zone into the v2 shape', () => {
    const migrated = migrateSettingsToV2({
      relayUrl: 'wss://relay.acme.example',
      token: 'abc',
      timeZone: 'Europe/Lisbon',
    });
    expect(settingsSchema.parse(migrated)).toEqual({
      ...defaultSettings,
      relay: { url: 'wss://relay.acme.example', token: 'abc' },
      displayTimeZone: 'Europe/Lisbon',
    });
  });

  it('leaves a v2 value alone when the migration runs twice', () => {
    const v2 = { ...defaultSettings, relay: { url: 'ws://127.0.0.1:1234', token: 't' } };
    expect(migrateSettingsToV2(migrateSettingsToV2(v2))).toEqual(v2);
  });

  it('turns an unreadable v1 value into defaults instead of failing', () => {
    expect(migrateSettingsToV2('garbage')).toEqual(defaultSettings);
  });
});

describe('readSettings', () => {
  it('keeps the valid parts when one part is corrupt', () => {
    const stored = {
      relay: { url: 'wss://relay.acme.example', token: 'tok' },
      displayTimeZone: 'Asia/Tokyo',
      genericPatterns: [pattern, { ...pattern, id: 'broken', urlPattern: '(' }],
      salesforceHosts: 'not-a-list',
      overlayPosition: { rightPx: -5, bottomPx: 10 },
    };
    expect(readSettings(stored)).toEqual({
      relay: { url: 'wss://relay.acme.example', token: 'tok' },
      displayTimeZone: 'Asia/Tokyo',
      genericPatterns: [{ ...pattern, fieldSelectors: {} }],
      salesforceHosts: [],
      overlayPosition: defaultSettings.overlayPosition,
    });
  });

  it('rejects a relay address that is not a websocket URL, with a message saying what is expected', () => {
    const result = settingsSchema.shape.relay.safeParse({ url: 'http://relay.example.com', token: '' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('a ws:// or wss:// address, e.g. wss://relay.example.com');
  });
});
