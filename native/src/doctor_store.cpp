// `clasp doctor`: the checks that read the store — storage, provider vaults,
// binding desyncs (doctor.h).
#include <sqlite3.h>

#include <map>

#include "clasp/native/binding_doctor.h"
#include "clasp/native/pg_store.h"
#include "clasp/native/store_open.h"
#include "clasp/native/sqlite_store.h"
#include "clasp/native/vault_service.h"
#include "clasp/vault_status.h"
#include "doctor_checks.h"

namespace clasp::native::doctor {
namespace {

std::string FirstMessage(const std::vector<Diagnostic>& diagnostics, const std::string& fallback) {
  return diagnostics.empty() ? fallback : diagnostics.front().message;
}

// PRAGMA user_version through a read-only connection, so looking never
// creates or migrates the file.
Result<long long> ReadUserVersion(const std::string& path) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  auto fail = [&](const std::string& what) {
    std::string message = "SQLite: cannot " + what + " " + path + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close_v2(db);
    return FailResult<long long>(Code::kStorageError, std::move(message));
  };
  if (rc != SQLITE_OK) return fail("open");
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr) != SQLITE_OK) return fail("read");
  long long version = -1;
  if (sqlite3_step(stmt) == SQLITE_ROW) version = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  if (version < 0) return fail("read");
  sqlite3_close_v2(db);
  return Result<long long>::Ok(version);
}

StorageProbe SqliteStorage(const EnvVars& vars, FileSystem& fs) {
  StorageProbe probe;
  auto path = StorePath(vars, fs);
  if (!path.ok()) {
    probe.check = MakeCheck("storage", "error", FirstMessage(path.diagnostics, "cannot locate the store"));
    probe.check.incomplete = true;
    probe.unavailable = "Skipped: storage is not available";
    return probe;
  }
  const int current = SqliteStore::CurrentSchemaVersion();
  auto exists = fs.PermissionBits(*path.value);
  if (exists.ok() && !*exists.value) {
    probe.check = MakeCheck("storage", "warn",
                            "No clasp store yet at " + *path.value + "; clasp serve creates it on first start");
    probe.check.details = {{"kind", "sqlite"}, {"path", *path.value}, {"expectedSchemaVersion", current}};
    probe.unavailable = "No store yet: nothing to check";
    probe.absent = true;
    return probe;
  }
  auto version = exists.ok() ? ReadUserVersion(*path.value) : Forward<long long>(std::move(exists));
  if (!version.ok()) {
    probe.check = MakeCheck("storage", "error", FirstMessage(version.diagnostics, "cannot read " + *path.value));
    probe.check.incomplete = true;
    probe.unavailable = "Skipped: storage is not available";
    return probe;
  }
  const long long found = *version.value;
  probe.check.details = {{"kind", "sqlite"}, {"path", *path.value}, {"schemaVersion", found},
                         {"expectedSchemaVersion", current}};
  probe.check.name = "storage";
  if (found > current) {
    probe.check.status = "error";
    probe.check.message = "SQLite store " + *path.value + " is at schema version " + std::to_string(found) +
                          ", newer than this clasp understands (" + std::to_string(current) + ")";
    probe.check.incomplete = true;
    probe.unavailable = "Skipped: storage is not available";
    return probe;
  }
  if (found < current) {
    probe.check.status = "warn";
    probe.check.message = "SQLite store " + *path.value + " is at schema version " + std::to_string(found) +
                          "; clasp serve migrates it to " + std::to_string(current) + " on next start";
    probe.unavailable = "Skipped: the store is not migrated yet (reading it would migrate it)";
    return probe;
  }
  auto store = SqliteStore::Open(*path.value, SqliteOpenMode::kReadOnly, fs);
  if (!store.ok()) {
    probe.check.status = "error";
    probe.check.message = FirstMessage(store.diagnostics, "cannot open " + *path.value);
    probe.check.incomplete = true;
    probe.unavailable = "Skipped: storage is not available";
    return probe;
  }
  probe.check.status = "ok";
  probe.check.message = "SQLite store " + *path.value + " is at schema version " + std::to_string(found);
  probe.store = std::move(*store.value);
  return probe;
}

