#include "clasp/native/serve_resources.h"

#include "clasp/native/key_check.h"
#include "clasp/native/random.h"
#include "clasp/native/store_open.h"

namespace clasp::native {

Result<std::unique_ptr<ServeResources>> ServeResources::Open(const EnvVars& vars, FileSystem& fs,
                                                             std::optional<std::string> database_url) {
  using Out = std::unique_ptr<ServeResources>;
  Out resources(new ServeResources(vars, fs, std::move(database_url)));
  resources->probe_ = DeploymentHealthProbe(vars, fs, StoreKeyHome(vars, resources->database_url_));
  auto first = resources->NewSlot();
  if (!first.ok()) return Forward<Out>(std::move(first));
  // A store that holds secrets must accept the configured key before the
  // first request: a wrong key refuses to start rather than split the store.
  if (Status key = VerifyStoreKey(*(*first.value)->store, *(*first.value)->ciphers); !key.ok()) {
    return Forward<Out>(std::move(key));
  }
  resources->idle_.push_back(std::move(*first.value));
  return Result<Out>::Ok(std::move(resources));
}

Result<std::unique_ptr<ServeResources::Slot>> ServeResources::NewSlot() {
  using Out = std::unique_ptr<Slot>;
  auto opened = OpenStore(vars_, fs_, database_url_);
  if (!opened.ok()) return Forward<Out>(std::move(opened));
  {
    std::lock_guard<std::mutex> lock(mutex_);
    kind_ = opened.value->kind;
    description_ = opened.value->description;
  }
  auto slot = std::make_unique<Slot>();
  slot->store = std::move(opened.value->store);
  slot->ciphers = KeyCustodyCipherSource(vars_, fs_, SystemRandom(), opened.value->key_home);
  return Result<Out>::Ok(std::move(slot));
}

void ServeResources::Release(Slot* slot) {
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.emplace_back(slot);
}

Result<ApiResources::Lease> ServeResources::Acquire() {
  std::unique_ptr<Slot> slot;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      slot = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (!slot) {
    auto fresh = NewSlot();
    if (!fresh.ok()) return Forward<Lease>(std::move(fresh));
    slot = std::move(*fresh.value);
  }
  Lease lease;
  lease.store = slot->store.get();
  lease.ciphers = slot->ciphers.get();
  Slot* raw = slot.release();
  lease.release = std::shared_ptr<void>(raw, [this](void* p) { Release(static_cast<Slot*>(p)); });
  return Result<Lease>::Ok(std::move(lease));
}

}  // namespace clasp::native
