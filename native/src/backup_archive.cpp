// The backup container and its manifest (backup.h, format 1).
#include <charconv>

#include "backup_internal.h"
#include "clasp/sha256.h"

namespace clasp::native {
namespace backup {
namespace {

constexpr std::string_view kMagic = "clasp-backup 1\n";
constexpr std::string_view kManifestMember = "manifest.json";

void AppendMember(std::string& out, std::string_view name, std::string_view bytes) {
  out.append(name).append(" ").append(std::to_string(bytes.size())).append("\n");
  out.append(bytes).append("\n");
}

Result<ArchiveParts> Malformed(const std::string& why) {
  return FailResult<ArchiveParts>(Code::kBackupInvalid, "Not a clasp backup archive: " + why);
}

// Reads "<name> <size>\n<bytes>\n" at `pos`; nullopt (with `why`) when the
// header is not that member's or the bytes run past the end.
std::optional<std::string_view> TakeMember(std::string_view bytes, std::size_t& pos, std::string_view name,
                                           std::string& why) {
  const std::size_t eol = bytes.find('\n', pos);
  const std::string_view header = eol == std::string_view::npos ? std::string_view() : bytes.substr(pos, eol - pos);
  if (header.size() <= name.size() + 1 || header.substr(0, name.size()) != name || header[name.size()] != ' ') {
    why = "expected member " + std::string(name);
    return std::nullopt;
  }
  const std::string_view digits = header.substr(name.size() + 1);
  std::size_t size = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), size);
  if (ec != std::errc() || end != digits.data() + digits.size()) {
    why = "bad size for member " + std::string(name);
    return std::nullopt;
  }
  const std::size_t start = eol + 1;
  if (size >= bytes.size() - start || bytes[start + size] != '\n') {
    why = "member " + std::string(name) + " is truncated";
    return std::nullopt;
  }
  pos = start + size + 1;
  return bytes.substr(start, size);
}

}  // namespace

SecretBytes EncodeArchive(std::string_view manifest, std::string_view store, std::optional<std::string_view> key) {
  std::string out;
  // One allocation of the final size, so no unwiped partial copy is freed.
  out.reserve(kMagic.size() + manifest.size() + store.size() + (key ? key->size() : 0) + 192);
  out.append(kMagic);
  AppendMember(out, kManifestMember, manifest);
  AppendMember(out, kStoreMember, store);
  if (key) AppendMember(out, kKeyMember, *key);
  out.append("end ").append(HexLower(Sha256Of(manifest))).append("\n");
  return SecretBytes::Adopt(std::move(out));
}

bool IsPlaintextArchive(std::string_view bytes) { return bytes.starts_with(kMagic); }

Result<ArchiveParts> DecodeArchive(std::string_view bytes) {
  if (!IsPlaintextArchive(bytes)) return Malformed("missing the 'clasp-backup 1' header");
  std::size_t pos = kMagic.size();
  std::string why;
  const auto manifest = TakeMember(bytes, pos, kManifestMember, why);
  if (!manifest) return Malformed(why);
  const auto store = TakeMember(bytes, pos, kStoreMember, why);
  if (!store) return Malformed(why);
  // The key member is optional (--key-separately): the manifest says
  // whether it belongs, and verify compares.
  std::optional<std::string_view> key;
  if (bytes.substr(pos).starts_with(std::string(kKeyMember) + " ")) {
    key = TakeMember(bytes, pos, kKeyMember, why);
    if (!key) return Malformed(why);
  }
  const std::string_view rest = bytes.substr(pos);
  constexpr std::size_t kEndLine = 4 + 64 + 1;
  if (rest.size() != kEndLine || rest.substr(0, 4) != "end " || rest.back() != '\n') {
    return Malformed("missing or damaged end line");
  }
  ArchiveParts parts;
  parts.manifest = std::string(*manifest);
  parts.store = std::string(*store);
  if (key) parts.key = SecretBytes::Copy(*key);
  parts.manifest_intact = rest.substr(4, 64) == HexLower(Sha256Of(*manifest));
  return Result<ArchiveParts>::Ok(std::move(parts));
}

Result<BackupManifest> ManifestFromJson(const OrderedJson& json) {
  auto bad = [](const std::string& what) {
    return FailResult<BackupManifest>(Code::kBackupInvalid, "Backup manifest: " + what);
  };
  auto text = [&](const OrderedJson& object, const char* name) -> std::optional<std::string> {
    auto it = object.find(name);
    if (it == object.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  auto count = [](const OrderedJson& object, const char* name) -> std::optional<long long> {
    auto it = object.find(name);
    if (it == object.end() || !it->is_number_integer() || it->get<long long>() < 0) return std::nullopt;
    return it->get<long long>();
  };
  if (!json.is_object() || text(json, "format") != "clasp-backup") return bad("not a clasp-backup manifest");
  if (count(json, "formatVersion") != kBackupFormatVersion) return bad("unsupported formatVersion");
  BackupManifest m;
  const OrderedJson empty = OrderedJson::object();
  const OrderedJson& source = json.contains("source") && json["source"].is_object() ? json["source"] : empty;
  const OrderedJson& key = json.contains("key") && json["key"].is_object() ? json["key"] : empty;
  const OrderedJson& counts = json.contains("counts") && json["counts"].is_object() ? json["counts"] : empty;
  const auto created = text(json, "createdAt");
  const auto kind = text(source, "kind");
  const auto location = text(source, "location");
  const auto key_source = text(key, "source");
  const auto fingerprint = text(key, "fingerprint");
  const auto secrets = count(counts, "secrets");
  const auto versions = count(counts, "versions");
  const auto bindings = count(counts, "bindings");
  if (!created || !kind || !location || !key_source || !fingerprint || !secrets || !versions || !bindings) {
    return bad("createdAt, source, key or counts missing");
  }
  m.created_at = *created;
  m.source_kind = *kind;
  m.source_location = *location;
  m.key_source = *key_source;
  m.key_fingerprint = *fingerprint;
  m.counts = BackupCounts{*secrets, *versions, *bindings};
  const auto members = json.find("members");
  if (members == json.end() || !members->is_object()) return bad("members missing");
  for (std::string_view name : {kStoreMember, kKeyMember}) {
    const auto entry = members->find(std::string(name));
    if (name == kKeyMember && entry == members->end()) break;
    if (entry == members->end() || !entry->is_object()) return bad("no checksum for " + std::string(name));
    const auto size = count(*entry, "size");
    const auto sha = text(*entry, "sha256");
    if (!size || !sha || sha->size() != 64) return bad("bad checksum entry for " + std::string(name));
    m.members.push_back(BackupManifest::Member{std::string(name), *size, *sha});
  }
  return Result<BackupManifest>::Ok(std::move(m));
}

}  // namespace backup

OrderedJson BackupManifestJson(const BackupManifest& manifest) {
  OrderedJson members = OrderedJson::object();
  for (const auto& member : manifest.members) members[member.name] = {{"size", member.size}, {"sha256", member.sha256}};
  return OrderedJson{
      {"format", "clasp-backup"},
      {"formatVersion", manifest.format_version},
      {"createdAt", manifest.created_at},
      {"source", {{"kind", manifest.source_kind}, {"location", manifest.source_location}}},
      {"key", {{"source", manifest.key_source}, {"fingerprint", manifest.key_fingerprint}}},
      {"counts",
       {{"secrets", manifest.counts.secrets}, {"versions", manifest.counts.versions},
        {"bindings", manifest.counts.bindings}}},
      {"members", std::move(members)}};
}

}  // namespace clasp::native
