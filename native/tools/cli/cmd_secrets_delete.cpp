// clasp secrets usage | delete: a company secret's uses (binding rows and
// env refs alike, native/secret_usage.h) and a delete that is refused while
// anything uses the secret unless --force, as DELETE /api/secrets/:id is.
#include <iostream>

#include "cli.h"
#include "clasp/env_binding.h"
#include "clasp/native/secret_service.h"
#include "clasp/native/secret_usage.h"
#include "command_table.h"
#include "commands.h"
#include "lookup.h"

namespace clasp::cli {
namespace {

using namespace clasp::native;

constexpr const char* kUsage =
    "usage: clasp secrets usage SECRET|--id SECRET_ID [--company NAME|ID] [--json] [--home DIR] [--database-url URL]\n"
    "       clasp secrets delete SECRET|--id SECRET_ID [--company NAME|ID] [--force] [--json] [--home DIR]\n"
    "                            [--database-url URL]\n"
    "SECRET: a secret's name, key or id in the company (--company may be left out when the store has one).\n"
    "usage: every use of the company secret: its binding rows and the secret references in the env of\n"
    "  the company's agents and projects; a reference without a binding row is marked desync (the\n"
    "  run would fail pre-dispatch). Exit 0, or 1 when some use is a desync.\n"
    "delete: refused while the secret is in use (the uses are listed, exit 1, nothing changes) unless\n"
    "  --force, which deletes it with its binding rows and leaves the env references as they are\n"
    "  (`clasp bindings check` then reports them). Exit 0 deleted.\n"
    "Exit 2: usage error or no such company secret; 3: a store that cannot be opened. No value is ever\n"
    "  printed. Storage: SQLite under CLASP_HOME / --home (must exist), or PostgreSQL with\n"
    "  --database-url / DATABASE_URL (read-only for usage).\n";

constexpr const char* kCommand = "secrets";

// One line per use: type, name (or "-"), id, configPath, source [desync].
void PrintUses(const std::vector<NamedSecretUse>& uses) {
  for (const NamedSecretUse& u : uses) {
    std::cout << TerminalSafe(u.use.target_type) << "\t" << TerminalSafe(u.target_name.value_or("-")) << "\t"
              << TerminalSafe(u.use.target_id) << "\t" << TerminalSafe(u.use.config_path) << "\t"
              << UseSourceName(u.use.source) << (u.use.desync() ? "\tdesync (env reference without a binding row)" : "")
              << "\n";
  }
}

OrderedJson UsesDocument(const std::string& secret_id, const std::vector<NamedSecretUse>& uses) {
  return {{"secretId", secret_id}, {"uses", SecretUsesJson(uses)}};
}

// The company secret with that id and its uses, in one read; nullopt when
// there is none (user-scoped secrets are not this command's, as in the API).
struct Found {
  SecretRow secret;
  std::vector<NamedSecretUse> uses;
};
Result<std::optional<Found>> ReadUses(SecretStore& store, const std::string& id) {
  using Out = std::optional<Found>;
  return InTransaction<Out>(store, [&](StoreTxn& txn) -> Result<Out> {
    if (!IsGuid(id)) return Result<Out>::Ok(std::nullopt);
    auto secret = txn.GetSecret(id);
    if (!secret.ok()) return Forward<Out>(std::move(secret));
    if (!*secret.value || (*secret.value)->scope != "company") return Result<Out>::Ok(std::nullopt);
    auto uses = ReadSecretUses(txn, **secret.value);
    if (!uses.ok()) return Forward<Out>(std::move(uses));
    return Result<Out>::Ok(Found{std::move(**secret.value), std::move(*uses.value)});
  }, SecretStore::Durability::kReadOnly);
}

int NotFound(const std::string& id) {
  return RuntimeFailure(kCommand, {MakeDiagnostic(Code::kSecretNotFound, "", "Secret not found: " + TerminalSafe(id))});
}

// The id of the secret SECRET names (name, key or id) in the company.
Result<std::string> SecretIdOf(SecretStore& store, const Args& args, const std::string& ref) {
  return InTransaction<std::string>(store, [&](StoreTxn& txn) -> Result<std::string> {
    auto company = FindCompanyRef(txn, args.Value("company").value_or(""));
    if (!company.ok()) return Forward<std::string>(std::move(company));
    auto secret = FindSecretRef(txn, company.value->id, ref);
    if (!secret.ok()) return Forward<std::string>(std::move(secret));
    return Result<std::string>::Ok(secret.value->id);
  }, SecretStore::Durability::kReadOnly);
}

int Usage(const Args& args, SecretStore& store, const std::string& id) {
  auto found = ReadUses(store, id);
  if (!found.ok()) return RuntimeFailure(kCommand, found.diagnostics);
  if (!*found.value) return NotFound(id);
  const std::vector<NamedSecretUse>& uses = (*found.value)->uses;
  if (args.Has("json")) {
    std::cout << DumpJson(UsesDocument(id, uses), 2) << "\n";
  } else {
    PrintUses(uses);
    std::cout << uses.size() << " use" << (uses.size() == 1 ? "" : "s") << "\n";
  }
  for (const NamedSecretUse& u : uses) {
    if (u.use.desync()) return kExitProblems;
  }
  return kExitOk;
}

int Delete(const Args& args, SecretStore& store, const MapEnvVars& vars, const std::string& id) {
  auto found = ReadUses(store, id);
  if (!found.ok()) return RuntimeFailure(kCommand, found.diagnostics);
  if (!*found.value) return NotFound(id);
  auto ciphers = KeyCustodyCipherSource(vars, PosixFileSystem(), SystemRandom());
  SecretService service(store, *ciphers, SystemRandom(), SystemClock());
  auto removed = service.Remove(id, {args.Has("force")});
  if (!removed.ok()) return RuntimeFailure(kCommand, removed.diagnostics);
  if (!*removed.value) return NotFound(id);
  const SecretService::RemoveOutcome& outcome = **removed.value;
  const bool json = args.Has("json");
  if (!outcome.removed) {
    const std::string message = SecretInUseDiagnostic(outcome.uses).message + "; --force deletes it anyway";
    if (json) {
      OrderedJson doc = UsesDocument(id, outcome.uses);
      doc["deleted"] = false, doc["error"] = message;
      std::cout << DumpJson(doc, 2) << "\n";
    } else {
      std::cerr << "clasp secrets: " << message << "\n";
      PrintUses(outcome.uses);
    }
    return kExitProblems;
  }
  if (json) {
    OrderedJson doc = UsesDocument(id, outcome.uses);
    doc["deleted"] = true, doc["removedBindings"] = outcome.removed_bindings.size();
    std::cout << DumpJson(doc, 2) << "\n";
  } else {
    std::cout << "deleted secret " << TerminalSafe(outcome.secret.name) << " (" << id << ") and "
              << Count(outcome.removed_bindings.size(), "binding row", "binding rows") << "\n";
    if (!outcome.uses.empty()) std::cout << "uses left without the secret (forced):\n";
    PrintUses(outcome.uses);
  }
  return kExitOk;
}

}  // namespace

const char* SecretsDeleteHelp() { return kUsage; }

int RunSecretsDelete(const std::vector<std::string>& argv) {
  auto parsed = ParseArgs(argv, ValueFlagsOf(kCommand));
  if (parsed.error) return UsageError(kCommand, *parsed.error);
  const Args& args = parsed.args;
  const std::string& sub = args.positionals[0];
  const std::string who = "secrets " + sub;
  if (args.positionals.size() > 2) return UsageError(who, sub + " takes one SECRET");
  const auto ref = args.positionals.size() == 2 ? std::optional<std::string>(args.positionals[1]) : std::nullopt;
  auto id = args.Value("id");
  if (ref && id) return UsageError(who, "give SECRET or --id, not both");
  if (!ref && (!id || id->empty())) return UsageError(who, sub + " needs SECRET (a name, key or id) or --id");
  if (id && args.Has("company")) return UsageError(who, "--id names one secret of any company: --company is for SECRET");
  std::map<std::string, std::string, std::less<>> overrides;
  if (auto home = args.Value("home")) overrides["CLASP_HOME"] = *home;
  const MapEnvVars vars = ProcessEnvWith(overrides);
  auto store = OpenExistingStore(vars, args.Value("database-url"), sub == "delete");
  if (!store.ok()) return RuntimeFailure(kCommand, store.diagnostics);
  if (ref) {
    auto found = SecretIdOf(**store.value, args, *ref);
    if (!found.ok()) return RuntimeFailure(kCommand, found.diagnostics);
    id = *found.value;
  }
  return sub == "delete" ? Delete(args, **store.value, vars, *id) : Usage(args, **store.value, *id);
}

}  // namespace clasp::cli
