// clasp secrets migrate-inline-env | declarations: MIG-1/2 and PORT-3 on a
// store (native/migrate_inline_env.h, native/portable_declarations.h);
// import-preview | import are cmd_secrets_import.cpp's, usage | delete
// cmd_secrets_delete.cpp's.
#include <iostream>

#include "cli.h"
#include "clasp/native/key_check.h"
#include "clasp/native/migrate_inline_env.h"
#include "clasp/native/portable_declarations.h"
#include "clasp/native/store_open.h"
#include "command_table.h"
#include "commands.h"

namespace clasp::cli {
namespace {

using namespace clasp::native;

constexpr const char* kCommand = "secrets";

constexpr const char* kUsage =
    "usage: clasp secrets migrate-inline-env --company-id ID [--apply] [--paperclip-compat] [--json]\n"
    "                                        [--home DIR] [--database-url URL]\n"
    "       clasp secrets declarations --company-id ID [--kind secret|all] [--paperclip-compat] [--json]\n"
    "                                  [--home DIR] [--database-url URL]\n"
    "       clasp secrets import-preview|import --company-id ID --provider-config-id VID FILE ... (--help there)\n"
    "       clasp secrets usage|delete --id SECRET_ID [--force] ... (--help there)\n"
    "       clasp secrets list|show|create|rotate ... (--help there)\n"
    "migrate-inline-env: every plain env value of the company's agents under a sensitive key becomes a\n"
    "  managed secret named agent_<id8>_<key> (created, or rotated when it exists) and the env entry a\n"
    "  secret_ref; binding rows are synced and each agent is one transaction. Sensitive keys: clasp's\n"
    "  default policy (SENS-1 + SENS-2 + SENS-3), or Paperclip's SENS-1 only with --paperclip-compat.\n"
    "  Dry run unless --apply; the dry run also names the master key --apply would use (its source\n"
    "  and fingerprint) and whether the store takes it. Exit 0 done, 1 some agent failed (rolled\n"
    "  back) or the store would refuse the key, 2 usage error, 3 runtime error.\n"
    "declarations: the env input declarations (PORT-1/2) a company export would emit, never a secret\n"
    "  value; --kind secret lists only secrets. --paperclip-compat: exactly Paperclip's classification.\n"
    "Storage: SQLite under CLASP_HOME / --home (must exist), or PostgreSQL with --database-url /\n"
    "DATABASE_URL (read-only for a dry run and for declarations). Master key: PAPERCLIP_SECRETS_MASTER_KEY,\n"
    "else PAPERCLIP_SECRETS_MASTER_KEY_FILE, else the default file: clasp's under CLASP_HOME for SQLite,\n"
    "Paperclip's ($PAPERCLIP_HOME/instances/$PAPERCLIP_INSTANCE_ID/secrets/master.key, default\n"
    "~/.paperclip/instances/default) for PostgreSQL.\n";

MapEnvVars EnvFor(const Args& args) {
  std::map<std::string, std::string, std::less<>> overrides;
  if (auto home = args.Value("home")) overrides["CLASP_HOME"] = *home;
  return ProcessEnvWith(overrides);
}

void PrintMigration(const MigrationReport& report) {
  for (const AgentMigration& agent : report.agents) {
    const std::string who = TerminalSafe(agent.agent_name) + " (" + agent.agent_id + ")";
    if (!agent.errors.empty()) {
      std::cout << "agent " << who << ": rolled back\n";
      for (const Diagnostic& d : agent.errors) std::cout << "  error " << TerminalSafe(d.message) << "\n";
      continue;
    }
    std::cout << "agent " << who << "\n";
    for (const MigrationCandidate& c : agent.candidates) {
      std::cout << "  " << TerminalSafe(c.key) << " -> " << MigrationActionName(c.action) << " secret "
                << TerminalSafe(c.secret_name) << " ("
                << TerminalSafe(c.secret_id) << ")\n";
    }
    for (const AppliedBindingChange& change : agent.binding_changes) {
      std::cout << "  binding " << BindingChangeKindName(change.kind) << " " << TerminalSafe(change.row.config_path) << "\n";
    }
  }
  std::cout << report.summary << "\n";
}

int Migrate(const Args& args, const std::string& company_id) {
  const MapEnvVars vars = EnvFor(args);
  const bool apply = args.Has("apply");
  auto store = OpenExistingStore(vars, args.Value("database-url"), apply);
  if (!store.ok()) return RuntimeFailure(kCommand, store.diagnostics);
  const SensitiveKeyPolicy policy =
      args.Has("paperclip-compat") ? SensitiveKeyPolicy::PaperclipCompat() : SensitiveKeyPolicy::Default();
  Result<MigrationReport> report = Result<MigrationReport>::Fail(std::vector<Diagnostic>{});
  const KeyHome home = StoreKeyHome(vars, args.Value("database-url"));
  std::unique_ptr<CipherSource> ciphers;
  std::optional<StoreKeyReport> key;
  if (apply) {
    ciphers = KeyCustodyCipherSource(vars, PosixFileSystem(), SystemRandom(), home);
    report = ApplyInlineEnvMigration(**store.value, *ciphers, SystemRandom(), SystemClock(), company_id, policy);
  } else {
    // The dry run names the key --apply would encrypt with, and whether the
    // store would take it.
    key = InspectStoreKey(**store.value, vars, PosixFileSystem(), home);
    report = PlanInlineEnvMigration(**store.value, company_id, policy);
  }
  if (!report.ok()) return RuntimeFailure(kCommand, report.diagnostics);
  if (args.Has("json")) {
    OrderedJson out = MigrationReportJson(*report.value);
    if (key) out["masterKey"] = StoreKeyReportJson(*key);
    std::cout << DumpJson(out, 2) << "\n";
  } else {
    if (key) std::cout << TerminalSafe(key->summary) << "\n";
    PrintMigration(*report.value);
  }
  return report.value->failed() || (key && !key->verdict.ok()) ? kExitProblems : kExitOk;
}

int Declarations(const Args& args, const std::string& company_id) {
  const std::string kind = args.Value("kind").value_or("all");
  if (kind != "secret" && kind != "all") return UsageError(kCommand, "--kind must be secret or all");
  DeclarationOptions options;
  options.secrets_only = kind == "secret";
  options.paperclip_compat = args.Has("paperclip-compat");
  auto store = OpenExistingStore(EnvFor(args), args.Value("database-url"), false);
  if (!store.ok()) return RuntimeFailure(kCommand, store.diagnostics);
  std::optional<CompanyDeclarations> declarations;
  const Status read = (*store.value)->Transact([&](StoreTxn& txn) -> Status {
    auto listed = CompanyEnvDeclarations(txn, company_id, options);
    if (!listed.ok()) return Forward<Done>(std::move(listed));
    declarations = std::move(*listed.value);
    return OkStatus();
  });
  if (!read.ok()) return RuntimeFailure(kCommand, read.diagnostics);
  if (args.Has("json")) {
    std::cout << DumpJson(DeclarationsJson(company_id, *declarations), 2) << "\n";
    return kExitOk;
  }
  for (const EnvInputDeclaration& input : declarations->inputs) {
    const std::string scope = input.agent_slug ? "agent " + *input.agent_slug
                              : input.project_slug ? "project " + *input.project_slug
                                                   : "company";
    std::cout << EnvInputKindName(input.kind) << "\t" << TerminalSafe(scope) << "\t" << TerminalSafe(input.key) << "\t"
              << EnvInputPortabilityName(input.portability);
    if (input.kind == EnvInputKind::kPlain && input.default_value && !input.default_value->empty()) {
      std::cout << "\tdefault " << DumpJson(OrderedJson(*input.default_value));
    }
    std::cout << "\n";
  }
  for (const Diagnostic& warning : declarations->warnings) std::cout << "warning " << TerminalSafe(warning.message) << "\n";
  std::cout << declarations->inputs.size() << " declaration" << (declarations->inputs.size() == 1 ? "" : "s") << "\n";
  return kExitOk;
}

}  // namespace

const char* SecretsHelp() { return kUsage; }

int RunSecrets(const std::vector<std::string>& argv) {
  auto parsed = ParseArgs(argv, ValueFlagsOf(kCommand));
  if (parsed.error) return UsageError(kCommand, *parsed.error);
  const Args& args = parsed.args;
  if (!args.positionals.empty() && (args.positionals[0] == "import" || args.positionals[0] == "import-preview")) {
    return RunSecretsImport(argv);
  }
  if (!args.positionals.empty() && (args.positionals[0] == "usage" || args.positionals[0] == "delete")) {
    return RunSecretsDelete(argv);
  }
  for (const char* sub : {"list", "show", "create", "rotate"}) {
    if (!args.positionals.empty() && args.positionals[0] == sub) return RunSecretsManage(argv);
  }
  // Here the subcommand is migrate-inline-env or declarations, its flags
  // the table's (command_table.cpp).
  const std::string& sub = args.positionals[0];
  if (args.positionals.size() != 1) return UsageError("secrets " + sub, sub + " takes no other arguments");
  const auto company_id = args.Value("company-id");
  if (!company_id || company_id->empty()) return UsageError("secrets " + sub, sub + " needs --company-id");
  if (sub == "migrate-inline-env") return Migrate(args, *company_id);
  return Declarations(args, *company_id);
}

}  // namespace clasp::cli
