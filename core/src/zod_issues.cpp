// zod 4.6.7 issue objects from the diagnostics of clasp's zod-faithful validators.
#include "clasp/zod_issues.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "clasp/vault_zod.h"

namespace clasp::zod {
namespace {

// vault_config.h's region check carries a custom message; zod's issue still
// names the regex (the rule itself is IsAwsRegion in vault_config.cpp).
constexpr std::string_view kAwsRegionMessage = "Invalid AWS region";
constexpr std::string_view kAwsRegionPattern = "/^[a-z]{2}(?:-gov)?-[a-z]+-\\d+$/";

constexpr std::string_view kInvalidTypePrefix = "Invalid input: expected ";
constexpr std::string_view kInvalidOptionPrefix = "Invalid option: expected one of ";
constexpr std::string_view kPatternPrefix = "Invalid string: must match pattern ";
constexpr std::string_view kUnrecognizedKeyPrefix = "Unrecognized key: ";

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::string DecodeToken(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out.push_back(token[i + 1] == '0' ? '~' : '/');
      ++i;
    } else {
      out.push_back(token[i]);
    }
  }
  return out;
}

// The pointer of the parent and the last token, decoded.
std::pair<std::string_view, std::string> SplitLast(std::string_view pointer) {
  const std::size_t slash = pointer.rfind('/');
  if (slash == std::string_view::npos) return {"", DecodeToken(pointer)};
  return {pointer.substr(0, slash), DecodeToken(pointer.substr(slash + 1))};
}

// The fields of a size message, "Too small: expected string to have >=1 characters",
// "Too big: expected array to have <=120 items", "Too small: expected unknown to be >=1".
struct SizeBound {
  std::string origin;
  std::uint64_t bound = 0;
  bool inclusive = true;
};

std::optional<SizeBound> ParseSize(std::string_view message, std::string_view prefix, char op) {
  if (!StartsWith(message, prefix)) return std::nullopt;
  std::string_view rest = message.substr(prefix.size());
  const std::size_t space = rest.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  SizeBound size{std::string(rest.substr(0, space))};
  rest = rest.substr(space + 1);
  if (StartsWith(rest, "to have ")) {
    rest = rest.substr(8);
  } else if (StartsWith(rest, "to be ")) {
    rest = rest.substr(6);
  } else {
    return std::nullopt;
  }
  if (rest.empty() || rest[0] != op) return std::nullopt;
  rest = rest.substr(1);
  size.inclusive = !rest.empty() && rest[0] == '=';
  if (size.inclusive) rest = rest.substr(1);
  std::size_t digits = 0;
  while (digits < rest.size() && digits < 19 && rest[digits] >= '0' && rest[digits] <= '9') {
    size.bound = size.bound * 10 + static_cast<std::uint64_t>(rest[digits] - '0');
    ++digits;
  }
  if (digits == 0 || (digits < rest.size() && rest[digits] != ' ')) return std::nullopt;
  return size;
}

// `Invalid option: expected one of "a"|"b"` -> ["a","b"] (zod quotes without escaping).
OrderedJson OptionValues(std::string_view list) {
  OrderedJson values = OrderedJson::array();
  if (list.size() < 2 || list.front() != '"' || list.back() != '"') return values;
  list = list.substr(1, list.size() - 2);
  while (true) {
    const std::size_t bar = list.find("\"|\"");
    values.push_back(std::string(list.substr(0, bar)));
    if (bar == std::string_view::npos) break;
    list = list.substr(bar + 3);
  }
  return values;
}

OrderedJson Format(std::optional<std::string_view> origin, std::string_view format,
                   std::optional<std::string_view> pattern) {
  OrderedJson issue = OrderedJson::object();
  if (origin) issue["origin"] = std::string(*origin);
  issue["code"] = "invalid_format";
  issue["format"] = std::string(format);
  if (pattern) issue["pattern"] = std::string(*pattern);
  return issue;
}

