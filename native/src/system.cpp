#include "clasp/native/system.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "clasp/native/random.h"
#include "clasp/sha256.h"

namespace clasp::native {
namespace {

constexpr std::size_t kMaxSecretFileBytes = 64 * 1024;

Status Errno(std::string_view what, const std::string& path) {
  return FailStatus(Code::kFileIoError, std::string(what) + " " + path + ": " + std::strerror(errno));
}

template <typename T>
Result<T> ErrnoResult(std::string_view what, const std::string& path) {
  return Forward<T>(Errno(what, path));
}

class ProcessVars final : public EnvVars {
 public:
  std::optional<std::string> Get(std::string_view name) const override {
    const char* v = std::getenv(std::string(name).c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  }
};

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void SyncDirectory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// open(2) for a file clasp trusts: never through a symbolic link in the last
// component, never blocking on a FIFO, never inherited by a child.
int OpenNoFollow(const std::string& path, int flags, mode_t mode = 0) {
  return ::open(path.c_str(), flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, mode);
}

Status OpenFailure(const std::string& path) {
  // O_DIRECTORY meets a link before O_NOFOLLOW does: ENOTDIR, not ELOOP.
  struct stat st {};
  const int error = errno;
  if (error == ELOOP || (error == ENOTDIR && ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode))) {
    return FailStatus(Code::kFileIoError, "Refusing " + path +
                                              ": it is a symbolic link (clasp does not follow links to its key and "
                                              "store files)");
  }
  if (error == ENOTDIR) return FailStatus(Code::kFileIoError, "Refusing " + path + ": not a directory");
  errno = error;
  return Errno("Could not open", path);
}

// Closes the descriptor on every path out.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

class Posix final : public FileSystem {
 public:
  explicit Posix(std::uint32_t running_user) : running_user_(running_user) {}

  Result<std::string> CurrentDirectory() override {
    std::vector<char> buf(4096);
    while (::getcwd(buf.data(), buf.size()) == nullptr) {
      if (errno != ERANGE) return ErrnoResult<std::string>("Cannot read the working directory", ".");
      buf.resize(buf.size() * 2);
    }
    return Result<std::string>::Ok(std::string(buf.data()));
  }

  Result<std::optional<std::uint32_t>> PermissionBits(const std::string& path) override {
    using R = Result<std::optional<std::uint32_t>>;
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
      if (errno == ENOENT) return R::Ok(std::nullopt);
      return ErrnoResult<std::optional<std::uint32_t>>("Could not stat", path);
    }
    if (S_ISLNK(st.st_mode)) {
      errno = ELOOP;
      return Forward<std::optional<std::uint32_t>>(OpenFailure(path));
    }
    return R::Ok(static_cast<std::uint32_t>(st.st_mode & 07777));
  }

  Status Chmod(const std::string& path, std::uint32_t mode) override {
    const Fd file{OpenNoFollow(path, O_RDONLY)};
    if (file.fd < 0) return OpenFailure(path);
    struct stat st {};
    if (auto s = Inspect(file.fd, path, st, S_IFREG); !s.ok()) return s;
    if (::fchmod(file.fd, static_cast<mode_t>(mode)) != 0) return Errno("Could not chmod", path);
    return OkStatus();
  }

  Result<SecretBytes> ReadSecretFile(const std::string& path) override {
    const Fd file{OpenNoFollow(path, O_RDONLY)};
    if (file.fd < 0) return Forward<SecretBytes>(OpenFailure(path));
    struct stat st {};
    if (auto s = Inspect(file.fd, path, st, S_IFREG); !s.ok()) return Forward<SecretBytes>(std::move(s));
    // One allocation up front: a growing string would leave unwiped copies
    // of key bytes in freed blocks. Key files are tiny (44 bytes).
    std::string out(kMaxSecretFileBytes + 1, '\0');
    std::size_t size = 0;
    while (size < out.size()) {
      const ssize_t n = ::read(file.fd, out.data() + size, out.size() - size);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        const int saved = errno;
        WipeString(&out);
        errno = saved;
        return ErrnoResult<SecretBytes>("Could not read", path);
      }
      if (n == 0) break;
      size += static_cast<std::size_t>(n);
    }
    if (size > kMaxSecretFileBytes) {
      WipeString(&out);
      return FailResult<SecretBytes>(Code::kFileIoError, "Secret file is larger than 64 KiB: " + path);
    }
    out.resize(size);
    return Result<SecretBytes>::Ok(SecretBytes::Adopt(std::move(out)));
  }

