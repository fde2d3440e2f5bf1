// PlanBindingSync: clasp's per-path binding diff (see binding_sync.h).
#include "clasp/binding_sync.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <functional>

#include "clasp/binding_context.h"
#include "clasp/utf8.h"

namespace clasp {
namespace {

constexpr std::string_view kUnclassified = "unclassified";

// Per-row bookkeeping, one byte a row so the planner stays linear and small.
enum RowState : std::uint8_t { kOutOfScope, kUnclaimed, kClaimed, kDuplicate };

std::uint64_t HashOf(std::string_view s) { return std::hash<std::string_view>{}(s); }

// The planner is bound by cache misses on large inputs (rows, env entries and
// the index live far apart), so both loops work in blocks: first touch what a
// block will need with prefetches, then do the work once it has arrived.
constexpr std::size_t kBlock = 32;
inline void Prefetch(const void* p) { __builtin_prefetch(p); }

// Open addressing over the env keys of the rows in scope (configPath minus
// "<prefix>."). A slot holds a row index and the hash's high half, so a probe
// only dereferences a row (a likely cache miss) when the tags agree, and no
// key string is copied.
class PathIndex {
 public:
  PathIndex(const std::vector<BindingRow>& rows, std::size_t key_offset, std::size_t expected)
      : rows_(rows), key_offset_(key_offset) {
    std::size_t capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
  }

  // The row already indexed under this row's key (hash = HashOf(key)), or
  // kNoRow after indexing it.
  std::size_t InsertOrFind(std::size_t row, std::uint64_t h) {
    const std::string_view key = KeyOf(row);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      Slot& slot = slots_[i];
      if (slot.row_plus_one == 0) {
        slot = Slot{static_cast<std::uint32_t>(row + 1), static_cast<std::uint32_t>(h >> 32)};
        return kNoRow;
      }
      if (slot.tag == static_cast<std::uint32_t>(h >> 32) && KeyOf(slot.row_plus_one - 1) == key) {
        return slot.row_plus_one - 1;
      }
    }
  }

  std::size_t Find(std::string_view key, std::uint64_t h) const {
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.row_plus_one == 0) return kNoRow;
      if (slot.tag == static_cast<std::uint32_t>(h >> 32) && KeyOf(slot.row_plus_one - 1) == key) {
        return slot.row_plus_one - 1;
      }
    }
  }

  // Prefetch hooks: where a probe starts, and the row it will most likely
  // compare against (first tag match, no string compare).
  const void* ProbeStart(std::uint64_t h) const { return &slots_[h & mask_]; }
  std::size_t Candidate(std::uint64_t h) const {
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.row_plus_one == 0) return kNoRow;
      if (slot.tag == static_cast<std::uint32_t>(h >> 32)) return slot.row_plus_one - 1;
    }
  }

  std::string_view KeyOf(std::size_t row) const {
    return std::string_view(rows_[row].config_path).substr(key_offset_);
  }

 private:
  struct Slot {
    std::uint32_t row_plus_one = 0;  // 0 = empty
    std::uint32_t tag = 0;
  };

  const std::vector<BindingRow>& rows_;
  std::size_t key_offset_;
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
};

// Passing SEC-1 verdicts per distinct secret id text: an env names the same
// few secrets many times, and SecretMap is an ordered map of long keys.
// Failures are not cached (the plan is refused anyway).
class SecretVerdicts {
 public:
  SecretVerdicts(std::string_view company_id, const SecretMap& secrets)
      : company_id_(company_id), secrets_(secrets) {
    std::size_t capacity = 16;
    while (capacity < (secrets.size() + 8) * 2) capacity *= 2;
    slots_.resize(capacity);
    mask_ = capacity - 1;
  }

  std::optional<Diagnostic> Check(std::string_view secret_id) {
    for (std::size_t i = HashOf(secret_id) & mask_;; i = (i + 1) & mask_) {
      Slot& slot = slots_[i];
      if (slot.used && slot.id == secret_id) return std::nullopt;
      if (slot.used) continue;
      std::optional<Diagnostic> verdict = CheckSecretInCompany(company_id_, secret_id, secrets_);
      if (!verdict && used_ * 2 < slots_.size()) {
        slot = Slot{true, secret_id};
        ++used_;
      }
      return verdict;
    }
  }

 private:
  struct Slot {
    bool used = false;
    std::string_view id;
  };

  std::string_view company_id_;
  const SecretMap& secrets_;
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t used_ = 0;
};

bool InScope(const BindingRow& r, std::string_view company_id, const BindingTarget& target) {
  const std::string& prefix = target.path_prefix;
  return r.company_id == company_id && r.target_type == target.target_type && r.target_id == target.target_id &&
         r.config_path.size() > prefix.size() && r.config_path.compare(0, prefix.size(), prefix) == 0 &&
         r.config_path[prefix.size()] == '.';
}

bool VersionMatches(std::string_view text, const SecretVersion& v) {
  if (v.latest) return text == "latest";
  char buf[24];
  const auto end = std::to_chars(buf, buf + sizeof buf, v.number).ptr;
  return text == std::string_view(buf, static_cast<std::size_t>(end - buf));
}

