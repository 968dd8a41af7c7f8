/**
 * Where the app's own pages come from: a privileged `app://wallet/` scheme
 * served from the packaged renderer (never `file://`, which would give a page
 * the whole disk as its origin). Only frames with this origin may call the
 * wallet over IPC, and no window may navigate anywhere else.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'wallet';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const MAIN_PAGE = `${APP_ORIGIN}/index.html`;
export const PROMPT_PAGE = `${APP_ORIGIN}/index.html#/consent`;

/** True when `url` is a page of the app itself. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '' && u.port === '';
  } catch {
    return false;
  }
}
