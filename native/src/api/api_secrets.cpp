// Secrets routes: list, create, rotate, update, delete, usage, access events.
#include <algorithm>
#include <map>

#include "api_internal.h"
#include "api_json.h"
#include "clasp/native/secret_usage.h"
#include "clasp/native/wipe_json.h"
#include "clasp/secret_request.h"

namespace clasp::native::api {
namespace {

// Paperclip's getAccessibleResource for secrets: company-scoped secrets
// only (user secrets have their own routes); anything else is 404.
Result<std::optional<SecretRow>> FindCompanySecret(StoreTxn& txn, const std::string& id) {
  if (!IsGuid(id)) return Result<std::optional<SecretRow>>::Ok(std::nullopt);
  auto row = txn.GetSecret(id);
  if (row.ok() && *row.value && (*row.value)->scope != "company") row.value->reset();
  return row;
}

ApiResponse ListSecrets(Ctx& ctx) {
  return InReadTxn(ctx, [&](StoreTxn& txn) {
    auto company = FindCompany(txn, ctx.params[0]);
    if (!company.ok()) return FromDiagnostics(company.diagnostics);
    if (!*company.value) return Error(404, "Company not found");
    auto secrets = txn.ListSecrets(ctx.params[0]);
    if (!secrets.ok()) return FromDiagnostics(secrets.diagnostics);
    auto bindings = txn.ListBindings(ctx.params[0]);
    if (!bindings.ok()) return FromDiagnostics(bindings.diagnostics);
    std::map<std::string, int> counts;
    for (const BindingRow& row : *bindings.value) ++counts[row.secret_id];
    OrderedJson out = OrderedJson::array();
    for (const SecretRow& secret : *secrets.value) {
      OrderedJson json = SecretJson(secret);
      json["referenceCount"] = counts[secret.id];
      out.push_back(std::move(json));
    }
    return Json(200, std::move(out));
  });
}

ApiResponse Usage(Ctx& ctx) {
  return InReadTxn(ctx, [&](StoreTxn& txn) {
    auto secret = FindCompanySecret(txn, ctx.params[0]);
    if (!secret.ok()) return FromDiagnostics(secret.diagnostics);
    if (!*secret.value) return Error(404, "Secret not found");
    auto rows = txn.ListSecretBindings((*secret.value)->id);
    if (!rows.ok()) return FromDiagnostics(rows.diagnostics);
    OrderedJson bindings = OrderedJson::array();
    // Newest first, as Paperclip orders them.
    for (auto it = rows.value->rbegin(); it != rows.value->rend(); ++it) {
      if (it->company_id == (*secret.value)->company_id) bindings.push_back(UsageJson(*it, txn));
    }
    // Paperclip's answer stops at the rows; "uses" adds the env refs, so a
    // ref whose row went missing shows up (marked desync) instead of "unused".
    auto uses = ReadSecretUses(txn, **secret.value);
    if (!uses.ok()) return FromDiagnostics(uses.diagnostics);
    return Json(200, {{"secretId", (*secret.value)->id},
                      {"bindings", std::move(bindings)},
                      {"uses", SecretUsesJson(*uses.value)}});
  });
}

ApiResponse AccessEvents(Ctx& ctx) {
  return InReadTxn(ctx, [&](StoreTxn& txn) {
    auto secret = FindCompanySecret(txn, ctx.params[0]);
    if (!secret.ok()) return FromDiagnostics(secret.diagnostics);
    if (!*secret.value) return Error(404, "Secret not found");
    auto events = txn.ListAccessEvents((*secret.value)->id);
    if (!events.ok()) return FromDiagnostics(events.diagnostics);
    OrderedJson out = OrderedJson::array();
    for (auto it = events.value->rbegin(); it != events.value->rend(); ++it) {
      if (it->company_id == (*secret.value)->company_id) out.push_back(AccessEventJson(*it));
    }
    return Json(200, std::move(out));
  });
}

// The rotate and patch routes act only on a live company secret: 404 first.
ApiResponse RequireLiveSecret(Ctx& ctx) {
  return InReadTxn(ctx, [&](StoreTxn& txn) {
    auto secret = FindCompanySecret(txn, ctx.params[0]);
    if (!secret.ok()) return FromDiagnostics(secret.diagnostics);
    if (!*secret.value || (*secret.value)->status == "deleted") return Error(404, "Secret not found");
    return Json(200, nullptr);
  });
}

std::optional<std::string> SetOrNothing(const NullableField<std::string>& field) {
  return field.is_set() ? std::optional<std::string>(field.value) : std::nullopt;
}

// Create and rotate hold the value three times: the parsed body, the parsed
// request and the service input; each is wiped on every way out (the HTTP
// layer wipes the body text).
ApiResponse CreateSecret(Ctx& ctx) {
  auto body = ctx.Body();
  if (!body.ok()) return ValidationError(body.diagnostics);
  const WipeOnExit forget_body(&*body.value);
  auto request = ParseCreateSecretRequest(*body.value);
  if (!request.ok()) return ValidationError(request.diagnostics);
  const WipeOnExit forget_request(&request.value->value.value);
  ApiResponse company = InReadTxn(ctx, [&](StoreTxn& txn) {
    auto row = FindCompany(txn, ctx.params[0]);
    if (!row.ok()) return FromDiagnostics(row.diagnostics);
    return *row.value ? Json(200, nullptr) : Error(404, "Company not found");
  });
  if (company.status != 200) return company;
  const CreateSecretRequest& r = *request.value;
  CreateSecretInput input;
  const WipeOnExit forget_input(&input.value);
  input.name = r.name;
  input.key = r.key;
  input.value = SetOrNothing(r.value);
  input.description = SetOrNothing(r.description);
  input.provider = std::string(ProviderName(r.provider.value_or(Provider::kLocalEncrypted)));
  input.managed_mode = std::string(ManagedModeName(r.managed_mode.value_or(ManagedMode::kPaperclipManaged)));
  input.external_ref = SetOrNothing(r.external_ref);
  input.provider_version_ref = SetOrNothing(r.provider_version_ref);
  input.provider_config_id = SetOrNothing(r.provider_config_id);
  SecretService service(ctx.store(), *ctx.lease.ciphers, ctx.random, ctx.clock);
  auto created = service.Create(ctx.params[0], input, Actor{std::nullopt, std::string("board")});
  if (!created.ok()) return FromDiagnostics(created.diagnostics);
  return Json(201, SecretJson(*created.value));
}

ApiResponse RotateSecret(Ctx& ctx) {
  auto body = ctx.Body();
  if (!body.ok()) return ValidationError(body.diagnostics);
  const WipeOnExit forget_body(&*body.value);
  auto request = ParseRotateSecretRequest(*body.value);
  if (!request.ok()) return ValidationError(request.diagnostics);
  const WipeOnExit forget_request(&request.value->value.value);
  if (ApiResponse live = RequireLiveSecret(ctx); live.status != 200) return live;
  RotateSecretInput input;
  const WipeOnExit forget_input(&input.value);
  input.value = SetOrNothing(request.value->value);
  input.external_ref = SetOrNothing(request.value->external_ref);
  SecretService service(ctx.store(), *ctx.lease.ciphers, ctx.random, ctx.clock);
  auto rotated = service.Rotate(ctx.params[0], input, Actor{std::nullopt, std::string("board")});
  if (!rotated.ok()) return FromDiagnostics(rotated.diagnostics);
  return Json(200, SecretJson(*rotated.value));
}

std::optional<std::optional<std::string>> PatchField(const NullableField<std::string>& field) {
  if (field.absent()) return std::nullopt;
  return field.is_null() ? std::optional<std::string>() : std::optional<std::string>(field.value);
}

ApiResponse UpdateSecret(Ctx& ctx) {
  auto body = ctx.Body();
  if (!body.ok()) return ValidationError(body.diagnostics);
  auto request = ParseUpdateSecretRequest(*body.value);
  if (!request.ok()) return ValidationError(request.diagnostics);
  if (ApiResponse live = RequireLiveSecret(ctx); live.status != 200) return live;
  const UpdateSecretRequest& r = *request.value;
  SecretPatch patch;
  patch.name = r.name;
  patch.key = r.key;
  if (r.status) patch.status = std::string(SecretStatusName(*r.status));
  patch.description = PatchField(r.description);
  patch.external_ref = PatchField(r.external_ref);
  SecretService service(ctx.store(), *ctx.lease.ciphers, ctx.random, ctx.clock);
  auto updated = service.Update(ctx.params[0], patch);
  if (!updated.ok()) return FromDiagnostics(updated.diagnostics);
  return Json(200, SecretJson(*updated.value));
}

// 409 for a delete refused because the secret is in use (README, "Secrets in
// use"): Paperclip's {error, details} error shape, the uses as
// secret_usage.h renders them.
ApiResponse InUse(const SecretService::RemoveOutcome& outcome) {
  const Diagnostic in_use = SecretInUseDiagnostic(outcome.uses);
  OrderedJson details = {{"code", std::string(CodeName(in_use.code))},
                         {"secretId", outcome.secret.id},
                         {"uses", SecretUsesJson(outcome.uses)}};
  return Json(in_use.http_status, {{"error", in_use.message + "; delete with ?force=true to remove it anyway"},
                                   {"details", std::move(details)}});
}

ApiResponse DeleteSecret(Ctx& ctx) {
  if (!IsGuid(ctx.params[0])) return Error(404, "Secret not found");
  const std::optional<bool> force = ctx.QuerySwitch("force");
  if (!force) return Error(400, "Query parameter force must be true or false");
  ApiResponse check = InReadTxn(ctx, [&](StoreTxn& txn) {
    auto secret = FindCompanySecret(txn, ctx.params[0]);
    if (!secret.ok()) return FromDiagnostics(secret.diagnostics);
    return *secret.value ? Json(200, nullptr) : Error(404, "Secret not found");
  });
  if (check.status != 200) return check;
  SecretService service(ctx.store(), *ctx.lease.ciphers, ctx.random, ctx.clock);
  auto removed = service.Remove(ctx.params[0], {*force});
  if (!removed.ok()) return FromDiagnostics(removed.diagnostics);
  if (!*removed.value) return Error(404, "Secret not found");
  if (!(*removed.value)->removed) return InUse(**removed.value);
  return Json(200, {{"ok", true}});
}

}  // namespace

std::vector<Route> SecretRoutes() {
  return {
      {"GET", "/api/companies/:companyId/secrets", Access::kBoard, ListSecrets},
      {"POST", "/api/companies/:companyId/secrets", Access::kBoard, CreateSecret},
      {"POST", "/api/secrets/:id/rotate", Access::kBoard, RotateSecret},
      {"PATCH", "/api/secrets/:id", Access::kBoard, UpdateSecret},
      {"GET", "/api/secrets/:id/usage", Access::kBoard, Usage},
      {"GET", "/api/secrets/:id/access-events", Access::kBoard, AccessEvents},
      {"DELETE", "/api/secrets/:id", Access::kBoard, DeleteSecret},
  };
}

}  // namespace clasp::native::api
