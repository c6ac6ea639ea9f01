// Syncing said in plain words: what is happening, what a sync did, when the
// last one was.
import { countLabel } from "../../lib/format";
import type { MessageKey } from "../../lib/i18n";
import type { Lang, SyncProgress, SyncReport } from "../../lib/ipc/types";
import { formatInstant, locale } from "../records/format";
import type { Indicator } from "./autosync";

type T = (key: MessageKey, params?: Record<string, string>) => string;

/** "Envoi des documents : 1 sur 3", "Envoi et réception des données…". */
export function progressText(p: SyncProgress | null, t: T): string {
  if (!p) return t("sync.starting");
  const phase = t(`sync.phase.${p.phase}`);
  if (p.phase === "records" || p.items_total === 0) return t("sync.phaseRunning", { phase });
  return t("sync.phaseItems", { phase, done: String(p.items_done), total: String(p.items_total) });
}

/**
 * "À jour. 3 éléments reçus, 1 document envoyé." A document received counts
 * once, whether its details, its content or both arrived.
 */
export function reportText(r: SyncReport, lang: Lang, t: T): string {
  const received = r.records_changed + Math.max(r.documents_changed, r.downloaded);
  const details = [
    received > 0 ? countLabel(received, lang, t, "sync.receivedOne", "sync.receivedMany") : "",
    r.uploaded > 0 ? countLabel(r.uploaded, lang, t, "sync.sentOne", "sync.sentMany") : "",
  ].filter(Boolean);
  const done = details.length > 0 ? t("sync.doneWith", { details: details.join(", ") }) : t("sync.doneNothing");
  const missing = r.still_missing > 0 ? countLabel(r.still_missing, lang, t, "sync.missingOne", "sync.missingMany") : "";
  return [done, missing].filter(Boolean).join(" ");
}

const sameDay = (a: Date, b: Date) => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/** "14:02" (today), or the date too: "12 mars 2025 à 14:02". */
function when(iso: string, lang: Lang, t: T, now: Date): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const time = d.toLocaleTimeString(locale(lang), { hour: "2-digit", minute: "2-digit" });
  if (sameDay(d, now)) return t("sync.indicator.syncedAt", { time });
  const date = d.toLocaleDateString(locale(lang), { day: "numeric", month: "long" });
  return t("sync.indicator.syncedOn", { date, time });
}

/** The indicator's sentence; empty when the profile is not linked. */
export function indicatorText(indicator: Indicator, lastSync: string | null, lang: Lang, t: T, now = new Date()): string {
  switch (indicator) {
    case "hidden":
      return "";
    case "syncing":
      return t("sync.indicator.syncing");
    case "offline":
      return t("sync.indicator.offline");
    case "failed":
      return t("sync.indicator.failed");
    case "never":
      return t("sync.indicator.never");
    case "synced":
      return lastSync ? when(lastSync, lang, t, now) : t("sync.indicator.never");
  }
}

/** The last sync in full, in local time: "12 mars 2025 à 14:02", or "jamais". */
export function lastSyncText(lastSync: string | null, lang: Lang, t: T): string {
  return lastSync ? formatInstant(lastSync, lang) : t("sync.never");
}
