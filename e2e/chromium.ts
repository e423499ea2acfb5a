import { existsSync } from 'node:fs';

/**
 * Debian's Chromium and the flags every journey runs it with (one browser server per run: global-setup.ts). Debian's
 * headless shell (`apt-get install chromium-headless-shell`: the same Blink, V8 and renderer, without the browser's
 * UI layer — no top-chrome WebUI renderers, no on-device model service) when installed: the same journeys cost
 * 0.77× the CPU of the full browser's `--headless=new` (decision 0028, session 19); else the full browser.
 */
const SHELL = '/usr/bin/chromium-headless-shell';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? (existsSync(SHELL) ? SHELL : '/usr/bin/chromium');

export const CHROMIUM_ARGS = [
  // the full browser's headless mode (the shell is headless whatever it is told)
  ...(CHROMIUM.includes('headless-shell') ? [] : ['--headless=new']),
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
