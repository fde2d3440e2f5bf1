// doctor_checks.h — the checks behind RunDoctor (doctor.h), one function each,
// internal to clasp_native.
#pragma once

#include <memory>

#include "clasp/native/doctor.h"
#include "clasp/native/secret_store.h"

namespace clasp::native::doctor {

// A check result with an empty details object.
DoctorCheck MakeCheck(std::string name, std::string status, std::string message);

DoctorCheck MasterKeyCheck(const EnvVars& vars, FileSystem& fs);
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

DoctorCheck VaultsCheck(SecretStore& store, const EnvVars& vars, FileSystem& fs);
DoctorCheck BindingsCheck(SecretStore& store);
// Live and revoked agent API keys, with the note that clasp_agent_v1 tokens
// stopped working; ok unless the keys cannot be read.
DoctorCheck AgentKeysCheck(SecretStore& store);
// Warns when no backup (backup.h's marker) of this store is newer than its
// newest secret version; `storage` is the storage check naming the store.
DoctorCheck BackupCheck(SecretStore& store, const DoctorCheck& storage, const EnvVars& vars, FileSystem& fs);

}  // namespace clasp::native::doctor
