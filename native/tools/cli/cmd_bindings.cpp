// clasp bindings check|repair: the offline binding doctor's front end. The
// work is in native/binding_doctor.h; this file parses flags and prints.
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <memory>

#include "cli.h"
#include "clasp/native/binding_doctor.h"
#include "clasp/native/pg_store.h"
#include "clasp/native/sqlite_store.h"
#include "clasp/native/store_open.h"
#include "commands.h"

namespace clasp::cli {
namespace {

using namespace clasp::native;

constexpr const char* kUsage =
    "usage: clasp bindings check  [SOURCE] [--company-id ID] [--plan] [--sql] [--json]\n"
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
    "Exit: 0 clean, 1 desyncs found (check) / changes pending or manual items left (repair), 2 usage or\n"
    "runtime error.\n";

// CLASP_HOME from --home, everything else from the process.
class HomeOverride final : public EnvVars {
 public:
  explicit HomeOverride(std::optional<std::string> home) : home_(std::move(home)) {}
  std::optional<std::string> Get(std::string_view name) const override {
    if (home_ && name == "CLASP_HOME") return home_;
    return ProcessEnvVars().Get(name);
  }

 private:
  std::optional<std::string> home_;
};

// Names and ids come from the database or a file: keep terminal controls out.
std::string Printable(const std::string& s) {
  std::string out = s;
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return out;
}

int RuntimeError(const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& d : diagnostics) std::cerr << "clasp bindings: " << Printable(d.message) << "\n";
  if (diagnostics.empty()) std::cerr << "clasp bindings: failed\n";
  return kExitUsage;
}

struct Source {
  std::unique_ptr<SecretStore> store;  // null for exports
  DoctorView view;
};

// Opens the store a command reads from: PostgreSQL read-only unless
// `writable`, SQLite under the home directory (which must already exist:
// a check never creates a store), or none for exports.
Result<std::unique_ptr<SecretStore>> OpenSource(const Args& args, const EnvVars& vars, bool writable,
                                                std::string& kind, std::string& location) {
  const auto flag = args.Value("database-url");
  const bool pg = (flag && !flag->empty()) || vars.Get("DATABASE_URL").value_or("") != "";
  if (pg && writable) {
    auto opened = OpenStore(vars, PosixFileSystem(), flag);
    if (!opened.ok()) return Forward<std::unique_ptr<SecretStore>>(std::move(opened));
    kind = opened.value->kind, location = opened.value->description;
    return Result<std::unique_ptr<SecretStore>>::Ok(std::move(opened.value->store));
  }
  if (pg) {
    auto url = DatabaseUrl(vars, flag);
    if (!url.ok()) return Forward<std::unique_ptr<SecretStore>>(std::move(url));
    auto store = PgStore::Open(*url.value, PgOpenMode::kReadOnly);
    if (!store.ok()) return Forward<std::unique_ptr<SecretStore>>(std::move(store));
    location = DescribeConnInfo(*url.value);
    kind = "postgresql";
    return Result<std::unique_ptr<SecretStore>>::Ok(std::move(*store.value));
  }
  auto path = StorePath(vars, PosixFileSystem());
  if (!path.ok()) return Forward<std::unique_ptr<SecretStore>>(std::move(path));
  auto exists = PosixFileSystem().PermissionBits(*path.value);
  if (!exists.ok()) return Forward<std::unique_ptr<SecretStore>>(std::move(exists));
  if (!*exists.value) {
    return FailResult<std::unique_ptr<SecretStore>>(Code::kStorageError, "No clasp store at " + *path.value +
                                                                             " (set CLASP_HOME, --home or --database-url)");
  }
  auto store = SqliteStore::Open(*path.value);
  if (!store.ok()) return Forward<std::unique_ptr<SecretStore>>(std::move(store));
  kind = "sqlite", location = *path.value;
  return Result<std::unique_ptr<SecretStore>>::Ok(std::move(*store.value));
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
  out << CodeName(f.diagnostic.code) << "  " << Printable(f.target_type) << " \"" << Printable(f.target_name)
      << "\" (" << Printable(f.target_id) << ") company " << Printable(f.company_id);
  if (!f.env_key.empty()) out << " key " << Printable(f.env_key);
  out << " configPath " << Printable(f.config_path) << " secret " << Printable(f.secret_id);
  if (f.binding_id) out << " binding " << Printable(*f.binding_id);
  out << ": " << Printable(f.diagnostic.message) << "\n";
}

void PrintHuman(const DoctorView& view, const DoctorReport& report, const char* verb) {
  for (const DoctorFinding& f : report.findings) PrintFinding(std::cout, f);
  if (report.repair) {
    for (const RepairStep& s : report.repair->steps) {
      const BindingRow& b = s.binding;
      std::cout << verb << " " << RepairActionName(s.action) << " (" << RepairReasonName(s.reason) << ") "
                << Printable(b.target_type) << ":" << Printable(b.target_id) << " " << Printable(b.config_path)
                << " -> secret " << Printable(b.secret_id) << " version " << Printable(b.version_selector)
                << (b.id.empty() ? "" : " binding " + Printable(b.id)) << "\n";
    }
    for (const DoctorFinding& f : report.manual) {
      std::cout << "manual ";
      PrintFinding(std::cout, f);
    }
  }
  for (const UncheckedRef& u : view.unchecked) {
    std::cout << "unchecked  " << Printable(view.targets[u.target].target.target_type) << " \""
              << Printable(view.target_names[u.target]) << "\" (" << Printable(view.targets[u.target].target.target_id)
              << ") key " << Printable(u.env_key) << " secret " << Printable(u.secret_id)
              << ": no usage file for this secret\n";
  }
}

std::string Summary(const DoctorView& view, const DoctorReport& report) {
  std::string s = std::to_string(report.findings.size()) + " finding(s) in " + std::to_string(view.targets.size()) +
                  " target(s), " + std::to_string(view.rows.size()) + " binding row(s), " +
                  std::to_string(report.companies) + " company(ies) [" + view.source + " " + view.location + "]";
  if (report.repair) {
    s += "; repair: " + std::to_string(report.repair->inserts) + " insert(s), " +
         std::to_string(report.repair->updates) + " update(s), " + std::to_string(report.repair->deletes) +
         " delete(s), " + std::to_string(report.repair->manual.size()) + " manual";
  }
  if (!view.unchecked.empty()) s += "; " + std::to_string(view.unchecked.size()) + " ref(s) unchecked";
  return s;
}

// Prints the report in the requested form; returns false when the SQL
// cannot be rendered.
bool Print(const Args& args, const DoctorView& view, const DoctorReport& report, const char* verb) {
  std::optional<std::string> sql;
  if (args.Has("sql") && report.repair) {
    auto rendered = RepairSql(*report.repair);
    if (!rendered.ok()) return RuntimeError(rendered.diagnostics), false;
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
      std::cerr << "clasp bindings: read " << view.targets.size() << " targets, " << view.rows.size()
                << " rows; checking…" << std::flush;
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
  if (!view.ok()) return RuntimeError(view.diagnostics);
  progress.Loaded(*view.value);
  const bool plan = repair_dry_run || args.Has("plan") || args.Has("sql");
  const DoctorReport report = CheckBindings(*view.value, plan);
  if (!Print(args, *view.value, report, "would")) return kExitUsage;
  if (repair_dry_run) return report.repair->empty() ? kExitOk : kExitProblems;
  return report.clean() ? kExitOk : kExitProblems;
}

int Apply(const Args& args, const EnvVars& vars, const CompanyFilter& company) {
  std::string kind, location;
  auto store = OpenSource(args, vars, true, kind, location);
  if (!store.ok()) return RuntimeError(store.diagnostics);
  auto outcome = ApplyBindingRepair(**store.value, company, SystemRandom(), SystemClock());
  if (!outcome.ok()) return RuntimeError(outcome.diagnostics);
  outcome.value->view.source = kind, outcome.value->view.location = location;
  if (!Print(args, outcome.value->view, outcome.value->report, "applied")) return kExitUsage;
  if (!args.Has("json")) std::cerr << outcome.value->activity_rows << " activity row(s) written\n";
  return outcome.value->report.repair->manual.empty() ? kExitOk : kExitProblems;
}

}  // namespace

int RunBindings(const std::vector<std::string>& argv) {
  const std::vector<std::string> values = {"database-url", "agents", "usage", "projects", "company-id", "home"};
  auto parsed = ParseArgs(argv, values);
  if (parsed.error) return UsageError(kUsage, *parsed.error);
  const Args& args = parsed.args;
  if (args.Has("help")) return std::cout << kUsage, kExitOk;
  if (auto bad = CheckKnownFlags(args, {"help", "json", "plan", "sql", "apply"}, values)) return UsageError(kUsage, *bad);
  if (args.positionals.size() != 1 || (args.positionals[0] != "check" && args.positionals[0] != "repair")) {
    return UsageError(kUsage, "bindings needs 'check' or 'repair'");
  }
  const bool repair = args.positionals[0] == "repair";
  const bool exports = args.Has("agents");
  if (!exports && (args.Has("usage") || args.Has("projects"))) {
    return UsageError(kUsage, "--usage and --projects need --agents");
  }
  if (exports && (args.Has("database-url") || args.Has("home"))) {
    return UsageError(kUsage, "--agents cannot be combined with --database-url or --home");
  }
  if (!repair && args.Has("apply")) return UsageError(kUsage, "--apply belongs to 'bindings repair'");
  if (repair && args.Has("plan")) return UsageError(kUsage, "repair always prints its plan; --plan is for check");
  if (repair && exports && args.Has("apply")) {
    return UsageError(kUsage, "exports cannot be repaired in place: apply the --sql output, or use --database-url");
  }
  const HomeOverride vars(args.Value("home"));
  const CompanyFilter company = args.Value("company-id");
  if (repair && args.Has("apply")) return Apply(args, vars, company);
  return Check(args, vars, company, repair);
}

}  // namespace clasp::cli
