// VLT-5: the credential denylist on provider-vault config keys, and clasp's
// nested-credential scan.
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "clasp/vault_config.h"
#include "clasp/vault_zod.h"

namespace clasp {
namespace {

// One alternative of Paperclip's anchored pattern: words joined by an
// optional single separator; words from `required` on form one optional
// group (its leading separator included), e.g. access[-_]?key([-_]?id)?.
struct DeniedShape {
  std::array<std::string_view, 3> words;
  std::size_t required;
  std::size_t total;
};

constexpr std::array<DeniedShape, 19> kDeniedShapes = {{
    {{"access", "key", "id"}, 2, 3},
    {{"secret", "access", "key"}, 3, 3},
    {{"secret", "key"}, 2, 2},
    {{"token"}, 1, 1},
    {{"password"}, 1, 1},
    {{"passwd"}, 1, 1},
    {{"credential"}, 1, 1},
    {{"credentials"}, 1, 1},
    {{"private", "key"}, 2, 2},
    {{"pem"}, 1, 1},
    {{"jwt"}, 1, 1},
    {{"session", "token"}, 2, 2},
    {{"service", "account", "json"}, 2, 3},
    {{"client", "secret"}, 2, 2},
    {{"secret", "id"}, 2, 2},
    {{"unseal", "key"}, 2, 2},
    {{"recovery", "key"}, 2, 2},
    {{"key", "file", "path"}, 2, 3},
    {{"token", "file", "path"}, 2, 3},
}};

// JS /i without /u folds ASCII letters only (Canonicalize refuses to map a
// non-ASCII character onto ASCII), so byte-wise ASCII folding is exact.
bool WordAt(std::string_view key, std::size_t pos, std::string_view word) {
  if (key.size() - pos < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    char c = key[pos + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != word[i]) return false;
  }
  return true;
}

bool MatchesShape(std::string_view key, const DeniedShape& shape) {
  std::size_t pos = 0;
  for (std::size_t i = 0; i < shape.total; ++i) {
    if (i > 0) {
      if (i == shape.required && pos == key.size()) return true;
      // Words start with a letter, so a separator here can only be the
      // optional one: consuming it is the only way to match.
      if (pos < key.size() && (key[pos] == '-' || key[pos] == '_')) ++pos;
    }
    if (!WordAt(key, pos, shape.words[i])) return false;
    pos += shape.words[i].size();
  }
  return pos == key.size();
}

std::string SensitiveMessage(std::string_view key) {
  return "Provider vault config cannot persist sensitive field: " + std::string(key);
}

// Depth-first, in key order, without recursion: a hostile config may be
// nested far deeper than the call stack allows.
void ScanNested(const OrderedJson& root, const std::string& root_path, std::vector<Diagnostic>& out) {
  std::vector<std::pair<const OrderedJson*, std::string>> stack;
  stack.emplace_back(&root, root_path);
  while (!stack.empty()) {
    auto [node, path] = std::move(stack.back());
    stack.pop_back();
    std::vector<std::pair<const OrderedJson*, std::string>> children;
    if (node->is_object()) {
      for (const std::string& key : zod::JsOwnKeys(*node)) {
        std::string child_path = JsonPointerAppend(path, key);
        if (IsDeniedConfigKey(key)) {
          out.push_back(MakeDiagnostic(Code::kVaultConfigNestedCredential, child_path,
                                       "Provider vault config cannot persist nested sensitive field: " + key));
        }
        const auto it = node->find(key);
        if (it->is_structured()) children.emplace_back(&*it, std::move(child_path));
      }
    } else if (node->is_array()) {
      for (std::size_t i = 0; i < node->size(); ++i) {
        const OrderedJson& item = (*node)[i];
        if (item.is_structured()) children.emplace_back(&item, JsonPointerAppend(path, std::to_string(i)));
      }
    }
    for (auto it = children.rbegin(); it != children.rend(); ++it) stack.push_back(std::move(*it));
  }
}

}  // namespace

bool IsDeniedConfigKey(std::string_view key) {
  for (const auto& shape : kDeniedShapes) {
    if (MatchesShape(key, shape)) return true;
  }
  return false;
}

VaultConfigVerdict ScanSensitiveConfigKeys(const OrderedJson& config) {
  VaultConfigVerdict verdict;
  if (config.is_array()) {
    ScanNested(config, "/config", verdict.diagnostics);
  } else if (config.is_object()) {
    for (const std::string& key : zod::JsOwnKeys(config)) {
      const std::string path = JsonPointerAppend("/config", key);
      if (IsDeniedConfigKey(key)) {
        verdict.denied_fields.push_back(key);
        verdict.errors.push_back(SensitiveMessage(key));
        verdict.diagnostics.push_back(MakeDiagnostic(Code::kVaultConfigSensitiveField, path, SensitiveMessage(key)));
      }
    }
    for (const std::string& key : zod::JsOwnKeys(config)) {
      const auto it = config.find(key);
      if (it->is_structured()) ScanNested(*it, JsonPointerAppend("/config", key), verdict.diagnostics);
    }
  }
  verdict.accepted = !HasErrors(verdict.diagnostics);
  return verdict;
}

}  // namespace clasp
