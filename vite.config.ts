/**
 * Vite config for the web app (src/web). `npm run dev:web` serves it with /api proxied to the local server;
 * `npm run build:web` writes dist/web, which the server hosts.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type ProxyOptions } from 'vite';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

const webRoot = fileURLToPath(new URL('./src/web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));

/**
 * Vendor chunks. Only the framework is a chunk of its own (every page needs it, and it changes least); antd, its
 * building blocks and the icons are split by the bundler along the pages that use them, so the sign-in page gets the
 * form and the button but not the tables, pickers and trees. ECharts (and zod) are only reached from lazily loaded
 * chunks, so theirs load on demand. (One antd chunk for all pages made the sign-in page fetch ~1.6 MB.)
 */
const vendorGroups = [
  {
    name: 'vendor-react',
    test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|cookie|set-cookie-parser)[\\/]/,
    priority: 50,
  },
  { name: 'vendor-echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/, priority: 40 },
  { name: 'vendor-zod', test: /node_modules[\\/]zod[\\/]/, priority: 40 },
];

/** Text files smaller than this are not worth a compressed copy. */
const PRECOMPRESS_MIN_BYTES = 1024;

/**
 * Writes `name.br` (brotli, quality 11) and `name.gz` (gzip, level 9) next to each built text file, once, at build
 * time; the server sends them as they are to clients that accept them (src/server/app.ts, `preCompressed`).
 */
function precompress(): Plugin {
  return {
    name: 'jiceng-precompress',
    apply: 'build',
    async writeBundle(options) {
      const dir = options.dir ?? outDir;
      const files = await readdir(dir, { recursive: true, withFileTypes: true });
      await Promise.all(
        files
          .filter((f) => f.isFile() && /\.(js|mjs|css|html|svg|json|txt|map)$/.test(f.name))
          .map(async (f) => {
            const path = join(f.parentPath, f.name);
            const body = await readFile(path);
            if (body.length < PRECOMPRESS_MIN_BYTES) return;
            const br = await brotli(body, {
              params: {
                [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
                [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
                [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
              },
            });
            const gz = await gzip(body, { level: 9 });
            if (br.length < body.length) await writeFile(`${path}.br`, br);
            if (gz.length < body.length) await writeFile(`${path}.gz`, gz);
          }),
      );
    },
  };
}

/** What of the build the static sign-in page needs to start the app in its own document (login/assets.ts). */
interface BuiltChunk {
  type: 'chunk' | 'asset';
  fileName: string;
  isEntry?: boolean;
  facadeModuleId?: string | null;
  imports?: string[];
  viteMetadata?: { importedCss: Set<string> };
}

/**
 * Writes into login.html (`#jc-app-assets`, JSON, which the page's policy lets no script run from) the app's entry
 * module, its style sheets, and the modules to compile ahead while the person types: the entry's imports and the
 * chunks of the first signed-in pages (decision 0017).
 */
function appAssets(): Plugin {
  // the signed-in frame and the page an account of a county or township lands on, with its charts (ECharts)
  const FIRST_PAGES = [
    'layout/SignedIn.tsx',
    'pages/RootRedirect.tsx',
    'pages/OrgPage.tsx',
    'components/StatsCharts.tsx',
  ];
  return {
    name: 'jiceng-app-assets',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.filename.endsWith('login.html') || !ctx.bundle) return html;
        const chunks = Object.values(ctx.bundle as Record<string, BuiltChunk>).filter(
          (c) => c.type === 'chunk',
        );
        const byFile = new Map(chunks.map((c) => [c.fileName, c]));
        const entry = chunks.find((c) => c.isEntry && c.facadeModuleId?.endsWith('/index.html'));
        if (!entry) throw new Error('appAssets: the app entry (index.html) is not in the bundle');
        const modules = new Set<string>();
        const walk = (c: BuiltChunk | undefined) => {
          if (!c || modules.has(c.fileName)) return;
          modules.add(c.fileName);
          for (const i of c.imports ?? []) walk(byFile.get(i));
        };
        walk(entry);
        const pages = FIRST_PAGES.map((page) => {
          const c = chunks.find((x) => x.facadeModuleId?.endsWith(`/src/web/${page}`));
          if (!c) throw new Error(`appAssets: no chunk for ${page}`);
          walk(c);
          return `/${c.fileName}`;
        });
        const assets = {
          entry: `/${entry.fileName}`,
          css: [...(entry.viteMetadata?.importedCss ?? [])].map((f) => `/${f}`),
          modules: [...modules].map((f) => `/${f}`),
          pages,
        };
        const json = JSON.stringify(assets).replace(/</g, '\\u003c');
        return html.replace(
          '</body>',
          `<script type="application/json" id="jc-app-assets">${json}</script></body>`,
        );
      },
    },
  };
}

/** The dev server answers /login with login.html, as the server does (src/server/app.ts). */
function signInPageInDev(): Plugin {
  return {
    name: 'jiceng-sign-in-page-dev',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        if (req.url === '/login' || req.url?.startsWith('/login?'))
          req.url = `/login.html${req.url.slice(6)}`;
        next();
      });
    },
  };
}

/**
 * Everything under /api goes to the server, except the dev server's own modules of src/web/api/ (client.ts,
 * hooks.ts), which share the prefix.
 */
const apiProxy: Record<string, ProxyOptions> = {
  '/api': {
    target: 'http://127.0.0.1:3000',
    changeOrigin: false,
    bypass: (req) => (/^\/api\/[^/?]+\.tsx?(\?|$)/.test(req.url ?? '') ? req.url : undefined),
  },
};

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react(), signInPageInDev(), appAssets(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    // ECharts (~530 kB raw, loaded only with the charts) is one library; cutting it finer only trades one cached
    // request for several.
    chunkSizeWarningLimit: 600,
    // every browser the app supports preloads modules itself; the polyfill would only add to the first chunk
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // two pages: the app, and the static sign-in page (login.html, decision 0017)
      input: { index: join(webRoot, 'index.html'), login: join(webRoot, 'login.html') },
      // antd's form library and its validator declare no "sideEffects" though they have none: without this, every
      // page (the sign-in page too) would carry all of them, pulled in by the config provider's validation messages
      treeshake: {
        moduleSideEffects: [
          { test: /node_modules[\\/]@rc-component[\\/](form|async-validator)[\\/]/, sideEffects: false },
        ],
      },
      output: {
        codeSplitting: { groups: vendorGroups },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: apiProxy,
  },
  preview: {
    proxy: apiProxy,
  },
});
