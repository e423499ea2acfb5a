import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { isAbort } from './client.js';

export interface RequestState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** fetch again with the same inputs (keeps the current data on screen meanwhile) */
  reload: () => void;
  /** replace the data with a fresher copy a mutation returned */
  setData: (data: T) => void;
}

/**
 * Loads data for a page. Re-runs when `deps` change, cancels the previous request, and ignores answers that
 * arrive after the component moved on. Pass `enabled = false` to wait for an input.
 */
export function useRequest<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
  enabled = true,
): RequestState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState<boolean>(enabled);
  const [tick, setTick] = useState(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const lastDeps = useRef<DependencyList | null>(null);

  useEffect(() => {
    // new inputs (another org, another member): drop the old data; a plain reload keeps it on screen
    const prev = lastDeps.current;
    if (prev && (prev.length !== deps.length || prev.some((d, i) => !Object.is(d, deps[i])))) {
      setData(undefined);
    }
    lastDeps.current = deps;
    if (!enabled) {
      setLoading(false);
      return;
    }
    const ctrl = new AbortController();
    setLoading(true);
    setError(undefined);
    fnRef.current(ctrl.signal).then(
      (d) => {
        if (ctrl.signal.aborted) return;
        setData(d);
        setLoading(false);
      },
      (e: unknown) => {
        if (ctrl.signal.aborted || isAbort(e)) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => ctrl.abort();
  }, [...deps, tick, enabled]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload, setData };
}

/** A value that follows `value` after it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}
