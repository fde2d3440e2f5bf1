// Binding-diff planners: PlanBindingSync (clasp's default) at 1e3..1e6 rows
// of one target, and PlanPaperclipSync (the compatibility replay).
//
// Workload per 100 rows of the target: 90 resubmitted unchanged (keep), 4
// with a new pinned version (update), 2 pointed at another secret (swap:
// delete + insert), 2 left out of the env (delete, ref_removed), 1 turned
// plain (delete, now_plain), 1 kept plus a brand-new key next to it (insert).
// Secrets: 1000 ids of the same company.
//
// Memory method: this file replaces the global operator new/delete with a
// counting pair (malloc + malloc_usable_size), so the counts are the
// allocator's real block sizes. `input_MB` is the live-byte growth while the
// rows, env and secrets are built; `extra_MB` is the peak live bytes above
// the pre-call level during one PlanBindingSync call (its hash index, entry
// order, per-row state, the plan it returns and every temporary);
// `peak_x_input` = (input + extra) / input, the peak relative to the input
// the caller already holds. The measured call runs outside the timed loop.
// (A second *_bench.cpp replacing operator new would clash at link time.)
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "clasp/binding.h"
#include "clasp/binding_sync.h"

namespace {

std::atomic<std::size_t> g_live{0};
std::atomic<std::size_t> g_peak{0};

void* CountedAlloc(std::size_t n) {
  void* p = std::malloc(n == 0 ? 1 : n);
  if (p == nullptr) throw std::bad_alloc();
  const std::size_t size = malloc_usable_size(p);
  const std::size_t live = g_live.fetch_add(size, std::memory_order_relaxed) + size;
  std::size_t peak = g_peak.load(std::memory_order_relaxed);
  while (live > peak && !g_peak.compare_exchange_weak(peak, live, std::memory_order_relaxed)) {
  }
  return p;
}

void CountedFree(void* p) {
  if (p == nullptr) return;
  g_live.fetch_sub(malloc_usable_size(p), std::memory_order_relaxed);
  std::free(p);
}

}  // namespace

void* operator new(std::size_t n) { return CountedAlloc(n); }
void* operator new[](std::size_t n) { return CountedAlloc(n); }
void operator delete(void* p) noexcept { CountedFree(p); }
void operator delete[](void* p) noexcept { CountedFree(p); }
void operator delete(void* p, std::size_t) noexcept { CountedFree(p); }
void operator delete[](void* p, std::size_t) noexcept { CountedFree(p); }

namespace {

using clasp::BindingRow;
using clasp::OrderedJson;

struct Workload {
  std::size_t n = 0;
  clasp::BindingTarget target{"agent", "0b5e7a4c-1d2f-4e6a-9b8c-7d6e5f4a3b2c", "env"};
  std::string company = "5f0c2a9e-8b7d-4c6e-a1f2-3e4d5c6b7a89";
  std::vector<BindingRow> rows;
  OrderedJson env;
  clasp::SecretMap secrets;
  std::size_t input_bytes = 0;
};

std::string SecretId(std::size_t i) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08zx-0000-4000-8000-%012zx", i, i * 7919);
  return buf;
}

std::string KeyName(const char* stem, std::size_t i) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s_%07zu_TOKEN", stem, i);
  return buf;
}

OrderedJson RefJson(const std::string& secret_id, int version) {
  OrderedJson ref = OrderedJson::object();
  auto& obj = ref.get_ref<OrderedJson::object_t&>();
  obj.emplace_back("type", "secret_ref");
  obj.emplace_back("secretId", secret_id);
  if (version > 0) obj.emplace_back("version", version);
  return ref;
}

