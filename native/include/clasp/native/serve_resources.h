// clasp/native/serve_resources.h — the per-request resources of `clasp serve`.
//
// Store connections are single-threaded (sqlite_store.h, pg_store.h), so the
// server keeps a pool: a request leases one connection with its own cipher
// and gives it back when the response is built; the pool grows to the
// number of concurrent requests and never shrinks.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "clasp/native/api.h"
#include "clasp/native/system.h"

namespace clasp::native {

class ServeResources final : public ApiResources {
 public:
  // `vars` and `fs` must outlive the resources. The first connection is
  // opened here so a bad database fails at startup, not at the first request.
  static Result<std::unique_ptr<ServeResources>> Open(const EnvVars& vars, FileSystem& fs,
                                                       std::optional<std::string> database_url);

  Result<Lease> Acquire() override;
  ProviderHealthProbe& HealthProbe() override { return *probe_; }

  const std::string& store_kind() const { return kind_; }
  const std::string& store_description() const { return description_; }

 private:
  struct Slot {
    std::unique_ptr<SecretStore> store;
    std::unique_ptr<CipherSource> ciphers;
  };
  ServeResources(const EnvVars& vars, FileSystem& fs, std::optional<std::string> database_url)
      : vars_(vars), fs_(fs), database_url_(std::move(database_url)) {}
  Result<std::unique_ptr<Slot>> NewSlot();
  void Release(Slot* slot);

  const EnvVars& vars_;
  FileSystem& fs_;
  std::optional<std::string> database_url_;
  std::string kind_;
  std::string description_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Slot>> idle_;
  std::unique_ptr<ProviderHealthProbe> probe_;
};

}  // namespace clasp::native
