// VLT-1..4: provider-vault statuses, rows, create, update and disable.
#include "clasp/vault_status.h"

#include <utility>

#include "clasp/utf8.h"
#include "clasp/vault_zod.h"

namespace clasp {
namespace {

bool LocksDefault(VaultStatus status) { return status == VaultStatus::kComingSoon || status == VaultStatus::kDisabled; }

std::string LockedMessage(Provider provider) {
  return std::string(ProviderName(provider)) + " provider vaults are locked while coming soon";
}

// One zod issue of the create/update request schemas.
void AddIssue(VaultWrite& write, Code code, std::string path, std::string message) {
  write.errors.push_back(message);
  write.diagnostics.push_back(MakeDiagnostic(code, std::move(path), std::move(message)));
}

void AddConfigVerdict(VaultWrite& write, VaultConfigVerdict&& verdict) {
  for (auto& message : verdict.errors) write.errors.push_back(std::move(message));
  for (auto& diagnostic : verdict.diagnostics) write.diagnostics.push_back(std::move(diagnostic));
}

const OrderedJson* Field(const OrderedJson& object, const char* name) {
  const auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

// The request fields both schemas share, parsed as zod does (object
// properties in shape order; displayName is required on create only).
struct RequestFields {
  std::optional<std::string> display_name;  // trimmed
  std::optional<VaultStatus> status;
  std::optional<bool> is_default;
  const OrderedJson* config = nullptr;
  // A type or enum failure stops zod from running the object's refinements;
  // a failed length check on displayName does not.
  bool aborted = false;
};

void ParseDisplayName(VaultWrite& write, const OrderedJson* raw, bool required, RequestFields& out) {
  if (raw == nullptr && !required) return;
  if (raw == nullptr || !raw->is_string()) {
    AddIssue(write, Code::kVaultDisplayNameInvalid, "/displayName", zod::InvalidType("string", raw));
    if (raw != nullptr) {
      for (auto& message : zod::NonStringLengthIssues(*raw, 1, 120)) {
        AddIssue(write, Code::kVaultDisplayNameInvalid, "/displayName", message);
      }
    }
    out.aborted = true;
    return;
  }
  zod::TextCheck text = zod::CheckTrimmedText(raw->get_ref<const std::string&>(), 1, 120);
  for (auto& message : text.messages) AddIssue(write, Code::kVaultDisplayNameInvalid, "/displayName", message);
  out.display_name = std::move(text.trimmed);
}

void ParseCommonTail(VaultWrite& write, const OrderedJson& request, RequestFields& out) {
  if (const OrderedJson* status = Field(request, "status")) {
    const auto parsed = status->is_string() ? ParseVaultStatus(status->get_ref<const std::string&>()) : std::nullopt;
    if (parsed) {
      out.status = parsed;
    } else {
      AddIssue(write, Code::kVaultStatusInvalid, "/status", zod::InvalidOption(VaultStatusNames()));
      out.aborted = true;
    }
  }
  if (const OrderedJson* is_default = Field(request, "isDefault")) {
    if (is_default->is_boolean()) {
      out.is_default = is_default->get<bool>();
    } else {
      AddIssue(write, Code::kInputWrongType, "/isDefault", zod::InvalidType("boolean", is_default));
      out.aborted = true;
    }
  }
  if (const OrderedJson* config = Field(request, "config")) {
    if (config->is_object()) {
      out.config = config;
    } else {
      AddIssue(write, Code::kVaultConfigNotObject, "/config", zod::InvalidType("record", config));
      out.aborted = true;
    }
  }
}

VaultWrite Fail(VaultWrite write, int status, std::string error) {
  write.ok = false;
  write.http_status = status;
  write.error = std::move(error);
  for (auto& diagnostic : write.diagnostics) diagnostic.http_status = status;
  return write;
}

// A service rule's 422; diagnostics gathered so far (clasp's nested-credential
// notes) stay behind the rule's own.
VaultWrite Refuse(VaultWrite write, Code code, std::string path, std::string message) {
  write.diagnostics.insert(write.diagnostics.begin(), MakeDiagnostic(code, std::move(path), message));
  return Fail(std::move(write), 422, std::move(message));
}

bool RequestIsObject(VaultWrite& write, const OrderedJson& request) {
  if (request.is_object()) return true;
  AddIssue(write, Code::kInputWrongType, "", zod::InvalidType("object", &request));
  return false;
}

}  // namespace

const std::vector<std::string_view>& VaultStatusNames() {
  static const std::vector<std::string_view> kNames = {"ready", "warning", "coming_soon", "disabled"};
  return kNames;
}

std::optional<VaultStatus> ParseVaultStatus(std::string_view name) {
  const auto& names = VaultStatusNames();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<VaultStatus>(i);
  }
  return std::nullopt;
}

std::string_view VaultStatusName(VaultStatus status) { return VaultStatusNames()[static_cast<std::size_t>(status)]; }

bool IsComingSoonProvider(Provider provider) {
  return provider == Provider::kGcpSecretManager || provider == Provider::kVault;
}

VaultStatus DefaultVaultStatus(Provider provider) {
  return IsComingSoonProvider(provider) ? VaultStatus::kComingSoon : VaultStatus::kReady;
}

Result<ProviderVault> ParseProviderVault(const OrderedJson& row) {
  if (!row.is_object()) {
    return Result<ProviderVault>::Fail(MakeDiagnostic(Code::kInputWrongType, "", "Provider vault row must be an object"));
  }
  ProviderVault vault;
  std::vector<Diagnostic> errors;
  const auto text = [&](const char* name, const char* pointer, std::string& out) {
    const OrderedJson* value = Field(row, name);
    if (value == nullptr || value->is_null()) return;
    if (value->is_string()) {
      out = value->get<std::string>();
    } else {
      errors.push_back(MakeDiagnostic(Code::kInputWrongType, pointer, std::string(name) + " must be a string"));
    }
  };
  text("id", "/id", vault.id);
  text("companyId", "/companyId", vault.company_id);
  text("displayName", "/displayName", vault.display_name);
  const OrderedJson* provider = Field(row, "provider");
  const auto parsed_provider =
      provider != nullptr && provider->is_string() ? ParseProvider(provider->get_ref<const std::string&>()) : std::nullopt;
  if (parsed_provider) {
    vault.provider = *parsed_provider;
  } else {
    errors.push_back(MakeDiagnostic(Code::kVaultProviderUnknown, "/provider", zod::InvalidOption(ProviderNames())));
  }
  if (const OrderedJson* status = Field(row, "status")) {
    const auto parsed = status->is_string() ? ParseVaultStatus(status->get_ref<const std::string&>()) : std::nullopt;
    if (parsed) {
      vault.status = *parsed;
    } else {
      errors.push_back(MakeDiagnostic(Code::kVaultStatusInvalid, "/status", zod::InvalidOption(VaultStatusNames())));
    }
  }
  if (const OrderedJson* is_default = Field(row, "isDefault")) {
    if (is_default->is_boolean()) {
      vault.is_default = is_default->get<bool>();
    } else if (!is_default->is_null()) {
      errors.push_back(MakeDiagnostic(Code::kInputWrongType, "/isDefault", "isDefault must be a boolean"));
    }
  }
  if (const OrderedJson* config = Field(row, "config"); config != nullptr && !config->is_null()) vault.config = *config;
  if (const OrderedJson* disabled_at = Field(row, "disabledAt"); disabled_at != nullptr && !disabled_at->is_null()) {
    vault.disabled_at = disabled_at->is_string() ? disabled_at->get<std::string>() : DumpJson(*disabled_at);
  }
  if (!errors.empty()) return Result<ProviderVault>::Fail(std::move(errors));
  return Result<ProviderVault>::Ok(std::move(vault));
}

VaultWrite CreateProviderVault(std::string_view company_id, const OrderedJson& request) {
  VaultWrite write;
  if (!RequestIsObject(write, request)) return Fail(std::move(write), 400, std::string(kInvalidVaultConfigMessage));
  RequestFields fields;
  std::optional<Provider> provider;
  if (const OrderedJson* raw = Field(request, "provider"); raw != nullptr && raw->is_string()) {
    provider = ParseProvider(raw->get_ref<const std::string&>());
  }
  if (!provider) AddIssue(write, Code::kVaultProviderUnknown, "/provider", zod::InvalidOption(ProviderNames()));
  ParseDisplayName(write, Field(request, "displayName"), true, fields);
  ParseCommonTail(write, request, fields);
  if (!provider || fields.aborted) return Fail(std::move(write), 400, std::string(kInvalidVaultConfigMessage));

  static const OrderedJson kEmptyConfig = OrderedJson::object();
  const OrderedJson& config = fields.config != nullptr ? *fields.config : kEmptyConfig;
  VaultConfigVerdict verdict = CheckProviderConfig(*provider, config);
  OrderedJson normalized = std::move(verdict.normalized);
  AddConfigVerdict(write, std::move(verdict));
  const VaultStatus status = fields.status.value_or(DefaultVaultStatus(*provider));
  const bool is_default = fields.is_default.value_or(false);
  if (IsComingSoonProvider(*provider) && !LocksDefault(status)) {
    AddIssue(write, Code::kVaultLockedComingSoon, "/status", LockedMessage(*provider));
  }
  if (LocksDefault(status) && is_default) {
    AddIssue(write, Code::kVaultDefaultNotAllowed, "/isDefault", std::string(kDefaultNotAllowedMessage));
  }
  // Paperclip's verdict is its zod issues; clasp's nested-credential notes ride along.
  if (!write.errors.empty()) return Fail(std::move(write), 400, std::string(kInvalidVaultConfigMessage));

  write.ok = true;
  write.http_status = 201;
  write.row.company_id = std::string(company_id);
  write.row.provider = *provider;
  write.row.display_name = std::move(*fields.display_name);
  write.row.status = status;
  write.row.is_default = is_default;
  write.row.config = std::move(normalized);
  write.clears_other_defaults = is_default;
  write.disabled_at = status == VaultStatus::kDisabled ? DisabledAtChange::kStamp : DisabledAtChange::kClear;
  return write;
}

VaultWrite UpdateProviderVault(const ProviderVault& existing, const OrderedJson& patch) {
  VaultWrite write;
  if (!RequestIsObject(write, patch)) return Fail(std::move(write), 400, std::string(kInvalidVaultConfigMessage));
  RequestFields fields;
  ParseDisplayName(write, Field(patch, "displayName"), false, fields);
  ParseCommonTail(write, patch, fields);
  if (fields.aborted) return Fail(std::move(write), 400, std::string(kInvalidVaultConfigMessage));
  if (fields.config != nullptr) {
    AddConfigVerdict(write, ScanSensitiveConfigKeys(*fields.config));
    AddConfigVerdict(write, CheckConfigAddress(*fields.config));
  }
  if (fields.status && LocksDefault(*fields.status) && fields.is_default.value_or(false)) {
    AddIssue(write, Code::kVaultDefaultNotAllowed, "/isDefault", std::string(kDefaultNotAllowedMessage));
  }
  // Paperclip's verdict is its zod issues; clasp's nested-credential notes ride along.
  if (!write.errors.empty()) return Fail(std::move(write), 400, std::string(kInvalidVaultConfigMessage));

  const VaultStatus status = fields.status.value_or(existing.status);
  if (IsComingSoonProvider(existing.provider) && !LocksDefault(status)) {
    return Refuse(std::move(write), Code::kVaultLockedComingSoon, "/status", LockedMessage(existing.provider));
  }
  if (LocksDefault(status) && fields.is_default.value_or(false)) {
    return Refuse(std::move(write), Code::kVaultDefaultNotAllowed, "/isDefault", std::string(kDefaultNotAllowedMessage));
  }
  OrderedJson config = existing.config;
  if (fields.config != nullptr) {
    VaultConfigVerdict verdict = CheckProviderConfigSchema(existing.provider, *fields.config);
    if (!verdict.accepted) {
      AddConfigVerdict(write, std::move(verdict));
      return Fail(std::move(write), 422, std::string(kInvalidVaultConfigMessage));
    }
    config = std::move(verdict.normalized);
  }

  write.ok = true;
  write.http_status = 200;
  write.row = existing;
  if (fields.display_name) write.row.display_name = std::move(*fields.display_name);
  write.row.status = status;
  write.row.is_default = LocksDefault(status) ? false : fields.is_default.value_or(existing.is_default);
  write.row.config = std::move(config);
  write.clears_other_defaults = fields.is_default.value_or(false);
  if (status == VaultStatus::kDisabled) {
    write.disabled_at = existing.disabled_at ? DisabledAtChange::kKeep : DisabledAtChange::kStamp;
  } else {
    write.disabled_at = DisabledAtChange::kClear;
    write.row.disabled_at.reset();
  }
  return write;
}

VaultWrite DisableProviderVault(const ProviderVault& existing) {
  VaultWrite write;
  write.ok = true;
  write.http_status = 200;
  write.row = existing;
  write.row.status = VaultStatus::kDisabled;
  write.row.is_default = false;
  write.disabled_at = existing.disabled_at ? DisabledAtChange::kKeep : DisabledAtChange::kStamp;
  return write;
}

}  // namespace clasp
