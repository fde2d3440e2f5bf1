// clasp backup create | verify | restore: the store and its master key in one
// passphrase-sealed archive (native/backup.h, native/backup_envelope.h).
// Counts and paths only: never a value, never the key or the passphrase.
#include <iostream>

#include "cli.h"
#include "clasp/native/backup.h"
#include "command_table.h"
#include "commands.h"
#include "passphrase.h"

namespace clasp::cli {
namespace {

using namespace clasp::native;

constexpr const char* kCommand = "backup";

constexpr const char* kUsage =
    "usage: clasp backup create OUT [--home DIR] [--database-url URL] [--passphrase-file FILE]\n"
    "                          [--key-separately KEYFILE] [--json]\n"
    "       clasp backup verify ARCHIVE [--passphrase-file FILE] [--key-file KEYFILE]\n"
    "                          [--allow-plaintext-archive] [--json]\n"
    "       clasp backup restore ARCHIVE [--home DIR] [--passphrase-file FILE] [--key-file KEYFILE]\n"
    "                          [--allow-plaintext-archive] [--force] [--json]\n"
    "create: one archive (mode 0600, never overwriting OUT) holding a consistent snapshot of the store,\n"
    "  the master key and a manifest (counts, SHA-256 of each member), sealed with AES-256-GCM under a\n"
    "  key derived from a passphrase (scrypt N=2^17 r=8 p=1); records the backup for clasp doctor.\n"
    "  There are no unencrypted backups: without a passphrase create exits 2.\n"
    "  PostgreSQL (--database-url / DATABASE_URL): the rows clasp uses, read in one REPEATABLE READ\n"
    "  transaction into a SQLite snapshot (not a Paperclip dump: use pg_dump for that).\n"
    "  --key-separately KEYFILE: the master key goes to KEYFILE (0600, never overwritten) instead of\n"
    "  the archive, which is still sealed; verify and restore then need --key-file KEYFILE too.\n"
    "passphrase: --passphrase-file FILE (one trailing newline dropped), else typed with echo off when\n"
    "  stdin is a terminal (create asks twice). Never an argument or an environment variable.\n"
    "verify: the passphrase, checksums, the snapshot opened as a store, every local_encrypted version\n"
    "  decrypted with the archive's key. Exit 0 ok, 1 problems (a wrong passphrase or any altered byte\n"
    "  is auth_failed; decrypt failures name secret id + version), 2 unreadable file or missing input.\n"
    "restore: verifies, then writes the archive's store and key into the home (SQLite). Refuses to\n"
    "  replace a store holding secrets or a different key file unless --force. Stop clasp serve first.\n"
    "--allow-plaintext-archive: accept an unencrypted archive written by an older clasp (refused\n"
    "  otherwise, exit 2): it holds the key in the clear; make a new backup and delete it.\n"
    "Exit: 0 ok, 1 problems found or restore refused, 2 usage or missing passphrase, 3 I/O error.\n";

int Fail(const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& d : diagnostics) {
    if (d.code == Code::kBackupRestoreRefused || d.code == Code::kBackupInvalid || d.code == Code::kBackupAuthFailed) {
      return ProblemFailure(kCommand, diagnostics);
    }
  }
  return RuntimeFailure(kCommand, diagnostics);
}

std::string CountsText(const BackupCounts& c) {
  return Count(c.secrets, "secret", "secrets") + ", " + Count(c.versions, "version", "versions") + ", " +
         Count(c.bindings, "binding", "bindings");
}

OrderedJson CountsJson(const BackupCounts& c) {
  return {{"secrets", c.secrets}, {"versions", c.versions}, {"bindings", c.bindings}};
}

MapEnvVars EnvFor(const Args& args) {
  std::map<std::string, std::string, std::less<>> overrides;
  if (auto home = args.Value("home")) overrides["CLASP_HOME"] = *home;
  return ProcessEnvWith(overrides);
}

ArchiveAccess AccessFor(const Args& args) {
  ArchiveAccess access;
  const std::optional<std::string> file = args.Value("passphrase-file");
  access.passphrase = [file] { return ReadPassphrase(file, /*confirm=*/false); };
  access.key_file = args.Value("key-file");
  access.allow_plaintext = args.Has("allow-plaintext-archive");
  return access;
}

int Create(const Args& args) {
  const MapEnvVars vars = EnvFor(args);
  BackupCreateOptions options;
  Result<SecretBytes> passphrase = ReadPassphrase(args.Value("passphrase-file"), /*confirm=*/true);
  if (!passphrase.ok()) return Fail(passphrase.diagnostics);
  options.passphrase = std::move(*passphrase.value);
  options.key_separately = args.Value("key-separately");
  options.database_url = args.Value("database-url");
  auto created = CreateBackup(vars, PosixFileSystem(), SystemClock(), SystemRandom(), args.positionals[1], options);
  if (!created.ok()) return RuntimeFailure(kCommand, created.diagnostics);
  const std::string key_file = options.key_separately.value_or("");
  if (args.Has("json")) {
    std::cout << DumpJson(OrderedJson{{"ok", true},
                                      {"archive", args.positionals[1]},
                                      {"keyFile", options.key_separately ? OrderedJson(key_file) : OrderedJson(nullptr)},
                                      {"manifest", BackupManifestJson(*created.value)}},
                          2)
              << "\n";
  } else {
    std::cout << "backup written to " << TerminalSafe(args.positionals[1])
              << " (mode 0600, AES-256-GCM, scrypt N=2^" << kBackupScryptCost.log2_n << " r=" << kBackupScryptCost.r
              << " p=" << kBackupScryptCost.p << "): " << CountsText(created.value->counts) << "; key "
              << created.value->key_fingerprint
              << (options.key_separately ? " written separately to " + TerminalSafe(key_file) +
                                               " (mode 0600): restore needs both files and the passphrase"
                                         : std::string(" inside the archive"))
              << "\n";
  }
  return kExitOk;
}

int Verify(const Args& args) {
  auto verified = VerifyBackup(args.positionals[1], AccessFor(args));
  if (!verified.ok()) return Fail(verified.diagnostics);
  const BackupVerification& v = *verified.value;
  if (args.Has("json")) {
    std::cout << DumpJson(BackupVerificationJson(v), 2) << "\n";
  } else {
    for (const BackupProblem& p : v.problems) std::cout << "problem " << p.code << ": " << TerminalSafe(p.message) << "\n";
    std::cout << (v.ok() ? "ok: " : "FAILED: ") << (v.sealed ? "" : "UNENCRYPTED archive; ") << CountsText(v.found)
              << "; " << Count(v.versions_decrypted, "version decrypts", "versions decrypt") << " with the archive's key, "
              << v.versions_external << " external; " << Count(v.problems.size(), "problem", "problems") << "\n";
  }
  return v.ok() ? kExitOk : kExitProblems;
}

int Restore(const Args& args) {
  const MapEnvVars vars = EnvFor(args);
  RestoreOptions options;
  options.force = args.Has("force");
  auto restored = RestoreBackup(vars, PosixFileSystem(), args.positionals[1], AccessFor(args), options);
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

const char* BackupHelp() { return kUsage; }

int RunBackup(const std::vector<std::string>& argv) {
  auto parsed = ParseArgs(argv, ValueFlagsOf(kCommand));
  if (parsed.error) return UsageError(kCommand, *parsed.error);
  const Args& args = parsed.args;
  // The verb and its flags are the table's (command_table.cpp).
  const std::string& verb = args.positionals[0];
  if (args.positionals.size() != 2) {
    return UsageError("backup " + verb, "backup " + verb + " takes one " + (verb == "create" ? "OUT" : "ARCHIVE"));
  }
  if (verb == "create") return Create(args);
  if (verb == "verify") return Verify(args);
  return Restore(args);
}

}  // namespace clasp::cli
