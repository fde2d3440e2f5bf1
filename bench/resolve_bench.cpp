// In-process secret resolution, the path an agent run takes per secret:
// SecretService::Resolve with an access context = one transaction holding
// the secret lookup (row-locked on PostgreSQL), the BIND-2 binding check,
// the version lookup, AES-256-GCM decrypt, the secret_access_events insert
// and the last_resolved_at update, then commit.
//
// `resolve_sqlite` runs on a fresh SQLite file in $TMPDIR (on disk, not
// tmpfs, on the reference machine): WAL, and the resolve transaction is
// SecretStore::Durability::kRelaxed (synchronous=NORMAL: no fsync per
// access event; secret writes stay synchronous=FULL, see sqlite_store.h);
// `resolve_pg` on a fresh database of the server in DATABASE_URL (skipped
// with a message when unset; scripts/bench.sh starts a throwaway server).
// 1 and 2 threads, each thread with its own connection and cipher, all
// resolving the same bound secret. p50_us / p99_us are each thread's
// latency percentiles, averaged over the threads. Reference: a real
// Paperclip 2026.916.1 server takes a median 25.7 ms per resolve on this
// machine kind; target: p99 <= 0.5 ms on SQLite.
#include <benchmark/benchmark.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "clasp/native/pg_store.h"
#include "clasp/native/secret_service.h"
#include "clasp/native/sqlite_store.h"

namespace {

using namespace clasp;
using namespace clasp::native;

const std::string kCompany = "a5e14a02-7d61-4b70-b6f8-27742a6ad3a7";
const std::string kAgent = "d31df0f7-af23-43cd-ab39-d60101586083";

using Opener = std::function<std::unique_ptr<SecretStore>()>;

// One database with one secret bound to one agent, built once per process.
struct World {
  Opener open;
  std::string secret_id;
  std::string error;
  std::string cleanup;  // directory or database to remove at exit
  std::string admin_url;
  MapEnvVars vars{std::map<std::string, std::string, std::less<>>{
      {"PAPERCLIP_SECRETS_MASTER_KEY", std::string(64, 'b')}, {"CLASP_HOME", "/nonexistent"}}};

  void Populate() {
    auto store = open();
    if (!store) return void(error = "cannot open the store");
    auto ciphers = KeyCustodyCipherSource(vars, PosixFileSystem(), SystemRandom());
    SecretService service(*store, *ciphers, SystemRandom(), SystemClock());
    CreateSecretInput in;
    in.name = "OpenAI API key";
    in.value = "sk-bench-" + std::string(55, 'x');  // a 64-byte key
    auto created = service.Create(kCompany, in);
    if (!created.ok()) return void(error = created.diagnostics[0].message);
    secret_id = created.value->id;
    OrderedJson env = {{"OPENAI_API_KEY", {{"type", "secret_ref"}, {"secretId", secret_id}, {"version", "latest"}}}};
    auto synced = service.SyncEnvBindings(kCompany, {"agent", kAgent, "env"}, env);
    if (!synced.ok()) error = synced.diagnostics[0].message;
  }

  ~World() {
    if (!admin_url.empty()) {
      PGconn* admin = PQconnectdb(admin_url.c_str());
      PQclear(PQexec(admin, ("DROP DATABASE IF EXISTS " + cleanup + " WITH (FORCE)").c_str()));
      PQfinish(admin);
    } else if (!cleanup.empty()) {
      std::filesystem::remove_all(cleanup);
    }
  }
};

World& SqliteWorld() {
  static const std::unique_ptr<World> world = [] {
    auto w = std::make_unique<World>();
    std::string pattern = (std::filesystem::temp_directory_path() / "clasp-bench-XXXXXX").string();
    w->cleanup = ::mkdtemp(pattern.data());
    const std::string path = w->cleanup + "/clasp.sqlite3";
    w->open = [path]() -> std::unique_ptr<SecretStore> {
      auto s = SqliteStore::Open(path);
      return s.ok() ? std::move(*s.value) : nullptr;
    };
    w->Populate();
    return w;
  }();
  return *world;
}

World& PgWorld() {
  static const std::unique_ptr<World> world = [] {
    auto w = std::make_unique<World>();
    const char* url = std::getenv("DATABASE_URL");
    if (url == nullptr || *url == '\0') {
      w->error = "DATABASE_URL is not set (scripts/bench.sh starts a throwaway PostgreSQL)";
      return w;
    }
    // A fresh database beside the one in the URL (postgresql://…/<db>).
    w->admin_url = url;
    w->cleanup = "clasp_bench_" + std::to_string(::getpid());
    PGconn* admin = PQconnectdb(url);
    PQclear(PQexec(admin, ("CREATE DATABASE " + w->cleanup).c_str()));
    PQfinish(admin);
    const std::string base = w->admin_url.substr(0, w->admin_url.find('/', w->admin_url.find("://") + 3));
    const std::string db_url = base + "/" + w->cleanup;
    w->open = [db_url]() -> std::unique_ptr<SecretStore> {
      auto s = PgStore::Open(db_url);
      return s.ok() ? std::move(*s.value) : nullptr;
    };
    w->Populate();
    return w;
  }();
  return *world;
}

void RunResolve(benchmark::State& state, World& world) {
  if (!world.error.empty()) return state.SkipWithError(world.error.c_str());
  auto store = world.open();
  if (!store) return state.SkipWithError("cannot open the store");
  auto ciphers = KeyCustodyCipherSource(world.vars, PosixFileSystem(), SystemRandom());
  SecretService service(*store, *ciphers, SystemRandom(), SystemClock());
  AccessContext context;
  context.actor_type = "agent", context.actor_id = kAgent, context.consumer_type = "agent";
  context.consumer_id = kAgent, context.config_path = "env.OPENAI_API_KEY";
  std::vector<double> micros;
  micros.reserve(1 << 16);
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    auto resolved = service.Resolve(kCompany, world.secret_id, std::nullopt, context);
    micros.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
    if (!resolved.ok()) return state.SkipWithError(resolved.diagnostics[0].message.c_str());
  }
  std::sort(micros.begin(), micros.end());
  auto pct = [&](double p) { return micros.empty() ? 0.0 : micros[static_cast<std::size_t>(p * (micros.size() - 1))]; };
  state.counters["p50_us"] = benchmark::Counter(pct(0.50), benchmark::Counter::kAvgThreads);
  state.counters["p99_us"] = benchmark::Counter(pct(0.99), benchmark::Counter::kAvgThreads);
  state.SetItemsProcessed(state.iterations());
}

void BM_ResolveSqlite(benchmark::State& state) { RunResolve(state, SqliteWorld()); }
BENCHMARK(BM_ResolveSqlite)->Name("resolve_sqlite")->Threads(1)->Threads(2)->UseRealTime();

void BM_ResolvePg(benchmark::State& state) { RunResolve(state, PgWorld()); }
BENCHMARK(BM_ResolvePg)->Name("resolve_pg")->Threads(1)->Threads(2)->UseRealTime();

}  // namespace
