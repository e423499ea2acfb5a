import { lazy, type ComponentType } from 'react';

/**
 * `React.lazy` that draws without suspending once its module is loaded. A lazy component suspends on its first
 * render even when its chunk is already evaluated (the import answers a moment later): the Suspense fallback shows,
 * and React then holds the content back for its fallback throttle (300 ms). `preload()` starts the import; a render
 * after it answered draws the module's component itself, and a render before suspends as `lazy` does (and then also
 * draws the module's component: its import sets it before React retries).
 */
export function preloadable<P extends object>(
  load: () => Promise<{ default: ComponentType<P> }>,
): ComponentType<P> & { preload: () => Promise<unknown> } {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<{ default: ComponentType<P> }> | null = null;
  const preload = () =>
    (pending ??= load().then((m) => {
      loaded = m.default;
      return m;
    }));
  const Lazy = lazy(preload);
  function Preloadable(props: P) {
    const C = (loaded ?? Lazy) as ComponentType<P>;
    return <C {...props} />;
  }
  return Object.assign(Preloadable, { preload });
}
