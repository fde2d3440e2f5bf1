// remoteSecretImportPreviewSchema and remoteSecretImportSchema as zod 4.6 runs them.
#include "clasp/remote_import_request.h"

#include <cmath>
#include <cstdint>
#include <utility>

#include "clasp/env_binding.h"
#include "clasp/secret_request.h"
#include "clasp/vault_zod.h"
#include "zod_object.h"

namespace clasp {
namespace {

using Issues = zod::ObjectIssues;
using zod::BodyIsObject;
using zod::Finish;
using zod::Property;

enum class Kind { kPlain, kSecretKey, kGuid };

struct TextRule {
  std::size_t min = 0;
  std::optional<std::size_t> max;
  Kind kind = Kind::kPlain;
  bool required = false;  // else .optional().nullable()
};

// One z.string() property: trimmed (except a GUID, which zod does not trim)
// and checked; nullopt when absent or null (where allowed) or invalid.
std::optional<std::string> ReadText(const OrderedJson& object, const std::string& base, std::string_view name,
                                    const TextRule& rule, Issues& issues) {
  const OrderedJson* raw = Property(object, name);
  if (!rule.required && (raw == nullptr || raw->is_null())) return std::nullopt;
  if (raw == nullptr || !raw->is_string()) {
    issues.Add(Code::kInputWrongType, base, name, zod::InvalidType("string", raw), true);
    if (raw != nullptr && rule.kind != Kind::kGuid) {
      const std::optional<std::size_t> min = rule.min > 0 ? std::optional<std::size_t>(rule.min) : std::nullopt;
      for (auto& message : zod::NonStringLengthIssues(*raw, min, rule.max)) {
        issues.Add(Code::kInputInvalidValue, base, name, std::move(message));
      }
    }
    return std::nullopt;
  }
  const std::string& text = raw->get_ref<const std::string&>();
  zod::TextCheck check;
  if (rule.kind == Kind::kSecretKey) {
    check = CheckSecretKey(text);
  } else if (rule.kind == Kind::kGuid) {
    check.trimmed = text;
    if (!IsGuid(text)) check.messages.emplace_back(zod::kInvalidGuid);
  } else {
    check = zod::CheckTrimmedText(text, rule.min, rule.max.value_or(SIZE_MAX));
  }
  const bool valid = check.messages.empty();
  for (auto& message : check.messages) issues.Add(Code::kInputInvalidValue, base, name, std::move(message));
  if (!valid) return std::nullopt;
  return std::move(check.trimmed);
}

// z.number().int().min(1).max(100).optional().
std::optional<int> ReadPageSize(const OrderedJson& object, Issues& issues) {
  const OrderedJson* raw = Property(object, "pageSize");
  if (raw == nullptr) return std::nullopt;
  if (!raw->is_number()) {
    issues.Add(Code::kInputWrongType, "", "pageSize", zod::InvalidType("number", raw), true);
    return std::nullopt;
  }
  const double value = raw->get<double>();
  if (std::floor(value) != value) {
    issues.Add(Code::kInputWrongType, "", "pageSize", "Invalid input: expected int, received number", true);
    return std::nullopt;
  }
  constexpr double kMaxSafe = 9007199254740991.0;
  if (std::fabs(value) > kMaxSafe) {
    issues.Add(Code::kInputInvalidValue, "", "pageSize",
               value > 0 ? "Too big: expected int to be <=9007199254740991"
                         : "Too small: expected int to be >=-9007199254740991");
  }
  if (value < 1) {
    issues.Add(Code::kInputInvalidValue, "", "pageSize", "Too small: expected number to be >=1");
  } else if (value > kRemoteImportPageSizeMax) {
    issues.Add(Code::kInputInvalidValue, "", "pageSize",
               "Too big: expected number to be <=" + std::to_string(kRemoteImportPageSizeMax));
  }
  if (value < 1 || value > kRemoteImportPageSizeMax) return std::nullopt;
  return static_cast<int>(value);
}

// z.record(z.string(), z.unknown()).optional().nullable(): any object.
void CheckRecord(const OrderedJson& object, const std::string& base, std::string_view name, Issues& issues) {
  const OrderedJson* raw = Property(object, name);
  if (raw == nullptr || raw->is_null() || raw->is_object()) return;
  issues.Add(Code::kInputWrongType, base, name, zod::InvalidType("record", raw), true);
}

const TextRule kGuidRule{0, std::nullopt, Kind::kGuid, true};

RemoteImportSelection ReadSelection(const OrderedJson& row, const std::string& at, Issues& issues) {
  RemoteImportSelection s;
  s.external_ref = ReadText(row, at, "externalRef", {1, kRemoteImportExternalRefMax, Kind::kPlain, true}, issues)
                       .value_or("");
  s.name = ReadText(row, at, "name", {1, kRemoteImportNameMax}, issues);
  s.key = ReadText(row, at, "key", {1, 120, Kind::kSecretKey}, issues);
  s.description = ReadText(row, at, "description", {0, kRemoteImportDescriptionMax}, issues);
  s.provider_version_ref = ReadText(row, at, "providerVersionRef", {1, kRemoteImportProviderVersionRefMax}, issues);
  CheckRecord(row, at, "providerMetadata", issues);
  return s;
}

}  // namespace

Result<RemoteImportPreviewRequest> ParseRemoteImportPreviewRequest(const OrderedJson& body) {
  Issues issues;
  RemoteImportPreviewRequest request;
  if (!BodyIsObject(body, issues)) return Finish(std::move(request), issues);
  request.provider_config_id = ReadText(body, "", "providerConfigId", kGuidRule, issues).value_or("");
  request.query = ReadText(body, "", "query", {0, kRemoteImportQueryMax}, issues);
  request.next_token = ReadText(body, "", "nextToken", {1, kRemoteImportNextTokenMax}, issues);
  request.page_size = ReadPageSize(body, issues);
  return Finish(std::move(request), issues);
}

Result<RemoteImportRequest> ParseRemoteImportRequest(const OrderedJson& body) {
  Issues issues;
  RemoteImportRequest request;
  if (!BodyIsObject(body, issues)) return Finish(std::move(request), issues);
  request.provider_config_id = ReadText(body, "", "providerConfigId", kGuidRule, issues).value_or("");
  const OrderedJson* rows = Property(body, "secrets");
  if (rows == nullptr || !rows->is_array()) {
    issues.Add(Code::kInputWrongType, "", "secrets", zod::InvalidType("array", rows), true);
    if (rows != nullptr && rows->is_object()) {
      for (auto& message : zod::NonStringLengthIssues(*rows, 1, kRemoteImportRowsMax)) {
        issues.Add(Code::kInputInvalidValue, "", "secrets", std::move(message));
      }
    }
    return Finish(std::move(request), issues);
  }
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const std::string at = "/secrets/" + std::to_string(i);
    const OrderedJson& row = (*rows)[i];
    if (!row.is_object()) {
      issues.Add(Code::kInputWrongType, "/secrets", std::to_string(i), zod::InvalidType("object", &row), true);
      continue;
    }
    request.secrets.push_back(ReadSelection(row, at, issues));
  }
  if (rows->empty()) issues.Add(Code::kInputInvalidValue, "", "secrets", "Too small: expected array to have >=1 items");
  if (rows->size() > kRemoteImportRowsMax) {
    issues.Add(Code::kInputInvalidValue, "", "secrets",
               "Too big: expected array to have <=" + std::to_string(kRemoteImportRowsMax) + " items");
  }
  return Finish(std::move(request), issues);
}

}  // namespace clasp
