/**
 * The font family the window's text is set in, as the backend decides it (`ui_font`): the
 * desktop's UI font (`system-ui`, the stylesheet's default), or the generic sans-serif where
 * `system-ui` resolves to the very face it does (no desktop UI font installed), which spares
 * WebKitGTK a fontconfig miss per UI font for every size and weight.
 */

/** The CSS custom property the stylesheet sets all text with. */
export const FONT_PROPERTY = "--font";

/** Set the window's text in `family` (a CSS font-family list); null or "" keeps the stylesheet's. */
export function setUiFont(family: string | null | undefined): void {
  if (typeof document === "undefined" || !family) return;
  document.documentElement.style.setProperty(FONT_PROPERTY, family);
}
