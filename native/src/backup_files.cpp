// Files, the instance key and the marker path for backups (backup_internal.h).
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "backup_internal.h"
#include "clasp/master_key.h"
#include "clasp/native/instance_paths.h"

namespace clasp::native::backup {
namespace {

template <typename T>
Result<T> Errno(const std::string& what, const std::string& path) {
  return FailResult<T>(Code::kFileIoError, what + " " + path + ": " + ::strerror(errno));
}

bool WriteAllFd(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void SyncDir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// The core's decoded key in wiped storage, the core's copy wiped.
Result<std::unique_ptr<LocalEncryptedCipher>> CipherFor(Result<MasterKey>& decoded) {
  if (!decoded.ok()) return Forward<std::unique_ptr<LocalEncryptedCipher>>(std::move(decoded));
  SecretBytes key = SecretBytes::Copy(
      std::string_view(reinterpret_cast<const char*>(decoded.value->bytes.data()), decoded.value->bytes.size()));
  Wipe(decoded.value->bytes.data(), decoded.value->bytes.size());
  return LocalEncryptedCipher::Create(key);
}

}  // namespace

Result<SecretBytes> ReadWholeFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Errno<SecretBytes>("Could not read", path);
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return FailResult<SecretBytes>(Code::kFileIoError, "Not a regular file: " + path);
  }
  // One allocation of the final size, so no unwiped partial copy is freed.
  std::string out(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t size = 0;
  while (size < out.size()) {
    const ssize_t n = ::read(fd, out.data() + size, out.size() - size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    size += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (size != out.size()) {
    WipeString(&out);
    return FailResult<SecretBytes>(Code::kFileIoError, "Could not read all of " + path);
  }
  return Result<SecretBytes>::Ok(SecretBytes::Adopt(std::move(out)));
}

Status ReplaceFile(const std::string& path, std::string_view bytes, std::uint32_t mode,
                   const std::function<Status()>& before_rename) {
  std::string temp = path + ".restore-XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return Errno<Done>("Could not create a file beside", path);
  const bool written = ::fchmod(fd, static_cast<mode_t>(mode)) == 0 && WriteAllFd(fd, bytes) && ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  if (written && before_rename) {
    if (Status s = before_rename(); !s.ok()) {
      ::unlink(temp.c_str());
      return s;
    }
  }
  if (!written || ::rename(temp.c_str(), path.c_str()) != 0) {
    const int failed = written ? errno : saved;
    ::unlink(temp.c_str());
    errno = failed;
    return Errno<Done>("Could not write", path);
  }
  SyncDir(ParentDirectory(path));
  return OkStatus();
}

Result<std::unique_ptr<ScratchDir>> ScratchDir::Create(const std::string& parent) {
  std::string pattern = parent + "/.clasp-backup-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) return Errno<std::unique_ptr<ScratchDir>>("Could not create", pattern);
  return Result<std::unique_ptr<ScratchDir>>::Ok(std::unique_ptr<ScratchDir>(new ScratchDir(pattern)));
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

Result<InstanceKey> ReadInstanceKey(const EnvVars& vars, FileSystem& fs, KeyHome home) {
  Result<KeyLocation> location = LocateMasterKey(vars, fs, home);
  if (!location.ok()) return Forward<InstanceKey>(std::move(location));
  InstanceKey key;
  key.location = *location.value;
  if (key.location.source == KeySource::kEnv) {
    std::optional<std::string> env = vars.Get("PAPERCLIP_SECRETS_MASTER_KEY");
    key.text = SecretBytes::Adopt(std::move(*env));
    std::optional<Result<MasterKey>> decoded = DecodeEnvMasterKey(key.text.view());
    auto cipher = CipherFor(*decoded);
    if (!cipher.ok()) return Forward<InstanceKey>(std::move(cipher));
    key.cipher = std::move(*cipher.value);
    return Result<InstanceKey>::Ok(std::move(key));
  }
  Result<std::optional<std::uint32_t>> mode = fs.PermissionBits(key.location.path);
  if (!mode.ok()) return Forward<InstanceKey>(std::move(mode));
  if (!*mode.value) {
    return FailResult<InstanceKey>(Code::kFileIoError, "No master key file at " + key.location.path);
  }
  Result<SecretBytes> text = fs.ReadSecretFile(key.location.path);
  if (!text.ok()) return Forward<InstanceKey>(std::move(text));
  key.text = std::move(*text.value);
  Result<MasterKey> decoded = DecodeMasterKeyFile(key.text.view(), key.location.path);
  auto cipher = CipherFor(decoded);
  if (!cipher.ok()) return Forward<InstanceKey>(std::move(cipher));
  key.cipher = std::move(*cipher.value);
  return Result<InstanceKey>::Ok(std::move(key));
}

Result<std::unique_ptr<LocalEncryptedCipher>> CipherForKeyText(std::string_view text) {
  Result<MasterKey> decoded = DecodeMasterKeyFile(text, std::string(kKeyMember));
  return CipherFor(decoded);
}

Result<std::string> MarkerPath(const EnvVars& vars, FileSystem& fs) {
  Result<std::string> root = InstanceRoot(vars, fs);
  if (!root.ok()) return root;
  return Result<std::string>::Ok(*root.value + "/backup/last-backup.json");
}

}  // namespace clasp::native::backup
