// VLT-6 (strict per-provider allow-lists) and VLT-7 wiring for provider-vault configs.
#include "clasp/vault_config.h"

#include <algorithm>
#include <array>
#include <optional>

#include "clasp/utf8.h"
#include "clasp/vault_address.h"
#include "clasp/vault_zod.h"

namespace clasp {
namespace {

enum class FieldKind { kBoolean, kShortText, kKmsKeyId, kRegion, kProjectId, kAddress };

struct FieldSpec {
  std::string_view name;
  FieldKind kind;
  bool required;
  bool nullable;
};

using Shape = std::vector<FieldSpec>;

// Field order is the zod shape order: Paperclip reports issues in it.
const Shape& ShapeOf(Provider provider) {
  static const Shape kLocal = {{"backupReminderAcknowledged", FieldKind::kBoolean, false, false}};
  static const Shape kAws = {
      {"region", FieldKind::kRegion, true, false},
      {"namespace", FieldKind::kShortText, false, true},
      {"secretNamePrefix", FieldKind::kShortText, false, true},
      {"kmsKeyId", FieldKind::kKmsKeyId, false, true},
      {"ownerTag", FieldKind::kShortText, false, true},
      {"environmentTag", FieldKind::kShortText, false, true},
  };
  static const Shape kGcp = {
      {"projectId", FieldKind::kProjectId, false, true},
      {"location", FieldKind::kShortText, false, true},
      {"namespace", FieldKind::kShortText, false, true},
      {"secretNamePrefix", FieldKind::kShortText, false, true},
  };
  static const Shape kVaultShape = {
      {"address", FieldKind::kAddress, false, true},
      {"namespace", FieldKind::kShortText, false, true},
      {"mountPath", FieldKind::kShortText, false, true},
      {"secretPathPrefix", FieldKind::kShortText, false, true},
  };
  switch (provider) {
    case Provider::kLocalEncrypted: return kLocal;
    case Provider::kAwsSecretsManager: return kAws;
    case Provider::kGcpSecretManager: return kGcp;
    case Provider::kVault: break;
  }
  return kVaultShape;
}

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "-" [a-z]+ "-" \d+ to the end.
bool RegionTail(std::string_view s) {
  std::size_t i = 0;
  if (i >= s.size() || s[i] != '-') return false;
  const std::size_t letters = ++i;
  while (i < s.size() && IsLower(s[i])) ++i;
  if (i == letters || i >= s.size() || s[i] != '-') return false;
  const std::size_t digits = ++i;
  while (i < s.size() && IsDigit(s[i])) ++i;
  return i > digits && i == s.size();
}

// ^[a-z]{2}(?:-gov)?-[a-z]+-\d+$ (JS: \d is ASCII, $ does not accept a trailing newline).
bool IsAwsRegion(std::string_view s) {
  if (s.size() < 2 || !IsLower(s[0]) || !IsLower(s[1])) return false;
  const std::string_view rest = s.substr(2);
  if (rest.substr(0, 4) == "-gov" && RegionTail(rest.substr(4))) return true;
  return RegionTail(rest);
}

// ^[a-z][a-z0-9-]{4,127}$
bool IsGcpProjectId(std::string_view s) {
  if (s.size() < 5 || s.size() > 128 || !IsLower(s[0])) return false;
  return std::all_of(s.begin() + 1, s.end(), [](char c) { return IsLower(c) || IsDigit(c) || c == '-'; });
}

struct FieldOutcome {
  std::vector<std::pair<Code, std::string>> issues;
  OrderedJson value;
};

std::string_view ExpectedType(FieldKind kind) { return kind == FieldKind::kBoolean ? "boolean" : "string"; }

// VLT-7 and its zod messages come from vault_address.h.
FieldOutcome CheckAddressValue(const OrderedJson& raw) {
  FieldOutcome out;
  const VaultAddressVerdict verdict = CheckVaultAddressValue(&raw);
  if (verdict.ok) {
    out.value = verdict.origin;
    return out;
  }
  for (auto& diagnostic : VaultAddressDiagnostics(verdict, "/config/address", &raw)) {
    out.issues.emplace_back(diagnostic.code, std::move(diagnostic.message));
  }
  return out;
}

// The min/max of the length-checked string fields.
std::optional<std::pair<std::size_t, std::size_t>> LengthLimits(FieldKind kind) {
  switch (kind) {
    case FieldKind::kShortText: return std::make_pair(std::size_t{1}, std::size_t{160});
    case FieldKind::kKmsKeyId: return std::make_pair(std::size_t{1}, std::size_t{512});
    case FieldKind::kProjectId: return std::make_pair(std::size_t{1}, std::size_t{128});
    default: return std::nullopt;
  }
}

FieldOutcome CheckString(FieldKind kind, const std::string& raw) {
  FieldOutcome out;
  zod::TextCheck text;
  const auto limits = LengthLimits(kind);
  switch (kind) {
    case FieldKind::kShortText:
    case FieldKind::kKmsKeyId: text = zod::CheckTrimmedText(raw, limits->first, limits->second); break;
    case FieldKind::kProjectId:
      text = zod::CheckTrimmedText(raw, limits->first, limits->second);
      if (!IsGcpProjectId(text.trimmed)) {
        text.messages.push_back("Invalid string: must match pattern /^[a-z][a-z0-9-]{4,127}$/");
      }
      break;
    default:  // kRegion
      text.trimmed = std::string(EcmaTrim(raw));
      if (!IsAwsRegion(text.trimmed)) text.messages.push_back("Invalid AWS region");
      break;
  }
  for (auto& message : text.messages) out.issues.emplace_back(Code::kVaultConfigInvalidField, std::move(message));
  out.value = std::move(text.trimmed);
  return out;
}

FieldOutcome CheckField(const FieldSpec& spec, const OrderedJson* raw) {
  FieldOutcome out;
  if (raw == nullptr) {
    // zod's optional wrapper accepts undefined; a required string reports it.
    if (spec.required) out.issues.emplace_back(Code::kVaultConfigInvalidField, zod::InvalidType("string", nullptr));
    return out;
  }
  if (raw->is_null() && spec.nullable) return out;
  if (spec.kind == FieldKind::kAddress) return CheckAddressValue(*raw);
  if (spec.kind == FieldKind::kBoolean ? !raw->is_boolean() : !raw->is_string()) {
    out.issues.emplace_back(Code::kVaultConfigInvalidField, zod::InvalidType(ExpectedType(spec.kind), raw));
    if (const auto limits = LengthLimits(spec.kind)) {
      for (auto& message : zod::NonStringLengthIssues(*raw, limits->first, limits->second)) {
        out.issues.emplace_back(Code::kVaultConfigInvalidField, std::move(message));
      }
    }
    return out;
  }
  if (spec.kind == FieldKind::kBoolean) {
    out.value = *raw;
    return out;
  }
  return CheckString(spec.kind, raw->get_ref<const std::string&>());
}

void AddInvalid(VaultConfigVerdict& verdict, std::string_view field, FieldOutcome& outcome) {
  const std::string path = JsonPointerAppend("/config", field);
  if (std::find(verdict.invalid_fields.begin(), verdict.invalid_fields.end(), field) == verdict.invalid_fields.end()) {
    verdict.invalid_fields.emplace_back(field);
  }
  for (auto& [code, message] : outcome.issues) {
    verdict.errors.push_back(message);
    verdict.diagnostics.push_back(MakeDiagnostic(code, path, std::move(message)));
  }
}

void Append(VaultConfigVerdict& into, VaultConfigVerdict&& part) {
  const auto move_all = [](auto& to, auto& from) {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  };
  move_all(into.denied_fields, part.denied_fields);
  move_all(into.unknown_fields, part.unknown_fields);
  move_all(into.invalid_fields, part.invalid_fields);
  move_all(into.diagnostics, part.diagnostics);
  move_all(into.errors, part.errors);
}

}  // namespace

const std::vector<std::string_view>& ProviderNames() {
  static const std::vector<std::string_view> kNames = {"local_encrypted", "aws_secrets_manager",
                                                       "gcp_secret_manager", "vault"};
  return kNames;
}

std::optional<Provider> ParseProvider(std::string_view name) {
  const auto& names = ProviderNames();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<Provider>(i);
  }
  return std::nullopt;
}

