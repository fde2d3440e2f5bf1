// clasp bindings check|repair: the offline binding doctor's front end. The
// work is in native/binding_doctor.h; this file parses flags and prints.
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <map>
#include <memory>

#include "cli.h"
#include "clasp/native/binding_doctor.h"
#include "clasp/native/pg_store.h"
#include "clasp/native/sqlite_store.h"
#include "clasp/native/store_open.h"
#include "command_table.h"
#include "commands.h"

namespace clasp::cli {
namespace {

using namespace clasp::native;

constexpr const char* kCommand = "bindings";

constexpr const char* kUsage =
    "usage: clasp bindings check  [SOURCE] [--company-id ID] [--plan] [--sql] [--allow-unchecked] [--json]\n"
    "       clasp bindings repair [SOURCE] [--company-id ID] [--apply] [--sql] [--json]\n"
    "SOURCE (one of):\n"
    "  --database-url URL       a PostgreSQL database (Paperclip 2026.916.1 or clasp's); else DATABASE_URL.\n"
    "                           check and a repair dry run open it read-only\n"
    "  --agents FILE [--usage FILE]... [--projects FILE]\n"
    "                           Paperclip's exports: GET /api/companies/:id/agents, GET /api/secrets/:id/usage\n"
    "                           (one file per secret), projects; check and dry run only\n"
    "  (none)                   clasp's own store under CLASP_HOME (or --home DIR)\n"
    "check reports every place env secret refs and binding rows disagree; --plan adds the repair,\n"
    "--sql prints the repair as SQL for Paperclip's schema (stdout; the summary goes to stderr).\n"
    "repair prints the repair (dry run); --apply writes it in one transaction with an activity_log\n"
    "row per change. Nothing printed ever holds a secret value.\n"
    "On a store (not exports) check also warns of every ref a run would still refuse with its rows in\n"
    "order: a disabled or archived secret, a pinned version missing or inactive, a user secret\n"
    "definition missing or inactive, a user secret ref without its declaration (Paperclip's codes and\n"
    "messages).\n"
    "A ref whose secret has no --usage file cannot be checked: check exits 1 for it too, unless\n"
    "--allow-unchecked.\n"
    "Exit: 0 clean, 1 desyncs found or refs unchecked (check) / changes pending or manual items left\n"
    "(repair), 2 usage error, 3 runtime error (an unreadable file, the store), 4 (check) no desync\n"
    "but refs a run would refuse.\n";

struct Source {
  std::unique_ptr<SecretStore> store;  // null for exports
  DoctorView view;
};

// Opens the store a command reads from (cli.h's OpenExistingStore: a check
// never creates a store, PostgreSQL read-only unless `writable`) and names it.
Result<std::unique_ptr<SecretStore>> OpenSource(const Args& args, const EnvVars& vars, bool writable,
                                                std::string& kind, std::string& location) {
  const auto flag = args.Value("database-url");
  auto store = OpenExistingStore(vars, flag, writable);
  if (!store.ok()) return store;
  if (auto url = DatabaseUrl(vars, flag); url.ok()) {
    kind = "postgresql", location = DescribeConnInfo(*url.value);
  } else {
    auto path = StorePath(vars, PosixFileSystem());
    kind = "sqlite", location = path.ok() ? *path.value : "";
  }
  return store;
}

Result<DoctorView> ReadView(const Args& args, const EnvVars& vars, const CompanyFilter& company) {
  if (const auto agents = args.Value("agents")) {
    auto docs = ReadExportFiles(*agents, args.All("usage"), args.Value("projects"));
    if (!docs.ok()) return Forward<DoctorView>(std::move(docs));
    auto view = DoctorViewFromExports(*docs.value, company);
    if (view.ok()) view.value->location = *agents;
    return view;
  }
  std::string kind, location;
  auto store = OpenSource(args, vars, false, kind, location);
  if (!store.ok()) return Forward<DoctorView>(std::move(store));
  Result<DoctorView> view = FailResult<DoctorView>(Code::kStorageError, "no transaction ran");
  const Status status = (*store.value)->Transact([&](StoreTxn& txn) {
    view = LoadDoctorView(txn, company);
    return view.ok() ? OkStatus() : Status::Fail(view.diagnostics);
  });
  if (!status.ok()) return Forward<DoctorView>(Status(status));
  view.value->source = kind, view.value->location = location;
  return view;
}

void PrintFinding(std::ostream& out, const DoctorFinding& f) {
  out << CodeName(f.diagnostic.code) << "  " << TerminalSafe(f.target_type) << " \"" << TerminalSafe(f.target_name)
      << "\" (" << TerminalSafe(f.target_id) << ") company " << TerminalSafe(f.company_id);
  if (!f.env_key.empty()) out << " key " << TerminalSafe(f.env_key);
  out << " configPath " << TerminalSafe(f.config_path) << " secret ";
  if (f.secret_name) out << "\"" << TerminalSafe(*f.secret_name) << "\" (" << TerminalSafe(f.secret_id) << ")";
  if (!f.secret_name) out << TerminalSafe(f.secret_id);
  if (f.binding_id) out << " binding " << TerminalSafe(*f.binding_id);
  out << ": " << TerminalSafe(f.diagnostic.message) << "\n";
}

void PrintHuman(const DoctorView& view, const DoctorReport& report, const char* verb) {
  for (const DoctorFinding& f : report.findings) PrintFinding(std::cout, f);
  for (const DoctorFinding& f : report.warnings) {
    std::cout << "warning ";
    PrintFinding(std::cout, f);
  }
  if (report.repair) {
    for (const RepairStep& s : report.repair->steps) {
      const BindingRow& b = s.binding;
      std::cout << verb << " " << RepairActionName(s.action) << " (" << RepairReasonName(s.reason) << ") "
                << TerminalSafe(b.target_type) << ":" << TerminalSafe(b.target_id) << " " << TerminalSafe(b.config_path)
                << " -> secret " << TerminalSafe(b.secret_id) << " version " << TerminalSafe(b.version_selector)
                << (b.id.empty() ? "" : " binding " + TerminalSafe(b.id)) << "\n";
    }
    for (const DoctorFinding& f : report.manual) {
      std::cout << "manual ";
      PrintFinding(std::cout, f);
    }
  }
  for (const UncheckedRef& u : view.unchecked) {
    std::cout << "unchecked  " << TerminalSafe(view.targets[u.target].target.target_type) << " \""
              << TerminalSafe(view.target_names[u.target]) << "\" (" << TerminalSafe(view.targets[u.target].target.target_id)
              << ") key " << TerminalSafe(u.env_key) << " secret " << TerminalSafe(u.secret_id)
              << ": no usage file for this secret\n";
  }
}

std::string Summary(const DoctorView& view, const DoctorReport& report) {
  std::string s = Count(report.findings.size(), "finding", "findings") + " in " +
                  Count(view.targets.size(), "target", "targets") + ", " +
                  Count(view.rows.size(), "binding row", "binding rows") + ", " +
                  Count(report.companies, "company", "companies") + " [" + view.source + " " + view.location + "]";
  if (report.repair) {
    s += "; repair: " + Count(report.repair->inserts, "insert", "inserts") + ", " +
         Count(report.repair->updates, "update", "updates") + ", " + Count(report.repair->deletes, "delete", "deletes") +
         ", " + std::to_string(report.repair->manual.size()) + " manual";
  }
  if (!view.unchecked.empty()) s += "; " + Count(view.unchecked.size(), "ref", "refs") + " unchecked";
  if (!report.warnings.empty()) s += "; " + Count(report.warnings.size(), "ref", "refs") + " a run would refuse";
  return s;
}

// Prints the report in the requested form; returns false when the SQL
// cannot be rendered.
bool Print(const Args& args, const DoctorView& view, const DoctorReport& report, const char* verb) {
  std::optional<std::string> sql;
  if (args.Has("sql") && report.repair) {
    auto rendered = RepairSql(*report.repair);
    if (!rendered.ok()) return RuntimeFailure(kCommand, rendered.diagnostics), false;
    sql = std::move(*rendered.value);
  }
  if (args.Has("json")) {
    OrderedJson doc = DoctorReportJson(view, report);
    if (sql) doc["sql"] = *sql;
    std::cout << DumpJson(doc) << "\n";
  } else if (sql) {
    std::cout << *sql;
    std::cerr << Summary(view, report) << "\n";
  } else {
    PrintHuman(view, report, verb);
    std::cout << Summary(view, report) << "\n";
  }
  return true;
}

// A line on a terminal when the work is large enough to notice.
class Progress {
 public:
  Progress() : tty_(::isatty(STDERR_FILENO) == 1), start_(std::chrono::steady_clock::now()) {}
  void Loaded(const DoctorView& view) {
    large_ = view.targets.size() >= 10000;
    if (tty_ && large_) {
      std::cerr << "clasp bindings: read " << Count(view.targets.size(), "target", "targets") << ", "
                << Count(view.rows.size(), "row", "rows") << "; checking…" << std::flush;
    }
  }
  ~Progress() {
    if (!tty_ || !large_) return;
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start_).count();
    std::cerr << " done (" << ms << " ms)\n";
  }

