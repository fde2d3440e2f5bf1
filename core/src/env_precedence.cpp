#include "clasp/env_precedence.h"

#include <algorithm>
#include <map>
#include <utility>

#include "clasp/binding.h"

namespace clasp {
namespace {

constexpr std::string_view kRuntimePrefix = "PAPERCLIP_";
constexpr std::string_view kRunTokenKey = "PAPERCLIP_API_KEY";

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

class Merger {
 public:
  void Set(const std::string& key, const OrderedJson& value, EnvLayer layer) {
    const auto [it, inserted] = index_.emplace(key, entries_.size());
    if (inserted) {
      entries_.push_back(MergedEnvEntry{key, value, layer, {}});
      return;
    }
    MergedEnvEntry& entry = entries_[it->second];
    entry.shadowed.push_back(entry.winner);
    entry.value = value;
    entry.winner = layer;
  }

  // Records a default that was applied before every config layer (Paperclip
  // builds the runtime map first, then lets config overwrite non-PAPERCLIP_
  // keys), so it goes first in the shadowed list.
  void ShadowAsDefault(const std::string& key, EnvLayer layer) {
    const auto it = index_.find(key);
    if (it == index_.end()) return;
    std::vector<EnvLayer>& shadowed = entries_[it->second].shadowed;
    shadowed.insert(shadowed.begin(), layer);
  }

  bool Has(const std::string& key) const { return index_.count(key) != 0; }

  std::vector<MergedEnvEntry> TakeInJsOrder() {
    // JS order: array-index keys first, ascending (canonical index strings
    // order numerically by (length, text)), then the rest as first set.
    std::vector<std::size_t> numeric;
    std::vector<bool> is_numeric(entries_.size(), false);
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      if (IsJsArrayIndex(entries_[i].key)) numeric.push_back(i), is_numeric[i] = true;
    }
    std::sort(numeric.begin(), numeric.end(), [&](std::size_t a, std::size_t b) {
      const std::string& ka = entries_[a].key;
      const std::string& kb = entries_[b].key;
      return ka.size() != kb.size() ? ka.size() < kb.size() : ka < kb;
    });
    std::vector<MergedEnvEntry> out;
    out.reserve(entries_.size());
    for (std::size_t i : numeric) out.push_back(std::move(entries_[i]));
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      if (!is_numeric[i]) out.push_back(std::move(entries_[i]));
    }
    return out;
  }

 private:
  std::vector<MergedEnvEntry> entries_;
  std::map<std::string, std::size_t, std::less<>> index_;
};

const OrderedJson* LayerObject(const OrderedJson& layer, EnvLayer name, std::vector<Diagnostic>& diagnostics) {
  if (layer.is_object()) return &layer;
  if (!layer.is_null()) {
    std::string message(EnvLayerName(name));
    message.append(" env must be an object, got ").append(JsonTypeName(layer)).append("; it was ignored");
    diagnostics.push_back(MakeDiagnostic(Code::kInputWrongType, JsonPointerAppend("", EnvLayerName(name)),
                                         std::move(message), Severity::kWarning));
  }
  return nullptr;
}

}  // namespace

std::string_view EnvLayerName(EnvLayer layer) {
  switch (layer) {
    case EnvLayer::kEnvironment: return "environment";
    case EnvLayer::kAgent: return "agent";
    case EnvLayer::kProject: return "project";
    case EnvLayer::kRoutine: return "routine";
    case EnvLayer::kRuntime: return "runtime";
  }
  return "runtime";
}

MergedEnv MergeRunEnv(const EnvLayers& layers) {
  MergedEnv merged;
  Merger merger;
  const OrderedJson* runtime = LayerObject(layers.runtime, EnvLayer::kRuntime, merged.diagnostics);
  const std::pair<const OrderedJson*, EnvLayer> config[] = {
      {&layers.environment, EnvLayer::kEnvironment},
      {&layers.agent, EnvLayer::kAgent},
      {&layers.project, EnvLayer::kProject},
      {&layers.routine, EnvLayer::kRoutine},
  };
  for (const auto& [json, layer] : config) {
    const OrderedJson* env = LayerObject(*json, layer, merged.diagnostics);
    if (!env) continue;
    for (const auto& [key, value] : env->items()) {
      if (key == kRunTokenKey) {
        merged.dropped.push_back(DroppedEnvKey{key, layer});
        continue;
      }
      merger.Set(key, value, layer);
    }
  }
  if (runtime) {
    for (const auto& [key, value] : runtime->items()) {
      if (StartsWith(key, kRuntimePrefix) || !merger.Has(key)) {
        merger.Set(key, value, EnvLayer::kRuntime);
      } else {
        // A runtime default such as a tools variable: the config value stays.
        merger.ShadowAsDefault(key, EnvLayer::kRuntime);
      }
    }
  }
  merged.entries = merger.TakeInJsOrder();
  return merged;
}

}  // namespace clasp