std::string_view ProviderName(Provider provider) { return ProviderNames()[static_cast<std::size_t>(provider)]; }

VaultConfigVerdict CheckProviderConfigSchema(Provider provider, const OrderedJson& config) {
  VaultConfigVerdict verdict;
  if (!config.is_object()) {
    verdict.errors.push_back(zod::InvalidType("object", &config));
    verdict.diagnostics.push_back(MakeDiagnostic(Code::kVaultConfigNotObject, "/config", verdict.errors.back()));
    return verdict;
  }
  const Shape& shape = ShapeOf(provider);
  OrderedJson normalized = OrderedJson::object();
  for (const FieldSpec& spec : shape) {
    const auto it = config.find(std::string(spec.name));
    FieldOutcome outcome = CheckField(spec, it == config.end() ? nullptr : &*it);
    if (!outcome.issues.empty()) {
      AddInvalid(verdict, spec.name, outcome);
    } else if (it != config.end()) {
      normalized[std::string(spec.name)] = std::move(outcome.value);
    }
  }
  for (const std::string& key : zod::JsOwnKeys(config)) {
    const bool known = std::any_of(shape.begin(), shape.end(), [&](const FieldSpec& s) { return s.name == key; });
    if (known) continue;
    verdict.unknown_fields.push_back(key);
    verdict.diagnostics.push_back(MakeDiagnostic(Code::kVaultConfigUnknownField, JsonPointerAppend("/config", key),
                                                 zod::Unrecognized({key})));
  }
  if (!verdict.unknown_fields.empty()) verdict.errors.push_back(zod::Unrecognized(verdict.unknown_fields));
  verdict.accepted = !HasErrors(verdict.diagnostics);
  if (verdict.accepted) verdict.normalized = std::move(normalized);
  return verdict;
}

