// clasp backup create | verify | restore: the store and its master key in one
// archive (native/backup.h). Counts and paths only: never a value, never the key.
#include <iostream>

#include "cli.h"
#include "clasp/native/backup.h"
#include "commands.h"

namespace clasp::cli {
namespace {

using namespace clasp::native;

constexpr const char* kUsage =
    "usage: clasp backup create OUT [--home DIR] [--database-url URL] [--json]\n"
    "       clasp backup verify ARCHIVE [--json]\n"
    "       clasp backup restore ARCHIVE [--home DIR] [--force] [--json]\n"
    "create: one archive (mode 0600, never overwriting OUT) holding a consistent snapshot of the store,\n"
    "  the master key and a manifest (counts, SHA-256 of each member); records the backup for clasp\n"
    "  doctor. PostgreSQL (--database-url / DATABASE_URL): the rows clasp uses, read in one REPEATABLE\n"
    "  READ transaction into a SQLite snapshot (not a Paperclip dump: use pg_dump for that).\n"
    "verify: checksums, the snapshot opened as a store, every local_encrypted version decrypted with\n"
    "  the archive's key. Exit 0 ok, 1 problems (each named: secret id + version), 2 unreadable file.\n"
    "restore: the archive's store and key into the home (SQLite). Refuses to replace a store holding\n"
    "  secrets or a different key file unless --force. Stop clasp serve first.\n"
    "Exit: 0 ok, 1 problems found or restore refused, 2 usage or I/O error.\n";

int Fail(const std::vector<Diagnostic>& diagnostics) {
  int exit = kExitUsage;
  for (const Diagnostic& d : diagnostics) {
    std::cerr << "clasp backup: " << TerminalSafe(d.message) << "\n";
    if (d.code == Code::kBackupRestoreRefused || d.code == Code::kBackupInvalid) exit = kExitProblems;
  }
  if (diagnostics.empty()) std::cerr << "clasp backup: failed\n";
  return exit;
}

std::string CountsText(const BackupCounts& c) {
  return std::to_string(c.secrets) + " secrets, " + std::to_string(c.versions) + " versions, " +
         std::to_string(c.bindings) + " bindings";
}

OrderedJson CountsJson(const BackupCounts& c) {
  return {{"secrets", c.secrets}, {"versions", c.versions}, {"bindings", c.bindings}};
}

MapEnvVars EnvFor(const Args& args) {
  std::map<std::string, std::string, std::less<>> overrides;
  if (auto home = args.Value("home")) overrides["CLASP_HOME"] = *home;
  return ProcessEnvWith(overrides);
}

int Create(const Args& args) {
  const MapEnvVars vars = EnvFor(args);
  auto created = CreateBackup(vars, PosixFileSystem(), SystemClock(), args.positionals[1], args.Value("database-url"));
  if (!created.ok()) {
    for (const Diagnostic& d : created.diagnostics) std::cerr << "clasp backup: " << TerminalSafe(d.message) << "\n";
    return kExitUsage;
  }
  if (args.Has("json")) {
    std::cout << DumpJson(OrderedJson{{"ok", true}, {"archive", args.positionals[1]},
                                      {"manifest", BackupManifestJson(*created.value)}},
                          2)
              << "\n";
  } else {
    std::cout << "backup written to " << TerminalSafe(args.positionals[1]) << " (mode 0600): "
              << CountsText(created.value->counts) << "; key " << created.value->key_fingerprint << "\n";
  }
  return kExitOk;
}

int Verify(const Args& args) {
  auto verified = VerifyBackup(args.positionals[1]);
  if (!verified.ok()) return Fail(verified.diagnostics);
  const BackupVerification& v = *verified.value;
  if (args.Has("json")) {
    std::cout << DumpJson(BackupVerificationJson(v), 2) << "\n";
  } else {
    for (const BackupProblem& p : v.problems) std::cout << "problem " << p.code << ": " << TerminalSafe(p.message) << "\n";
    std::cout << (v.ok() ? "ok: " : "FAILED: ") << CountsText(v.found) << "; " << v.versions_decrypted
              << " versions decrypt with the archive's key, " << v.versions_external << " external; "
              << v.problems.size() << " problems\n";
  }
  return v.ok() ? kExitOk : kExitProblems;
}

int Restore(const Args& args) {
  const MapEnvVars vars = EnvFor(args);
  RestoreOptions options;
  options.force = args.Has("force");
  auto restored = RestoreBackup(vars, PosixFileSystem(), args.positionals[1], options);
  if (!restored.ok()) return Fail(restored.diagnostics);
  const BackupRestored& r = *restored.value;
  if (args.Has("json")) {
    std::cout << DumpJson(OrderedJson{{"ok", true}, {"storePath", r.store_path}, {"keyPath", r.key_path},
                                      {"keyWritten", r.key_written}, {"counts", CountsJson(r.counts)}},
                          2)
              << "\n";
  } else {
    std::cout << "restored " << CountsText(r.counts) << " into " << TerminalSafe(r.store_path) << "; key "
              << (r.key_written ? "written to " + TerminalSafe(r.key_path)
                                : r.key_path.empty() ? std::string("from PAPERCLIP_SECRETS_MASTER_KEY (unchanged)")
                                                     : "already at " + TerminalSafe(r.key_path))
              << "\n";
  }
  return kExitOk;
}

}  // namespace

int RunBackup(const std::vector<std::string>& argv) {
  const std::vector<std::string> value_flags = {"home", "database-url"};
  auto parsed = ParseArgs(argv, value_flags);
  if (parsed.error) return UsageError(kUsage, *parsed.error);
  const Args& args = parsed.args;
  if (args.Has("help")) return std::cout << kUsage, kExitOk;
  if (auto bad = CheckKnownFlags(args, {"help", "json", "force"}, value_flags)) return UsageError(kUsage, *bad);
  if (args.positionals.size() != 2) return UsageError(kUsage, "expected create OUT, verify ARCHIVE or restore ARCHIVE");
  const std::string& verb = args.positionals[0];
  if (verb == "create") {
    if (args.Has("force")) return UsageError(kUsage, "create never overwrites: --force is for restore");
    return Create(args);
  }
  if (verb == "verify") {
    if (args.Value("home") || args.Value("database-url") || args.Has("force")) {
      return UsageError(kUsage, "verify reads only the archive");
    }
    return Verify(args);
  }
  if (verb == "restore") {
    if (args.Value("database-url")) return UsageError(kUsage, "restore writes the SQLite store under the home only");
    return Restore(args);
  }
  return UsageError(kUsage, "unknown backup command '" + verb + "'");
}

}  // namespace clasp::cli
