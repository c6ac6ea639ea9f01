// Translation: French by default, English switchable; `{name}` placeholders.
import { writable, derived, get } from "svelte/store";

import { en } from "./en";
import { fr, type MessageKey } from "./fr";
import type { Lang } from "../ipc/types";

export const dictionaries: Record<Lang, Record<MessageKey, string>> = { fr, en };

export const lang = writable<Lang>("fr");

export function translate(l: Lang, key: MessageKey, params: Record<string, string> = {}): string {
  return dictionaries[l][key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** `$t("key", {param})` in components. */
export const t = derived(lang, (l) => (key: MessageKey, params?: Record<string, string>) => translate(l, key, params));

/** Current language, outside components. */
export const currentLang = (): Lang => get(lang);

export type { MessageKey };
