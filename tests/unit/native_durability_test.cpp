// SQLite durability policy (sqlite_store.h): resolution commits with
// synchronous = NORMAL, secret writes with FULL. What NORMAL must still
// give: every resolve whose Transact returned has its access event after a
// SIGKILL of the process, whole and in order, and switching between the
// two levels on one connection loses nothing.
#define BOOST_TEST_MODULE native_durability
#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <thread>

#include "clasp/native/sqlite_store.h"
#include "native_test_support.h"

using namespace clasp;
using namespace clasp::native;
namespace nt = clasp::native::test;

namespace {

const std::string kCompany = "a5e14a02-7d61-4b70-b6f8-27742a6ad3a7";
const std::string kAgent = "d31df0f7-af23-43cd-ab39-d60101586083";

struct Fixture {
  nt::TempDir dir;
  std::string path = dir.path() + "/clasp.sqlite3";
  MapEnvVars vars{std::map<std::string, std::string, std::less<>>{
      {"PAPERCLIP_SECRETS_MASTER_KEY", std::string(64, 'b')}, {"CLASP_HOME", "/nonexistent"}}};
  std::string secret_id;

  std::unique_ptr<SqliteStore> Open() const {
    auto store = SqliteStore::Open(path);
    BOOST_TEST_REQUIRE(store.ok());
    return std::move(*store.value);
  }

  Fixture() {
    auto store = Open();
    auto ciphers = KeyCustodyCipherSource(vars, PosixFileSystem(), SystemRandom());
    SecretService service(*store, *ciphers, SystemRandom(), SystemClock());
    secret_id = nt::CreateSecret(service, kCompany, "OpenAI API key", "sk-durability-test").id;
    OrderedJson env = {{"OPENAI_API_KEY", {{"type", "secret_ref"}, {"secretId", secret_id}, {"version", "latest"}}}};
    BOOST_TEST_REQUIRE(service.SyncEnvBindings(kCompany, {"agent", kAgent, "env"}, env).ok());
  }

  static AccessContext Context() {
    AccessContext c;
    c.actor_type = "agent", c.actor_id = kAgent, c.consumer_type = "agent", c.consumer_id = kAgent;
    c.config_path = "env.OPENAI_API_KEY";
    return c;
  }

  std::size_t Events() const {
    auto store = Open();
    return nt::InTxn<std::vector<AccessEventRow>>(*store, [&](StoreTxn& t) { return t.ListAccessEvents(secret_id); })
        .size();
  }
};

// Child: resolves forever, reporting each returned resolve as one byte on
// `fd`; never returns (the parent kills it).
[[noreturn]] void ResolveForever(const Fixture& f, int fd) {
  auto store = SqliteStore::Open(f.path);
  if (!store.ok()) ::_exit(2);
  auto ciphers = KeyCustodyCipherSource(f.vars, PosixFileSystem(), SystemRandom());
  SecretService service(**store.value, *ciphers, SystemRandom(), SystemClock());
  const AccessContext context = Fixture::Context();
  for (;;) {
    if (!service.Resolve(kCompany, f.secret_id, std::nullopt, context).ok()) ::_exit(3);
    if (::write(fd, "r", 1) != 1) ::_exit(4);
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(relaxed_resolves_survive_sigkill) {
  Fixture f;
  std::mt19937 rng(20261124);
  std::size_t confirmed = 0;
  for (int round = 0; round < 10; ++round) {
    int fds[2];
    BOOST_TEST_REQUIRE(::pipe(fds) == 0);
    const pid_t child = ::fork();
    BOOST_TEST_REQUIRE(child >= 0);
    if (child == 0) {
      ::close(fds[0]);
      ResolveForever(f, fds[1]);
    }
    ::close(fds[1]);
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + rng() % 80));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    BOOST_TEST_REQUIRE(WIFSIGNALED(status));
    char buf[4096];
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) confirmed += static_cast<std::size_t>(n);
    ::close(fds[0]);
    // Every resolve that returned is there; at most the one in flight more.
    const std::size_t events = f.Events();
    BOOST_TEST_REQUIRE(events >= confirmed);
    BOOST_TEST_REQUIRE(events <= confirmed + 1);
    confirmed = events;
  }
  BOOST_TEST(confirmed > 10u);
}

BOOST_AUTO_TEST_CASE(full_writes_after_relaxed_resolves_keep_both) {
  Fixture f;
  auto store = f.Open();
  auto ciphers = KeyCustodyCipherSource(f.vars, PosixFileSystem(), SystemRandom());
  SecretService service(*store, *ciphers, SystemRandom(), SystemClock());
  for (int i = 0; i < 3; ++i) {
    BOOST_TEST_REQUIRE(service.Resolve(kCompany, f.secret_id, std::nullopt, Fixture::Context()).ok());
    CreateSecretInput in;
    in.name = "extra " + std::to_string(i);
    in.value = "v" + std::to_string(i);
    BOOST_TEST_REQUIRE(service.Create(kCompany, in, Actor{std::nullopt, std::string("local-board")}).ok());
  }
  BOOST_TEST_REQUIRE(service.Resolve(kCompany, f.secret_id, std::nullopt, Fixture::Context()).ok());
  // A second connection sees every commit of either kind.
  BOOST_TEST(f.Events() == 4u);
  auto other = f.Open();
  const auto secrets = nt::InTxn<std::vector<SecretRow>>(*other, [&](StoreTxn& t) { return t.ListSecrets(kCompany); });
  BOOST_TEST(secrets.size() == 4u);
}