 private:
  bool tty_;
  bool large_ = false;
  std::chrono::steady_clock::time_point start_;
};

int Check(const Args& args, const EnvVars& vars, const CompanyFilter& company, bool repair_dry_run) {
  Progress progress;
  auto view = ReadView(args, vars, company);
  if (!view.ok()) return RuntimeFailure(kCommand, view.diagnostics);
  progress.Loaded(*view.value);
  const bool plan = repair_dry_run || args.Has("plan") || args.Has("sql");
  const DoctorReport report = CheckBindings(*view.value, plan);
  if (!Print(args, *view.value, report, "would")) return kExitRuntime;
  if (repair_dry_run) return report.repair->empty() ? kExitOk : kExitProblems;
  // A gate that could not look must not read as green.
  const bool unchecked_ok = view.value->unchecked.empty() || args.Has("allow-unchecked");
  if (!report.clean() || !unchecked_ok) return kExitProblems;
  return report.warnings.empty() ? kExitOk : kExitRunWarnings;
}

int Apply(const Args& args, const EnvVars& vars, const CompanyFilter& company) {
  std::string kind, location;
  auto store = OpenSource(args, vars, true, kind, location);
  if (!store.ok()) return RuntimeFailure(kCommand, store.diagnostics);
  auto outcome = ApplyBindingRepair(**store.value, company, SystemRandom(), SystemClock());
  if (!outcome.ok()) return RuntimeFailure(kCommand, outcome.diagnostics);
  outcome.value->view.source = kind, outcome.value->view.location = location;
  if (!Print(args, outcome.value->view, outcome.value->report, "applied")) return kExitRuntime;
  if (!args.Has("json")) std::cerr << Count(outcome.value->activity_rows, "activity row", "activity rows") << " written\n";
  return outcome.value->report.repair->manual.empty() ? kExitOk : kExitProblems;
}

}  // namespace

