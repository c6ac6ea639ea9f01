// Words for the history: every action as a plain sentence, every target named.
import type { MessageKey } from "../../lib/i18n";
import type { AuditAction, AuditEntry } from "../../lib/ipc/types";

export const ACTION_KEYS: Record<AuditAction, MessageKey> = {
  profile_created: "audit.action.profile_created",
  profile_opened: "audit.action.profile_opened",
  profile_updated: "audit.action.profile_updated",
  record_created: "audit.action.record_created",
  record_updated: "audit.action.record_updated",
  record_deleted: "audit.action.record_deleted",
  document_imported: "audit.action.document_imported",
  document_opened: "audit.action.document_opened",
  document_exported: "audit.action.document_exported",
  document_updated: "audit.action.document_updated",
  document_deleted: "audit.action.document_deleted",
  access_granted: "audit.action.access_granted",
  access_revoked: "audit.action.access_revoked",
  backup_created: "audit.action.backup_created",
  share_created: "audit.action.share_created",
  share_revoked: "audit.action.share_revoked",
};

/** The sentence key of an action; `null` for an action this version does not know. */
export function actionKey(action: string): MessageKey | null {
  return Object.hasOwn(ACTION_KEYS, action) ? ACTION_KEYS[action as AuditAction] : null;
}

type T = (key: MessageKey, params?: Record<string, string>) => string;

/** What the line is about, in words: "Allergie : Pénicilline", "Un document", "Le profil"… */
export function targetText(
  entry: AuditEntry,
  t: T,
  names: { members: Map<string, string>; items: Map<string, string> },
): string {
  const id = entry.target_id;
  switch (entry.target_kind) {
    case undefined:
    case null:
    case "":
      return t("audit.target.profile");
    case "record":
      return (id && names.items.get(id)) || t("audit.target.record");
    case "document":
      return (id && names.items.get(id)) || t("audit.target.document");
    case "share":
      return t("audit.target.share");
    case "member": {
      const name = id ? names.members.get(id) : undefined;
      return name ? t("audit.target.memberNamed", { name }) : t("audit.target.member");
    }
    default:
      return entry.target_kind;
  }
}
