import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConfigProvider } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import { AppRouter, preloadFirstPages } from './router.js';
import { theme } from './theme.js';
import './auth/auth-shell.css';
import './styles.css';
import { APP_BOOT, APP_WARM } from './login/assets.js';
import { startBootReads } from './api/early.js';

const el = document.getElementById('root');
if (!el) throw new Error('找不到页面根节点 #root');

// people who asked their system for less motion get no transitions (also makes screenshots deterministic)
const reduceMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
const appTheme = reduceMotion ? { ...theme, token: { ...theme.token, motion: false } } : theme;

// Enter in a date field confirms the date, never submits the whole form (issue 10 #5): the browser's implicit
// submission is the default action of that keydown, so it is cancelled once the picker has seen the key
document.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter' || e.defaultPrevented) return;
  const t = e.target;
  if (t instanceof HTMLInputElement && t.form && t.closest('.ant-picker')) e.preventDefault();
});

const config = { locale: zhCN, theme: appTheme, button: { autoInsertSpace: false } } as const;

function boot() {
  // the first pages' chunks before the first render: drawn at once instead of suspending (and then waiting for
  // React's fallback throttle); a chunk that fails to load is left to the route's own lazy loading to report
  void preloadFirstPages(location.pathname)
    .catch(() => undefined)
    .then(render);
}

function render() {
  createRoot(el!).render(
    <StrictMode>
      <ConfigProvider {...config}>
        {/* antd's App (message, modal holders) and dayjs's locale come with the signed-in part (layout/SignedIn.tsx) */}
        <AppRouter />
      </ConfigProvider>
    </StrictMode>,
  );
}

// In the static sign-in page (login.html, decision 0017) the app is evaluated ahead while the person types, and
// started by that page once signed in; everywhere else it starts at once.
if (document.getElementById('jc-login')) {
  const w = window as unknown as Record<string, unknown>;
  w[APP_BOOT] = boot;
  w[APP_WARM] = () => import('./login/style-warmup.js').then((m) => m.warmStyles(config));
} else {
  // opened directly (bookmark, new tab, reload): the session and the landing page's data are asked for while the
  // app's code loads (api/early.ts)
  startBootReads(location.pathname);
  boot();
}
