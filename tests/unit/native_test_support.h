// Helpers shared by the native_* suites: temporary directories and a
// deterministic Random.
#pragma once

#include <stdlib.h>
#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>

#include "clasp/native/random.h"
#include "clasp/native/clock.h"
#include "clasp/native/secret_service.h"

namespace clasp::native::test {

// A fresh directory under $TMPDIR, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "clasp-native-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Bytes 0, 1, 2, ... wrapping at 256: reproducible IVs and keys.
class CountingRandom final : public Random {
 public:
  Status Fill(unsigned char* out, std::size_t size) override {
    for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<unsigned char>(next_++);
    return OkStatus();
  }

 private:
  std::uint8_t next_ = 0;
};

class FixedClock final : public Clock {
 public:
  std::string NowIso8601() override { return "2026-11-22T12:15:26.177Z"; }
};

inline std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void WriteAll(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

inline std::uint32_t ModeOf(const std::string& path) {
  struct stat st {};
  ::stat(path.c_str(), &st);
  return st.st_mode & 0777;
}

// Runs `body` in one transaction of `store` and returns its value; fails the
// test when the body or the commit fails. (Include Boost.Test first.)
template <typename T>
T InTxn(SecretStore& store, const std::function<Result<T>(StoreTxn&)>& body) {
  std::optional<T> out;
  const Status s = store.Transact([&](StoreTxn& txn) -> Status {
    Result<T> r = body(txn);
    if (!r.ok()) return Forward<Done>(std::move(r));
    out = std::move(*r.value);
    return OkStatus();
  });
  BOOST_TEST_REQUIRE(s.ok());
  return std::move(*out);
}

// Creates a managed secret as the local board; fails the test otherwise.
inline SecretRow CreateSecret(SecretService& service, const std::string& company, const std::string& name,
                              const std::string& value) {
  CreateSecretInput in;
  in.name = name;
  in.value = value;
  auto r = service.Create(company, in, Actor{std::nullopt, std::string("local-board")});
  BOOST_TEST_REQUIRE(r.ok(), name);
  return *r.value;
}

}  // namespace clasp::native::test