VaultConfigVerdict CheckConfigAddress(const OrderedJson& config) {
  VaultConfigVerdict verdict;
  if (config.is_object()) {
    const auto it = config.find("address");
    if (it != config.end() && !it->is_null()) {
      FieldOutcome outcome = CheckAddressValue(*it);
      if (!outcome.issues.empty()) AddInvalid(verdict, "address", outcome);
    }
  }
  verdict.accepted = !HasErrors(verdict.diagnostics);
  return verdict;
}

VaultConfigVerdict CheckProviderConfig(Provider provider, const OrderedJson& config) {
  if (!config.is_object()) {
    VaultConfigVerdict verdict = ScanSensitiveConfigKeys(config);
    verdict.errors = {zod::InvalidType("record", &config)};
    verdict.diagnostics.insert(verdict.diagnostics.begin(),
                               MakeDiagnostic(Code::kVaultConfigNotObject, "/config", verdict.errors.front()));
    verdict.accepted = false;
    return verdict;
  }
  VaultConfigVerdict verdict = ScanSensitiveConfigKeys(config);
  VaultConfigVerdict schema = CheckProviderConfigSchema(provider, config);
  OrderedJson normalized = std::move(schema.normalized);
  Append(verdict, std::move(schema));
  verdict.accepted = !HasErrors(verdict.diagnostics);
  if (verdict.accepted) verdict.normalized = std::move(normalized);
  return verdict;
}

}  // namespace clasp
