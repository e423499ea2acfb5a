import { createContext, useContext } from 'react';

export interface ShellApi {
  /** re-read the org tree after something changed its shape or its member counts */
  refreshTree: () => void;
  /** select (and reveal) an org in the tree when the page is not an /orgs/:code page, e.g. a member's org */
  focusOrg: (code: string | null) => void;
  /** true on phone widths, where the tree lives in a drawer */
  compact: boolean;
}

export const ShellContext = createContext<ShellApi>({
  refreshTree: () => undefined,
  focusOrg: () => undefined,
  compact: false,
});

export function useShell(): ShellApi {
  return useContext(ShellContext);
}
