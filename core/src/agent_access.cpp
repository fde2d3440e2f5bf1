#include "clasp/agent_access.h"

#include <algorithm>
#include <charconv>
#include <map>

namespace clasp {
namespace {

constexpr std::string_view kAccessPrefix = "access.";
constexpr std::string_view kEnvPrefix = "env.";

bool StartsWith(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

int PrimaryWeight(unsigned char c) {
  if (c == '_') return 1;
  if (c == '-') return 2;
  if (c == '.') return 3;
  if (c >= '0' && c <= '9') return 10 + (c - '0');
  if (c >= 'a' && c <= 'z') return 20 + (c - 'a');
  if (c >= 'A' && c <= 'Z') return 20 + (c - 'A');
  return 100 + c;
}

// "latest" -> nullopt; "3" -> 3 (Paperclip's Number(selector)).
std::optional<int> PinnedVersion(const std::string& selector) {
  if (selector == "latest") return std::nullopt;
  int version = 0;
  const auto [end, error] = std::from_chars(selector.data(), selector.data() + selector.size(), version);
  if (error != std::errc() || end != selector.data() + selector.size()) return 0;
  return version;
}

}  // namespace

int CompareSecretKeys(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const int wa = PrimaryWeight(static_cast<unsigned char>(a[i]));
    const int wb = PrimaryWeight(static_cast<unsigned char>(b[i]));
    if (wa != wb) return wa < wb ? -1 : 1;
  }
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  for (std::size_t i = 0; i < n; ++i) {
    const bool upper_a = a[i] >= 'A' && a[i] <= 'Z';
    const bool upper_b = b[i] >= 'A' && b[i] <= 'Z';
    if (upper_a != upper_b) return upper_a ? 1 : -1;
  }
  return 0;
}

std::vector<AgentSecretAccessEntry> AgentSecretAccess(const std::string& company_id, const std::string& agent_id,
                                                      const std::vector<BindingRow>& rows,
                                                      const std::vector<AccessibleSecret>& secrets) {
  // Secret ids in first-binding order, as Paperclip's Map keeps them.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const BindingRow*>> by_secret;
  for (const BindingRow& row : rows) {
    if (row.company_id != company_id || row.target_type != "agent" || row.target_id != agent_id) continue;
    if (!StartsWith(row.config_path, kEnvPrefix) && !StartsWith(row.config_path, kAccessPrefix)) continue;
    auto& list = by_secret[row.secret_id];
    if (list.empty()) order.push_back(row.secret_id);
    list.push_back(&row);
  }
  std::vector<AgentSecretAccessEntry> out;
  for (const std::string& secret_id : order) {
    const auto secret = std::find_if(secrets.begin(), secrets.end(), [&](const AccessibleSecret& s) {
      return SameSecretId(s.id, secret_id) && s.company_id == company_id && s.scope == "company" &&
             s.status == "active";
    });
    if (secret == secrets.end()) continue;
    const auto& list = by_secret[secret_id];
    const BindingRow* access = nullptr;
    bool has_env = false;
    for (const BindingRow* row : list) {
      if (!access && StartsWith(row->config_path, kAccessPrefix)) access = row;
      has_env = has_env || StartsWith(row->config_path, kEnvPrefix);
    }
    const BindingRow& selected = access ? *access : *list.front();
    AgentSecretAccessEntry entry;
    entry.secret_id = secret_id;
    entry.binding_id = selected.id;
    entry.config_path = selected.config_path;
    entry.key = secret->key;
    entry.name = secret->name;
    entry.description = secret->description;
    entry.delivery = has_env && access ? "both" : has_env ? "env" : "api";
    entry.projection_class = selected.projection_class.empty() ? "unclassified" : selected.projection_class;
    entry.latest_version = secret->latest_version;
    entry.pinned_version = PinnedVersion(selected.version_selector);
    entry.resolved_version = entry.pinned_version.value_or(secret->latest_version);
    out.push_back(std::move(entry));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& l, const auto& r) { return CompareSecretKeys(l.key, r.key) < 0; });
  return out;
}

}  // namespace clasp
