// PlanDesyncRepair and the orphan report (see desync_repair.h).
#include "clasp/desync_repair.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <unordered_map>
#include <utility>

#include "clasp/env_binding.h"
#include "desync_rows.h"

namespace clasp {
namespace {

std::string TargetKey(std::string_view type, std::string_view id) {
  std::string key;
  key.reserve(type.size() + id.size() + 1);
  key.append(type).push_back('\0');
  key.append(id);
  return key;
}

bool UnderPrefix(std::string_view config_path, std::string_view prefix) {
  return config_path.size() > prefix.size() && config_path.substr(0, prefix.size()) == prefix &&
         config_path[prefix.size()] == '.';
}

bool IsComplete(const DesyncScope& scope, std::string_view type) {
  return std::find(scope.complete_target_types.begin(), scope.complete_target_types.end(), type) !=
         scope.complete_target_types.end();
}

// Targets by (targetType, targetId); usually one each.
class TargetIndex {
 public:
  explicit TargetIndex(const std::vector<TargetEnv>& targets) : targets_(targets) {
    by_key_.reserve(targets.size());
    for (std::size_t i = 0; i < targets.size(); ++i) {
      by_key_[TargetKey(targets[i].target.target_type, targets[i].target.target_id)].push_back(i);
    }
  }

  const std::vector<std::size_t>* Find(const BindingRow& r) const {
    const auto it = by_key_.find(TargetKey(r.target_type, r.target_id));
    return it == by_key_.end() ? nullptr : &it->second;
  }

  // The target of the row's own company, else kNoTarget.
  std::size_t Owner(const BindingRow& r) const {
    if (const auto* ts = Find(r)) {
      for (std::size_t i : *ts) {
        if (targets_[i].company_id == r.company_id) return i;
      }
    }
    return kNoTarget;
  }

