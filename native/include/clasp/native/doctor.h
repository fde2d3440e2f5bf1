// clasp/native/doctor.h — `clasp doctor`: is this instance fit to hold secrets?
//
// One pass over what an operator would otherwise check by hand, each answer
// a DoctorCheck {name, status ok|warn|error, message, details}. The checks,
// in order:
//   master_key       KEY-4, InspectMasterKey's status and exact messages
//                    (Paperclip's `secrets doctor`);
//   strict_mode      STRICT-2/3 resolved from the environment as `clasp serve`
//                    resolves it; STRICT-6's warning when an authenticated
//                    deployment runs with strict mode off;
//                    A key with fewer than 16 distinct bytes is an error.
//   storage          SQLite: the file exists and its user_version equals
//                    SqliteStore::CurrentSchemaVersion(); PostgreSQL: the
//                    server answers and every column clasp uses is there
//                    (PgStore's read-only open);
//   store_key        whether the store takes the configured key (key_check.h
//                    InspectStoreKey): error, naming both fingerprints, when
//                    another key's check is recorded, the newest version does
//                    not decrypt, or the store holds secrets and no key exists;
//   provider_vaults  every company's vaults, each with HLT-1/2's static
//                    verdict or, where none applies, the offline module check
//                    mapped by HLT-3 (never persisted, never a network call);
//   bindings         the binding doctor's findings (binding_doctor.h),
//                    counted per company and per desync code;
//   backup           warn when no `clasp backup create` of this store
//                    (backup.h's marker) is newer than its newest secret
//                    version: a write since the last backup would be lost.
//   agent_keys       the live agent API keys (informational);
//   file_custody     clasp's directories (the home, instances/, the
//                    instance, db/, secrets/) 0700 and the SQLite files 0600,
//                    none a symbolic link or another user's (system.h).
//
// The key is Paperclip's (key_custody.h KeyHome::kPaperclip) for a
// PostgreSQL database, clasp's for SQLite. The doctor only looks: it creates no key file, no SQLite file, no table,
// and writes no health row. A SQLite file at an older schema is reported,
// not migrated (its vaults and bindings are then not read, since reading
// them through SqliteStore would migrate it). Nothing it returns holds a
// secret value: key material is only decoded to be judged, and binding
// findings name ids, keys and paths.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clasp/json_input.h"
#include "clasp/native/system.h"

namespace clasp::native {

struct DoctorCheck {
  std::string name;
  std::string status;  // "ok" | "warn" | "error"
  std::string message;
  OrderedJson details;  // an object, or null when there is nothing more to say
  // The check could not look (the store is unreachable or unreadable): its
  // verdict is unknown rather than bad, and `clasp doctor` exits 2.
  bool incomplete = false;
};

struct DoctorOptions {
  // --database-url; else DATABASE_URL; neither: SQLite under the home.
  std::optional<std::string> database_url;
};

// Runs every check above against the instance `vars` describes (CLASP_HOME,
// PAPERCLIP_* variables, DATABASE_URL).
//   fresh CLASP_HOME -> master_key warn "Secrets key file does not exist yet: <path>",
//                       storage warn "No clasp store yet at <path> …", vaults and bindings ok
//   key file 0644    -> master_key warn, details.warnings
//                       ["Secrets key file permissions are 644; run chmod 600 <path>"]
//   agent ref without its binding row -> bindings error, details.companies[0].counts
//                       {"desync_ref_without_row":1}
std::vector<DoctorCheck> RunDoctor(const EnvVars& vars, FileSystem& fs, const DoctorOptions& options = {});

// True when no check is an error (warnings are fine): `clasp doctor` exits 0.
bool DoctorHealthy(const std::vector<DoctorCheck>& checks);

// True when some check is incomplete: `clasp doctor` exits 2.
bool DoctorIncomplete(const std::vector<DoctorCheck>& checks);

// {"ok": DoctorHealthy, "checks":[{name, status, message, details?, incomplete?}]}.
OrderedJson DoctorJson(const std::vector<DoctorCheck>& checks);

}  // namespace clasp::native
