#include "clasp/secret_usage.h"

#include <map>
#include <utility>

#include "clasp/env_binding.h"

namespace clasp {
namespace {

// The first target of each (type, id), for naming a row's target.
std::map<std::pair<std::string_view, std::string_view>, std::size_t> IndexTargets(const std::vector<TargetEnv>& targets) {
  std::map<std::pair<std::string_view, std::string_view>, std::size_t> index;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    index.emplace(std::make_pair(std::string_view(targets[i].target.target_type),
                                 std::string_view(targets[i].target.target_id)),
                  i);
  }
  return index;
}

}  // namespace

std::string_view UseSourceName(UseSource source) {
  switch (source) {
    case UseSource::kRow: return "row";
    case UseSource::kEnvRef: return "env_ref";
    case UseSource::kBoth: return "both";
  }
  return "row";
}

std::vector<SecretUse> SecretUses(std::string_view secret_id, const std::vector<TargetEnv>& targets,
                                  const std::vector<BindingRow>& rows) {
  const auto index = IndexTargets(targets);
  std::vector<SecretUse> out;
  // (target, configPath) -> the row use an env ref at that path joins.
  std::map<std::pair<std::size_t, std::string_view>, std::size_t> row_uses;
  for (std::size_t j = 0; j < rows.size(); ++j) {
    const BindingRow& r = rows[j];
    if (!SameSecretId(r.secret_id, secret_id)) continue;
    const auto found = index.find({r.target_type, r.target_id});
    const std::size_t t = found == index.end() ? kNoTarget : found->second;
    out.push_back(SecretUse{r.target_type, r.target_id, r.config_path, UseSource::kRow, t, j});
    if (t != kNoTarget && r.company_id == targets[t].company_id) {
      row_uses.emplace(std::make_pair(t, std::string_view(r.config_path)), out.size() - 1);
    }
  }
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const BindingTarget& t = targets[i].target;
    for (const auto& entry : JsObjectEntries(targets[i].env)) {
      if (!IsValidEnvKey(entry.key())) continue;
      const auto binding = ParseEnvBinding(entry.value());
      if (!binding || binding->type != BindingType::kSecretRef || !SameSecretId(binding->secret_id, secret_id)) continue;
      std::string path = t.path_prefix + "." + entry.key();
      if (const auto row = row_uses.find({i, path}); row != row_uses.end()) {
        out[row->second].source = UseSource::kBoth;
        continue;
      }
      out.push_back(SecretUse{t.target_type, t.target_id, std::move(path), UseSource::kEnvRef, i, kNoRow});
    }
  }
  return out;
}

}  // namespace clasp
