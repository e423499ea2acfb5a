/**
 * Vite config for the web app (src/web). `npm run dev:web` serves it with /api proxied to the local server;
 * `npm run build:web` writes dist/web, which the server hosts.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type ProxyOptions } from 'vite';

const webRoot = fileURLToPath(new URL('./src/web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));

/**
 * Vendor chunks: the framework, the UI kit and the charts change (and cache) independently of the app code.
 * Groups pull in their dependencies, so the most basic libraries get the highest priority (else react-dom would
 * land in the antd chunk). ECharts is only reached from the lazily loaded charts, so its chunk loads on demand.
 */
const vendorGroups = [
  {
    name: 'vendor-react',
    test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|cookie|set-cookie-parser)[\\/]/,
    priority: 50,
  },
  { name: 'vendor-echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/, priority: 40 },
  { name: 'vendor-zod', test: /node_modules[\\/]zod[\\/]/, priority: 40 },
  { name: 'vendor-icons', test: /node_modules[\\/]@ant-design[\\/]icons(-svg)?[\\/]/, priority: 30 },
  // antd's building blocks (pickers, tables, selects, trees, forms…) and antd itself, about half each
  { name: 'vendor-rc', test: /node_modules[\\/](@rc-component|rc-[^\\/]+|dayjs)[\\/]/, priority: 20 },
  { name: 'vendor-antd', test: /node_modules[\\/](antd|@ant-design|@babel[\\/]runtime)[\\/]/, priority: 10 },
];

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
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    // antd (~640 kB, used on every page) and ECharts (~530 kB, loaded only with the charts) are single
    // libraries; cutting them finer only trades one cached request for several.
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
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
