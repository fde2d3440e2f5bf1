// clasp secrets import-preview | import: IMP-1..5 on a store from an AWS
// ListSecrets page (native/remote_import_service.h).
#include <iostream>

#include "cli.h"
#include "clasp/aws_inventory.h"
#include "clasp/native/remote_import_service.h"
#include "clasp/native/secret_service.h"
#include "command_table.h"
#include "commands.h"

namespace clasp::cli {
namespace {

using namespace clasp::native;

constexpr const char* kCommand = "secrets";

constexpr const char* kUsage =
    "usage: clasp secrets import-preview --company-id ID --provider-config-id VID FILE [--json]\n"
    "                                    [--home DIR] [--database-url URL]\n"
    "       clasp secrets import --company-id ID --provider-config-id VID FILE [--apply] [--json]\n"
    "                            [--home DIR] [--database-url URL]\n"
    "FILE (or - for stdin) is one AWS Secrets Manager ListSecrets response page, e.g. the output of\n"
    "  `aws secretsmanager list-secrets --max-results 100`: clasp has no AWS client and never reads a\n"
    "  secret value. VID is the company's aws_secrets_manager provider vault.\n"
    "import-preview: every listed secret as a candidate (name, key, ready/duplicate/conflict and why),\n"
    "  recorded as one activity row with counts only.\n"
    "import: every listed secret becomes an external-reference secret unless it conflicts (skipped) or\n"
    "  the vault refuses it (error); conflicts are re-checked now, rows earlier in the page count. One\n"
    "  transaction. Dry run unless --apply. Exit 0 done, 1 some row is an error or the request is\n"
    "  refused, 2 usage error, 3 runtime error.\n";

// A refusal of the request or a rule (4xx) is a problem found; a 5xx (storage, randomness) a runtime error.
int Refused(const Args& args, const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& d : diagnostics) {
    if (d.http_status >= 500) return RuntimeFailure(kCommand, diagnostics);
  }
  if (args.Has("json")) {
    std::cout << DumpJson(OrderedJson{{"ok", false}, {"diagnostics", DiagnosticsJson(diagnostics)}}, 2) << "\n";
    return kExitProblems;
  }
  return PrintDiagnostics(std::cerr, diagnostics);
}

std::string Conflicts(const std::vector<ImportConflict>& conflicts) {
  std::string out;
  for (const ImportConflict& c : conflicts) out += (out.empty() ? "" : "; ") + c.message;
  return out;
}

int PreviewCommand(const Args& args, const std::string& company_id, const std::string& vault_id,
                   const RemoteSecretPage& page) {
  auto request = ParseRemoteImportPreviewRequest(OrderedJson{{"providerConfigId", vault_id}});
  if (!request.ok()) return Refused(args, request.diagnostics);
  std::map<std::string, std::string, std::less<>> overrides;
  if (auto home = args.Value("home")) overrides["CLASP_HOME"] = *home;
  // Writable: the preview is recorded in activity_log, as Paperclip's route does.
  auto store = OpenExistingStore(ProcessEnvWith(overrides), args.Value("database-url"), true);
  if (!store.ok()) return RuntimeFailure(kCommand, store.diagnostics);
  RemoteImportService service(**store.value, SystemRandom(), SystemClock());
  auto preview = service.Preview(company_id, *request.value, page, Actor{std::nullopt, std::string("local-cli")});
  if (!preview.ok()) return Refused(args, preview.diagnostics);
  if (args.Has("json")) {
    std::cout << DumpJson(RemoteImportPreviewJson(*preview.value), 2) << "\n";
    return kExitOk;
  }
  int ready = 0;
  for (const ImportCandidate& c : preview.value->candidates) {
    ready += c.status == "ready";
    std::cout << c.status << "\t" << TerminalSafe(c.key) << "\t" << TerminalSafe(c.name);
    if (!c.conflicts.empty()) std::cout << "\t" << TerminalSafe(Conflicts(c.conflicts));
    std::cout << "\n";
  }
  std::cout << Count(preview.value->candidates.size(), "candidate", "candidates") << ", " << ready << " ready";
  if (preview.value->next_token) std::cout << " (more pages: NextToken present)";
  std::cout << "\n";
  return kExitOk;
}

int ImportCommand(const Args& args, const std::string& company_id, const std::string& vault_id,
                  const RemoteSecretPage& page) {
  OrderedJson rows = OrderedJson::array();
  for (const RemoteSecretEntry& e : page.secrets) {
    OrderedJson row = {{"externalRef", e.external_ref}};
    if (!e.name.empty()) row["name"] = e.name;
    rows.push_back(std::move(row));
  }
  auto request = ParseRemoteImportRequest(OrderedJson{{"providerConfigId", vault_id}, {"secrets", std::move(rows)}});
  if (!request.ok()) return Refused(args, request.diagnostics);
  const bool apply = args.Has("apply");
  std::map<std::string, std::string, std::less<>> overrides;
  if (auto home = args.Value("home")) overrides["CLASP_HOME"] = *home;
  auto store = OpenExistingStore(ProcessEnvWith(overrides), args.Value("database-url"), apply);
  if (!store.ok()) return RuntimeFailure(kCommand, store.diagnostics);
  RemoteImportService service(**store.value, SystemRandom(), SystemClock());
  auto outcome = service.Import(company_id, *request.value, apply, Actor{std::nullopt, std::string("local-cli")});
  if (!outcome.ok()) return Refused(args, outcome.diagnostics);
  const ImportCounts counts = CountImportResults(outcome.value->results);
  if (args.Has("json")) {
    OrderedJson out = RemoteImportResultJson(outcome.value->provider_config_id, outcome.value->provider,
                                             outcome.value->results);
    out["applied"] = apply;
    std::cout << DumpJson(out, 2) << "\n";
  } else {
    for (const ImportRowResult& r : outcome.value->results) {
      std::cout << (r.status == "imported" && !apply ? std::string("would import") : r.status) << "\t"
                << TerminalSafe(r.key) << "\t" << TerminalSafe(r.name);
      if (r.secret_id) std::cout << "\t" << *r.secret_id;
      if (r.reason) std::cout << "\t" << TerminalSafe(*r.reason);
      std::cout << "\n";
    }
    std::cout << counts.imported << (apply ? " imported, " : " to import, ") << counts.skipped << " skipped, "
              << Count(counts.errors, "error", "errors") << (apply ? "" : " (dry run: nothing written; pass --apply)") << "\n";
  }
  return counts.errors > 0 ? kExitProblems : kExitOk;
}

}  // namespace

