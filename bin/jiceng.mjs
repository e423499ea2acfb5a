#!/usr/bin/env node
// Entry point for `npx jiceng` and `npm start`. Runs the compiled JavaScript in dist/server (made by `npm install`
// through the `prepare` script; see scripts/server-build.mjs) while it is fresh. When it is missing or older than
// the sources, `serve` builds it first and any other command runs the TypeScript sources through tsx, as do tests
// and `npm run dev` (JICENG_FROM_SOURCE=1).
import { buildServer, serverBuildState, SERVER_ENTRY } from '../scripts/server-build.mjs';
import { pathToFileURL } from 'node:url';

function compiledEntry() {
  if (process.env.JICENG_FROM_SOURCE) return null;
  const state = serverBuildState();
  // JICENG_FROM_BUILD=1: the build even when older than the sources (benchmarks; a checkout others are editing)
  if (state === 'fresh' || (state === 'stale' && process.env.JICENG_FROM_BUILD)) return SERVER_ENTRY;
  if (process.argv[2] !== 'serve') return null;
  const r = buildServer({
    onStart: () => console.log('正在编译服务端程序（首次启动或程序有更新，约需半分钟）…'),
  });
  if (r.ok) return SERVER_ENTRY;
  if (r.reason === 'tsc') {
    process.stderr.write(r.output);
    console.error('服务端程序编译失败，改为直接运行 TypeScript 源码');
  }
  return null;
}

const entry = compiledEntry();
if (entry) {
  const { main } = await import(pathToFileURL(entry).href);
  await main(process.argv);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../src/cli/main.ts');
  await main(process.argv);
}
