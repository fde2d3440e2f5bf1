// clasp secrets list | show | create | rotate: a company's secrets from the
// command line, through SecretService as POST /companies/:id/secrets and
// POST /secrets/:id/rotate are (one transaction each, the same rules and
// messages), with names accepted wherever an id is (lookup.h). A value comes
// from a file, stdin or a prompt, never from an argument (passphrase.h).
#include <iostream>
#include <map>

#include "api/api_json.h"
#include "cli.h"
#include "clasp/native/secret_service.h"
#include "clasp/native/store_open.h"
#include "clasp/native/wipe_json.h"
#include "command_table.h"
#include "commands.h"
#include "lookup.h"
#include "passphrase.h"

namespace clasp::cli {
namespace {

using namespace clasp::native;

constexpr const char* kUsage =
    "usage: clasp secrets list [--company NAME|ID] [--json] [STORE]\n"
    "       clasp secrets show SECRET [--company NAME|ID] [--json] [STORE]\n"
    "       clasp secrets create NAME [--key KEY] [--description TEXT] [--value-file FILE|-] [--company NAME|ID]\n"
    "                            [--json] [STORE]\n"
    "       clasp secrets rotate SECRET [--value-file FILE|-] [--company NAME|ID] [--json] [STORE]\n"
    "SECRET: a secret's name, key or id. --company may be left out when the store has one company.\n"
    "list: every live company secret (name, key, id, provider, status, latest version, binding rows).\n"
    "show: one secret's metadata; never its value.\n"
    "create: a local_encrypted secret (key: NAME normalised, as Paperclip does); rotate: a new version\n"
    "  that becomes current. The value is read from --value-file FILE (one trailing newline dropped),\n"
    "  from stdin with --value-file -, or typed with echo off on a terminal; never from an argument,\n"
    "  which shell history and `ps` would keep (Paperclip #6443). Bindings follow the secret's\n"
    "  latest version unless pinned.\n"
    "STORE: --home DIR (SQLite under CLASP_HOME) or --database-url URL / DATABASE_URL (PostgreSQL).\n"
    "Exit 0 done; 1 refused (the API's message: a name that exists, an inactive secret, ...); 2 usage,\n"
    "  no such company or secret, or no value; 3 a store that cannot be opened.\n";

constexpr const char* kCommand = "secrets";

struct Store {
  MapEnvVars vars;
  std::unique_ptr<SecretStore> store;
};

// The company the command works on, read in its own snapshot.
Result<CompanyRow> Company(SecretStore& store, const Args& args) {
  return InTransaction<CompanyRow>(store, [&](StoreTxn& txn) {
    return FindCompanyRef(txn, args.Value("company").value_or(""));
  }, SecretStore::Durability::kReadOnly);
}

void PrintSecretLine(const SecretRow& s, int bindings) {
  std::cout << TerminalSafe(s.name) << "\t" << TerminalSafe(s.key) << "\t" << s.id << "\t" << TerminalSafe(s.provider)
            << "\t" << TerminalSafe(s.status) << "\tv" << s.latest_version << "\t" << bindings << " binding"
            << (bindings == 1 ? "" : "s") << "\n";
}

int List(const Args& args, SecretStore& store, const CompanyRow& company) {
  struct Listing {
    std::vector<SecretRow> secrets;
    std::map<std::string, int> bindings;
  };
  auto listing = InTransaction<Listing>(store, [&](StoreTxn& txn) -> Result<Listing> {
    auto secrets = txn.ListSecrets(company.id);
    if (!secrets.ok()) return Forward<Listing>(std::move(secrets));
    auto rows = txn.ListBindings(company.id);
    if (!rows.ok()) return Forward<Listing>(std::move(rows));
    Listing out;
    for (SecretRow& s : *secrets.value) {
      if (s.status != "deleted" && s.scope == "company") out.secrets.push_back(std::move(s));
    }
    for (const BindingRow& row : *rows.value) ++out.bindings[row.secret_id];
    return Result<Listing>::Ok(std::move(out));
  }, SecretStore::Durability::kReadOnly);
  if (!listing.ok()) return RuntimeFailure(kCommand, listing.diagnostics);
  if (args.Has("json")) {
    OrderedJson out = OrderedJson::array();
    for (const SecretRow& s : listing.value->secrets) {
      OrderedJson json = api::SecretJson(s);
      json["referenceCount"] = listing.value->bindings[s.id];
      out.push_back(std::move(json));
    }
    std::cout << DumpJson(out, 2) << "\n";
    return kExitOk;
  }
  for (const SecretRow& s : listing.value->secrets) PrintSecretLine(s, listing.value->bindings[s.id]);
  const std::size_t n = listing.value->secrets.size();
  std::cout << n << " secret" << (n == 1 ? "" : "s") << " in " << TerminalSafe(company.name) << "\n";
  return kExitOk;
}

int PrintSecret(const Args& args, const SecretRow& secret, std::string_view verb) {
  if (args.Has("json")) {
    std::cout << DumpJson(api::SecretJson(secret), 2) << "\n";
  } else {
    if (!verb.empty()) std::cout << verb << " ";
    std::cout << "secret " << TerminalSafe(secret.name) << " (" << secret.id << "): key " << TerminalSafe(secret.key)
              << ", " << TerminalSafe(secret.provider) << ", " << TerminalSafe(secret.status) << ", latest version "
              << secret.latest_version << "\n";
    if (secret.description) std::cout << "description: " << TerminalSafe(*secret.description) << "\n";
  }
  return kExitOk;
}

// A refusal of the service (the API would answer 4xx) is "refused", exit 1;
// a store that fails is a runtime failure, exit 3.
int Refused(const std::vector<Diagnostic>& diagnostics) {
  const bool storage = !diagnostics.empty() && diagnostics[0].http_status >= 500;
  return storage ? RuntimeFailure(kCommand, diagnostics) : ProblemFailure(kCommand, diagnostics);
}

int Write(const Args& args, Store& s, const CompanyRow& company, const std::string& sub, const std::string& ref) {
  std::optional<SecretRow> existing;
  if (sub == "rotate") {
    auto found = InTransaction<SecretRow>(*s.store, [&](StoreTxn& txn) { return FindSecretRef(txn, company.id, ref); },
                                          SecretStore::Durability::kReadOnly);
    if (!found.ok()) return RuntimeFailure(kCommand, found.diagnostics);
    existing = std::move(*found.value);
  }
  auto value = ReadSecretValue(args.Value("value-file"), existing ? existing->name : ref);
  if (!value.ok()) return RuntimeFailure(kCommand, value.diagnostics);
  auto ciphers = KeyCustodyCipherSource(s.vars, PosixFileSystem(), SystemRandom(),
                                        StoreKeyHome(s.vars, args.Value("database-url")));
  SecretService service(*s.store, *ciphers, SystemRandom(), SystemClock());
  const Actor actor{std::nullopt, std::string("cli")};
  Result<SecretRow> written = Result<SecretRow>::Ok(SecretRow{});
  if (existing) {
    RotateSecretInput input;
    const WipeOnExit forget(&input.value);
    input.value = std::string(value.value->view());
    written = service.Rotate(existing->id, input, actor);
  } else {
    CreateSecretInput input;
    const WipeOnExit forget(&input.value);
    input.name = ref;
    input.key = args.Value("key");
    input.description = args.Value("description");
    input.value = std::string(value.value->view());
    written = service.Create(company.id, input, actor);
  }
  if (!written.ok()) return Refused(written.diagnostics);
  return PrintSecret(args, *written.value, existing ? "rotated" : "created");
}

int Show(const Args& args, SecretStore& store, const CompanyRow& company, const std::string& ref) {
  auto found = InTransaction<SecretRow>(store, [&](StoreTxn& txn) { return FindSecretRef(txn, company.id, ref); },
                                        SecretStore::Durability::kReadOnly);
  if (!found.ok()) return RuntimeFailure(kCommand, found.diagnostics);
  return PrintSecret(args, *found.value, "");
}

// The flag combinations the usage forbids, before any store is opened.
std::optional<std::string> Misuse(const Args& args, const std::string& sub) {
  if (args.Has("value")) {
    return "a secret's value is never an argument (shell history and ps keep it): use --value-file FILE, "
           "--value-file - for stdin, or type it at the prompt";
  }
  const std::size_t want = sub == "list" ? 1 : 2;
  if (args.positionals.size() != want) {
    return sub == "list" ? "secrets list takes no other arguments"
                         : "secrets " + sub + " takes one " + (sub == "create" ? "NAME" : "SECRET");
  }
  return std::nullopt;
}

}  // namespace

const char* SecretsManageHelp() { return kUsage; }

int RunSecretsManage(const std::vector<std::string>& argv) {
  auto parsed = ParseArgs(argv, ValueFlagsOf(kCommand));
  if (parsed.error) return UsageError(kCommand, *parsed.error);
  const Args& args = parsed.args;
  const std::string sub = args.positionals.empty() ? "" : args.positionals[0];
  if (auto misuse = Misuse(args, sub)) return UsageError(kCommand, *misuse);
  std::map<std::string, std::string, std::less<>> overrides;
  if (auto home = args.Value("home")) overrides["CLASP_HOME"] = *home;
  Store s{ProcessEnvWith(overrides), nullptr};
  const bool writes = sub == "create" || sub == "rotate";
  auto store = OpenExistingStore(s.vars, args.Value("database-url"), writes);
  if (!store.ok()) return RuntimeFailure(kCommand, store.diagnostics);
  s.store = std::move(*store.value);
  auto company = Company(*s.store, args);
  if (!company.ok()) return RuntimeFailure(kCommand, company.diagnostics);
  if (sub == "list") return List(args, *s.store, *company.value);
  if (sub == "show") return Show(args, *s.store, *company.value, args.positionals[1]);
  return Write(args, s, *company.value, sub, args.positionals[1]);
}

}  // namespace clasp::cli
