// The rotation record (keyring.h): its path, its text and its custody.
#include "clasp/native/keyring.h"

#include <algorithm>
#include <vector>

#include "clasp/master_key.h"
#include "clasp/native/base64.h"

namespace clasp::native {
namespace {

constexpr std::uint32_t kKeyringMode = 0600;
constexpr std::string_view kHeader = "clasp-keyring 1";
constexpr std::string_view kSuffix = ".keyring";

// Hides PAPERCLIP_SECRETS_MASTER_KEY: where the key would come from without it.
class WithoutEnvKey final : public EnvVars {
 public:
  explicit WithoutEnvKey(const EnvVars& inner) : inner_(inner) {}
  std::optional<std::string> Get(std::string_view name) const override {
    if (name == "PAPERCLIP_SECRETS_MASTER_KEY") return std::nullopt;
    return inner_.Get(name);
  }

 private:
  const EnvVars& inner_;
};

Status Corrupt(const std::string& path, std::size_t line) {
  return FailStatus(Code::kFileIoError,
                    "Refusing " + path + ": not a clasp keyring record (line " + std::to_string(line) + ")");
}

// The lines of `text` as views into it (no copy of the key lines).
std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    out.push_back(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  }
  return out;
}

// "word rest" -> rest, when the line starts with `word` and a space.
std::optional<std::string_view> Field(std::string_view line, std::string_view word) {
  if (line.size() <= word.size() || line.substr(0, word.size()) != word || line[word.size()] != ' ') return std::nullopt;
  return line.substr(word.size() + 1);
}

std::optional<SecretBytes> DecodeKey(std::string_view text) {
  std::optional<MasterKey> key = DecodeMasterKey(text);
  if (!key) return std::nullopt;
  SecretBytes out = SecretBytes::Copy(std::string_view(reinterpret_cast<const char*>(key->bytes.data()), key->bytes.size()));
  Wipe(key->bytes.data(), key->bytes.size());
  return out;
}

Result<KeyringRecord> Parse(std::string_view text, const std::string& path) {
  const std::vector<std::string_view> lines = Lines(text);
  if (lines.empty() || lines[0] != kHeader) return Forward<KeyringRecord>(Corrupt(path, 1));
  if (lines.size() != 7) return Forward<KeyringRecord>(Corrupt(path, std::min<std::size_t>(lines.size() + 1, 8)));
  KeyringRecord record;
  const auto state = Field(lines[1], "state");
  if (!state || (*state != "rotating" && *state != "retired")) return Forward<KeyringRecord>(Corrupt(path, 2));
  record.state = *state == "rotating" ? KeyringRecord::State::kRotating : KeyringRecord::State::kRetired;
  const auto old_text = Field(lines[2], "old");
  std::optional<SecretBytes> old_key = old_text ? DecodeKey(*old_text) : std::nullopt;
  if (!old_key) return Forward<KeyringRecord>(Corrupt(path, 3));
  const auto new_text = Field(lines[3], "new");
  std::optional<SecretBytes> new_key = new_text ? DecodeKey(*new_text) : std::nullopt;
  if (!new_key) return Forward<KeyringRecord>(Corrupt(path, 4));
  record.old_key = std::move(*old_key);
  record.new_key = std::move(*new_key);
  const auto backup = Field(lines[4], "backup");
  if (!backup) return Forward<KeyringRecord>(Corrupt(path, 5));
  record.backup = *backup == "-" ? "" : std::string(*backup);
  const auto cursor = Field(lines[5], "cursor");
  if (!cursor) return Forward<KeyringRecord>(Corrupt(path, 6));
  record.cursor = *cursor == "-" ? "" : std::string(*cursor);
  const auto done = Field(lines[6], "done");
  if (!done || done->empty() || done->size() > 18 || done->find_first_not_of("0123456789") != std::string_view::npos) {
    return Forward<KeyringRecord>(Corrupt(path, 7));
  }
  record.done = std::stoll(std::string(*done));
  return Result<KeyringRecord>::Ok(std::move(record));
}

// Encoded in place: `text` was reserved for it, so no copy of the key is
// left behind in a freed buffer.
void AppendKey(std::string& text, const SecretBytes& key) {
  const std::size_t at = text.size();
  text.resize(at + Base64EncodedLength(key.size()));
  Base64EncodeTo(key.view(), text.data() + at);
}

}  // namespace

Result<std::string> KeyringPath(const KeyLocation& location, const EnvVars& vars, FileSystem& fs) {
  if (location.source != KeySource::kEnv) return Result<std::string>::Ok(location.path + std::string(kSuffix));
  const WithoutEnvKey without(vars);
  Result<KeyLocation> file = LocateMasterKey(without, fs, location.home);
  if (!file.ok()) return Forward<std::string>(std::move(file));
  return Result<std::string>::Ok(file.value->path + std::string(kSuffix));
}

std::string KeyringText(const KeyringRecord& record) {
  std::string text;
  text.reserve(256 + record.backup.size() + record.cursor.size());
  text += kHeader;
  text += record.state == KeyringRecord::State::kRotating ? "\nstate rotating\nold " : "\nstate retired\nold ";
  AppendKey(text, record.old_key);
  text += "\nnew ";
  AppendKey(text, record.new_key);
  text += "\nbackup " + (record.backup.empty() ? std::string("-") : record.backup);
  text += "\ncursor " + (record.cursor.empty() ? std::string("-") : record.cursor);
  text += "\ndone " + std::to_string(record.done) + "\n";
  return text;
}

Result<std::optional<KeyringRecord>> ReadKeyring(FileSystem& fs, const std::string& path) {
  using R = Result<std::optional<KeyringRecord>>;
  Result<std::optional<std::uint32_t>> mode = fs.PermissionBits(path);
  if (!mode.ok()) return Forward<std::optional<KeyringRecord>>(std::move(mode));
  if (!*mode.value) return R::Ok(std::nullopt);
  if ((**mode.value & ~kKeyringMode) != 0) {
    return Forward<std::optional<KeyringRecord>>(FailStatus(
        Code::kFileIoError, "Refusing " + path + ": its mode is " + std::to_string(**mode.value >> 6 & 7) +
                                std::to_string(**mode.value >> 3 & 7) + std::to_string(**mode.value & 7) +
                                ", not 600 (it holds master keys; chmod 600 it after checking who read it)"));
  }
  Result<SecretBytes> text = fs.ReadSecretFile(path);
  if (!text.ok()) return Forward<std::optional<KeyringRecord>>(std::move(text));
  Result<KeyringRecord> record = Parse(text.value->view(), path);
  if (!record.ok()) return Forward<std::optional<KeyringRecord>>(std::move(record));
  return R::Ok(std::move(*record.value));
}

Status WriteKeyring(FileSystem& fs, const std::string& path, const KeyringRecord& record) {
  std::string text = KeyringText(record);
  Status written = fs.ReplaceFile(path, text, kKeyringMode);
  WipeString(&text);
  return written;
}

}  // namespace clasp::native
