//! Declares the app's commands so each needs an explicit permission in a
//! capability file: a command not granted there is refused.

fn main() {
    let commands = &[
        "app_status",
        "list_members",
        "create_vault",
        "unlock",
        "lock",
        "set_language",
        "change_passphrase",
        "save_recovery_kit",
        "add_member",
        "grant_access",
        "revoke_access",
        "list_profiles",
        "create_profile",
        "update_profile",
        "select_profile",
        "get_overview",
        "list_records",
        "add_record",
        "update_record",
        "delete_record",
        "document_types",
        "list_documents",
        "choose_files",
        "import_document",
        "cancel_import",
        "get_document",
        "document_content",
        "export_document",
        "update_document",
        "set_document_hidden",
        "delete_document",
        "search",
        "audit_log",
        "backup_vault",
        "restore_backup",
        "sync_status",
        "pair_sync",
        "unpair_sync",
        "sync_now",
        "cancel_sync",
        "new_pairing_code",
        "access_history",
        "list_conflicts",
    ];
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("Tauri build configuration");
}