  Result<KeptPath> KeepFile(const std::string& path, std::uint32_t mode, Custody custody) override {
    if (custody == Custody::kCheck) return LookAtFile(path);
    const int create = custody == Custody::kCreate ? O_CREAT : 0;
    const Fd file{OpenNoFollow(path, O_RDONLY | create, static_cast<mode_t>(mode))};
    if (file.fd < 0 && errno == ENOENT) return Result<KeptPath>::Ok(KeptPath{});
    if (file.fd < 0) return Forward<KeptPath>(OpenFailure(path));
    struct stat st {};
    if (auto s = Inspect(file.fd, path, st, S_IFREG); !s.ok()) return Forward<KeptPath>(std::move(s));
    return Tighten(file.fd, path, st, mode, custody);
  }

  Result<KeptPath> KeepDirectory(const std::string& path, std::uint32_t mode, Custody custody) override {
    if (custody == Custody::kCreate && ::mkdir(path.c_str(), static_cast<mode_t>(mode)) != 0 && errno != EEXIST) {
      return ErrnoResult<KeptPath>("Could not create directory", path);
    }
    const Fd dir{OpenNoFollow(path, O_RDONLY | O_DIRECTORY)};
    if (dir.fd < 0 && errno == ENOENT) return Result<KeptPath>::Ok(KeptPath{});
    if (dir.fd < 0) return Forward<KeptPath>(OpenFailure(path));
    struct stat st {};
    if (::fstat(dir.fd, &st) != 0) return ErrnoResult<KeptPath>("Could not stat", path);
    const KeptPath found{true, static_cast<std::uint32_t>(st.st_mode & 07777), st.st_uid, st.st_uid == running_user_};
    if (!found.owned) return Result<KeptPath>::Ok(found);
    return Tighten(dir.fd, path, st, mode, custody);
  }

  Status CreateDirectories(const std::string& path, std::uint32_t mode) override {
    std::string partial;
    std::size_t pos = 0;
    while (pos != std::string::npos) {
      pos = path.find('/', pos + 1);
      partial = path.substr(0, pos);
      if (partial.empty()) continue;
      if (::mkdir(partial.c_str(), static_cast<mode_t>(mode)) != 0 && errno != EEXIST) {
        return Errno("Could not create directory", partial);
      }
    }
    return OkStatus();
  }

