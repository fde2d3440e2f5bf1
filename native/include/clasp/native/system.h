// clasp/native/system.h — the seams between the engine and the machine.
//
// Like LevelDB's Env, everything the engine asks of the operating system goes
// through two narrow interfaces: EnvVars (the process environment, read
// only) and FileSystem (the few file operations key custody needs). The
// production implementations talk to POSIX; tests hand in a MapEnvVars and a
// temporary directory, and never mutate the real process environment.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "clasp/native/secret_bytes.h"
#include "clasp/native/status.h"

namespace clasp::native {

class EnvVars {
 public:
  virtual ~EnvVars() = default;
  // nullopt when unset; an empty string when set to "".
  virtual std::optional<std::string> Get(std::string_view name) const = 0;
};

// getenv(3), read at call time.
const EnvVars& ProcessEnvVars();

// A fixed environment, for tests and for callers that pass configuration
// explicitly (e.g. the CLI's --env overrides).
class MapEnvVars final : public EnvVars {
 public:
  MapEnvVars() = default;
  explicit MapEnvVars(std::map<std::string, std::string, std::less<>> vars) : vars_(std::move(vars)) {}
  std::optional<std::string> Get(std::string_view name) const override;
  void Set(std::string name, std::string value) { vars_[std::move(name)] = std::move(value); }

 private:
  std::map<std::string, std::string, std::less<>> vars_;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // The absolute working directory, which relative paths resolve against.
  virtual Result<std::string> CurrentDirectory() = 0;
  // nullopt when `path` does not exist; its permission bits (st_mode & 07777)
  // otherwise. Any other stat failure is kFileIoError.
  virtual Result<std::optional<std::uint32_t>> PermissionBits(const std::string& path) = 0;
  virtual Status Chmod(const std::string& path, std::uint32_t mode) = 0;
  // The whole file (at most 64 KiB), held in wiped memory: key files are secret.
  virtual Result<SecretBytes> ReadSecretFile(const std::string& path) = 0;
  // mkdir -p, new directories with `mode` (existing ones are left alone).
  virtual Status CreateDirectories(const std::string& path, std::uint32_t mode) = 0;
  // Publishes `contents` at `path` with `mode` all at once: written and
  // fsync'ed under a temporary name in the same directory, then linked into
  // place, which fails if `path` already exists. Returns false (and writes
  // nothing) when another writer got there first, so two processes creating
  // a key at the same moment end up agreeing on one.
  virtual Result<bool> PublishNewFile(const std::string& path, std::string_view contents, std::uint32_t mode) = 0;
};

FileSystem& PosixFileSystem();

// Node's path.resolve(cwd, path) for POSIX: join when `path` is relative,
// then drop "." segments, apply ".." (never above "/"), collapse repeated
// slashes and remove a trailing one.
//   ResolvePath("/srv", "keys/../k")  == "/srv/k"
//   ResolvePath("/srv", "/a//b/./c/") == "/a/b/c"
//   ResolvePath("/", "../..")         == "/"
std::string ResolvePath(std::string_view cwd, std::string_view path);

// path.dirname for the absolute paths ResolvePath produces.
//   ParentDirectory("/a/b/master.key") == "/a/b";  ParentDirectory("/k") == "/"
std::string ParentDirectory(std::string_view absolute_path);

}  // namespace clasp::native
