import "server-only";
import { cookies } from "next/headers";
import type { CookieToSet } from "./browser-sign-in";
import { cookieNames } from "./cookies";

/** Sets what signInBrowser returned on the response; any sudo proof of an older session goes. */
export async function setSignInCookies(list: CookieToSet[]): Promise<void> {
  const store = await cookies();
  for (const cookie of list) store.set(cookie.name, cookie.value, cookie.options);
  store.delete(cookieNames().stepUp);
}

/** The browser's session and device cookies as signInBrowser reads them. */
export async function presentedCookies(): Promise<{ session?: string; device?: string }> {
  const store = await cookies();
  return { session: store.get(cookieNames().session)?.value, device: store.get(cookieNames().device)?.value };
}
