#include "clasp/native/key_custody.h"

#include <array>

#include "clasp/master_key.h"
#include "clasp/native/base64.h"
#include "clasp/native/instance_paths.h"
#include "clasp/utf8.h"

namespace clasp::native {
namespace {

constexpr std::uint32_t kKeyFileMode = 0600;
constexpr std::uint32_t kKeyDirMode = 0700;
constexpr const char* kEnvKey = "PAPERCLIP_SECRETS_MASTER_KEY";
constexpr const char* kEnvKeyFile = "PAPERCLIP_SECRETS_MASTER_KEY_FILE";

// Set and non-blank after JS trim(), as Paperclip's `v && v.trim().length > 0`.
std::optional<std::string> NonBlank(const EnvVars& vars, const char* name) {
  std::optional<std::string> v = vars.Get(name);
  if (!v || EcmaTrim(*v).empty()) return std::nullopt;
  return v;
}

// Copies a decoded core MasterKey into wiped storage and wipes the original.
SecretBytes TakeKey(MasterKey& key) {
  SecretBytes out = SecretBytes::Copy(std::string_view(reinterpret_cast<const char*>(key.bytes.data()), key.bytes.size()));
  Wipe(key.bytes.data(), key.bytes.size());
  return out;
}

Result<LoadedMasterKey> LoadFile(FileSystem& fs, const KeyLocation& location, std::uint32_t mode,
                                 KeyLoad load = KeyLoad::kTightenMode) {
  std::vector<Diagnostic> warnings;
  const KeyFileModeCheck verdict = KeyFileModeVerdict(mode, location.path);
  if (verdict.chmod_on_load && load == KeyLoad::kTightenMode) {
    // Best effort, like Paperclip: a failed chmod still loads the key, and the
    // warning tells the operator what to fix.
    fs.Chmod(location.path, kKeyFileMode);
    if (verdict.warning) warnings.push_back(*verdict.warning);
  }
  Result<SecretBytes> text = fs.ReadSecretFile(location.path);
  if (!text.ok()) return Forward<LoadedMasterKey>(std::move(text));
  Result<MasterKey> decoded = DecodeMasterKeyFile(text.value->view(), location.path);
  if (!decoded.ok()) return Forward<LoadedMasterKey>(std::move(decoded));
  return Result<LoadedMasterKey>::Ok(LoadedMasterKey{TakeKey(*decoded.value), location, false}, std::move(warnings));
}

Result<LoadedMasterKey> CreateFile(FileSystem& fs, Random& random, const KeyLocation& location) {
  if (auto s = fs.CreateDirectories(ParentDirectory(location.path), kKeyDirMode); !s.ok()) {
    return Forward<LoadedMasterKey>(std::move(s));
  }
  std::array<unsigned char, 32> raw{};
  if (auto s = random.Fill(raw.data(), raw.size()); !s.ok()) return Forward<LoadedMasterKey>(std::move(s));
  SecretBytes key = SecretBytes::Copy(std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size()));
  Wipe(raw.data(), raw.size());
  std::string text = Base64Encode(key.view());
  Result<bool> published = fs.PublishNewFile(location.path, text, kKeyFileMode);
  WipeString(&text);
  if (!published.ok()) return Forward<LoadedMasterKey>(std::move(published));
  if (*published.value) return Result<LoadedMasterKey>::Ok(LoadedMasterKey{std::move(key), location, true});
  // Another process created the file between our stat and our link: use its key.
  return LoadFile(fs, location, kKeyFileMode);
}

}  // namespace

std::string_view KeySourceName(KeySource source) {
  switch (source) {
    case KeySource::kEnv:
      return "env";
    case KeySource::kEnvFile:
      return "env_file";
    case KeySource::kDefaultFile:
      return "default_file";
  }
  return "";
}

std::string DescribeKeyLocation(const KeyLocation& location) {
  switch (location.source) {
    case KeySource::kEnv:
      return kEnvKey;
    case KeySource::kEnvFile:
      return std::string(kEnvKeyFile) + " " + location.path;
    case KeySource::kDefaultFile:
      return (location.home == KeyHome::kPaperclip ? "Paperclip's default key file " : "clasp's default key file ") +
             location.path;
  }
  return "";
}

Result<KeyLocation> LocateMasterKey(const EnvVars& vars, FileSystem& fs, KeyHome home) {
  if (NonBlank(vars, kEnvKey)) return Result<KeyLocation>::Ok(KeyLocation{KeySource::kEnv, "", home});
  Result<std::string> cwd = fs.CurrentDirectory();
  if (!cwd.ok()) return Forward<KeyLocation>(std::move(cwd));
  if (std::optional<std::string> file = NonBlank(vars, kEnvKeyFile)) {
    return Result<KeyLocation>::Ok(KeyLocation{KeySource::kEnvFile, ResolvePath(*cwd.value, EcmaTrim(*file)), home});
  }
  Result<std::string> root = home == KeyHome::kPaperclip ? PaperclipInstanceRoot(vars, fs) : InstanceRoot(vars, fs);
  if (!root.ok()) return Forward<KeyLocation>(std::move(root));
  return Result<KeyLocation>::Ok(KeyLocation{KeySource::kDefaultFile, *root.value + "/secrets/master.key", home});
}

