// clasp/native/key_custody.h — where the master key lives and how it is kept (KEY-1, KEY-4).
//
// The core decodes key text (master_key.h, KEY-2/KEY-3); this module finds
// that text, creates it when missing and keeps its file private:
//
// KEY-1 source order, as Paperclip's local_encrypted provider:
//   1. PAPERCLIP_SECRETS_MASTER_KEY when non-blank (an invalid one is an
//      error, never a fall-through to the file);
//   2. else the file named by PAPERCLIP_SECRETS_MASTER_KEY_FILE (trimmed,
//      resolved against the working directory);
//   3. else the instance default <instance root>/secrets/master.key: for
//      clasp's own SQLite store Paperclip's layout under clasp's home
//      (KeyHome::kClasp, instance_paths.h InstanceRoot); for a PostgreSQL
//      database — Paperclip's — Paperclip's own file under PAPERCLIP_HOME and
//      PAPERCLIP_INSTANCE_ID (KeyHome::kPaperclip, PaperclipInstanceRoot), so
//      clasp encrypts with the key Paperclip decrypts with.
// A missing file is created with 32 random bytes as base64 text (44 bytes,
// no newline), mode 0600, its directories 0700 — published atomically, so a
// reader never sees a half-written key and two creators agree on one key.
// An existing file with group/other bits is chmod'ed to 0600 on load (KEY-4)
// and the load reports kMasterKeyFilePermissions as a warning.
// The file is never read or chmod'ed through a symbolic link and must be the
// running user's (system.h's file custody); the instance default's
// directories are created or tightened to 0700 (PrepareInstanceDirectory).
//
// Key bytes leave this module only inside SecretBytes; every intermediate
// buffer (file text, decoded array) is wiped.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clasp/diagnostic.h"
#include "clasp/native/random.h"
#include "clasp/native/secret_bytes.h"
#include "clasp/native/status.h"
#include "clasp/native/system.h"

namespace clasp::native {

enum class KeySource { kEnv, kEnvFile, kDefaultFile };

// Whose default key file step 3 means: clasp's (SQLite store) or
// Paperclip's (PostgreSQL database).
enum class KeyHome { kClasp, kPaperclip };

// "env", "env_file", "default_file".
std::string_view KeySourceName(KeySource source);

struct KeyLocation {
  KeySource source = KeySource::kEnv;
  std::string path;  // absolute key file path; empty for kEnv
  KeyHome home = KeyHome::kClasp;
};

// Where the key comes from, for an operator (never the key itself):
//   env                       -> "PAPERCLIP_SECRETS_MASTER_KEY"
//   env_file /k/m.key         -> "PAPERCLIP_SECRETS_MASTER_KEY_FILE /k/m.key"
//   default_file, kPaperclip  -> "Paperclip's default key file /root/.paperclip/instances/default/secrets/master.key"
std::string DescribeKeyLocation(const KeyLocation& location);

// KEY-1 without touching the file.
//   {PAPERCLIP_SECRETS_MASTER_KEY:" "} + {..._FILE:"k/master.key"}, cwd /srv -> env_file "/srv/k/master.key"
//   {CLASP_HOME:"/h"}                       -> default_file "/h/instances/default/secrets/master.key"
//   {HOME:"/root"}                          -> default_file "/root/.clasp/instances/default/secrets/master.key"
//   {HOME:"/root"}, kPaperclip              -> default_file "/root/.paperclip/instances/default/secrets/master.key"
//   {CLASP_INSTANCE_ID:"../x"}              -> kFileIoError "Invalid CLASP_INSTANCE_ID '../x'."
Result<KeyLocation> LocateMasterKey(const EnvVars& vars, FileSystem& fs, KeyHome home = KeyHome::kClasp);

struct LoadedMasterKey {
  SecretBytes key;  // 32 bytes
  KeyLocation location;
  bool created = false;  // this call generated the file
};

// KEY-1..4: the key the local_encrypted provider encrypts with. Warnings
// (kMasterKeyFilePermissions after a chmod) ride in the Result.
//   env "short"                 -> kMasterKeyInvalid (KEY-3 message)
//   file holding "short"        -> kMasterKeyFileInvalid "Invalid secrets master key at <path>"
//   no file                     -> created, 0600, key = its base64 content
Result<LoadedMasterKey> LoadOrCreateMasterKey(const EnvVars& vars, FileSystem& fs, Random& random,
                                              KeyHome home = KeyHome::kClasp);

// The same key without ever creating it: `key` is nullopt when the file
// does not exist (then `location` says where it would be created). For
// stores that already hold secrets, where a new key could only split them.
// kLookOnly also leaves a too-open file's mode alone (the doctor, dry runs).
struct FoundMasterKey {
  std::optional<LoadedMasterKey> key;
  KeyLocation location;
};
enum class KeyLoad { kTightenMode, kLookOnly };
Result<FoundMasterKey> FindMasterKey(const EnvVars& vars, FileSystem& fs, KeyHome home = KeyHome::kClasp,
                                     KeyLoad load = KeyLoad::kTightenMode);

// The doctor's view (KEY-4), never creating or changing anything:
// status "ok" / "warn" / "error" and Paperclip's messages:
//   env valid      -> ok   "Local encrypted provider is using PAPERCLIP_SECRETS_MASTER_KEY"
//   env invalid    -> error "PAPERCLIP_SECRETS_MASTER_KEY is invalid; expected 32-byte base64, 64-char hex, or raw 32-char string"
//   file missing   -> warn "Secrets key file does not exist yet: <path>"
//   file 0644      -> warn, warning "Secrets key file permissions are 644; run chmod 600 <path>"
//   file invalid   -> error "Invalid key material in <path>"
//   file fine      -> ok   "Local encrypted provider configured with key file <path>"
struct KeyHealth {
  std::string status;
  std::string message;
  std::vector<std::string> warnings;
  KeyLocation location;
};
KeyHealth InspectMasterKey(const EnvVars& vars, FileSystem& fs, KeyHome home = KeyHome::kClasp);

}  // namespace clasp::native
