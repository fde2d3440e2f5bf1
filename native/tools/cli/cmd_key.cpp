// clasp key rotate: every value re-encrypted under a new master key
// (native/key_rotation.h). Counts, paths and key fingerprints only: never a
// value, a key or the passphrase.
#include <cstdlib>
#include <iostream>

#include "cli.h"
#include "clasp/native/key_rotation.h"
#include "clasp/native/store_open.h"
#include "command_table.h"
#include "commands.h"
#include "passphrase.h"

namespace clasp::cli {
namespace {

using namespace clasp::native;

constexpr const char* kCommand = "key";

constexpr const char* kUsage =
    "usage: clasp key rotate [--new-key-file FILE] [--apply --backup-out ARCHIVE --passphrase-file FILE]\n"
    "                        [--keep-old] [--home DIR] [--database-url URL] [--batch-size N] [--json]\n"
    "A dry run by default: counts the local_encrypted_v1 versions and secret proposals a rotation\n"
    "  re-encrypts and the backup it takes first; changes nothing.\n"
    "--apply: the backup first (as clasp backup create: ARCHIVE, sealed under the passphrase), then the\n"
    "  keyring beside the key file (<key file>.keyring, 0600: old and new key, how far it got), then every\n"
    "  value re-encrypted under the new key and decrypted again to check, in transactions of --batch-size\n"
    "  rows (500); the last one switches the store's key check. Then the key file gets the new key and the\n"
    "  keyring is removed (kept, with the old key, by --keep-old). Reads keep working throughout: every\n"
    "  clasp process reads under both keys while the keyring says a rotation is under way.\n"
    "  Interrupted (a crash, a kill), run it again: it resumes from the keyring without a new backup.\n"
    "--new-key-file FILE: the new key (Paperclip's formats); else 32 random bytes. Required when the key\n"
    "  comes from PAPERCLIP_SECRETS_MASTER_KEY, which clasp cannot change: set it to the new key afterwards.\n"
    "Exit: 0 done (or dry run), 2 usage or refusal (wrong key, no backup), 3 I/O error.\n";

MapEnvVars EnvFor(const Args& args) {
  std::map<std::string, std::string, std::less<>> overrides;
  if (auto home = args.Value("home")) overrides["CLASP_HOME"] = *home;
  return ProcessEnvWith(overrides);
}

OrderedJson ReportJson(const KeyRotationReport& r) {
  return OrderedJson{{"ok", true},
                     {"applied", r.applied},
                     {"resumed", r.resumed},
                     {"versions", r.versions},
                     {"proposals", r.proposals},
                     {"backups", r.applied && !r.resumed ? 1 : 0},
                     {"versionsReencrypted", r.versions_reencrypted},
                     {"proposalsReencrypted", r.proposals_reencrypted},
                     {"oldFingerprint", r.old_fingerprint},
                     {"newFingerprint", r.new_fingerprint},
                     {"keyLocation", r.key_location},
                     {"keyring", r.keyring_path},
                     {"backup", r.backup.empty() ? OrderedJson(nullptr) : OrderedJson(r.backup)},
                     {"keyFileWritten", r.key_file_written},
                     {"oldKeyKept", r.old_key_kept},
                     {"actions", r.actions}};
}

void PrintReport(const KeyRotationReport& r) {
  const std::string rows = Count(r.versions, "version", "versions") + ", " + Count(r.proposals, "proposal", "proposals");
  if (!r.applied) {
    std::cout << "dry run: rotating " << TerminalSafe(r.key_location) << " (key " << r.old_fingerprint << " -> "
              << r.new_fingerprint << ") would re-encrypt " << rows << " and take "
              << (r.resumed ? "no new backup (resuming the rotation in " + TerminalSafe(r.keyring_path) + ")"
                            : std::string("1 backup first"))
              << "; run with --apply\n";
    return;
  }
  std::cout << (r.resumed ? "resumed and finished" : "rotated") << ": key " << r.old_fingerprint << " -> "
            << r.new_fingerprint << "; " << Count(r.versions_reencrypted, "version", "versions") << " and "
            << Count(r.proposals_reencrypted, "proposal", "proposals") << " re-encrypted by this run, " << rows << " now under the new key; backup "
            << TerminalSafe(r.backup) << "; "
            << (r.key_file_written ? "new key written to " + TerminalSafe(r.key_location)
                                   : std::string("key file unchanged"))
            << (r.old_key_kept ? "; old key kept in " + TerminalSafe(r.keyring_path) : std::string()) << "\n";
  for (const std::string& a : r.actions) std::cout << "action required: " << TerminalSafe(a) << "\n";
}

int Rotate(const Args& args) {
  const MapEnvVars vars = EnvFor(args);
  KeyRotationOptions options;
  options.apply = args.Has("apply");
  options.keep_old = args.Has("keep-old");
  options.new_key_file = args.Value("new-key-file");
  options.backup_out = args.Value("backup-out");
  options.database_url = args.Value("database-url");
  if (auto n = args.Value("batch-size")) {
    char* end = nullptr;
    const long v = std::strtol(n->c_str(), &end, 10);
    if (n->empty() || *end != '\0' || v < 1 || v > 100000) return UsageError(kCommand, "--batch-size takes 1..100000");
    options.batch_size = static_cast<int>(v);
  }
  if (options.apply && options.backup_out) {
    Result<SecretBytes> passphrase = ReadPassphrase(args.Value("passphrase-file"), /*confirm=*/true);
    if (!passphrase.ok()) return RuntimeFailure("key rotate", passphrase.diagnostics);
    options.passphrase = std::move(*passphrase.value);
  }
  auto store = OpenExistingStore(vars, options.database_url, /*writable=*/options.apply);
  if (!store.ok()) return RuntimeFailure("key rotate", store.diagnostics);
  auto report = RotateMasterKey(**store.value, StoreKeyHome(vars, options.database_url), vars, PosixFileSystem(),
                                SystemClock(), SystemRandom(), std::move(options));
  if (!report.ok()) return RuntimeFailure("key rotate", report.diagnostics);
  if (args.Has("json")) {
    std::cout << DumpJson(ReportJson(*report.value), 2) << "\n";
  } else {
    PrintReport(*report.value);
  }
  return kExitOk;
}

}  // namespace

const char* KeyHelp() { return kUsage; }

int RunKey(const std::vector<std::string>& argv) {
  auto parsed = ParseArgs(argv, ValueFlagsOf(kCommand));
  if (parsed.error) return UsageError(kCommand, *parsed.error);
  const Args& args = parsed.args;
  if (args.positionals.size() != 1 || args.positionals[0] != "rotate") {
    return UsageError(kCommand, "expected: clasp key rotate");
  }
  if (!args.Has("apply") && (args.Has("backup-out") || args.Has("passphrase-file") || args.Has("keep-old"))) {
    return UsageError(kCommand, "--backup-out, --passphrase-file and --keep-old are for --apply");
  }
  return Rotate(args);
}

}  // namespace clasp::cli
