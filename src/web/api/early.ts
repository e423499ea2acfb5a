/**
 * Requests the static sign-in page starts the moment the server has accepted the password (issue 10, decision 0017's
 * addenda): the landing org page's data, fetched while the app boots instead of after it has drawn its first page.
 * The sign-in page puts the responses here; the API client (`client.ts`) answers a GET for the same address from
 * them — each response may be read by several callers (the org page and the side bar's tree ask for the same
 * children) — for a short while after signing in and until the first write. No React, no antd: the sign-in page's
 * script imports it. The app opened directly starts the same reads itself, after asking who is signed in
 * (`startBootReads`).
 */
import type { SessionUser } from '../../shared/schemas.js';
import { afterSignIn } from '../auth/paths.js';

const KEY = '__jicengEarly';
/** how long after signing in a prefetched answer may stand in for a request */
const FRESH_MS = 20_000;

export interface Early {
  at: number;
  responses: Map<string, Promise<Response | null>>;
}

function slot(): Record<string, Early | undefined> {
  return window as unknown as Record<string, Early | undefined>;
}

const get = (url: string): Promise<Response | null> =>
  fetch(url, {
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'x-requested-with': 'jiceng' },
  }).catch(() => null);

/** Starts a GET for each API address (`/api/v1/…`), with the client's headers; failures are left to the client. */
export function startEarly(urls: readonly string[]): Early {
  const responses = new Map<string, Promise<Response | null>>();
  for (const url of urls) responses.set(url, get(url));
  const early = { at: Date.now(), responses };
  slot()[KEY] = early;
  // not kept for ever: the copies hold the bodies
  setTimeout(() => {
    if (slot()[KEY] === early) dropEarly();
  }, FRESH_MS);
  return early;
}

const ME = '/api/v1/auth/me';

/**
 * The app opened directly (a bookmark, a new tab, a reload) rather than from the sign-in page: who is signed in is
 * asked for at once, while the app's code loads, and once the server has answered, the landing page's first reads
 * for `target` (as the sign-in page starts them) — instead of each after the app has booted and drawn the frame that
 * asks. A session that has ended answers 401 here, and the app asks again and goes to the sign-in page as before.
 */
export function startBootReads(target: string): void {
  const early = startEarly([ME]);
  void early.responses
    .get(ME)!
    .then(async (res) => {
      if (!res?.ok || slot()[KEY] !== early) return;
      const user = (await res.clone().json()) as SessionUser;
      // where `/` takes this account, as after signing in (auth/paths.ts)
      const landing = afterSignIn(user, target === '/' ? null : target);
      for (const url of landingReads(landing, user.orgCode, !user.capabilities.binding.subtree))
        if (!early.responses.has(url)) early.responses.set(url, get(url));
    })
    .catch(() => undefined);
}

/** A copy of the prefetched response for `url` when there is a fresh one that succeeded, else null. */
export async function takeEarly(url: string): Promise<Response | null> {
  const early = slot()[KEY];
  const pending = early?.responses.get(url);
  if (!early || !pending) return null;
  if (Date.now() - early.at > FRESH_MS) {
    dropEarly();
    return null;
  }
  const res = await pending;
  if (!res?.ok || res.bodyUsed) return null;
  return res.clone();
}

/** After any write the prefetched answers may be out of date: none is used again. */
export function dropEarly(): void {
  slot()[KEY] = undefined;
}

/** The addresses the landing page at `target` reads first, for an account bound to `orgCode` (null: none known). */
export function landingReads(target: string, orgCode: string | null, selfOnly: boolean): string[] {
  const path = target.split(/[?#]/)[0] ?? '';
  const m = /^\/orgs\/([^/]+)$/.exec(path);
  const code = m?.[1] ? decodeURIComponent(m[1]) : path === '/' && !selfOnly ? orgCode : null;
  if (!code) return [];
  const org = `/api/v1/orgs/${encodeURIComponent(code)}`;
  // in the order the page needs them: the server answers them one after another
  return [
    org,
    `${org}/stats`,
    '/api/v1/settings',
    `${org}/elections`,
    ...(selfOnly ? [] : ['/api/v1/orgs/root']),
    `${org}/children`,
  ];
}
