// `clasp bindings check` at the issue's scale: a Paperclip-shaped database of
// 100,000 agents (100 companies x 1,000) with 10 secret refs each and
// 1,000,000 binding rows, checked end to end: open the store (PostgreSQL
// read-only, or SQLite), read every agent, project, row and secret
// (LoadDoctorView), and run DesyncFindings (CheckBindings). Targets: <= 10 s,
// <= 1 GB peak RSS.
//
// Induced desyncs (183 findings): 9 agents lost their 10 rows (the seed
// report: 90 ref_without_row), 5 agents carry a row without a ref (#11901),
// 3 rows select the wrong version, 85 rows belong to an agent that is gone.
// 100,000 x 10 - 90 + 5 + 85 = 1,000,000 rows.
//
// Each measured check runs in a forked child, so `peak_rss_MB` is that
// child's own ru_maxrss (getrusage via wait4), not the generator's, and
// `child_cpu_s` its user + system CPU time (the PostgreSQL server's own work
// is not in it; on a loaded machine it is the steadier figure). The
// database is generated once, outside the timing: PostgreSQL through COPY
// (needs CLASP_BENCH_DATABASE_URL or CLASP_TEST_DATABASE_URL; a throwaway
// database is created on that server and dropped at exit), SQLite through
// the store adapter in one transaction. `check_plan` also plans the repair.
#include <benchmark/benchmark.h>
#include <libpq-fe.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "clasp/native/binding_doctor.h"
#include "clasp/native/pg_store.h"
#include "clasp/native/sqlite_store.h"

namespace {

using namespace clasp;
using namespace clasp::native;

constexpr int kCompanies = 100;
constexpr int kAgentsPerCompany = 1000;
constexpr int kRefs = 10;
constexpr std::size_t kExpectedFindings = 90 + 5 + 3 + 85;

std::string Id(unsigned kind, unsigned long long n) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-0000-4000-8000-%012llx", kind, n);
  return buf;
}
std::string Company(int c) { return Id(0xc0, static_cast<unsigned long long>(c)); }
std::string Secret(int c, int k) { return Id(0x5e, static_cast<unsigned long long>(c * 100 + k)); }
std::string Agent(int a) { return Id(0xa9, static_cast<unsigned long long>(a)); }
const std::string kGone = Id(0xde, 1);

bool Stripped(int a) { return a % 11111 == 7 && a / 11111 < 9; }      // 9 agents without rows
bool Stale(int a) { return a % 20000 == 13; }                         // 5 agents with a row too many
bool WrongVersion(int a) { return a % 33334 == 21; }                  // 3 agents, KEY_0 at "7"

std::string Env(int c) {
  std::string env = R"({"command":"/bin/agent","env":{"LOG_LEVEL":{"type":"plain","value":"info"})";
  for (int k = 0; k < kRefs; ++k) {
    env += R"(,"KEY_)" + std::to_string(k) + R"(":{"type":"secret_ref","secretId":")" + Secret(c, k) +
           R"(","version":"latest","projectionClass":"unclassified","projectionAllowlistKey":null})";
  }
  return env + "}}";
}

// Calls `row` with (company, agent, row id, configPath, secret, version) for
// every binding row of the generated database.
void ForEachRow(const std::function<void(const std::string&, const std::string&, unsigned long long,
                                         const std::string&, const std::string&, const char*)>& row) {
  unsigned long long n = 0;
  for (int a = 0; a < kCompanies * kAgentsPerCompany; ++a) {
    const int c = a / kAgentsPerCompany;
    if (Stripped(a)) continue;
    for (int k = 0; k < kRefs; ++k) {
      row(Company(c), Agent(a), n++, "env.KEY_" + std::to_string(k), Secret(c, k),
          k == 0 && WrongVersion(a) ? "7" : "latest");
    }
    if (Stale(a)) row(Company(c), Agent(a), n++, "env.STALE", Secret(c, 0), "latest");
  }
  for (int i = 0; i < 85; ++i) row(Company(0), kGone, n++, "env.GONE_" + std::to_string(i), Secret(0, 1), "latest");
}

// ---------------------------------------------------------------- PostgreSQL

std::string ServerUrl() {
  for (const char* name : {"CLASP_BENCH_DATABASE_URL", "CLASP_TEST_DATABASE_URL"}) {
    if (const char* v = std::getenv(name); v != nullptr && *v != '\0') return v;
  }
  return "";
}

std::string WithDatabase(const std::string& url, const std::string& db) {
  const std::size_t authority = url.find("://");
  const std::size_t path = url.find('/', authority == std::string::npos ? 0 : authority + 3);
  return (path == std::string::npos ? url.substr(0, url.find('?')) : url.substr(0, path)) + "/" + db;
}

