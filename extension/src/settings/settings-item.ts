import { storage } from 'wxt/utils/storage';
import { defaultSettings, migrateSettingsToV2, type Settings, settingsVersion } from './settings-schema.js';

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: defaultSettings,
  version: settingsVersion,
  migrations: { 2: migrateSettingsToV2 },
});