// Everything but path and message, which every issue ends with.
OrderedJson IssueHead(std::string_view message) {
  OrderedJson issue = OrderedJson::object();
  if (StartsWith(message, kInvalidTypePrefix) && message.find(", received ") != std::string_view::npos) {
    const std::string_view rest = message.substr(kInvalidTypePrefix.size());
    issue["expected"] = std::string(rest.substr(0, rest.find(", received ")));
    // z.number().int() refuses a fraction as a safeint-format type error.
    if (issue["expected"] == "int") issue["format"] = "safeint";
    issue["code"] = "invalid_type";
    return issue;
  }
  if (StartsWith(message, kInvalidOptionPrefix)) {
    issue["code"] = "invalid_value";
    issue["values"] = OptionValues(message.substr(kInvalidOptionPrefix.size()));
    return issue;
  }
  const auto small = ParseSize(message, "Too small: expected ", '>');
  const auto big = small ? std::nullopt : ParseSize(message, "Too big: expected ", '<');
  if (small || big) {
    const SizeBound& size = small ? *small : *big;
    issue["origin"] = size.origin;
    issue["code"] = small ? "too_small" : "too_big";
    issue[small ? "minimum" : "maximum"] = size.bound;
    issue["inclusive"] = size.inclusive;
    return issue;
  }
  if (StartsWith(message, kPatternPrefix)) return Format("string", "regex", message.substr(kPatternPrefix.size()));
  if (message == kAwsRegionMessage) return Format("string", "regex", kAwsRegionPattern);
  if (message == kInvalidGuid) return Format("string", "guid", kGuidPattern);
  if (message == "Invalid URL") return Format(std::nullopt, "url", std::nullopt);
  issue["code"] = "custom";
  return issue;
}

OrderedJson IssueFor(const Diagnostic& diagnostic) {
  OrderedJson issue = IssueHead(diagnostic.message);
  if (diagnostic.code == Code::kVaultAddressNotOrigin) {
    // Raised by a refinement without its own path: zod adds the path after the message.
    issue["message"] = diagnostic.message;
    issue["path"] = IssuePath(diagnostic.path);
    return issue;
  }
  issue["path"] = IssuePath(diagnostic.path);
  issue["message"] = diagnostic.message;
  return issue;
}

bool IsUnrecognizedKey(const Diagnostic& diagnostic) {
  return StartsWith(diagnostic.message, kUnrecognizedKeyPrefix) && !diagnostic.path.empty();
}

bool IsZodIssue(const Diagnostic& diagnostic) {
  return diagnostic.severity == Severity::kError && diagnostic.code != Code::kVaultConfigNestedCredential;
}

}  // namespace

OrderedJson IssuePath(std::string_view pointer) {
  OrderedJson path = OrderedJson::array();
  if (pointer.empty()) return path;
  std::size_t start = pointer.front() == '/' ? 1 : 0;
  while (true) {
    const std::size_t slash = pointer.find('/', start);
    const std::size_t length = slash == std::string_view::npos ? slash : slash - start;
    const std::string token = DecodeToken(pointer.substr(start, length));
    if (IsArrayIndex(token)) {
      std::uint64_t index = 0;
      for (const char c : token) index = index * 10 + static_cast<std::uint64_t>(c - '0');
      path.push_back(index);
    } else {
      path.push_back(token);
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return path;
}

OrderedJson IssuesJson(const std::vector<Diagnostic>& diagnostics) {
  OrderedJson issues = OrderedJson::array();
  for (std::size_t i = 0; i < diagnostics.size();) {
    const Diagnostic& diagnostic = diagnostics[i];
    if (!IsZodIssue(diagnostic)) {
      ++i;
      continue;
    }
    if (!IsUnrecognizedKey(diagnostic)) {
      issues.push_back(IssueFor(diagnostic));
      ++i;
      continue;
    }
    // zod reports all unknown keys of one strict object as one issue at the object.
    const std::string_view parent = SplitLast(diagnostic.path).first;
    std::vector<std::string> keys;
    for (; i < diagnostics.size(); ++i) {
      if (!IsZodIssue(diagnostics[i])) continue;
      if (!IsUnrecognizedKey(diagnostics[i])) break;
      auto [owner, key] = SplitLast(diagnostics[i].path);
      if (owner != parent) break;
      keys.push_back(std::move(key));
    }
    OrderedJson issue = OrderedJson::object();
    issue["code"] = "unrecognized_keys";
    issue["keys"] = keys;
    issue["path"] = IssuePath(parent);
    issue["message"] = Unrecognized(keys);
    issues.push_back(std::move(issue));
  }
  return issues;
}

}  // namespace clasp::zod