 private:
  const std::vector<TargetEnv>& targets_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_key_;
};

std::string KeyOf(const BindingRow& r, const BindingTarget& t) { return r.config_path.substr(t.path_prefix.size() + 1); }

RepairReason FromDeleteReason(DeleteReason reason) {
  switch (reason) {
    case DeleteReason::kNowPlain: return RepairReason::kNowPlain;
    case DeleteReason::kNowUserSecretRef: return RepairReason::kNowUserSecretRef;
    case DeleteReason::kSecretSwapped: return RepairReason::kSecretSwapped;
    case DeleteReason::kDuplicateRow: return RepairReason::kDuplicateRow;
    case DeleteReason::kNone:
    case DeleteReason::kRefRemoved: break;
  }
  return RepairReason::kRefRemoved;
}

// The planner's refusals name the entry by JSON Pointer ("/<key>"); these
// are the keys to hold. nullopt when one names no entry (the whole target is
// then left alone).
std::optional<std::set<std::string>> HeldKeys(const OrderedJson& env, const std::vector<Diagnostic>& errors) {
  std::unordered_map<std::string, std::string> key_by_pointer;
  for (auto it = env.begin(); it != env.end(); ++it) key_by_pointer.emplace(JsonPointerAppend("", it.key()), it.key());
  std::set<std::string> held;
  for (const Diagnostic& d : errors) {
    if (d.severity != Severity::kError) continue;
    const auto found = key_by_pointer.find(d.path);
    if (found == key_by_pointer.end()) return std::nullopt;
    held.insert(found->second);
  }
  return held;
}

// The steps for one target, appended to `out` (deletes, updates, inserts).
void PlanTarget(std::size_t ti, const TargetEnv& te, const std::vector<BindingRow>& rows,
                const std::vector<std::size_t>& own, const std::vector<std::size_t>& foreign, const SecretMap& secrets,
                std::vector<RepairStep>& out) {
  const BindingTarget& t = te.target;
  const OrderedJson empty = OrderedJson::object();
  const OrderedJson* env = te.env.is_null() ? &empty : &te.env;
  if (!env->is_object()) return;

  std::vector<BindingRow> local;
  std::vector<std::size_t> global;
  local.reserve(own.size());
  for (std::size_t j : own) local.push_back(rows[j]), global.push_back(j);
  BindingSyncOptions options;
  options.replace_all = true;
  Result<BindingPlan> plan = PlanBindingSync(te.company_id, t, *env, local, secrets, options);

  OrderedJson filtered;
  if (!plan.ok()) {
    const auto held = HeldKeys(*env, plan.diagnostics);
    if (!held) return;
    filtered = OrderedJson::object();
    for (auto it = env->begin(); it != env->end(); ++it) {
      if (held->count(it.key()) == 0) filtered[it.key()] = it.value();
    }
    local.clear(), global.clear();
    for (std::size_t j : own) {
      if (UnderPrefix(rows[j].config_path, t.path_prefix) && held->count(KeyOf(rows[j], t)) != 0) continue;
      local.push_back(rows[j]), global.push_back(j);
    }
    plan = PlanBindingSync(te.company_id, t, filtered, local, secrets, options);
    if (!plan.ok()) return;
  }

  std::vector<RepairStep> deletes, updates, inserts;
  std::set<std::string_view> swapped;
  for (const BindingChange& c : plan.value->changes) {
    RepairStep step;
    step.target = ti;
    switch (c.kind) {
      case BindingChangeKind::kKeep: continue;
      case BindingChangeKind::kDelete:
        step.action = RepairAction::kDelete;
        step.reason = FromDeleteReason(c.reason);
        step.row = global[c.row];
        step.binding = rows[step.row];
        if (c.reason == DeleteReason::kSecretSwapped) swapped.insert(c.env_key);
        deletes.push_back(std::move(step));
        continue;
      case BindingChangeKind::kUpdate: {
        const std::size_t j = global[c.row];
        const std::string version = VersionSelectorText(c.version);
        if (version == rows[j].version_selector) continue;  // projection only: see the header
        step.action = RepairAction::kUpdate;
        step.reason = RepairReason::kVersionChanged;
        step.row = j;
        step.binding = rows[j];
        step.binding.version_selector = version;
        step.binding.projection_class = std::string(c.projection_class);
        step.binding.projection_allowlist_key.reset();
        if (c.projection_allowlist_key) step.binding.projection_allowlist_key = std::string(*c.projection_allowlist_key);
        updates.push_back(std::move(step));
        continue;
      }
      case BindingChangeKind::kInsert: {
        step.action = RepairAction::kInsert;
        step.reason = swapped.count(c.env_key) != 0 ? RepairReason::kSecretSwapped : RepairReason::kRefWithoutRow;
        BindingRow& b = step.binding;
        b.company_id = te.company_id;
        b.secret_id = std::string(c.secret_id);
        b.target_type = t.target_type;
        b.target_id = t.target_id;
        b.config_path = t.path_prefix + "." + std::string(c.env_key);
        b.version_selector = VersionSelectorText(c.version);
        b.projection_class = std::string(c.projection_class);
        if (c.projection_allowlist_key) b.projection_allowlist_key = std::string(*c.projection_allowlist_key);
        inserts.push_back(std::move(step));
        continue;
      }
    }
  }
  for (std::size_t j : foreign) {
    RepairStep step;
    step.action = RepairAction::kDelete;
    step.reason = RepairReason::kWrongCompany;
    step.target = ti;
    step.row = j;
    step.binding = rows[j];
    deletes.push_back(std::move(step));
  }
  for (auto* part : {&deletes, &updates, &inserts}) {
    for (RepairStep& s : *part) out.push_back(std::move(s));
  }
}

// ApplyDesyncRepair by address (into `rows` and the steps), also saying
// which input row each output row was (kNoRow for an insert).
internal::RowRefs Apply(const std::vector<BindingRow>& rows, const DesyncRepair& repair,
                        std::vector<std::size_t>* origin) {
  std::vector<const RepairStep*> by_row(rows.size(), nullptr);
  for (const RepairStep& s : repair.steps) {
    if (s.row < rows.size()) by_row[s.row] = &s;
  }
  internal::RowRefs out;
  out.reserve(rows.size() + repair.inserts);
  for (std::size_t j = 0; j < rows.size(); ++j) {
    const RepairStep* s = by_row[j];
    if (s != nullptr && s->action == RepairAction::kDelete) continue;
    out.push_back(s != nullptr && s->action == RepairAction::kUpdate ? &s->binding : &rows[j]);
    if (origin != nullptr) origin->push_back(j);
  }
  for (const RepairStep& s : repair.steps) {
    if (s.action != RepairAction::kInsert) continue;
    out.push_back(&s.binding);
    if (origin != nullptr) origin->push_back(kNoRow);
  }
  return out;
}

std::vector<Diagnostic> OrphanRows(const std::vector<TargetEnv>& targets, const internal::RowRefs& rows,
                                   const DesyncScope& scope) {
  std::vector<Diagnostic> out;
  if (scope.complete_target_types.empty()) return out;
  const TargetIndex index(targets);
  for (std::size_t j = 0; j < rows.size(); ++j) {
    const BindingRow& r = *rows[j];
    if (!IsComplete(scope, r.target_type) || index.Find(r) != nullptr) continue;
    out.push_back(MakeDiagnostic(Code::kDesyncRowWithoutRef, "/rows/" + std::to_string(j),
                                 "Binding row " + r.config_path + " of " + r.target_type + ":" + r.target_id +
                                     " (secret " + r.secret_id + ") names a " + r.target_type +
                                     " that does not exist"));
  }
  return out;
}

std::vector<Diagnostic> Findings(const std::vector<TargetEnv>& targets, const internal::RowRefs& rows,
                                 const SecretMap& secrets, const DesyncScope& scope) {
  std::vector<Diagnostic> out = internal::DesyncReport(targets, rows, secrets);
  std::vector<Diagnostic> orphans = OrphanRows(targets, rows, scope);
  out.insert(out.end(), std::make_move_iterator(orphans.begin()), std::make_move_iterator(orphans.end()));
  return out;
}

// The index after `prefix` in a path such as "/rows/12/…", or nullopt.
std::optional<std::size_t> IndexAfter(std::string_view path, std::string_view prefix, std::size_t* end = nullptr) {
  if (path.substr(0, prefix.size()) != prefix) return std::nullopt;
  std::size_t n = 0;
  const char* first = path.data() + prefix.size();
  const auto [ptr, ec] = std::from_chars(first, path.data() + path.size(), n);
  if (ec != std::errc() || ptr == first) return std::nullopt;
  if (end != nullptr) *end = static_cast<std::size_t>(ptr - path.data());
  return n;
}

}  // namespace

std::string_view RepairActionName(RepairAction action) {
  switch (action) {
    case RepairAction::kInsert: return "insert";
    case RepairAction::kUpdate: return "update";
    case RepairAction::kDelete: return "delete";
  }
  return "";
}

std::string_view RepairReasonName(RepairReason reason) {
  switch (reason) {
    case RepairReason::kRefWithoutRow: return "ref_without_row";
    case RepairReason::kVersionChanged: return "version_changed";
    case RepairReason::kRefRemoved: return "ref_removed";
    case RepairReason::kNowPlain: return "now_plain";
    case RepairReason::kNowUserSecretRef: return "now_user_secret_ref";
    case RepairReason::kSecretSwapped: return "secret_swapped";
    case RepairReason::kDuplicateRow: return "duplicate_row";
    case RepairReason::kTargetMissing: return "target_missing";
    case RepairReason::kWrongCompany: return "wrong_company";
  }
  return "";
}

std::vector<Diagnostic> OrphanRowReport(const std::vector<TargetEnv>& targets, const std::vector<BindingRow>& rows,
                                        const DesyncScope& scope) {
  return OrphanRows(targets, internal::RefsOf(rows), scope);
}

std::vector<Diagnostic> DesyncFindings(const std::vector<TargetEnv>& targets, const std::vector<BindingRow>& rows,
                                       const SecretMap& secrets, const DesyncScope& scope) {
  return Findings(targets, internal::RefsOf(rows), secrets, scope);
}

DesyncRepair PlanDesyncRepair(const std::vector<TargetEnv>& targets, const std::vector<BindingRow>& rows,
                              const SecretMap& secrets, const DesyncScope& scope) {
  const TargetIndex index(targets);
  std::vector<std::vector<std::size_t>> own(targets.size());
  std::vector<std::vector<std::size_t>> foreign(targets.size());
  std::vector<std::size_t> orphans;
  for (std::size_t j = 0; j < rows.size(); ++j) {
    const BindingRow& r = rows[j];
    const auto* ts = index.Find(r);
    if (ts == nullptr) {
      if (IsComplete(scope, r.target_type)) orphans.push_back(j);
      continue;
    }
    if (const std::size_t owner = index.Owner(r); owner != kNoTarget) {
      own[owner].push_back(j);
      continue;
    }
    for (std::size_t i : *ts) {
      if (UnderPrefix(r.config_path, targets[i].target.path_prefix)) {
        foreign[i].push_back(j);
        break;
      }
    }
  }

  DesyncRepair repair;
  for (std::size_t i = 0; i < targets.size(); ++i) PlanTarget(i, targets[i], rows, own[i], foreign[i], secrets, repair.steps);
  for (std::size_t j : orphans) {
    RepairStep step;
    step.action = RepairAction::kDelete;
    step.reason = RepairReason::kTargetMissing;
    step.row = j;
    step.binding = rows[j];
    repair.steps.push_back(std::move(step));
  }
  for (const RepairStep& s : repair.steps) {
    switch (s.action) {
      case RepairAction::kInsert: ++repair.inserts; break;
      case RepairAction::kUpdate: ++repair.updates; break;
      case RepairAction::kDelete: ++repair.deletes; break;
    }
  }

  // What the steps leave standing is, by definition, manual.
  std::vector<std::size_t> origin;
  const internal::RowRefs after = Apply(rows, repair, &origin);
  for (Diagnostic& d : Findings(targets, after, secrets, scope)) {
    ManualRepair m;
    std::size_t end = 0;
    if (const auto j = IndexAfter(d.path, "/rows/", &end); j && *j < origin.size()) {
      m.row = origin[*j];
      m.target = index.Owner(*after[*j]);
      if (m.target == kNoTarget) {
        if (const auto* ts = index.Find(*after[*j])) m.target = ts->front();
      }
      if (m.row != kNoRow) d.path = "/rows/" + std::to_string(m.row) + d.path.substr(end);
    } else if (const auto i = IndexAfter(d.path, "/targets/"); i && *i < targets.size()) {
      m.target = *i;
    }
    m.diagnostic = std::move(d);
    repair.manual.push_back(std::move(m));
  }
  return repair;
}

std::vector<BindingRow> ApplyDesyncRepair(const std::vector<BindingRow>& rows, const DesyncRepair& repair) {
  std::vector<BindingRow> out;
  for (const BindingRow* r : Apply(rows, repair, nullptr)) out.push_back(*r);
  return out;
}

}  // namespace clasp
