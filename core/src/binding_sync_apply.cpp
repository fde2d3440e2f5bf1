// The plan's vocabulary and its application to rows (see binding_sync.h).
#include "clasp/binding_sync.h"

namespace clasp {

std::string_view BindingChangeKindName(BindingChangeKind kind) {
  switch (kind) {
    case BindingChangeKind::kKeep: return "keep";
    case BindingChangeKind::kInsert: return "insert";
    case BindingChangeKind::kUpdate: return "update";
    case BindingChangeKind::kDelete: return "delete";
  }
  return "";
}

std::string_view DeleteReasonName(DeleteReason reason) {
  switch (reason) {
    case DeleteReason::kNone: return "";
    case DeleteReason::kRefRemoved: return "ref_removed";
    case DeleteReason::kNowPlain: return "now_plain";
    case DeleteReason::kNowUserSecretRef: return "now_user_secret_ref";
    case DeleteReason::kSecretSwapped: return "secret_swapped";
    case DeleteReason::kDuplicateRow: return "duplicate_row";
  }
  return "";
}

std::vector<BindingRow> ApplyBindingPlan(std::string_view company_id, const BindingTarget& target,
                                         const std::vector<BindingRow>& rows, const BindingPlan& plan) {
  std::vector<const BindingChange*> by_row(rows.size(), nullptr);
  for (const BindingChange& c : plan.changes) {
    if (c.row < rows.size()) by_row[c.row] = &c;
  }
  std::vector<BindingRow> out;
  out.reserve(rows.size() + plan.inserted);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const BindingChange* c = by_row[i];
    if (c != nullptr && c->kind == BindingChangeKind::kDelete) continue;
    out.push_back(rows[i]);
    if (c != nullptr && c->kind == BindingChangeKind::kUpdate) {
      out.back().version_selector = VersionSelectorText(c->version);
      out.back().projection_class = std::string(c->projection_class);
      out.back().projection_allowlist_key.reset();
      if (c->projection_allowlist_key) out.back().projection_allowlist_key = std::string(*c->projection_allowlist_key);
    }
  }
  for (const BindingChange& c : plan.changes) {
    if (c.kind != BindingChangeKind::kInsert) continue;
    BindingRow row;
    row.company_id = std::string(company_id);
    row.secret_id = std::string(c.secret_id);
    row.target_type = target.target_type;
    row.target_id = target.target_id;
    row.config_path = target.path_prefix + "." + std::string(c.env_key);
    row.version_selector = VersionSelectorText(c.version);
    row.projection_class = std::string(c.projection_class);
    if (c.projection_allowlist_key) row.projection_allowlist_key = std::string(*c.projection_allowlist_key);
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace clasp
