// doctor_checks.h — the checks behind RunDoctor (doctor.h), one function each,
// internal to clasp_native.
#pragma once

#include <memory>

#include "clasp/native/doctor.h"
#include "clasp/native/key_custody.h"
#include "clasp/native/secret_store.h"

namespace clasp::native::doctor {

// A check result with an empty details object.
DoctorCheck MakeCheck(std::string name, std::string status, std::string message);

// KEY-4's verdict, and an error for a key with fewer than 16 distinct bytes.
DoctorCheck MasterKeyCheck(const EnvVars& vars, FileSystem& fs, KeyHome home);
// Each of InstanceDirectories and the SQLite store's files that exists:
// error when it is a symbolic link or (a file) another user's; warn when a
// directory is another user's or anything is more open than 0700 / 0600:
//   home at 0755 -> warn "/h permissions are 755; clasp tightens them to 700 … (or run chmod 700 /h)"
DoctorCheck CustodyCheck(const EnvVars& vars, FileSystem& fs);
DoctorCheck StrictModeCheck(const EnvVars& vars);

// The storage check, and the store the later checks read when there is one
// to read (null for a missing or unusable store; `unavailable` then says why,
// as the message of the checks that had to be skipped).
struct StorageProbe {
  DoctorCheck check;
  std::unique_ptr<SecretStore> store;
  std::string unavailable;
  bool absent = false;  // a fresh instance: no store yet, nothing to check
};
StorageProbe StorageCheck(const EnvVars& vars, FileSystem& fs, const DoctorOptions& options);

// key_check.h's verdict on the configured key: error when the store would
// refuse it (another key's check recorded, or the newest version does not
// decrypt, or the store holds secrets and no key exists), naming both
// fingerprints; ok otherwise.
DoctorCheck StoreKeyCheck(SecretStore& store, const EnvVars& vars, FileSystem& fs, KeyHome home);
DoctorCheck VaultsCheck(SecretStore& store, const EnvVars& vars, FileSystem& fs, KeyHome home);
DoctorCheck BindingsCheck(SecretStore& store);
// Informational (always ok): the live agent API keys counted when `store`
// is given, and that old clasp_agent_v1 HMAC tokens no longer authenticate.
//   3 live keys -> "3 live agent API keys; agent tokens of the old clasp_agent_v1 ..."
DoctorCheck AgentKeysCheck(SecretStore* store);
// Warns when no backup (backup.h's marker) of this store is newer than its
// newest secret version; `storage` is the storage check naming the store.
DoctorCheck BackupCheck(SecretStore& store, const DoctorCheck& storage, const EnvVars& vars, FileSystem& fs);

}  // namespace clasp::native::doctor