StorageProbe PostgresStorage(const EnvVars& vars, const DoctorOptions& options) {
  StorageProbe probe;
  probe.unavailable = "Skipped: storage is not available";
  auto url = DatabaseUrl(vars, options.database_url);
  if (!url.ok()) {
    probe.check = MakeCheck("storage", "error", FirstMessage(url.diagnostics, "no connection string"));
    probe.check.incomplete = true;
    return probe;
  }
  const std::string target = DescribeConnInfo(*url.value);
  // Read-only: checks every column clasp reads, creates nothing, and every
  // transaction of the later checks is READ ONLY on the server.
  auto store = PgStore::Open(*url.value, PgOpenMode::kReadOnly);
  if (!store.ok()) {
    probe.check = MakeCheck("storage", "error", FirstMessage(store.diagnostics, "cannot open " + target));
    probe.check.details = {{"kind", "postgresql"}, {"target", target}};
    probe.check.incomplete = true;
    return probe;
  }
  probe.check = MakeCheck("storage", "ok", "PostgreSQL " + target + " is reachable and has every column clasp uses");
  probe.check.details = {{"kind", "postgresql"}, {"target", target}};
  probe.store = std::move(*store.value);
  probe.unavailable.clear();
  return probe;
}

// HLT verdicts as doctor statuses: a disabled vault is switched off on
// purpose; a coming-soon one cannot resolve at run time.
std::string DoctorStatus(VaultHealthStatus status) {
  switch (status) {
    case VaultHealthStatus::kReady:
    case VaultHealthStatus::kDisabled: return "ok";
    case VaultHealthStatus::kWarning:
    case VaultHealthStatus::kComingSoon: return "warn";
    case VaultHealthStatus::kError: return "error";
  }
  return "error";
}

int Severity(const std::string& status) { return status == "error" ? 2 : status == "warn" ? 1 : 0; }

}  // namespace

StorageProbe StorageCheck(const EnvVars& vars, FileSystem& fs, const DoctorOptions& options) {
  return UsesPostgres(vars, options.database_url) ? PostgresStorage(vars, options) : SqliteStorage(vars, fs);
}

DoctorCheck VaultsCheck(SecretStore& store, const EnvVars& vars, FileSystem& fs, KeyHome home) {
  std::unique_ptr<ProviderHealthProbe> probe = DeploymentHealthProbe(vars, fs, home);
  OrderedJson companies = OrderedJson::array();
  std::map<std::string, int> by_status;
  std::size_t vaults = 0;
  std::string worst = "ok";
  const Status read = store.Transact([&](StoreTxn& txn) -> Status {
    companies = OrderedJson::array(), by_status.clear(), vaults = 0, worst = "ok";
    auto listed = txn.ListCompanies();
    if (!listed.ok()) return Forward<Done>(std::move(listed));
    for (const CompanyRow& company : *listed.value) {
      auto rows = txn.ListProviderConfigs(company.id);
      if (!rows.ok()) return Forward<Done>(std::move(rows));
      if (rows.value->empty()) continue;
      OrderedJson entries = OrderedJson::array();
      for (const ProviderConfigRow& row : *rows.value) {
        OrderedJson entry = {{"id", row.id}, {"provider", row.provider}, {"displayName", row.display_name},
                             {"rowStatus", row.status}};
        std::string status;
        if (auto vault = ToProviderVault(row); !vault.ok()) {
          status = "error";
          entry["health"] = {{"status", "error"}, {"message", FirstMessage(vault.diagnostics, "unreadable row")}};
        } else {
          std::optional<VaultHealth> health = StaticVaultHealth(vault.value->provider, vault.value->status);
          if (!health) health = MapModuleHealth(vault.value->status, probe->Check(vault.value->provider, &*vault.value).health);
          status = DoctorStatus(health->status);
          entry["health"] = {{"status", std::string(VaultHealthStatusName(health->status))},
                             {"code", health->code},
                             {"message", health->message}};
          ++by_status[std::string(VaultHealthStatusName(health->status))];
        }
        if (Severity(status) > Severity(worst)) worst = status;
        entry["doctorStatus"] = status;
        entries.push_back(std::move(entry));
        ++vaults;
      }
      companies.push_back({{"companyId", company.id}, {"companyName", company.name}, {"vaults", std::move(entries)}});
    }
    return OkStatus();
  });
  if (!read.ok()) {
    DoctorCheck failed = MakeCheck("provider_vaults", "error", FirstMessage(read.diagnostics, "cannot read vaults"));
    failed.incomplete = true;
    return failed;
  }
  if (vaults == 0) {
    return MakeCheck("provider_vaults", "ok",
                     "No provider vaults configured; secrets use the deployment's local_encrypted provider");
  }
  std::string message = std::to_string(vaults) + " provider vault" + (vaults == 1 ? "" : "s") + " in " +
                        std::to_string(companies.size()) + " compan" + (companies.size() == 1 ? "y" : "ies") + ":";
  for (const auto& [status, count] : by_status) message += " " + std::to_string(count) + " " + status + ",";
  message.pop_back();
  DoctorCheck check = MakeCheck("provider_vaults", worst, message);
  check.details["companies"] = std::move(companies);
  return check;
}

