import { setNonce } from "get-nonce";

let adopted = false;

/**
 * Radix's scroll lock (react-remove-scroll) adds a <style> element when a dialog opens; our
 * CSP admits styles only with the request's nonce. The browser hides the nonce attribute
 * from the DOM but keeps the `nonce` property of Next's own scripts, so it is read there and
 * handed to react-style-singleton through get-nonce — it never travels in a prop or payload.
 */
export function adoptPageNonce(): void {
  if (adopted || typeof document === "undefined") return;
  const nonce = document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce;
  if (!nonce) return;
  setNonce(nonce);
  adopted = true;
}
