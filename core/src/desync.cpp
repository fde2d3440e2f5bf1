#include "clasp/desync.h"

#include <string_view>
#include <unordered_map>
#include <utility>

#include "clasp/env_binding.h"
#include "desync_rows.h"

namespace clasp {
namespace {

using TargetKey = std::pair<std::string_view, std::string_view>;

struct TargetKeyHash {
  std::size_t operator()(const TargetKey& k) const {
    const std::hash<std::string_view> h;
    return h(k.first) * 31 + h(k.second);
  }
};

std::string RowPath(std::size_t j) { return "/rows/" + std::to_string(j); }

std::string Where(const BindingTarget& t, std::string_view config_path) {
  return std::string(config_path) + " of " + t.target_type + ":" + t.target_id;
}

bool UnderPrefix(std::string_view config_path, std::string_view prefix) {
  return config_path.size() > prefix.size() && config_path.substr(0, prefix.size()) == prefix &&
         config_path[prefix.size()] == '.';
}

// Missing/deleted or foreign secret, as seen from `company_id`.
std::optional<Diagnostic> SecretProblem(const SecretMap& secrets, std::string_view secret_id,
                                        std::string_view company_id, const std::string& path,
                                        const std::string& subject) {
  const SecretInfo* s = FindSecret(secrets, secret_id);
  if (s == nullptr || s->status == "deleted") {
    return MakeDiagnostic(Code::kDesyncDeletedSecret, path,
                          subject + " names secret " + std::string(secret_id) + ", which is " +
                              (s == nullptr ? "not found" : "deleted"));
  }
  if (s->company_id != company_id) {
    return MakeDiagnostic(Code::kDesyncCrossCompany, path,
                          subject + " names secret " + std::string(secret_id) + " of company " + s->company_id +
                              ", not " + std::string(company_id));
  }
  return std::nullopt;
}

}  // namespace

namespace internal {

RowRefs RefsOf(const std::vector<BindingRow>& rows) {
  RowRefs refs;
  refs.reserve(rows.size());
  for (const BindingRow& r : rows) refs.push_back(&r);
  return refs;
}

std::vector<Diagnostic> DesyncReport(const std::vector<TargetEnv>& targets, const RowRefs& rows,
                                     const SecretMap& secrets) {
  std::vector<Diagnostic> out;
  std::unordered_map<TargetKey, std::vector<std::size_t>, TargetKeyHash> rows_by_target;
  rows_by_target.reserve(targets.size());
  for (std::size_t j = 0; j < rows.size(); ++j) {
    rows_by_target[{rows[j]->target_type, rows[j]->target_id}].push_back(j);
  }
  std::vector<bool> row_checked(rows.size(), false);
  static const std::vector<std::size_t> kNone;

  for (std::size_t i = 0; i < targets.size(); ++i) {
    const TargetEnv& te = targets[i];
    const BindingTarget& t = te.target;
    const auto found = rows_by_target.find({t.target_type, t.target_id});
    const std::vector<std::size_t>& mine = found == rows_by_target.end() ? kNone : found->second;
    const std::string env_pointer = "/targets/" + std::to_string(i) + "/env";

    // Key -> first row of this company under the prefix.
    std::unordered_map<std::string_view, std::size_t> by_key;
    std::vector<std::size_t> scoped;
    for (std::size_t j : mine) {
      const BindingRow& r = *rows[j];
      if (!UnderPrefix(r.config_path, t.path_prefix)) continue;
      if (r.company_id != te.company_id) {
        out.push_back(MakeDiagnostic(Code::kDesyncCrossCompany, RowPath(j),
                                     "Binding row " + Where(t, r.config_path) + " is stored under company " +
                                         r.company_id + ", not " + te.company_id));
        continue;
      }
      by_key.emplace(std::string_view(r.config_path).substr(t.path_prefix.size() + 1), j);
      scoped.push_back(j);
    }

    std::unordered_map<std::size_t, bool> claimed;  // row -> backed by a secret_ref
    for (const auto& entry : JsObjectEntries(te.env)) {
      const std::string& key = entry.key();
      if (!IsValidEnvKey(key)) continue;
      const auto b = ParseEnvBinding(entry.value());
      if (!b || b->type != BindingType::kSecretRef) continue;
      const std::string path = JsonPointerAppend(env_pointer, key);
      const std::string config_path = t.path_prefix + "." + key;
      const auto row_it = by_key.find(key);
      bool row_names_secret = false;
      if (row_it == by_key.end()) {
        out.push_back(MakeDiagnostic(Code::kDesyncRefWithoutRow, path,
                                     "Secret reference at " + Where(t, config_path) + " (secret " + b->secret_id +
                                         ") has no binding row; the run fails pre-dispatch"));
      } else {
        const std::size_t j = row_it->second;
        const BindingRow& r = *rows[j];
        claimed[j] = true;
        if (!SameSecretId(r.secret_id, b->secret_id)) {
          out.push_back(MakeDiagnostic(Code::kDesyncRowOtherSecret, RowPath(j),
                                       "Binding row " + Where(t, config_path) + " names secret " + r.secret_id +
                                           " but env refers to secret " + b->secret_id));
        } else {
          row_names_secret = true;
          const std::string wanted = VersionSelectorText(b->version);
          if (r.version_selector != wanted) {
            out.push_back(MakeDiagnostic(Code::kDesyncRowOtherVersion, RowPath(j),
                                         "Binding row " + Where(t, config_path) + " selects version " +
                                             r.version_selector + " but env selects " + wanted));
          }
        }
      }
      if (!row_names_secret) {
        if (auto p = SecretProblem(secrets, b->secret_id, te.company_id, path,
                                   "Secret reference at " + Where(t, config_path))) {
          out.push_back(std::move(*p));
        }
      }
    }

    for (std::size_t j : scoped) {
      if (claimed.count(j) != 0) continue;
      const BindingRow& r = *rows[j];
      const auto head = by_key.find(std::string_view(r.config_path).substr(t.path_prefix.size() + 1));
      const bool duplicate = head != by_key.end() && head->second != j;
      out.push_back(MakeDiagnostic(Code::kDesyncRowWithoutRef, RowPath(j),
                                   "Binding row " + Where(t, r.config_path) + " (secret " + r.secret_id + ") " +
                                       (duplicate ? "duplicates another row at the same path"
                                                  : "has no secret reference in env")));
    }

    for (std::size_t j : mine) {
      if (row_checked[j]) continue;
      row_checked[j] = true;
      const BindingRow& r = *rows[j];
      if (auto p = SecretProblem(secrets, r.secret_id, r.company_id, RowPath(j),
                                 "Binding row " + Where(t, r.config_path))) {
        out.push_back(std::move(*p));
      }
    }
  }
  return out;
}

}  // namespace internal

std::vector<Diagnostic> DesyncReport(const std::vector<TargetEnv>& targets, const std::vector<BindingRow>& rows,
                                     const SecretMap& secrets) {
  return internal::DesyncReport(targets, internal::RefsOf(rows), secrets);
}

}  // namespace clasp