DoctorCheck BindingsCheck(SecretStore& store) {
  DoctorView view;
  DoctorReport report;
  const Status read = store.Transact([&](StoreTxn& txn) -> Status {
    auto loaded = LoadDoctorView(txn, std::nullopt);
    if (!loaded.ok()) return Forward<Done>(std::move(loaded));
    view = std::move(*loaded.value);
    return OkStatus();
  });
  if (!read.ok()) {
    DoctorCheck failed = MakeCheck("bindings", "error", FirstMessage(read.diagnostics, "cannot read bindings"));
    failed.incomplete = true;
    return failed;
  }
  report = CheckBindings(view, false);
  // Per company, per code, in the order findings first appear.
  std::vector<std::string> order;
  std::map<std::string, OrderedJson> counts;
  for (const DoctorFinding& finding : report.findings) {
    auto [it, added] = counts.emplace(finding.company_id, OrderedJson::object());
    if (added) order.push_back(finding.company_id);
    const std::string code(CodeName(finding.diagnostic.code));
    it->second[code] = it->second.value(code, 0) + 1;
  }
  const auto count = [](std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  const std::string scanned = count(view.targets.size(), "target", "targets") + ", " +
                              count(view.rows.size(), "binding row", "binding rows");
  const std::size_t warnings = report.warnings.size();
  const std::string refused = count(warnings, "ref", "refs") +
                              " a run would refuse (a disabled secret, a missing version or user secret); "
                              "clasp bindings check lists them";
  DoctorCheck check = MakeCheck("bindings", !report.clean() ? "error" : warnings ? "warn" : "ok",
                                !report.clean() ? std::to_string(report.findings.size()) + " desync" +
                                                      (report.findings.size() == 1 ? "" : "s") + " in " +
                                                      count(order.size(), "company", "companies") + " (" + scanned +
                                                      "); clasp bindings repair shows the fix, --apply writes it"
                                : warnings ? scanned + ", no desync; " + refused
                                           : scanned + ", no desync");
  OrderedJson companies = OrderedJson::array();
  for (const std::string& company : order) companies.push_back({{"companyId", company}, {"counts", counts[company]}});
  check.details = {{"targets", view.targets.size()},
                   {"rows", view.rows.size()},
                   {"desyncs", report.findings.size()},
                   {"runWarnings", warnings},
                   {"companies", std::move(companies)}};
  return check;
}

}  // namespace clasp::native::doctor
