// clasp/native/keyring.h — the rotation record: both master keys while a rotation runs.
//
// `clasp key rotate --apply` (key_rotation.h) re-encrypts every value under
// a new master key in batches. Between its first and its last batch the
// store holds values under two keys, so the new key must be on disk before
// the first value is sealed with it, and every reader must know both. The
// keyring file holds them, beside the key file it rotates:
//   <key file>.keyring        (the key from PAPERCLIP_SECRETS_MASTER_KEY_FILE or the default file)
//   <default key file>.keyring (the key from PAPERCLIP_SECRETS_MASTER_KEY: the instance's secrets directory)
// Custody as the key file's (system.h): mode 0600, never read through a
// symbolic link, only the running user's, replaced atomically (temporary
// file, fsync, rename, fsync of the directory), so a crash leaves the old
// record or the new one, never half of one. Its text (wiped after use):
//   clasp-keyring 1
//   state rotating            (or "retired": the rotation finished, old key kept by --keep-old)
//   old <base64 of the 32-byte old key>
//   new <base64 of the 32-byte new key>
//   backup <path of the archive taken before the first batch>
//   cursor <id of the last version re-encrypted in a committed batch, or ->
//   done <versions re-encrypted so far>
// The cursor may lag the store (a crash between a commit and the record's
// update): resuming re-reads from it and skips what already opens under the
// new key, so a lag costs time, never a value.
#pragma once

#include <optional>
#include <string>

#include "clasp/native/key_custody.h"
#include "clasp/native/secret_bytes.h"
#include "clasp/native/status.h"
#include "clasp/native/system.h"

namespace clasp::native {

struct KeyringRecord {
  enum class State { kRotating, kRetired };
  State state = State::kRotating;
  SecretBytes old_key;  // 32 bytes
  SecretBytes new_key;  // 32 bytes
  std::string backup;
  std::string cursor;   // "" before the first committed batch
  long long done = 0;
};

// Where the keyring of the key at `location` lives (above). For kEnv, the
// file the key would be read from without PAPERCLIP_SECRETS_MASTER_KEY.
//   default_file /h/instances/default/secrets/master.key -> "/h/instances/default/secrets/master.key.keyring"
Result<std::string> KeyringPath(const KeyLocation& location, const EnvVars& vars, FileSystem& fs);

// nullopt when there is no keyring. Refused (kFileIoError, naming the path,
// never a byte of it): a symbolic link, another user's file, a mode beyond
// 0600, and a record that does not parse:
//   "Refusing /…/master.key.keyring: not a clasp keyring record (line 3)"
Result<std::optional<KeyringRecord>> ReadKeyring(FileSystem& fs, const std::string& path);

// Writes `record` atomically (above), replacing any earlier one.
Status WriteKeyring(FileSystem& fs, const std::string& path, const KeyringRecord& record);

// The record's text (for the file and for tests); wipe it after use.
std::string KeyringText(const KeyringRecord& record);

}  // namespace clasp::native