bool ProjectionMatches(const BindingRow& r, const BindingChange& c) {
  if (r.projection_class != c.projection_class) return false;
  if (!r.projection_allowlist_key || !c.projection_allowlist_key) {
    return !r.projection_allowlist_key && !c.projection_allowlist_key;
  }
  return *r.projection_allowlist_key == *c.projection_allowlist_key;
}

// The wanted state of a secret_ref entry, as views into the env document.
// ParseEnvBinding has validated the entry; this only re-reads where it lives.
BindingChange WantedRef(std::string_view key, const OrderedJson& raw, const EnvBinding& parsed) {
  BindingChange c;
  c.env_key = key;
  c.secret_id = raw.find("secretId")->get_ref<const std::string&>();
  c.version = parsed.version;
  c.projection_class = kUnclassified;
  if (const auto pc = raw.find("projectionClass"); pc != raw.end()) c.projection_class = pc->get_ref<const std::string&>();
  if (const auto ak = raw.find("projectionAllowlistKey"); ak != raw.end() && ak->is_string()) {
    c.projection_allowlist_key = EcmaTrim(ak->get_ref<const std::string&>());
  }
  return c;
}

}  // namespace

Result<BindingPlan> PlanBindingSync(std::string_view company_id, const BindingTarget& target, const OrderedJson& env,
                                    const std::vector<BindingRow>& rows, const SecretMap& secrets,
                                    const BindingSyncOptions& options,
                                    const std::vector<UserSecretDefinition>& definitions) {
  const std::string& prefix = target.path_prefix;
  if (rows.size() >= UINT32_MAX) {
    return Result<BindingPlan>::Fail(MakeDiagnostic(Code::kInputTooLarge, "", "too many binding rows for one plan"));
  }
  if (!env.is_null() && !env.is_object()) {
    return Result<BindingPlan>::Fail(MakeDiagnostic(Code::kEnvNotObject, "", prefix + " must be an object"));
  }

  BindingPlan plan;
  plan.replaces_declarations = !env.is_null();
  std::vector<std::uint8_t> state(rows.size(), kOutOfScope);
  if (env.is_null()) {
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (!InScope(rows[i], company_id, target)) continue;
      BindingChange keep;
      keep.row = i;
      plan.changes.push_back(keep);
    }
    plan.kept = plan.changes.size();
    return Result<BindingPlan>::Ok(
        std::move(plan), {MakeDiagnostic(Code::kSyncEnvAbsent, "",
                                         "env is absent (undefined or null); bindings under " + prefix +
                                             ".* of " + target.target_type + ":" + target.target_id +
                                             " are left unchanged",
                                         Severity::kWarning)});
  }

  // One pass over the rows, indexing each while it is in cache; the table is
  // sized for all rows because callers normally pass just the target's.
  PathIndex index(rows, prefix.size() + 1, rows.size());
  std::size_t in_scope = 0;
  std::size_t duplicates = 0;
  std::uint64_t hashes[kBlock];
  for (std::size_t base = 0; base < rows.size(); base += kBlock) {
    const std::size_t end = std::min(rows.size(), base + kBlock);
    for (std::size_t i = base; i < end; ++i) {
      Prefetch(rows[i].company_id.data());
      Prefetch(rows[i].target_id.data());
      Prefetch(rows[i].config_path.data());
    }
    for (std::size_t i = base; i < end; ++i) {
      if (!InScope(rows[i], company_id, target)) continue;
      state[i] = kUnclaimed;
      hashes[i - base] = HashOf(index.KeyOf(i));
      Prefetch(index.ProbeStart(hashes[i - base]));
    }
    for (std::size_t i = base; i < end; ++i) {
      if (state[i] == kOutOfScope) continue;
      ++in_scope;
      if (index.InsertOrFind(i, hashes[i - base]) != kNoRow) {
        state[i] = kDuplicate;
        ++duplicates;
      }
    }
  }
  const std::size_t unique_in_scope = in_scope - duplicates;

  // Each entry yields at most one non-delete change and each delete consumes
  // a distinct row, so this bound means the vector never reallocates.
  plan.changes.reserve(env.size() + in_scope);
  std::vector<Diagnostic> errors;
  SecretVerdicts verdicts(company_id, secrets);
  std::size_t stays_bound = 0;
  const bool access_prefix = prefix == "access" || prefix.rfind("access.", 0) == 0;

  // Document order equals Object.entries order here: a key Object.entries
  // would move to the front is an array index ("0", "12"), and no array
  // index passes ENV-5, so such a plan is refused whatever the order.
  auto next = env.begin();
  OrderedJson::const_iterator block[kBlock];
  std::size_t candidates[kBlock];
  while (next != env.end()) {
    std::size_t m = 0;
    for (; m < kBlock && next != env.end(); ++next) block[m++] = next;
    for (std::size_t j = 0; j < m; ++j) {
      Prefetch(block[j].key().data());
      if (const auto* obj = block[j].value().get_ptr<const OrderedJson::object_t*>()) Prefetch(obj);
    }
    for (std::size_t j = 0; j < m; ++j) {
      hashes[j] = HashOf(block[j].key());
      Prefetch(index.ProbeStart(hashes[j]));
      if (const auto* obj = block[j].value().get_ptr<const OrderedJson::object_t*>()) Prefetch(obj->data());
    }
    for (std::size_t j = 0; j < m; ++j) {
      candidates[j] = index.Candidate(hashes[j]);
      if (candidates[j] != kNoRow) Prefetch(&rows[candidates[j]].config_path);
    }
    for (std::size_t j = 0; j < m; ++j) {
      if (candidates[j] == kNoRow) continue;
      Prefetch(rows[candidates[j]].config_path.data());
      Prefetch(rows[candidates[j]].secret_id.data());
    }
    for (std::size_t j = 0; j < m; ++j) {
      const auto& entry = block[j];
      const std::string& key = entry.key();
      if (!IsValidEnvKey(key)) {
        errors.push_back(MakeDiagnostic(Code::kEnvKeyInvalid, JsonPointerAppend("", key),
                                        "Invalid environment variable name: " + key));
        continue;
      }
      const auto parsed = ParseEnvBinding(entry.value());
      if (!parsed) {
        errors.push_back(MakeDiagnostic(Code::kEnvBindingInvalid, JsonPointerAppend("", key),
                                        "Invalid environment binding for key: " + key));
        continue;
      }
      const std::size_t row = index.Find(key, hashes[j]);
      if (row != kNoRow) state[row] = kClaimed;

      if (parsed->type == BindingType::kUserSecretRef) {
        UserSecretResolution found = ResolveUserSecretDefinition(company_id, parsed->user_key, target, key, definitions);
        if (found.failure) {
          found.failure->path = JsonPointerAppend("", key);
          errors.push_back(std::move(*found.failure));
          continue;
        }
        plan.declarations.push_back(MakeUserSecretDeclaration(company_id, target, key, *parsed, *found.definition));
      }
      if (parsed->type != BindingType::kSecretRef) {
        if (row == kNoRow) continue;
        BindingChange del;
        del.kind = BindingChangeKind::kDelete;
        del.reason = parsed->type == BindingType::kPlain ? DeleteReason::kNowPlain : DeleteReason::kNowUserSecretRef;
        del.row = row;
        del.env_key = key;
        plan.changes.push_back(del);
        continue;
      }

      BindingChange want = WantedRef(key, entry.value(), *parsed);
      std::optional<Diagnostic> failure = verdicts.Check(want.secret_id);
      if (!failure && (access_prefix || want.projection_class != kUnclassified)) {
        const std::string config_path = prefix + "." + key;
        failure = CheckSecretBindingConfigPath(target.target_type, config_path);
        if (!failure) {
          failure = CheckClass3StaticLease(target.target_type, config_path, want.projection_class,
                                           want.projection_allowlist_key);
        }
      }
      if (failure) {
        failure->path = JsonPointerAppend("", key);
        errors.push_back(std::move(*failure));
        continue;
      }

      if (row == kNoRow) {
        want.kind = BindingChangeKind::kInsert;
        plan.changes.push_back(want);
        continue;
      }
      ++stays_bound;
      const BindingRow& r = rows[row];
      if (!SameSecretId(r.secret_id, want.secret_id)) {
        BindingChange del;
        del.kind = BindingChangeKind::kDelete;
        del.reason = DeleteReason::kSecretSwapped;
        del.row = row;
        del.env_key = key;
        plan.changes.push_back(del);
        want.kind = BindingChangeKind::kInsert;
        plan.changes.push_back(want);
        continue;
      }
      want.row = row;
      want.kind = VersionMatches(r.version_selector, want.version) && ProjectionMatches(r, want)
                      ? BindingChangeKind::kKeep
                      : BindingChangeKind::kUpdate;
      plan.changes.push_back(want);
    }
  }
  if (!errors.empty()) return Result<BindingPlan>::Fail(std::move(errors));

  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (state[i] != kUnclaimed && state[i] != kDuplicate) continue;
    BindingChange del;
    del.kind = BindingChangeKind::kDelete;
    del.reason = state[i] == kDuplicate ? DeleteReason::kDuplicateRow : DeleteReason::kRefRemoved;
    del.row = i;
    plan.changes.push_back(del);
  }
  for (const BindingChange& c : plan.changes) {
    switch (c.kind) {
      case BindingChangeKind::kKeep: ++plan.kept; break;
      case BindingChangeKind::kInsert: ++plan.inserted; break;
      case BindingChangeKind::kUpdate: ++plan.updated; break;
      case BindingChangeKind::kDelete: ++plan.deleted; break;
    }
  }

  if (unique_in_scope > 0 && stays_bound == 0 && !options.replace_all) {
    return Result<BindingPlan>::Fail(MakeDiagnostic(
        Code::kSyncReplaceAllRequired, "",
        "Refusing to delete every binding under " + prefix + ".* of " + target.target_type + ":" +
            target.target_id + " (" + std::to_string(unique_in_scope + duplicates) +
            " rows) without replace_all: the submitted env leaves none of them bound"));
  }
  return Result<BindingPlan>::Ok(std::move(plan));
}

}  // namespace clasp