std::unique_ptr<Workload> Build(std::size_t n) {
  const std::size_t before = g_live.load();
  auto w = std::make_unique<Workload>();
  w->n = n;
  constexpr std::size_t kSecrets = 1000;
  std::vector<std::string> ids;
  for (std::size_t s = 0; s < kSecrets; ++s) {
    ids.push_back(SecretId(s));
    w->secrets.emplace(ids.back(), clasp::SecretInfo{w->company});
  }
  w->rows.reserve(n);
  w->env = OrderedJson::object();
  // Appending to the ordered map's vector directly: keys are unique by
  // construction and operator[] would scan for duplicates (quadratic).
  auto& env = w->env.get_ref<OrderedJson::object_t&>();
  env.reserve(n + n / 100);
  for (std::size_t i = 0; i < n; ++i) {
    BindingRow r;
    r.id = SecretId(1'000'000 + i);
    r.company_id = w->company;
    r.secret_id = ids[i % kSecrets];
    r.target_type = w->target.target_type;
    r.target_id = w->target.target_id;
    const std::string key = KeyName("KEY", i);
    r.config_path = "env." + key;
    const bool pinned = i % 10 == 3;
    if (pinned) r.version_selector = "1";
    w->rows.push_back(r);

    const std::size_t slot = i % 100;
    const int same_version = pinned ? 1 : 0;
    if (slot < 90) {
      env.emplace_back(key, RefJson(r.secret_id, same_version));
    } else if (slot < 94) {
      env.emplace_back(key, RefJson(r.secret_id, 2));
    } else if (slot < 96) {
      env.emplace_back(key, RefJson(ids[(i + 1) % kSecrets], same_version));
    } else if (slot < 98) {
      // left out: ref_removed
    } else if (slot == 98) {
      env.emplace_back(key, "plain-value");
    } else {
      env.emplace_back(key, RefJson(r.secret_id, same_version));
      env.emplace_back(KeyName("NEW", i), RefJson(ids[(i + 7) % kSecrets], 0));
    }
  }
  w->input_bytes = g_live.load() - before;
  return w;
}

// One workload alive at a time: the 1e6 one alone is ~1 GB.
const Workload& Get(std::size_t n) {
  static std::unique_ptr<Workload> cached;
  if (!cached || cached->n != n) {
    cached.reset();
    cached = Build(n);
  }
  return *cached;
}

void BM_PlanBindingSync(benchmark::State& state) {
  const Workload& w = Get(static_cast<std::size_t>(state.range(0)));

  const std::size_t base = g_live.load();
  g_peak.store(base);
  std::size_t changes = 0;
  {
    const auto plan = clasp::PlanBindingSync(w.company, w.target, w.env, w.rows, w.secrets);
    if (!plan.ok()) state.SkipWithError("plan refused");
    changes = plan.value ? plan.value->changes.size() : 0;
  }
  const std::size_t extra = g_peak.load() - base;

  for (auto _ : state) {
    auto plan = clasp::PlanBindingSync(w.company, w.target, w.env, w.rows, w.secrets);
    benchmark::DoNotOptimize(plan);
  }
  state.counters["rows_per_s"] = benchmark::Counter(static_cast<double>(w.n), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["changes"] = static_cast<double>(changes);
  state.counters["input_MB"] = static_cast<double>(w.input_bytes) / 1e6;
  state.counters["extra_MB"] = static_cast<double>(extra) / 1e6;
  state.counters["peak_x_input"] = static_cast<double>(w.input_bytes + extra) / static_cast<double>(w.input_bytes);
}
BENCHMARK(BM_PlanBindingSync)->RangeMultiplier(10)->Range(1000, 1000000)->Unit(benchmark::kMillisecond);

void BM_PlanPaperclipSync(benchmark::State& state) {
  const Workload& w = Get(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    auto out = clasp::PlanPaperclipSync(w.company, w.target, w.env, w.rows, w.secrets);
    benchmark::DoNotOptimize(out);
  }
  state.counters["rows_per_s"] = benchmark::Counter(static_cast<double>(w.n), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_PlanPaperclipSync)->RangeMultiplier(10)->Range(1000, 100000)->Unit(benchmark::kMillisecond);

}  // namespace
