// The real backend: Tauri commands over carnet-api.
import { Channel, invoke as tauriInvoke } from "@tauri-apps/api/core";

import { type Backend, CarnetError } from "./backend";
import type { ChosenFile, DocumentContent } from "./types";

export type Invoke = (cmd: string, args?: Record<string, unknown>) => Promise<unknown>;

/** A progress channel: the shell streams `{done, total}` through it. */
function progressChannel<T>(onProgress: (p: T) => void): Channel<T> {
  const channel = new Channel<T>();
  channel.onmessage = onProgress;
  return channel;
}

/** `document_content` answers the media type on the first line, then the bytes. */
export function splitPreview(body: Uint8Array): DocumentContent {
  const end = body.indexOf(0x0a);
  if (end < 0) throw CarnetError.from(null);
  return { media_type: new TextDecoder().decode(body.subarray(0, end)), bytes: body.slice(end + 1) };
}

export function createTauriBackend(invoke: Invoke = tauriInvoke): Backend {
  async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
    try {
      return (await invoke(cmd, args)) as T;
    } catch (raw) {
      throw CarnetError.from(raw);
    }
  }
  return {
    status: () => call("app_status"),
    listMembers: () => call("list_members"),
    createVault: (memberName, passphrase) => call("create_vault", { memberName, passphrase }),
    unlock: (member, passphrase) => call("unlock", { member, passphrase }),
    lock: () => call("lock"),
    setLanguage: (lang) => call("set_language", { lang }),
    changePassphrase: (current, next) => call("change_passphrase", { current, next }),
    saveRecoveryKit: () => call("save_recovery_kit"),

    addMember: (name, passphrase) => call("add_member", { name, passphrase }),
    grantAccess: (profileId, memberId, role) => call("grant_access", { profileId, memberId, role }),
    revokeAccess: (profileId, memberId) => call("revoke_access", { profileId, memberId }),

    listProfiles: () => call("list_profiles"),
    createProfile: (info) => call("create_profile", { info }),
    updateProfile: (info) => call("update_profile", { info }),
    selectProfile: (id) => call("select_profile", { id }),
    overview: () => call("get_overview"),

    listRecords: (kind) => call("list_records", { kind: kind ?? null }),
    addRecord: (body, notes) => call("add_record", { body, notes: notes ?? null }),
    updateRecord: (id, body, notes) => call("update_record", { id, body, notes: notes ?? null }),
    deleteRecord: (id) => call("delete_record", { id }),

    documentTypes: () => call("document_types"),
    listDocuments: () => call("list_documents"),
    chooseFiles: () => call("choose_files"),
    // A channel, not an event: the window may listen to no event at all, so
    // Tauri's drag-and-drop events (which carry file paths) never reach it.
    onFilesDropped: async (handler) => {
      const channel = new Channel<ChosenFile[]>();
      let active = true;
      channel.onmessage = (files) => {
        if (active) handler(files);
      };
      await call("watch_dropped_files", { onDrop: channel });
      return () => {
        active = false;
      };
    },
    importDocument: (file, input, onProgress) =>
      call("import_document", { token: file.token, input, onProgress: progressChannel(onProgress) }),
    cancelImport: () => call("cancel_import"),
    documentContent: async (id) => {
      const raw = await call<ArrayBuffer | number[]>("document_content", { id });
      return splitPreview(raw instanceof ArrayBuffer ? new Uint8Array(raw) : Uint8Array.from(raw));
    },
    exportDocument: (id) => call("export_document", { id }),
    updateDocument: (id, input) => call("update_document", { id, input }),
    setDocumentHidden: (id, hidden) => call("set_document_hidden", { id, hidden }),
    deleteDocument: (id) => call("delete_document", { id }),

    search: (query) => call("search", { query }),
    auditLog: (limit) => call("audit_log", { limit }),

    backup: (onProgress) => call("backup_vault", { onProgress: progressChannel(onProgress) }),
    restoreBackup: (member, passphrase, onProgress) =>
      call("restore_backup", { member, passphrase, onProgress: progressChannel(onProgress) }),

    syncStatus: () => call("sync_status"),
    pairSync: (server, code, deviceName) => call("pair_sync", { server, code, deviceName }),
    unpairSync: () => call("unpair_sync"),
    syncNow: (onProgress) => call("sync_now", { onProgress: progressChannel(onProgress) }),
    cancelSync: () => call("cancel_sync"),
    newPairingCode: () => call("new_pairing_code"),
    accessHistory: (limit) => call("access_history", { limit }),
    allowedProfessionals: () => call("allowed_professionals"),
    allowProfessional: (rpps) => call("allow_professional", { rpps }),
    withdrawProfessional: (rpps) => call("withdraw_professional", { rpps }),
    listConflicts: () => call("list_conflicts"),

    shareRelay: () => call("share_relay"),
    setShareRelay: (address, code, deviceName) => call("set_share_relay", { address, code, deviceName }),
    createShare: (request) => call("create_share", { request }),
    shares: () => call("shares"),
    refreshShare: (id) => call("refresh_share", { id }),
    revokeShare: (id) => call("revoke_share", { id }),
  };
}
