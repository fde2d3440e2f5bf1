// clasp/native/system.h — the seams between the engine and the machine.
//
// Like LevelDB's Env, everything the engine asks of the operating system goes
// through two narrow interfaces: EnvVars (the process environment, read
// only) and FileSystem (the few file operations key custody needs). The
// production implementations talk to POSIX; tests hand in a MapEnvVars and a
// temporary directory, and never mutate the real process environment.
//
// File custody: the files clasp trusts (the master key, the SQLite store and
// its -wal/-shm) are opened without following a symbolic link in their last
// component (O_NOFOLLOW) and must belong to the running user, checked with
// fstat on the descriptor that was opened, so no rename between a check and
// the use can swap in another file:
//   ReadSecretFile("/h/.../master.key") where master.key -> /tmp/evil  -> kFileIoError
//       "Refusing /h/.../master.key: it is a symbolic link (clasp does not follow links to its key and store files)"
//   ReadSecretFile(a key file of uid 1000, running as uid 0)          -> kFileIoError
//       "Refusing <path>: it belongs to uid 1000, not to the running user (uid 0)"
// The messages name the path and the owner, never a byte of the file.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
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

// What KeepFile and KeepDirectory may do besides looking.
enum class Custody {
  kCheck,    // change nothing (the doctor, read-only opens)
  kTighten,  // also clear permission bits beyond the wanted mode (fchmod on the opened descriptor)
  kCreate,   // also create it, with the wanted mode, when it is missing
};

// What KeepFile and KeepDirectory found.
struct KeptPath {
  bool exists = false;
  std::uint32_t mode = 0;   // permission bits as found, before any tightening
  std::uint32_t owner = 0;  // st_uid
  bool owned = false;       // owner is the running user
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // The absolute working directory, which relative paths resolve against.
  virtual Result<std::string> CurrentDirectory() = 0;
  // nullopt when `path` does not exist; its permission bits (st_mode & 07777)
  // otherwise. A symbolic link is not followed but refused (kFileIoError, as
  // is any other stat failure).
  virtual Result<std::optional<std::uint32_t>> PermissionBits(const std::string& path) = 0;
  // Refuses a symbolic link and a file of another user (see above).
  virtual Status Chmod(const std::string& path, std::uint32_t mode) = 0;
  // The whole file (at most 64 KiB), held in wiped memory: key files are
  // secret. Refuses a symbolic link, anything but a regular file (a FIFO is
  // never waited on) and a file of another user.
  virtual Result<SecretBytes> ReadSecretFile(const std::string& path) = 0;
  // A regular file clasp trusts by name before a library (SQLite) opens it:
  // refused as ReadSecretFile refuses; bits beyond `mode` cleared
  // (kTighten, kCreate); created with `mode` when missing (kCreate), so
  // SQLite's -wal and -shm, which copy the database's mode, are born
  // private too. A missing file is {exists=false} otherwise.
  //   KeepFile(db at 0644, 0600, kTighten) -> {exists, mode 0644, owned}, the file now 0600
  //   KeepFile(db at 0644, 0600, kCheck)   -> {exists, mode 0644, owned}, unchanged
  virtual Result<KeptPath> KeepFile(const std::string& path, std::uint32_t mode, Custody custody) = 0;
  // The same for a directory clasp keeps private, except that one of another
  // user is not an error: it is reported ({owned=false}) and left as it is.
  // A symbolic link is refused.
  //   KeepDirectory(a 0755 dir of ours, 0700, kTighten) -> {exists, mode 0755, owned}, now 0700
  //   KeepDirectory(a dir of uid 65534, 0700, kTighten) -> {exists, owner 65534, owned=false}, unchanged
  virtual Result<KeptPath> KeepDirectory(const std::string& path, std::uint32_t mode, Custody custody) = 0;
  // mkdir -p, new directories with `mode` (existing ones are left alone).
  virtual Status CreateDirectories(const std::string& path, std::uint32_t mode) = 0;
  // Publishes `contents` at `path` with `mode` all at once: written and
  // fsync'ed under a temporary name in the same directory, then linked into
  // place, which fails if `path` already exists. Returns false (and writes
  // nothing) when another writer got there first, so two processes creating
  // a key at the same moment end up agreeing on one.
  virtual Result<bool> PublishNewFile(const std::string& path, std::string_view contents, std::uint32_t mode) = 0;
  // Replaces `path` (or creates it) with `contents` at `mode` all at once:
  // written and fsync'ed under a temporary name, renamed over `path`, the
  // directory fsync'ed. An existing `path` that is a symbolic link, not a
  // regular file or another user's is refused and left as it is (the
  // rename itself never follows a link).
  //   ReplaceFile(keyring of uid 1000, …) running as uid 0 -> kFileIoError "Refusing …: it belongs to uid 1000 …"
  virtual Status ReplaceFile(const std::string& path, std::string_view contents, std::uint32_t mode) = 0;
  // unlink(2) then an fsync of the directory; a missing file is ok.
  virtual Status RemoveFile(const std::string& path) = 0;
};

// POSIX, trusting files of geteuid().
FileSystem& PosixFileSystem();
// POSIX, trusting files of `running_user` instead: tests use it to see
// their own files as another user's.
std::unique_ptr<FileSystem> PosixFileSystemFor(std::uint32_t running_user);

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
