import { createContext, useContext } from 'react';

export interface ShellApi {
  /** re-read the org tree after something changed its shape or its member counts */
  refreshTree: () => void;
  /** select (and reveal) an org in the tree when the page is not an /orgs/:code page, e.g. a member's org */
  focusOrg: (code: string | null) => void;
  /** true on phone widths, where the tree lives in a drawer */
  compact: boolean;
  /**
   * the page's first screen is painted (the org page: its figures): the side bar's tree may be drawn now
   * (decision 0017's session 11 addendum)
   */
  pageDrawn: () => void;
}

export const ShellContext = createContext<ShellApi>({
  refreshTree: () => undefined,
  focusOrg: () => undefined,
  compact: false,
  pageDrawn: () => undefined,
});

export function useShell(): ShellApi {
  return useContext(ShellContext);
}

/**
 * A latch that opens once and tells who listens (`useSyncExternalStore`): the side bar's tree waits on it so that its
 * drawing does not come before the page's first screen.
 */
export interface Latch {
  readonly open: () => void;
  readonly isOpen: () => boolean;
  readonly subscribe: (listener: () => void) => () => void;
}

export function createLatch(initiallyOpen = false): Latch {
  let opened = initiallyOpen;
  const listeners = new Set<() => void>();
  return {
    open: () => {
      if (opened) return;
      opened = true;
      for (const l of [...listeners]) l();
    },
    isOpen: () => opened,
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}
