// What a professional did, in words: "a consulté le dossier", "a ouvert le
// document « Bilan sanguin »", "a déposé un élément"…
import type { MessageKey } from "../../lib/i18n";
import type { AccessEntry } from "../../lib/ipc/types";

type T = (key: MessageKey, params?: Record<string, string>) => string;

/** `titles`: the documents of the profile, by id (a deleted one is not named). */
export function accessText(entry: AccessEntry, titles: Map<string, string>, t: T): string {
  const title = entry.document_id ? titles.get(entry.document_id) : undefined;
  switch (entry.action) {
    case "read_record":
      return t("access.action.read_record");
    case "read_document":
      return title ? t("access.action.read_document", { title }) : t("access.action.read_some_document");
    case "document_unavailable":
      // Hidden or absent: the professional was told "not found" either way.
      return title
        ? t("access.action.document_unavailable", { title })
        : t("access.action.some_document_unavailable");
    case "deposit":
      return title ? t("access.action.deposit_document", { title }) : t("access.action.deposit");
    case "refused":
      return t("access.action.refused");
    default:
      // An action this version does not know yet.
      return String(entry.action);
  }
}

/** Documents deposited through the national space, with who deposited them (by document id). */
export function depositedBy(entries: AccessEntry[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of entries) {
    if (e.action === "deposit" && e.document_id && !out.has(e.document_id)) out.set(e.document_id, e.name);
  }
  return out;
}
