// The crash-safety scenario shared by native_crash_test (SQLite) and
// native_pg_crash_test (PostgreSQL).
//
// Setup writes three secrets and binds the agent's env to plan 0. Then, 50
// times: start clasp_crash_child (rotate + sync in a loop, one transaction
// each), let it finish 0..2 whole steps, SIGKILL it a random 0..25 ms later,
// reopen the store and check:
// * every secret has versions 1..latest_version and none beyond, exactly the
//   latest is "current", each decrypts to the value the child wrote for it
//   and matches its value_sha256 (no version is half-written);
// * the agent's bindings are exactly one of the plans (a committed plan,
//   never a mix).
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <random>
#include <set>
#include <thread>
#include <tuple>

#include "clasp/native/secret_service.h"
#include "clasp/sha256.h"
#include "native_test_support.h"

namespace crash {

using namespace clasp;
using namespace clasp::native;

const std::string kCompany = "a5e14a02-7d61-4b70-b6f8-27742a6ad3a7";
const std::string kAgent = "d31df0f7-af23-43cd-ab39-d60101586083";
const std::string kMasterKey(64, 'd');
const std::string kPrefix = "crash-value-";
constexpr int kKills = 50;

using BindingSet = std::set<std::tuple<std::string, std::string, std::string>>;  // path, secret, selector

struct Outcome {
  int kills = 0;              // children ended by our SIGKILL
  int versions_written = 0;   // rotations committed over all runs
  std::set<std::size_t> plans_seen;
};

inline OrderedJson Ref(const std::string& id, const OrderedJson& version) {
  return OrderedJson{{"type", "secret_ref"}, {"secretId", id}, {"version", version}};
}

// Each plan keeps at least one path of the one before it, so no sync is a
// full unbind (which the planner refuses without replace_all).
inline std::vector<OrderedJson> Plans(const std::vector<std::string>& s) {
  return {{{"A", Ref(s[0], "latest")}, {"B", Ref(s[1], "latest")}},
          {{"A", Ref(s[0], 1)}, {"LOG_LEVEL", "debug"}, {"C", Ref(s[2], "latest")}},
          {{"B", Ref(s[1], "latest")}, {"C", Ref(s[2], 1)}, {"D", Ref(s[0], "latest")}},
          {{"A", Ref(s[1], "latest")}, {"B", Ref(s[1], "latest")}}};
}

inline BindingSet Expected(const OrderedJson& plan) {
  BindingSet out;
  for (const auto& [key, value] : plan.items()) {
    if (!value.is_object()) continue;
    const auto& v = value["version"];
    out.emplace("env." + key, value["secretId"].get<std::string>(),
                v.is_string() ? v.get<std::string>() : std::to_string(v.get<int>()));
  }
  return out;
}

// Version 1 is written by the setup, the others by the child.
inline std::string ValueOf(const std::string& id, int version) {
  return version == 1 ? "initial-value" : kPrefix + id + "-v" + std::to_string(version);
}

// Opens a fresh store on the scenario's database each time it is called.
using StoreFactory = std::function<std::unique_ptr<SecretStore>()>;

class Scenario {
 public:
  Scenario(StoreFactory open, std::string kind, std::string location)
      : open_(std::move(open)), kind_(std::move(kind)), location_(std::move(location)) {}

  Outcome Run() {
    Outcome out;
    Setup();
    std::mt19937 rng(20261122);  // fixed: the same kill points every run
    std::uniform_int_distribution<int> whole_steps(0, 2);
    std::uniform_int_distribution<int> delay_ms(0, 25);
    int before = 0;
    for (int i = 0; i < kKills; ++i) {
      int ready = -1;
      const pid_t child = Spawn(&ready);
      BOOST_TEST_REQUIRE(child > 0);
      FILE* from_child = ::fdopen(ready, "r");
      BOOST_TEST_REQUIRE(from_child != nullptr);
      char line[16] = {};
      const bool started = std::fgets(line, sizeof line, from_child) != nullptr;  // "ready": the loop begins
      BOOST_TEST(started, "child " << i << " never reached its loop");
      // Most kills wait for a whole step or two first: a delay alone lands
      // every kill before the first commit on a slow machine (ASan on a
      // loaded core), and the kills must land in the loop's work. The delay
      // then puts the kill anywhere within the next step.
      for (int s = whole_steps(rng); s > 0 && std::fgets(line, sizeof line, from_child) != nullptr; --s) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
      ::kill(child, SIGKILL);
      int status = 0;
      ::waitpid(child, &status, 0);
      std::fclose(from_child);  // after the kill: closing first could end the child by SIGPIPE
      const bool killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
      BOOST_TEST(killed, "child " << i << " ended by itself, status " << status);
      out.kills += killed;
      const int written = Verify(out);
      out.versions_written += written - before;
      before = written;
    }
    return out;
  }

