/**
 * What the static sign-in page and the app agree on (decision 0017): the build writes the app's files into
 * login.html as JSON (`#jc-app-assets`, vite.config.ts); the app's entry, evaluated there, leaves its start function
 * on `window[APP_BOOT]` instead of drawing; the sign-in page hands the signed-in account over on
 * `window[SIGNED_IN_USER]`, so that the app does not ask the server who is signed in again.
 */
export interface AppAssets {
  /** the app's entry module (index.html's script) */
  entry: string;
  /** its style sheets */
  css: string[];
  /** modules to compile ahead: the entry's imports and the first signed-in pages' chunks */
  modules: string[];
  /** the first signed-in pages' own chunks, evaluated ahead after the entry */
  pages: string[];
}

export const APP_BOOT = '__jicengBoot';
/** the app's entry, on the sign-in page, also leaves a function that draws its styles ahead (login/style-warmup.tsx) */
export const APP_WARM = '__jicengWarm';
export const SIGNED_IN_USER = '__jicengSignedIn';