const char* SecretsImportHelp() { return kUsage; }

int RunSecretsImport(const std::vector<std::string>& argv) {
  auto parsed = ParseArgs(argv, ValueFlagsOf(kCommand));
  if (parsed.error) return UsageError(kCommand, *parsed.error);
  const Args& args = parsed.args;
  // Here the subcommand is import or import-preview (the table's).
  const std::string& sub = args.positionals[0];
  const std::string who = "secrets " + sub;
  if (args.positionals.size() != 2) return UsageError(who, sub + " takes one FILE");
  const auto company_id = args.Value("company-id");
  if (!company_id || company_id->empty()) return UsageError(who, sub + " needs --company-id");
  const auto vault_id = args.Value("provider-config-id");
  if (!vault_id || vault_id->empty()) return UsageError(who, sub + " needs --provider-config-id");
  auto json = ReadJsonFile(args.positionals[1]);
  if (!json.ok() && IsIoFailure(json.diagnostics)) return RuntimeFailure(kCommand, json.diagnostics);
  if (!json.ok()) return Refused(args, json.diagnostics);
  auto page = ParseAwsListSecretsPage(*json.value);
  if (!page.ok()) return Refused(args, page.diagnostics);
  if (sub == "import-preview") return PreviewCommand(args, *company_id, *vault_id, *page.value);
  return ImportCommand(args, *company_id, *vault_id, *page.value);
}

}  // namespace clasp::cli