bool Exec(PGconn* conn, const std::string& sql) {
  PGresult* r = PQexec(conn, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
  if (!ok) std::fprintf(stderr, "bench: %s\n", PQresultErrorMessage(r));
  PQclear(r);
  return ok;
}

// COPY table (columns) FROM STDIN in text format, fed by `produce`.
bool Copy(PGconn* conn, const std::string& head, const std::function<void(std::string&)>& produce) {
  PGresult* r = PQexec(conn, ("COPY " + head + " FROM STDIN").c_str());
  const bool started = PQresultStatus(r) == PGRES_COPY_IN;
  PQclear(r);
  if (!started) return false;
  std::string buf;
  produce(buf);
  const bool sent = PQputCopyData(conn, buf.data(), static_cast<int>(buf.size())) == 1 && PQputCopyEnd(conn, nullptr) == 1;
  r = PQgetResult(conn);
  const bool ok = sent && PQresultStatus(r) == PGRES_COMMAND_OK;
  if (!ok) std::fprintf(stderr, "bench: COPY %s: %s\n", head.c_str(), PQresultErrorMessage(r));
  PQclear(r);
  return ok;
}

class PgDatabase {
 public:
  PgDatabase() {
    server_ = ServerUrl();
    if (server_.empty()) return;
    name_ = "clasp_bench_bindings_" + std::to_string(::getpid());
    PGconn* admin = PQconnectdb(server_.c_str());
    const bool created = Exec(admin, "DROP DATABASE IF EXISTS " + name_) && Exec(admin, "CREATE DATABASE " + name_);
    PQfinish(admin);
    if (!created) return;
    url_ = WithDatabase(server_, name_);
    if (!PgStore::Open(url_).ok()) return;  // creates Paperclip's tables
    PGconn* conn = PQconnectdb(url_.c_str());
    ready_ = Generate(conn);
    PQfinish(conn);
  }
  ~PgDatabase() {
    if (name_.empty()) return;
    PGconn* admin = PQconnectdb(server_.c_str());
    Exec(admin, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    PQfinish(admin);
  }
  bool ready() const { return ready_; }
  const std::string& url() const { return url_; }

 private:
  static bool Generate(PGconn* conn) {
    const std::string t = "2026-01-01 00:00:00+00";
    bool ok = Copy(conn, "companies (id, name, issue_prefix)", [&](std::string& b) {
      for (int c = 0; c < kCompanies; ++c) {
        b += Company(c) + "\tCompany " + std::to_string(c) + "\tC" + std::to_string(c) + "\n";
      }
    });
    ok = ok && Copy(conn, "company_secrets (id, company_id, name, key, created_at, updated_at)", [&](std::string& b) {
      for (int c = 0; c < kCompanies; ++c) {
        for (int k = 0; k < kRefs; ++k) {
          b += Secret(c, k) + "\t" + Company(c) + "\tsecret " + std::to_string(k) + "\tkey-" + std::to_string(k) +
               "\t" + t + "\t" + t + "\n";
        }
      }
    });
    ok = ok && Copy(conn, "agents (id, company_id, name, adapter_config)", [&](std::string& b) {
      for (int a = 0; a < kCompanies * kAgentsPerCompany; ++a) {
        b += Agent(a) + "\t" + Company(a / kAgentsPerCompany) + "\tagent " + std::to_string(a) + "\t" +
             Env(a / kAgentsPerCompany) + "\n";
      }
    });
    ok = ok && Copy(conn,
                    "company_secret_bindings (id, company_id, secret_id, target_type, target_id, config_path, "
                    "version_selector)",
                    [&](std::string& b) {
                      ForEachRow([&](const std::string& c, const std::string& a, unsigned long long n,
                                     const std::string& path, const std::string& s, const char* v) {
                        b += Id(0xb1, n) + "\t" + c + "\t" + s + "\tagent\t" + a + "\t" + path + "\t" + v + "\n";
                      });
                    });
    return ok && Exec(conn, "ANALYZE");
  }

  std::string server_, name_, url_;
  bool ready_ = false;
};

// -------------------------------------------------------------------- SQLite

class SqliteDatabase {
 public:
  SqliteDatabase() {
    dir_ = std::filesystem::temp_directory_path() / ("clasp-bench-bindings-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "clasp.sqlite3").string();
    auto store = SqliteStore::Open(path_);
    if (!store.ok()) return;
    const std::string t = "2026-01-01T00:00:00.000Z";
    const Status s = (*store.value)->Transact([&](StoreTxn& txn) {
      Status st = OkStatus();
      for (int c = 0; c < kCompanies && st.ok(); ++c) {
        st = txn.InsertCompany(CompanyRow{Company(c), "Company " + std::to_string(c), t, t});
        for (int k = 0; k < kRefs && st.ok(); ++k) {
          SecretRow r;
          r.id = Secret(c, k), r.company_id = Company(c), r.name = "secret " + std::to_string(k);
          r.key = "key-" + std::to_string(k), r.created_at = r.updated_at = t;
          st = txn.InsertSecret(r);
        }
      }
      for (int a = 0; a < kCompanies * kAgentsPerCompany && st.ok(); ++a) {
        AgentRow r;
        r.id = Agent(a), r.company_id = Company(a / kAgentsPerCompany), r.name = "agent " + std::to_string(a);
        r.adapter_config = Env(a / kAgentsPerCompany), r.created_at = r.updated_at = t;
        st = txn.InsertAgent(r);
      }
      ForEachRow([&](const std::string& c, const std::string& a, unsigned long long n, const std::string& path,
                     const std::string& secret, const char* v) {
        if (!st.ok()) return;
        BindingRow r;
        r.id = Id(0xb1, n), r.company_id = c, r.secret_id = secret, r.target_type = "agent", r.target_id = a;
        r.config_path = path, r.version_selector = v;
        st = txn.InsertBinding(r, t);
      });
      return st;
    });
    ready_ = s.ok();
    if (!ready_ && !s.diagnostics.empty()) std::fprintf(stderr, "bench: %s\n", s.diagnostics[0].message.c_str());
  }
  ~SqliteDatabase() { std::filesystem::remove_all(dir_); }
  bool ready() const { return ready_; }
  const std::string& path() const { return path_; }

 private:
  std::filesystem::path dir_;
  std::string path_;
  bool ready_ = false;
};

// ---------------------------------------------------------------- the check

// In a child: open, read, check (and plan); exit code 0 when the findings are
// the induced ones. The parent gets the child's peak RSS.
void RunChecks(benchmark::State& state, const std::function<Result<std::unique_ptr<SecretStore>>()>& open,
               bool plan) {
  long peak_kb = 0;
  double cpu_s = 0;
  for (auto _ : state) {
    const pid_t child = ::fork();
    if (child == 0) {
      auto store = open();
      if (!store.ok()) ::_exit(3);
      Result<DoctorView> view = FailResult<DoctorView>(Code::kStorageError, "not read");
      const Status s = (*store.value)->Transact([&](StoreTxn& txn) {
        view = LoadDoctorView(txn, std::nullopt);
        return view.ok() ? OkStatus() : Status::Fail(view.diagnostics);
      });
      if (!s.ok()) ::_exit(4);
      const DoctorReport report = CheckBindings(*view.value, plan);
      const bool ok = report.findings.size() == kExpectedFindings && view.value->rows.size() == 1000000u &&
                      (!plan || report.repair->steps.size() == kExpectedFindings);
      ::_exit(ok ? 0 : 5);
    }
    int status = 0;
    struct rusage usage {};
    ::wait4(child, &status, 0, &usage);
    peak_kb = usage.ru_maxrss;
    cpu_s = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
            static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      state.SkipWithError(("check failed, child status " + std::to_string(WEXITSTATUS(status))).c_str());
    }
  }
  state.counters["peak_rss_MB"] = static_cast<double>(peak_kb) / 1024.0;
  state.counters["child_cpu_s"] = cpu_s;
  state.counters["agents"] = kCompanies * kAgentsPerCompany;
  state.counters["rows"] = 1000000;
}

void BM_BindingsCheck_PostgreSQL(benchmark::State& state) {
  static PgDatabase db;
  if (!db.ready()) {
    state.SkipWithError("no PostgreSQL (set CLASP_BENCH_DATABASE_URL or CLASP_TEST_DATABASE_URL)");
    for (auto _ : state) {
    }
    return;
  }
  RunChecks(state, [] {
    auto s = PgStore::Open(db.url(), PgOpenMode::kReadOnly);
    if (!s.ok()) return Result<std::unique_ptr<SecretStore>>::Fail(s.diagnostics);
    return Result<std::unique_ptr<SecretStore>>::Ok(std::move(*s.value));
  }, state.range(0) != 0);
}

void BM_BindingsCheck_SQLite(benchmark::State& state) {
  static SqliteDatabase db;
  if (!db.ready()) {
    state.SkipWithError("could not generate the SQLite database");
    for (auto _ : state) {
    }
    return;
  }
  RunChecks(state, [] {
    auto s = SqliteStore::Open(db.path());
    if (!s.ok()) return Result<std::unique_ptr<SecretStore>>::Fail(s.diagnostics);
    return Result<std::unique_ptr<SecretStore>>::Ok(std::move(*s.value));
  }, state.range(0) != 0);
}

}  // namespace

BENCHMARK(BM_BindingsCheck_PostgreSQL)->ArgName("plan")->Arg(0)->Arg(1)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_BindingsCheck_SQLite)->ArgName("plan")->Arg(0)->Arg(1)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
