// The backend the screens use, over the core's generated command wrappers.
// Two transports carry them: Tauri's IPC in the window (tauri.ts), the
// development bridge in a plain browser (bridge.ts).
import { type Backend, CarnetError } from "./backend";
import { commands, type Transport } from "./bindings";
import type { Conflict, DocumentContent } from "./types";

/** A transport, and what the place it runs in does with dropped files. */
export interface CoreTransport extends Transport {
  /** Starts taking files dropped on the page (the window does it natively); returns how to stop. */
  watchDrops?(): () => void;
}

/** `document_content` answers the media type on the first line, then the bytes. */
export function splitPreview(body: Uint8Array): DocumentContent {
  const end = body.indexOf(0x0a);
  if (end < 0) throw CarnetError.from(null);
  return { media_type: new TextDecoder().decode(body.subarray(0, end)), bytes: body.slice(end + 1) };
}

export function createCoreBackend(transport: CoreTransport): Backend {
  const c = commands({
    invoke: async <T>(command: string, args: Record<string, unknown>): Promise<T> => {
      try {
        return await transport.invoke<T>(command, args);
      } catch (raw) {
        throw CarnetError.from(raw);
      }
    },
  });
  return {
    status: () => c.app_status(),
    listMembers: () => c.list_members(),
    createVault: (memberName, passphrase) => c.create_vault({ memberName, passphrase }),
    unlock: (member, passphrase) => c.unlock({ member, passphrase }),
    lock: async () => void (await c.lock()),
    setLanguage: async (lang) => void (await c.set_language({ lang })),
    changePassphrase: async (current, next) => void (await c.change_passphrase({ current, next })),
    saveRecoveryKit: () => c.save_recovery_kit(),

    addMember: (name, passphrase) => c.add_member({ name, passphrase }),
    grantAccess: async (profileId, memberId, role) => void (await c.grant_access({ profileId, memberId, role })),
    revokeAccess: async (profileId, memberId) => void (await c.revoke_access({ profileId, memberId })),

    listProfiles: () => c.list_profiles(),
    createProfile: (info) => c.create_profile({ info }),
    updateProfile: (info) => c.update_profile({ info }),
    selectProfile: async (id) => void (await c.select_profile({ id })),
    overview: () => c.get_overview(),
    deleteProfile: async (confirm) => void (await c.delete_profile({ confirm })),

    listRecords: (kind) => c.list_records({ kind: kind ?? null }),
    vaccinationCalendar: () => c.vaccination_calendar(),
    vaccineChoices: () => c.vaccine_choices(),
    checkUps: () => c.check_ups(),
    todo: () => c.todo(),
    addRecord: (body, notes) => c.add_record({ body, notes: notes ?? null }),
    updateRecord: (id, body, notes) => c.update_record({ id, body, notes: notes ?? null }),
    deleteRecord: async (id) => void (await c.delete_record({ id })),

    documentTypes: () => c.document_types(),
    listDocuments: () => c.list_documents(),
    chooseFiles: () => c.choose_files(),
    // A channel, not an event: the window may listen to no event at all, so
    // Tauri's drag-and-drop events (which carry file paths) never reach it.
    onFilesDropped: async (handler) => {
      let active = true;
      await c.watch_dropped_files({
        onDrop: (files) => {
          if (active) handler(files);
        },
      });
      const stop = transport.watchDrops?.();
      return () => {
        active = false;
        stop?.();
      };
    },
    importDocument: (file, input, onProgress) => c.import_document({ token: file.token, input, onProgress }),
    cancelImport: async () => void (await c.cancel_import()),
    documentContent: async (id) => splitPreview(await c.document_content({ id })),
    exportDocument: (id) => c.export_document({ id }),
    updateDocument: (id, input) => c.update_document({ id, input }),
    setDocumentHidden: (id, hidden) => c.set_document_hidden({ id, hidden }),
    deleteDocument: async (id) => void (await c.delete_document({ id })),

    search: (query) => c.search({ query }),
    auditLog: (limit) => c.audit_log({ limit }),

    backup: (onProgress) => c.backup_vault({ onProgress }),
    restoreBackup: (member, passphrase, onProgress) => c.restore_backup({ member, passphrase, onProgress }),

    syncStatus: () => c.sync_status(),
    pairSync: (server, code, deviceName) => c.pair_sync({ server, code, deviceName }),
    unpairSync: async () => void (await c.unpair_sync()),
    syncNow: (onProgress) => c.sync_now({ onProgress }),
    cancelSync: async () => void (await c.cancel_sync()),
    syncLinkedProfiles: () => c.sync_linked_profiles(),
    listActivity: (limit) => c.list_activity({ limit }),
    markActivitySeen: async () => void (await c.mark_activity_seen()),
    newPairingCode: () => c.new_pairing_code(),
    accessHistory: (limit) => c.access_history({ limit }),
    allowedProfessionals: () => c.allowed_professionals(),
    allowProfessional: (rpps) => c.allow_professional({ rpps }),
    withdrawProfessional: (rpps) => c.withdraw_professional({ rpps }),
    // Every key the core sends has its list.
    listConflicts: () => c.list_conflicts() as Promise<Record<string, Conflict[]>>,

    invitePerson: (name, role, validHours) => c.invite_person({ name, role, validHours }),
    listInvitations: () => c.list_invitations(),
    cancelInvitation: async (id) => void (await c.cancel_invitation({ id })),
    previewInvitation: (server, code) => c.preview_invitation({ server, code }),
    acceptInvitation: (server, code, deviceName, keep) => c.accept_invitation({ server, code, deviceName, keep }),
    listPeople: () => c.list_people(),
    setPersonRole: (person, role, mayHide) => c.set_person_role({ person, role, mayHide }),
    revokePerson: async (person) => void (await c.revoke_person({ person })),
    withdrawDevice: async (device) => void (await c.withdraw_device({ device })),
    peopleHistory: () => c.people_history(),

    shareRelay: () => c.share_relay(),
    setShareRelay: (address, code, deviceName) => c.set_share_relay({ address, code, deviceName }),
    checkShare: async (check) => (await c.check_share(check)).map((issue) => CarnetError.from(issue)),
    createShare: (request) => c.create_share({ request }),
    shares: () => c.shares(),
    refreshShare: (id) => c.refresh_share({ id }),
    revokeShare: (id) => c.revoke_share({ id }),
  };
}
