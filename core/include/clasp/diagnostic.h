// clasp/diagnostic.h — the one vocabulary every clasp verdict is written in.
//
// Every rule in core/ answers with a list of Diagnostic values. A diagnostic
// carries a stable machine code (the string never changes once released; the
// browser, the server and the CLI all switch on it), a JSON Pointer (RFC 6901)
// to the offending input, a human message (Paperclip's exact text where
// Paperclip has one) and the HTTP status Paperclip answers with.
//
// Messages never contain a secret value: they name keys and fields only.
//
// The table below is the registry of codes. Add new codes at the end of their
// section; never renumber or rename.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace clasp {

enum class Severity { kError, kWarning };

// X(enumerator, "stable_code", default_http_status)
#define CLASP_DIAGNOSTIC_CODES(X)                                            \
  /* input decoding (json_input.h), request schemas (secret_request.h) */    \
  X(kInputMalformedJson, "input_malformed_json", 400)                        \
  X(kInputTooDeep, "input_too_deep", 400)                                    \
  X(kInputTooLarge, "input_too_large", 413)                                  \
  X(kInputInvalidUtf8, "input_invalid_utf8", 400)                            \
  X(kInputWrongType, "input_wrong_type", 400)                                \
  X(kInputInvalidValue, "input_invalid_value", 400)                          \
  /* env bindings (env_binding.h): ENV-1..5, RED-1 */                        \
  X(kEnvNotObject, "env_not_object", 422)                                    \
  X(kEnvKeyInvalid, "env_key_invalid", 422)                                  \
  X(kEnvBindingInvalid, "env_binding_invalid", 422)                          \
  X(kEnvRedactedPlaceholder, "env_redacted_placeholder", 422)                \
  X(kEnvReservedKey, "env_reserved_key", 422)                                \
  /* strict mode (strict_mode.h): STRICT-1..6 */                             \
  X(kStrictSensitivePlain, "strict_sensitive_plain", 422)                    \
  X(kStrictOffInAuthenticated, "strict_off_in_authenticated", 200)           \
  X(kStrictConfigInvalid, "strict_config_invalid", 400)                      \
  X(kSensitivePatternInvalid, "sensitive_pattern_invalid", 400)              \
  /* provider-vault configs (vault_config.h): VLT-5, VLT-6 */                \
  X(kVaultProviderUnknown, "vault_provider_unknown", 400)                    \
  X(kVaultConfigNotObject, "vault_config_not_object", 400)                   \
  X(kVaultConfigSensitiveField, "vault_config_sensitive_field", 400)         \
  X(kVaultConfigUnknownField, "vault_config_unknown_field", 400)             \
  X(kVaultConfigInvalidField, "vault_config_invalid_field", 400)             \
  X(kVaultConfigNestedCredential, "vault_config_nested_credential", 400)     \
  /* vault address (vault_address.h): VLT-7 */                               \
  X(kVaultAddressInvalidUrl, "vault_address_invalid_url", 400)               \
  X(kVaultAddressNotOrigin, "vault_address_not_origin", 400)                 \
  X(kVaultAddressNotString, "vault_address_not_string", 400)                 \
  /* vault status, default, selection (vault_status.h): VLT-1..4, VLT-D */   \
  X(kVaultDisplayNameInvalid, "vault_display_name_invalid", 400)             \
  X(kVaultStatusInvalid, "vault_status_invalid", 400)                        \
  X(kVaultLockedComingSoon, "vault_locked_coming_soon", 422)                 \
  X(kVaultDefaultNotAllowed, "vault_default_not_allowed", 422)               \
  X(kVaultConfigRejected, "vault_config_rejected", 422)                      \
  X(kVaultNotFound, "vault_not_found", 404)                                  \
  X(kVaultCompanyMismatch, "vault_company_mismatch", 422)                    \
  X(kVaultProviderMismatch, "vault_provider_mismatch", 422)                  \
  X(kVaultSelectedComingSoon, "vault_selected_coming_soon", 422)             \
  X(kVaultSelectedDisabled, "vault_selected_disabled", 422)                  \
  /* bindings (binding_sync.h, binding_context.h, desync.h) */               \
  X(kSecretNotFound, "secret_not_found", 404)                                \
  X(kSecretCompanyMismatch, "secret_company_mismatch", 422)                  \
  X(kSecretScopeInvalid, "secret_scope_invalid", 422)                        \
  X(kUserSecretDefinitionMissing, "user_secret_definition_missing", 404)    \
  X(kUserSecretDefinitionExists, "user_secret_definition_exists", 409)      \
  X(kUserSecretDefinitionInactive, "user_secret_definition_inactive", 422)  \
  X(kUserSecretValueMissing, "user_secret_value_missing", 404)              \
  X(kUserSecretValueExists, "user_secret_value_exists", 409)                \
  X(kBindingMissing, "binding_missing", 422)                                 \
  X(kBindingNotAllowed, "binding_not_allowed", 422)                          \
  X(kBindingAccessTargetInvalid, "binding_access_target_invalid", 422)       \
  X(kBindingAccessAliasInvalid, "binding_access_alias_invalid", 422)         \
  X(kBindingDuplicate, "binding_duplicate", 409)                             \
  X(kSyncReplaceAllRequired, "sync_replace_all_required", 409)               \
  X(kDesyncRefWithoutRow, "desync_ref_without_row", 409)                     \
  X(kDesyncRowWithoutRef, "desync_row_without_ref", 409)                     \
  X(kDesyncRowOtherSecret, "desync_row_other_secret", 409)                   \
  X(kDesyncRowOtherVersion, "desync_row_other_version", 409)                 \
  X(kDesyncCrossCompany, "desync_cross_company", 409)                        \
  X(kDesyncDeletedSecret, "desync_deleted_secret", 409)                      \
  X(kBindingClass3AllowlistRequired, "class_3_static_lease_allowlist_required", 422) \
  X(kBindingClass3NotAllowed, "class_3_static_lease_not_allowed", 422)     \
  X(kSyncEnvAbsent, "sync_env_absent", 200)                                \
  /* master key (master_key.h): KEY-2, KEY-3 */                              \
  X(kMasterKeyInvalid, "master_key_invalid", 400)                            \
  X(kMasterKeyFileInvalid, "master_key_file_invalid", 400)                   \
  X(kMasterKeyFilePermissions, "master_key_file_permissions", 200)           \
  /* portable declarations (portable.h): PORT-1/2 */                         \
  X(kPortPathOmitted, "port_path_omitted", 200)                              \
  X(kPortSystemDependent, "port_system_dependent", 200)                      \
  /* native engine (clasp/native/): KEY-1, KEY-5, CRUD-1..4, AUD-1 */          \
  X(kRandomUnavailable, "random_unavailable", 500)                           \
  X(kStorageError, "storage_error", 500)                                     \
  X(kFileIoError, "file_io_error", 500)                                      \
  X(kMaterialInvalid, "material_invalid", 400)                               \
  X(kDecryptFailed, "decrypt_failed", 500)                                   \
  /* one master key per store (clasp/native/key_check.h) */                  \
  X(kMasterKeyMismatch, "master_key_mismatch", 500)                          \
  X(kMasterKeyMissing, "master_key_missing", 500)                            \
  X(kExternalRefUnsupported, "external_ref_unsupported", 400)                \
  X(kSecretDeleted, "secret_deleted", 404)                                   \
  X(kSecretInactive, "secret_inactive", 422)                                 \
  X(kVersionMissing, "version_missing", 404)                                 \
  X(kVersionInactive, "version_inactive", 422)                               \
  X(kSecretNameExists, "secret_name_exists", 409)                            \
  X(kSecretKeyExists, "secret_key_exists", 409)                              \
  X(kSecretKeyRequired, "secret_key_required", 422)                          \
  X(kSecretExternalRefRequired, "secret_external_ref_required", 422)         \
  X(kSecretManagedExternalRef, "secret_managed_external_ref", 422)           \
  X(kSecretManagedValueRequired, "secret_managed_value_required", 422)       \
  X(kSecretRotateInactive, "secret_rotate_inactive", 422)                    \
  X(kSecretVersionStale, "secret_version_stale", 409)                        \
  X(kSecretPatchForbidden, "secret_patch_forbidden", 422)                   \
  X(kSecretInUse, "secret_in_use", 409)                                      \
  /* backup and restore (clasp/native/backup.h) */                           \
  X(kBackupInvalid, "backup_invalid", 400)                                   \
  X(kBackupRestoreRefused, "backup_restore_refused", 409)                    \
  X(kBackupCredentialRequired, "backup_credential_required", 400)            \
  X(kBackupAuthFailed, "backup_auth_failed", 400)                            \
  X(kBackupPlaintextArchive, "backup_plaintext_archive", 400)                \
  /* run-time env assembly (run_env.h) */                                    \
  X(kRunEnvUserSecretUnavailable, "run_env_user_secret_unavailable", 422) \
  /* external references and remote import (external_ref.h, remote_import.h) */ \
  X(kProviderNotConfigured, "provider_not_configured", 422)                  \
  X(kProviderGuardrail, "provider_guardrail", 422)                           \
  X(kRemoteImportUnsupported, "remote_import_unsupported", 422)              \
  X(kRemoteInventoryInvalid, "remote_inventory_invalid", 400)                \
  /* storage that cannot answer now (lock held too long, server gone) */     \
  X(kStorageUnavailable, "storage_unavailable", 503)                         \
  /* a remote provider's answer (Paperclip's SecretProviderClientError codes */ \
  /* and statuses, secrets/types.js; clasp/native/aws/secrets_manager.h)    */ \
  X(kProviderAccessDenied, "access_denied", 403)                             \
  X(kProviderThrottled, "throttled", 429)                                    \
  X(kProviderNotFound, "not_found", 404)                                     \
  X(kProviderConflict, "conflict", 409)                                      \
  X(kProviderInvalidRequest, "invalid_request", 422)                         \
  X(kProviderUnavailable, "provider_unavailable", 503)                       \
  X(kProviderError, "provider_error", 502)

enum class Code {
#define CLASP_X(name, str, status) name,
  CLASP_DIAGNOSTIC_CODES(CLASP_X)
#undef CLASP_X
};

// The stable string for a code, e.g. Code::kEnvKeyInvalid -> "env_key_invalid".
std::string_view CodeName(Code code);
// The HTTP status Paperclip answers with for this rule (200 for warnings).
int DefaultHttpStatus(Code code);
// Every code in declaration order (for documentation and the TS bindings).
const std::vector<Code>& AllCodes();

struct Diagnostic {
  Code code;
  std::string path;  // JSON Pointer into the caller's input, "" = the whole input
  std::string message;
  int http_status;
  Severity severity = Severity::kError;
};

// Builds a diagnostic with the code's default HTTP status.
Diagnostic MakeDiagnostic(Code code, std::string path, std::string message,
                          Severity severity = Severity::kError);

// Appends one reference token to a JSON Pointer, escaping "~" and "/".
//   JsonPointerAppend("/config", "a/b") == "/config/a~1b"
std::string JsonPointerAppend(std::string_view pointer, std::string_view token);

// True when any diagnostic in the list is an error (warnings don't fail a verdict).
bool HasErrors(const std::vector<Diagnostic>& diagnostics);

}  // namespace clasp
