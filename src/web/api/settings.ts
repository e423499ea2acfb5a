/** The local settings endpoints (/api/v1/settings). */
import type { SettingChange, SettingUpdate, SettingView, SettingsView } from '../../shared/schemas.js';
import { request } from './client.js';

export const settingsApi = {
  /** every setting in force today, and the official rule set (age bands, join periods) */
  get: (signal?: AbortSignal) => request<SettingsView>('GET', '/settings', { signal }),
  history: (signal?: AbortSignal) => request<SettingChange[]>('GET', '/settings/history', { signal }),
  change: (key: string, body: SettingUpdate) =>
    request<SettingView>('PUT', `/settings/${encodeURIComponent(key)}`, { body }),
};
