// PlanPaperclipSync: Paperclip's syncEnvBindingsForTarget, reproduced for
// comparison. Deliberately keeps the published behaviour (wipe, LIKE
// wildcards, no key check); clasp's own planner is in binding_sync.cpp.
#include <string>
#include <vector>

#include "clasp/binding_context.h"
#include "clasp/binding_sync.h"

namespace clasp {
namespace {

// Byte length of the character starting at `pos`: a well-formed UTF-8
// sequence, or one byte for anything else, so hostile bytes still advance.
std::size_t CharLength(std::string_view s, std::size_t pos) {
  const auto lead = static_cast<unsigned char>(s[pos]);
  std::size_t len = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 1;
  if (pos + len > s.size()) return 1;
  for (std::size_t i = 1; i < len; ++i) {
    if ((static_cast<unsigned char>(s[pos + i]) & 0xC0) != 0x80) return 1;
  }
  return len;
}

struct LikeToken {
  enum Kind { kLiteral, kOne, kRun } kind;
  std::string_view literal;  // one character, kLiteral only
};

std::vector<LikeToken> CompileLike(std::string_view pattern) {
  std::vector<LikeToken> tokens;
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '%') {
      tokens.push_back({LikeToken::kRun, {}});
      ++i;
    } else if (pattern[i] == '_') {
      tokens.push_back({LikeToken::kOne, {}});
      ++i;
    } else {
      if (pattern[i] == '\\' && i + 1 < pattern.size()) ++i;
      const std::size_t len = CharLength(pattern, i);
      tokens.push_back({LikeToken::kLiteral, pattern.substr(i, len)});
      i += len;
    }
  }
  return tokens;
}

// Single-backtrack wildcard matching: enough for `_` and `%` and linear in
// practice for the one trailing `%` Paperclip's pattern has.
bool LikeMatch(std::string_view text, const std::vector<LikeToken>& tokens) {
  std::size_t t = 0, p = 0;
  std::size_t star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < tokens.size() && tokens[p].kind == LikeToken::kRun) {
      star_p = p++;
      star_t = t;
      continue;
    }
    const std::size_t len = CharLength(text, t);
    if (p < tokens.size() &&
        (tokens[p].kind == LikeToken::kOne || text.substr(t, len) == tokens[p].literal)) {
      t += len;
      ++p;
      continue;
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p + 1;
    star_t += CharLength(text, star_t);
    t = star_t;
  }
  while (p < tokens.size() && tokens[p].kind == LikeToken::kRun) ++p;
  return p == tokens.size();
}

bool HasLikeSpecials(std::string_view s) { return s.find_first_of("%_\\") != std::string_view::npos; }

}  // namespace

bool PaperclipPrefixMatches(std::string_view path_prefix, std::string_view config_path) {
  if (!HasLikeSpecials(path_prefix)) {
    return config_path.size() > path_prefix.size() && config_path.substr(0, path_prefix.size()) == path_prefix &&
           config_path[path_prefix.size()] == '.';
  }
  const std::string pattern = std::string(path_prefix) + ".%";
  return LikeMatch(config_path, CompileLike(pattern));
}

Result<PaperclipSyncOutcome> PlanPaperclipSync(std::string_view company_id, const BindingTarget& target,
                                               const OrderedJson& env, const std::vector<BindingRow>& rows,
                                               const SecretMap& secrets,
                                               const std::vector<UserSecretDefinition>& definitions) {
  PaperclipSyncOutcome out;
  for (const auto& entry : JsObjectEntries(env)) {
    const auto binding = ParseEnvBinding(entry.value());
    if (binding && binding->type == BindingType::kUserSecretRef) {
      UserSecretResolution found =
          ResolveUserSecretDefinition(company_id, binding->user_key, target, entry.key(), definitions);
      if (found.failure) {
        found.failure->path = JsonPointerAppend("", entry.key());
        return Result<PaperclipSyncOutcome>::Fail(std::move(*found.failure));
      }
      out.declarations.push_back(MakeUserSecretDeclaration(company_id, target, entry.key(), *binding, *found.definition));
      continue;
    }
    if (!binding || binding->type != BindingType::kSecretRef) continue;
    const std::string config_path = target.path_prefix + "." + entry.key();
    std::optional<Diagnostic> failure = CheckSecretInCompany(company_id, binding->secret_id, secrets);
    if (!failure) {
      std::optional<std::string_view> key;
      if (binding->projection_allowlist_key) key = *binding->projection_allowlist_key;
      failure = CheckClass3StaticLease(target.target_type, config_path, binding->projection_class, key);
    }
    if (failure) {
      failure->path = JsonPointerAppend("", entry.key());
      return Result<PaperclipSyncOutcome>::Fail(std::move(*failure));
    }
    BindingRow row;
    row.company_id = std::string(company_id);
    row.secret_id = binding->secret_id;
    row.target_type = target.target_type;
    row.target_id = target.target_id;
    row.config_path = config_path;
    row.version_selector = VersionSelectorText(binding->version);
    row.projection_class = binding->projection_class;
    row.projection_allowlist_key = binding->projection_allowlist_key;
    out.inserted.push_back(std::move(row));
  }

  // The pattern is compiled once; most prefixes have no specials at all.
  const bool plain_prefix = !HasLikeSpecials(target.path_prefix);
  // The tokens view into the pattern, so it must outlive them.
  const std::string like_pattern = target.path_prefix + ".%";
  const auto tokens = plain_prefix ? std::vector<LikeToken>{} : CompileLike(like_pattern);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const BindingRow& r = rows[i];
    const bool in_target =
        r.company_id == company_id && r.target_type == target.target_type && r.target_id == target.target_id;
    const bool hit = in_target && (plain_prefix ? PaperclipPrefixMatches(target.path_prefix, r.config_path)
                                                : LikeMatch(r.config_path, tokens));
    if (hit) {
      ++out.deleted;
    } else {
      out.untouched_rows.push_back(i);
    }
  }
  return Result<PaperclipSyncOutcome>::Ok(std::move(out));
}

}  // namespace clasp