 private:
  void Setup() {
    auto store = open_();
    SecretService service(*store, *ciphers_, SystemRandom(), SystemClock());
    for (int n = 0; n < 3; ++n) {
      CreateSecretInput in;
      in.name = "crash-" + std::to_string(n);
      in.value = ValueOf("", 1);
      auto created = service.Create(kCompany, in);
      BOOST_TEST_REQUIRE(created.ok());
      ids_.push_back(created.value->id);
    }
    plans_ = Plans(ids_);
    BOOST_TEST_REQUIRE(service.SyncEnvBindings(kCompany, {"agent", kAgent, "env"}, plans_[0]).ok());
  }

  // Starts the child; *ready reads its "ready" line.
  pid_t Spawn(int* ready) {
    OrderedJson plans = OrderedJson::array();
    for (const auto& p : plans_) plans.push_back(p);
    std::vector<std::string> args = {CLASP_CRASH_CHILD, kind_, location_, kCompany, kAgent, kPrefix, DumpJson(plans)};
    args.insert(args.end(), ids_.begin(), ids_.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::string key = "PAPERCLIP_SECRETS_MASTER_KEY=" + kMasterKey, home = "CLASP_HOME=" + home_.path();
    char* envp[] = {key.data(), home.data(), nullptr};
    int fds[2];
    if (::pipe(fds) != 0) return -1;
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::dup2(fds[1], STDOUT_FILENO);
      ::close(fds[0]), ::close(fds[1]);
      ::execve(args[0].c_str(), argv.data(), envp);
      ::_exit(127);
    }
    ::close(fds[1]);
    *ready = fds[0];
    return pid;
  }

  // Checks the invariants; returns the rotations committed so far.
  int Verify(Outcome& out) {
    auto store = open_();
    SecretService service(*store, *ciphers_, SystemRandom(), SystemClock());
    int rotations = 0;
    for (const std::string& id : ids_) {
      std::optional<SecretRow> secret;
      std::vector<std::optional<VersionRow>> versions;
      BOOST_TEST_REQUIRE(store->Transact([&](StoreTxn& t) -> Status {
        auto row = t.GetSecret(id);
        if (!row.ok() || !*row.value) return FailStatus(Code::kStorageError, "secret vanished");
        secret = **row.value;
        for (int v = 1; v <= secret->latest_version + 1; ++v) {
          auto version = t.GetVersion(id, v);
          if (!version.ok()) return Forward<Done>(std::move(version));
          versions.push_back(std::move(*version.value));
        }
        return OkStatus();
      }).ok());
      const int latest = secret->latest_version;
      rotations += latest - 1;
      BOOST_TEST(!versions.back().has_value(), "a version beyond latest_version " << latest);
      for (int v = 1; v <= latest; ++v) {
        const auto& row = versions[static_cast<std::size_t>(v - 1)];
        BOOST_TEST_REQUIRE(row.has_value(), "version " << v << " of " << latest << " missing");
        BOOST_TEST(row->status == (v == latest ? "current" : "previous"), "version " << v);
        BOOST_TEST(row->value_sha256 == ValueSha256(ValueOf(id, v)), "version " << v);
      }
      auto value = service.Resolve(kCompany, id, std::nullopt, std::nullopt);
      BOOST_TEST_REQUIRE(value.ok(), "current version of " << id << " does not decrypt");
      BOOST_TEST(value.value->value.view() == ValueOf(id, latest));
    }
    std::vector<BindingRow> rows;
    BOOST_TEST_REQUIRE(store->Transact([&](StoreTxn& t) -> Status {
      auto r = t.ListTargetBindings(kCompany, "agent", kAgent);
      if (!r.ok()) return Forward<Done>(std::move(r));
      rows = std::move(*r.value);
      return OkStatus();
    }).ok());
    BindingSet actual;
    for (const auto& r : rows) actual.emplace(r.config_path, r.secret_id, r.version_selector);
    std::optional<std::size_t> plan;
    for (std::size_t p = 0; p < plans_.size(); ++p) {
      if (actual == Expected(plans_[p])) plan = p;
    }
    BOOST_TEST(plan.has_value(), "bindings match no committed plan (" << rows.size() << " rows)");
    if (plan) out.plans_seen.insert(*plan);
    return rotations;
  }

  StoreFactory open_;
  std::string kind_, location_;
  clasp::native::test::TempDir home_;
  MapEnvVars vars_{std::map<std::string, std::string, std::less<>>{{"PAPERCLIP_SECRETS_MASTER_KEY", kMasterKey}}};
  std::unique_ptr<CipherSource> ciphers_ = KeyCustodyCipherSource(vars_, PosixFileSystem(), SystemRandom());
  std::vector<std::string> ids_;
  std::vector<OrderedJson> plans_;
};

}  // namespace crash