const char* BindingsHelp() { return kUsage; }

int RunBindings(const std::vector<std::string>& argv) {
  auto parsed = ParseArgs(argv, ValueFlagsOf(kCommand));
  if (parsed.error) return UsageError(kCommand, *parsed.error);
  const Args& args = parsed.args;
  if (args.positionals.size() != 1 || (args.positionals[0] != "check" && args.positionals[0] != "repair")) {
    return UsageError(kCommand, "bindings needs 'check' or 'repair'");
  }
  const bool repair = args.positionals[0] == "repair";
  const bool exports = args.Has("agents");
  if (!exports && (args.Has("usage") || args.Has("projects"))) {
    return UsageError(kCommand, "--usage and --projects need --agents");
  }
  if (exports && (args.Has("database-url") || args.Has("home"))) {
    return UsageError(kCommand, "--agents cannot be combined with --database-url or --home");
  }
  if (repair && exports && args.Has("apply")) {
    return UsageError(kCommand, "exports cannot be repaired in place: apply the --sql output, or use --database-url");
  }
  std::map<std::string, std::string, std::less<>> overrides;
  if (auto home = args.Value("home")) overrides["CLASP_HOME"] = *home;
  const MapEnvVars vars = ProcessEnvWith(overrides);
  const CompanyFilter company = args.Value("company-id");
  if (repair && args.Has("apply")) return Apply(args, vars, company);
  return Check(args, vars, company, repair);
}

}  // namespace clasp::cli
