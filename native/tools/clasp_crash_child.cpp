// clasp_crash_child — the victim of the crash-safety tests (native_crash_test,
// native_pg_crash_test), built only with the tests.
//
//   clasp_crash_child sqlite|pg <path|url> <company> <agent> <value prefix>
//                     <plans: JSON array of env objects> <secret id>...
//
// Prints "ready" once the store is open, then loops until killed: rotate
// secret i (round robin) to the value
// "<value prefix><secret id>-v<new version>", sync the agent's env to plan
// i+1 (round robin), print "step". The rotation and the sync are one
// transaction each, so after a SIGKILL at any instant the store must hold
// only whole transactions. The master key comes
// from PAPERCLIP_SECRETS_MASTER_KEY. Exits 3 (with the reason on stderr) if
// a step fails: a crash test treats that as a failure, not as a kill.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "clasp/native/pg_store.h"
#include "clasp/native/secret_service.h"
#include "clasp/native/sqlite_store.h"

using namespace clasp;
using namespace clasp::native;

namespace {

int Die(const std::string& what, const std::vector<Diagnostic>& d) {
  std::fprintf(stderr, "clasp_crash_child: %s: %s\n", what.c_str(), d.empty() ? "?" : d[0].message.c_str());
  return 3;
}

Result<std::unique_ptr<SecretStore>> OpenStore(const std::string& kind, const std::string& location) {
  using R = Result<std::unique_ptr<SecretStore>>;
  if (kind == "sqlite") {
    auto s = SqliteStore::Open(location);
    if (!s.ok()) return Forward<std::unique_ptr<SecretStore>>(std::move(s));
    return R::Ok(std::move(*s.value));
  }
  auto s = PgStore::Open(location);
  if (!s.ok()) return Forward<std::unique_ptr<SecretStore>>(std::move(s));
  return R::Ok(std::move(*s.value));
}

}  // namespace

int main(int argc, char* argv[]) {
  if (argc < 8) {
    std::fprintf(stderr, "usage: %s sqlite|pg <path|url> <company> <agent> <prefix> <plans> <secret id>...\n", argv[0]);
    return 2;
  }
  const std::string kind = argv[1], location = argv[2], company = argv[3], agent = argv[4], prefix = argv[5];
  auto plans = ParseJson(argv[6]);
  if (!plans.ok() || !plans.value->is_array() || plans.value->empty()) return Die("plans", plans.diagnostics);
  const std::vector<std::string> secrets(argv + 7, argv + argc);

  auto store = OpenStore(kind, location);
  if (!store.ok()) return Die("open", store.diagnostics);
  auto ciphers = KeyCustodyCipherSource(ProcessEnvVars(), PosixFileSystem(), SystemRandom());
  SecretService service(**store.value, *ciphers, SystemRandom(), SystemClock());
  const BindingTarget target{"agent", agent, "env"};
  // Tells the parent that the loop starts now, so its kill lands in the
  // loop however long start-up took.
  std::fputs("ready\n", stdout);
  std::fflush(stdout);

  for (std::size_t i = 0;; ++i) {
    const std::string& id = secrets[i % secrets.size()];
    int latest = 0;
    Status read = (*store.value)->Transact([&](StoreTxn& txn) -> Status {
      auto row = txn.GetSecret(id);
      if (!row.ok()) return Forward<Done>(std::move(row));
      if (!*row.value) return FailStatus(Code::kSecretNotFound, "Secret not found");
      latest = (*row.value)->latest_version;
      return OkStatus();
    });
    if (!read.ok()) return Die("read " + id, read.diagnostics);
    auto rotated = service.Rotate(id, {prefix + id + "-v" + std::to_string(latest + 1), std::nullopt, latest});
    if (!rotated.ok()) return Die("rotate " + id, rotated.diagnostics);
    const OrderedJson& env = (*plans.value)[(i + 1) % plans.value->size()];
    auto synced = service.SyncEnvBindings(company, target, env);
    if (!synced.ok()) return Die("sync", synced.diagnostics);
    std::fputs("step\n", stdout);
    std::fflush(stdout);
  }
}
