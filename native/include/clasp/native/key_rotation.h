// clasp/native/key_rotation.h — `clasp key rotate`: a new master key without losing a value.
//
// A dry run (the default) changes nothing and counts what --apply would
// touch: the local_encrypted_v1 versions, Paperclip's secret proposals
// holding a ciphertext, and the one backup it takes first. --apply:
//   1. checks the configured key is the store's (key_check.h) and, when a
//      key file holds it, that clasp may replace that file (the running
//      user's, not a link), before anything is written;
//   2. writes the backup archive (backup.h) — there is no rotation without one;
//   3. writes the keyring (keyring.h): old key, new key, state "rotating".
//      From here every clasp process reads under both keys and seals under
//      the new one;
//   4. re-encrypts in batches, one transaction each: per row, open under
//      the new key (already done: skipped), else under the old one, seal
//      under the new key, open that again and compare, update. After each
//      committed batch the keyring's cursor moves on;
//   5. the last batch (fewer rows than a batch) also sweeps every row again
//      — a value another process sealed under the old key meanwhile is
//      re-encrypted too — and switches the store's key check to the new key,
//      in the same transaction;
//   6. replaces the key file with the new key (atomically: Paperclip's
//      format, base64 of 32 bytes), then removes the keyring, or keeps it as
//      "retired" (holding the old key) with keep_old.
// A crash anywhere leaves a state the next --apply finishes: before 3 the
// rotation simply starts again (a new backup); from 3 on it resumes from
// the keyring (no new backup: the first one holds the old key and the
// store before any change). The material stays Paperclip's
// local_encrypted_v1, so Paperclip with the new key file reads every value.
//
// A key from PAPERCLIP_SECRETS_MASTER_KEY cannot be replaced by clasp: the
// new key must come from new_key_file, and the report says to set the
// variable to it. No key byte is ever in a message or the report; keys are
// named by their key check fingerprints.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clasp/native/clock.h"
#include "clasp/native/key_custody.h"
#include "clasp/native/random.h"
#include "clasp/native/secret_bytes.h"
#include "clasp/native/secret_store.h"
#include "clasp/native/status.h"
#include "clasp/native/system.h"

namespace clasp::native {

struct KeyRotationOptions {
  bool apply = false;
  bool keep_old = false;
  std::optional<std::string> new_key_file;  // else 32 random bytes
  std::optional<std::string> backup_out;    // required by apply (unless resuming)
  std::optional<SecretBytes> passphrase;    // the backup's; required by apply (unless resuming)
  std::optional<std::string> database_url;  // for the backup, as store_open.h
  int batch_size = 500;
};

struct KeyRotationReport {
  bool applied = false;
  bool resumed = false;         // a keyring said a rotation was under way
  long long versions = 0;       // rows holding local_encrypted_v1 material
  long long proposals = 0;
  long long versions_reencrypted = 0;  // by this run
  long long proposals_reencrypted = 0;
  std::string old_fingerprint;  // key check fingerprints (key_check.h)
  std::string new_fingerprint;
  std::string key_location;     // DescribeKeyLocation
  std::string keyring_path;
  std::string backup;           // the archive taken before the first batch
  bool key_file_written = false;
  bool old_key_kept = false;
  std::vector<std::string> actions;  // what the operator must still do
};

// The rotation above on `store` (opened writable by the caller; `home` its
// KeyHome). Refusals before any write: kMasterKeyMismatch (the configured
// key is not the store's, or not one of a keyring's), kMasterKeyMissing,
// kBackupCredentialRequired (apply without backup_out and passphrase),
// kFileIoError (a key file or keyring clasp may not write, a corrupt
// keyring, new_key_file unreadable or invalid), kInputInvalidValue (the new
// key equals the old, or differs from the keyring's).
Result<KeyRotationReport> RotateMasterKey(SecretStore& store, KeyHome home, const EnvVars& vars, FileSystem& fs,
                                          Clock& clock, Random& random, KeyRotationOptions options);

}  // namespace clasp::native
