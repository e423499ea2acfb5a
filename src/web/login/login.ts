/**
 * The static sign-in page (login.html; issue 10 #2, decision 0017). The form is HTML, usable as soon as the document
 * is parsed; this script (a few KB, no React, no antd) checks it, signs in through the API, and then starts the app in
 * this same document. While the person types, once the browser is idle, it fetches and evaluates the app (the entry
 * the build lists in #jc-app-assets) and compiles the first signed-in pages, so that signing in does not wait for them.
 */
import './login.css';
import type { SessionUser } from '../../shared/schemas.js';
import { afterSignIn, safeNext } from '../auth/paths.js';
import { landingReads, startEarly } from '../api/early.js';
import { APP_BOOT, APP_WARM, SIGNED_IN_USER, type AppAssets } from './assets.js';

const API = '/api/v1';
const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const form = byId<HTMLFormElement>('jc-login-form');
const username = byId<HTMLInputElement>('jc-login-username');
const password = byId<HTMLInputElement>('jc-login-password');
const submit = byId<HTMLButtonElement>('jc-login-submit');
const alertBox = byId<HTMLDivElement>('jc-login-alert');
const eye = byId<HTMLButtonElement>('jc-login-eye');
const next = safeNext(new URLSearchParams(location.search).get('next'));
if (next) byId('jc-login-subtitle').textContent = '登录后将回到您刚才访问的页面。';

// ------------------------------------------------------------------------------------------------ the app, once idle
function appAssets(): AppAssets | null {
  const el = document.getElementById('jc-app-assets');
  if (!el?.textContent) return null; // the dev server: no build, the app is loaded by a full page load
  return JSON.parse(el.textContent) as AppAssets;
}

function addLink(rel: string, href: string, as?: string): HTMLLinkElement {
  const link = document.createElement('link');
  link.rel = rel;
  link.href = href;
  if (as) link.as = as;
  if (rel === 'modulepreload') link.crossOrigin = '';
  document.head.appendChild(link);
  return link;
}

let app: Promise<() => void> | null = null;
/** set once the app has been started in this document */
let started = false;
/** Fetches and evaluates the app's entry (it does not draw: it leaves its start function for us), once. */
function loadApp(assets: AppAssets): Promise<() => void> {
  app ??= import(/* @vite-ignore */ assets.entry).then(() => {
    const boot = (window as unknown as Record<string, unknown>)[APP_BOOT];
    if (typeof boot !== 'function') throw new Error('the app did not register its start function');
    return boot as () => void;
  });
  return app;
}

const whenIdle = () =>
  new Promise<void>((done) =>
    'requestIdleCallback' in window ? window.requestIdleCallback(() => done()) : setTimeout(done, 200),
  );

/**
 * Evaluates the first signed-in pages' chunks, one at a time, each when the browser is idle again; then has the app
 * write the style sheets of the components those pages draw (login/style-warmup.tsx).
 */
async function evaluatePages(assets: AppAssets) {
  for (const page of assets.pages) {
    if (started) return;
    await whenIdle();
    await import(/* @vite-ignore */ page).catch(() => undefined);
  }
  await whenIdle();
  const warm = (window as unknown as Record<string, unknown>)[APP_WARM];
  if (!started && typeof warm === 'function') await (warm as () => Promise<void>)().catch(() => undefined);
}

function prefetchApp() {
  const assets = appAssets();
  const conn = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
  if (!assets || conn?.saveData) return;
  for (const href of assets.css) addLink('preload', href, 'style');
  for (const href of assets.modules) addLink('modulepreload', href);
  void loadApp(assets)
    .then(() => evaluatePages(assets))
    .catch(() => undefined);
}
if ('requestIdleCallback' in window) window.requestIdleCallback(prefetchApp, { timeout: 3000 });
else setTimeout(prefetchApp, 1500);

/** Starts the app in this document at `target`, or loads `target` as a page when that cannot be done. */
async function startApp(user: SessionUser, target: string) {
  const assets = appAssets();
  if (!assets) return location.replace(target);
  try {
    const boot = await loadApp(assets);
    await Promise.all(
      assets.css.map(
        (href) =>
          new Promise<void>((done) => {
            const link = addLink('stylesheet', href);
            link.onload = link.onerror = () => done();
          }),
      ),
    );
    (window as unknown as Record<string, unknown>)[SIGNED_IN_USER] = user;
    history.replaceState(null, '', target);
    document.title = '基层党建 · 组织管理';
    document.documentElement.classList.add('jc-app');
    started = true;
    boot();
  } catch {
    location.replace(target);
  }
}

// ------------------------------------------------------------------------------------------------------- the form
interface ApiFailure {
  error?: { code?: string; message?: string };
}

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(API + path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'content-type': 'application/json', 'x-requested-with': 'jiceng' },
    body: JSON.stringify(body),
  });
}

async function failureMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as ApiFailure;
    if (body.error?.message) return body.error.message;
  } catch {
    // not JSON: a proxy's page
  }
  if (res.status >= 502 && res.status <= 504) return '服务暂时不可用，请稍后重试';
  return `服务器返回了错误（${res.status}），请稍后重试`;
}

function fieldError(input: HTMLInputElement, missing: boolean) {
  const box = document.getElementById(`${input.id}-error`)!;
  box.hidden = !missing;
  input.closest('.jc-login-field')!.classList.toggle('jc-invalid', missing);
  if (missing) {
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', box.id);
  } else {
    input.removeAttribute('aria-invalid');
    input.removeAttribute('aria-describedby');
  }
}

function showAlert(message: string | null) {
  alertBox.hidden = !message;
  alertBox.textContent = message ?? '';
}

let busy = false;
function setBusy(on: boolean) {
  busy = on;
  submit.setAttribute('aria-busy', String(on));
  submit.textContent = on ? '正在登录…' : '登录';
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  if (busy) return;
  const name = username.value.trim();
  fieldError(username, !name);
  fieldError(password, !password.value);
  if (!name) return username.focus();
  if (!password.value) return password.focus();
  showAlert(null);
  setBusy(true);
  void (async () => {
    let res: Response;
    try {
      res = await post('/auth/login', { username: name, password: password.value });
    } catch {
      setBusy(false);
      return showAlert('无法连接服务器，请检查网络后重试');
    }
    if (!res.ok) {
      showAlert(await failureMessage(res));
      password.value = '';
      setBusy(false);
      return password.focus();
    }
    const { user } = (await res.json()) as { user: SessionUser };
    const target = afterSignIn(user, next);
    // the landing page's data comes while the app starts, not after it has drawn
    if (appAssets()) startEarly(landingReads(target, user.orgCode, !user.capabilities.binding.subtree));
    await startApp(user, target);
  })();
});

// the form is handled from here on (login.html leaves the button disabled until then)
submit.disabled = false;

for (const input of [username, password]) {
  input.addEventListener('input', () => {
    if (input.value.trim()) fieldError(input, false);
    if (!alertBox.hidden) showAlert(null);
  });
}

eye.addEventListener('click', () => {
  const show = password.type === 'password';
  password.type = show ? 'text' : 'password';
  eye.setAttribute('aria-pressed', String(show));
  eye.setAttribute('aria-label', show ? '隐藏密码' : '显示密码');
});

// already signed in (another tab, a bookmark of /login): straight on
void fetch(`${API}/auth/me`, {
  credentials: 'same-origin',
  headers: { accept: 'application/json', 'x-requested-with': 'jiceng' },
})
  .then(async (res) => {
    if (res.ok && !busy) location.replace(afterSignIn((await res.json()) as SessionUser, next));
  })
  .catch(() => undefined);
