// The page language, shared by every component: French by default, English
// when the browser prefers it, switchable at any time.
import { pickLang, translate, type Lang, type MessageKey } from "./i18n";

export const ui = $state<{ lang: Lang }>({ lang: pickLang(typeof navigator === "undefined" ? undefined : navigator.language) });

/** Reads `ui.lang`, so templates that call it follow the switch. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(ui.lang, key, params);
}
