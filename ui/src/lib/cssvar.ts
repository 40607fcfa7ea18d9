// Set a CSS custom property through the CSSOM. Unlike a `style="..."` attribute, this is never
// blocked by a content security policy (Tauri may add nonces to style-src, which turns off
// 'unsafe-inline' for attributes).
import type { Action } from "svelte/action";

export const cssVar: Action<HTMLElement, [string, string | number]> = (node, param) => {
  const set = ([name, value]: [string, string | number]) => node.style.setProperty(name, String(value));
  set(param);
  return { update: set };
};