  Result<bool> PublishNewFile(const std::string& path, std::string_view contents, std::uint32_t mode) override {
    auto suffix = NewUuid(SystemRandom());
    if (!suffix.ok()) return Forward<bool>(std::move(suffix));
    const std::string temp = path + ".tmp-" + *suffix.value;
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, static_cast<mode_t>(mode));
    if (fd < 0) return ErrnoResult<bool>("Could not create", temp);
    // The umask may have narrowed `mode` further; fchmod states it exactly.
    const bool written = ::fchmod(fd, static_cast<mode_t>(mode)) == 0 && WriteAll(fd, contents) && ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    if (!written) {
      ::unlink(temp.c_str());
      errno = saved;
      return ErrnoResult<bool>("Could not write", temp);
    }
    const bool linked = ::link(temp.c_str(), path.c_str()) == 0;
    const int link_errno = errno;
    ::unlink(temp.c_str());
    if (!linked) {
      if (link_errno == EEXIST) return Result<bool>::Ok(false);
      errno = link_errno;
      return ErrnoResult<bool>("Could not publish", path);
    }
    SyncDirectory(ParentDirectory(path));
    return Result<bool>::Ok(true);
  }

  Status ReplaceFile(const std::string& path, std::string_view contents, std::uint32_t mode) override {
    if (auto found = LookAtFile(path); !found.ok()) return Forward<Done>(std::move(found));
    auto suffix = NewUuid(SystemRandom());
    if (!suffix.ok()) return Forward<Done>(std::move(suffix));
    const std::string temp = path + ".tmp-" + *suffix.value;
    const int fd = OpenNoFollow(temp, O_WRONLY | O_CREAT | O_EXCL, static_cast<mode_t>(mode));
    if (fd < 0) return Errno("Could not create", temp);
    const bool written = ::fchmod(fd, static_cast<mode_t>(mode)) == 0 && WriteAll(fd, contents) && ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    if (!written || ::rename(temp.c_str(), path.c_str()) != 0) {
      const int error = written ? errno : saved;
      ::unlink(temp.c_str());
      errno = error;
      return Errno(written ? "Could not replace" : "Could not write", written ? path : temp);
    }
    SyncDirectory(ParentDirectory(path));
    return OkStatus();
  }

  Status RemoveFile(const std::string& path) override {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) return Errno("Could not remove", path);
    SyncDirectory(ParentDirectory(path));
    return OkStatus();
  }

 private:
  // fstat of what was opened: of `type` (S_IFREG) and the running user's.
  // KeepFile's kCheck by path alone: it changes nothing, and opening the file
  // would not do: closing any descriptor of a file drops every POSIX lock
  // this process holds on it, among them the locks of an open SQLite
  // connection on its database, -wal and -shm.
  Result<KeptPath> LookAtFile(const std::string& path) const {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
      if (errno == ENOENT) return Result<KeptPath>::Ok(KeptPath{});
      return ErrnoResult<KeptPath>("Could not stat", path);
    }
    if (S_ISLNK(st.st_mode)) {
      errno = ELOOP;
      return Forward<KeptPath>(OpenFailure(path));
    }
    if (auto s = Judge(path, st, S_IFREG); !s.ok()) return Forward<KeptPath>(std::move(s));
    return Result<KeptPath>::Ok(KeptPath{true, static_cast<std::uint32_t>(st.st_mode & 07777), st.st_uid, true});
  }

  Status Inspect(int fd, const std::string& path, struct stat& st, mode_t type) const {
    if (::fstat(fd, &st) != 0) return Errno("Could not stat", path);
    return Judge(path, st, type);
  }

  Status Judge(const std::string& path, const struct stat& st, mode_t type) const {
    if ((st.st_mode & S_IFMT) != type) return FailStatus(Code::kFileIoError, "Refusing " + path + ": not a regular file");
    if (st.st_uid != running_user_) {
      return FailStatus(Code::kFileIoError, "Refusing " + path + ": it belongs to uid " + std::to_string(st.st_uid) +
                                                ", not to the running user (uid " + std::to_string(running_user_) + ")");
    }
    return OkStatus();
  }

  // Clears the bits beyond `mode` when `custody` allows; reports the mode as found.
  static Result<KeptPath> Tighten(int fd, const std::string& path, const struct stat& st, std::uint32_t mode,
                                  Custody custody) {
    const auto found = static_cast<std::uint32_t>(st.st_mode & 07777);
    if (custody != Custody::kCheck && (found & ~mode) != 0 && ::fchmod(fd, static_cast<mode_t>(found & mode)) != 0) {
      return ErrnoResult<KeptPath>("Could not chmod", path);
    }
    return Result<KeptPath>::Ok(KeptPath{true, found, st.st_uid, true});
  }

  const std::uint32_t running_user_;
};

}  // namespace

const EnvVars& ProcessEnvVars() {
  static const ProcessVars instance;
  return instance;
}

std::optional<std::string> MapEnvVars::Get(std::string_view name) const {
  const auto it = vars_.find(name);
  if (it == vars_.end()) return std::nullopt;
  return it->second;
}

FileSystem& PosixFileSystem() {
  static Posix instance(::geteuid());
  return instance;
}

std::unique_ptr<FileSystem> PosixFileSystemFor(std::uint32_t running_user) {
  return std::make_unique<Posix>(running_user);
}

std::string ResolvePath(std::string_view cwd, std::string_view path) {
  std::string joined = !path.empty() && path.front() == '/' ? std::string(path) : std::string(cwd) + "/" + std::string(path);
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= joined.size()) {
    const std::size_t end = std::min(joined.find('/', start), joined.size());
    const std::string segment = joined.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  std::string out;
  for (const auto& s : segments) out += "/" + s;
  return out.empty() ? "/" : out;
}

std::string ParentDirectory(std::string_view absolute_path) {
  const std::size_t slash = absolute_path.find_last_of('/');
  if (slash == std::string_view::npos || slash == 0) return "/";
  return std::string(absolute_path.substr(0, slash));
}

}  // namespace clasp::native