Result<FoundMasterKey> FindMasterKey(const EnvVars& vars, FileSystem& fs, KeyHome home, KeyLoad load) {
  using R = Result<FoundMasterKey>;
  if (std::optional<std::string> env = vars.Get(kEnvKey)) {
    std::optional<Result<MasterKey>> decoded = DecodeEnvMasterKey(*env);
    WipeString(&*env);
    if (decoded) {
      if (!decoded->ok()) return Forward<FoundMasterKey>(std::move(*decoded));
      const KeyLocation location{KeySource::kEnv, "", home};
      return R::Ok(FoundMasterKey{LoadedMasterKey{TakeKey(*decoded->value), location, false}, location});
    }
  }
  Result<KeyLocation> location = LocateMasterKey(vars, fs, home);
  if (!location.ok()) return Forward<FoundMasterKey>(std::move(location));
  // clasp's own key directory is kept private; Paperclip's is Paperclip's.
  if (location.value->source == KeySource::kDefaultFile && home == KeyHome::kClasp && load != KeyLoad::kLookOnly) {
    Result<std::string> dir = PrepareInstanceDirectory(vars, fs, "secrets");
    if (!dir.ok()) return Forward<FoundMasterKey>(std::move(dir));
  }
  Result<std::optional<std::uint32_t>> mode = fs.PermissionBits(location.value->path);
  if (!mode.ok()) return Forward<FoundMasterKey>(std::move(mode));
  if (!*mode.value) return R::Ok(FoundMasterKey{std::nullopt, *location.value});
  Result<LoadedMasterKey> loaded = LoadFile(fs, *location.value, **mode.value, load);
  if (!loaded.ok()) return Forward<FoundMasterKey>(std::move(loaded));
  return R::Ok(FoundMasterKey{std::move(*loaded.value), *location.value}, std::move(loaded.diagnostics));
}

Result<LoadedMasterKey> LoadOrCreateMasterKey(const EnvVars& vars, FileSystem& fs, Random& random, KeyHome home) {
  Result<FoundMasterKey> found = FindMasterKey(vars, fs, home);
  if (!found.ok()) return Forward<LoadedMasterKey>(std::move(found));
  if (!found.value->key) return CreateFile(fs, random, found.value->location);
  return Result<LoadedMasterKey>::Ok(std::move(*found.value->key), std::move(found.diagnostics));
}

KeyHealth InspectMasterKey(const EnvVars& vars, FileSystem& fs, KeyHome home) {
  KeyHealth health;
  if (std::optional<std::string> env = vars.Get(kEnvKey)) {
    std::optional<Result<MasterKey>> decoded = DecodeEnvMasterKey(*env);
    WipeString(&*env);
    if (decoded) {
      if (decoded->value) Wipe(decoded->value->bytes.data(), decoded->value->bytes.size());
      health.status = decoded->ok() ? "ok" : "error";
      health.message = decoded->ok() ? "Local encrypted provider is using PAPERCLIP_SECRETS_MASTER_KEY"
                                     : "PAPERCLIP_SECRETS_MASTER_KEY is invalid; expected 32-byte base64, 64-char "
                                       "hex, or raw 32-char string";
      return health;
    }
  }
  Result<KeyLocation> location = LocateMasterKey(vars, fs, home);
  if (!location.ok()) {
    health.status = "error";
    health.message = location.diagnostics.front().message;
    return health;
  }
  health.location = *location.value;
  const std::string& path = health.location.path;
  Result<std::optional<std::uint32_t>> mode = fs.PermissionBits(path);
  if (!mode.ok()) {
    health.status = "error";
    health.message = "Could not stat secrets key file: " + mode.diagnostics.front().message;
    return health;
  }
  if (!*mode.value) {
    health.status = "warn";
    health.message = "Secrets key file does not exist yet: " + path;
    health.warnings.push_back("The first managed secret write will create this key file with 0600 permissions.");
    return health;
  }
  Result<SecretBytes> text = fs.ReadSecretFile(path);
  if (!text.ok()) {
    health.status = "error";
    health.message = "Could not read secrets key file: " + text.diagnostics.front().message;
    return health;
  }
  std::optional<MasterKey> decoded = DecodeMasterKey(text.value->view());
  if (!decoded) {
    health.status = "error";
    health.message = "Invalid key material in " + path;
    return health;
  }
  Wipe(decoded->bytes.data(), decoded->bytes.size());
  if (std::optional<Diagnostic> warning = KeyFileModeVerdict(**mode.value, path).warning) {
    health.warnings.push_back(warning->message);
  }
  health.status = health.warnings.empty() ? "ok" : "warn";
  health.message = "Local encrypted provider configured with key file " + path;
  return health;
}

}  // namespace clasp::native
