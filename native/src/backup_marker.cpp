// The instance's record of its last backup (backup.h's BackupMarker).
#include "backup_internal.h"

namespace clasp::native {
namespace backup {

Status WriteBackupMarker(const EnvVars& vars, FileSystem& fs, const BackupMarker& marker) {
  Result<std::string> path = MarkerPath(vars, fs);
  if (!path.ok()) return Forward<Done>(std::move(path));
  if (auto s = fs.CreateDirectories(ParentDirectory(*path.value), 0700); !s.ok()) return s;
  const OrderedJson json = {{"createdAt", marker.created_at},
                            {"source", {{"kind", marker.source_kind}, {"location", marker.source_location}}},
                            {"archive", marker.archive}};
  return ReplaceFile(*path.value, DumpJson(json, 2) + "\n", 0600);
}

}  // namespace backup

Result<std::optional<BackupMarker>> ReadBackupMarker(const EnvVars& vars, FileSystem& fs) {
  using Out = std::optional<BackupMarker>;
  Result<std::string> path = backup::MarkerPath(vars, fs);
  if (!path.ok()) return Forward<Out>(std::move(path));
  Result<std::optional<std::uint32_t>> exists = fs.PermissionBits(*path.value);
  if (!exists.ok()) return Forward<Out>(std::move(exists));
  if (!*exists.value) return Result<Out>::Ok(std::nullopt);
  Result<SecretBytes> text = backup::ReadWholeFile(*path.value);
  if (!text.ok()) return Forward<Out>(std::move(text));
  Result<OrderedJson> json = ParseJson(text.value->view());
  const auto field = [](const OrderedJson& object, const char* name) -> std::optional<std::string> {
    if (!object.is_object()) return std::nullopt;
    auto it = object.find(name);
    if (it == object.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  if (json.ok() && json.value->is_object()) {
    const OrderedJson source = json.value->value("source", OrderedJson::object());
    const auto created = field(*json.value, "createdAt");
    const auto kind = field(source, "kind");
    const auto location = field(source, "location");
    const auto archive = field(*json.value, "archive");
    if (created && kind && location && archive) {
      return Result<Out>::Ok(BackupMarker{*created, *kind, *location, *archive});
    }
  }
  return FailResult<Out>(Code::kFileIoError, "Unreadable backup marker " + *path.value);
}

}  // namespace clasp::native
