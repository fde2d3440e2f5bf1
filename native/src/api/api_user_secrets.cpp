// User secret definitions and each user's own values: Paperclip's routes
// over UserSecretService (user_secret_service.h). The board is the user
// "board" (the id clasp's other board writes record), and in local_trusted
// mode its company admin, as Paperclip's local_implicit actor is.
#include "api_internal.h"
#include "api_json.h"
#include "clasp/native/user_secret_service.h"
#include "clasp/native/wipe_json.h"
#include "clasp/user_secret_request.h"

namespace clasp::native::api {
namespace {

constexpr const char* kBoardUser = "board";

UserSecretService Service(Ctx& ctx) {
  return UserSecretService(ctx.store(), *ctx.lease.ciphers, ctx.random, ctx.clock);
}

Actor BoardActor() { return Actor{std::nullopt, std::string(kBoardUser)}; }

ApiResponse Definition(const Result<UserSecretDefinitionRow>& row, int status = 200) {
  if (!row.ok()) return FromDiagnostics(row.diagnostics);
  return Json(status, UserSecretDefinitionJson(*row.value));
}

ApiResponse ListDefinitions(Ctx& ctx) {
  if (ApiResponse company = RequireCompany(ctx); company.status != 200) return company;
  auto rows = Service(ctx).ListDefinitions(ctx.params[0]);
  if (!rows.ok()) return FromDiagnostics(rows.diagnostics);
  OrderedJson out = OrderedJson::array();
  for (const UserSecretDefinitionRow& row : *rows.value) out.push_back(UserSecretDefinitionJson(row));
  return Json(200, std::move(out));
}

ApiResponse CreateDefinition(Ctx& ctx) {
  auto body = ctx.Body();
  if (!body.ok()) return ValidationError(body.diagnostics);
  auto request = ParseCreateUserSecretDefinitionRequest(*body.value);
  if (!request.ok()) return ValidationError(request.diagnostics);
  if (ApiResponse company = RequireCompany(ctx); company.status != 200) return company;
  return Definition(Service(ctx).CreateDefinition(ctx.params[0], *request.value, BoardActor()), 201);
}

ApiResponse UpdateDefinition(Ctx& ctx) {
  auto body = ctx.Body();
  if (!body.ok()) return ValidationError(body.diagnostics);
  auto request = ParseUpdateUserSecretDefinitionRequest(*body.value);
  if (!request.ok()) return ValidationError(request.diagnostics);
  return Definition(Service(ctx).UpdateDefinition(ctx.params[0], ctx.params[1], *request.value, BoardActor()));
}

ApiResponse DeleteDefinition(Ctx& ctx) {
  auto removed = Service(ctx).RemoveDefinition(ctx.params[0], ctx.params[1], BoardActor());
  if (!removed.ok()) return FromDiagnostics(removed.diagnostics);
  return Json(200, {{"ok", true}});
}

ApiResponse Coverage(Ctx& ctx) {
  auto coverage = Service(ctx).Coverage(ctx.params[0], ctx.params[1]);
  if (!coverage.ok()) return FromDiagnostics(coverage.diagnostics);
  return Json(200, UserSecretCoverageJson(*coverage.value));
}

ApiResponse Value(const Result<SecretRow>& row, int status = 200) {
  if (!row.ok()) return FromDiagnostics(row.diagnostics);
  return Json(status, UserSecretValueJson(*row.value));
}

ApiResponse ListValues(Ctx& ctx) {
  if (ApiResponse company = RequireCompany(ctx); company.status != 200) return company;
  auto entries = Service(ctx).ListValues(ctx.params[0], kBoardUser);
  if (!entries.ok()) return FromDiagnostics(entries.diagnostics);
  OrderedJson out = OrderedJson::array();
  for (const UserSecretValueEntry& e : *entries.value) {
    out.push_back({{"definition", UserSecretDefinitionJson(e.definition)},
                   {"secret", e.secret ? UserSecretValueJson(*e.secret) : OrderedJson(nullptr)}});
  }
  return Json(200, std::move(out));
}

// The value crosses as the body, the parsed request and nothing else; both
// are wiped on every way out (the HTTP layer wipes the body text).
ApiResponse CreateValue(Ctx& ctx) {
  auto body = ctx.Body();
  if (!body.ok()) return ValidationError(body.diagnostics);
  const WipeOnExit forget_body(&*body.value);
  auto request = ParseCreateUserSecretValueRequest(*body.value);
  if (!request.ok()) return ValidationError(request.diagnostics);
  const WipeOnExit forget_request(&request.value->value.value);
  return Value(Service(ctx).CreateValue(ctx.params[0], kBoardUser, *request.value), 201);
}

template <Result<UserSecretValuePatchRequest> (*Parse)(const OrderedJson&),
          Result<SecretRow> (UserSecretService::*Apply)(const std::string&, const std::string&, const std::string&,
                                                        const UserSecretValuePatchRequest&)>
ApiResponse PatchValue(Ctx& ctx) {
  auto body = ctx.Body();
  if (!body.ok()) return ValidationError(body.diagnostics);
  const WipeOnExit forget_body(&*body.value);
  auto request = Parse(*body.value);
  if (!request.ok()) return ValidationError(request.diagnostics);
  const WipeOnExit forget_request(&request.value->value.value);
  UserSecretService service = Service(ctx);
  return Value((service.*Apply)(ctx.params[0], kBoardUser, ctx.params[1], *request.value));
}

ApiResponse DeleteValue(Ctx& ctx) {
  auto removed = Service(ctx).RemoveValue(ctx.params[0], kBoardUser, ctx.params[1]);
  if (!removed.ok()) return FromDiagnostics(removed.diagnostics);
  return Json(200, {{"ok", true}});
}

}  // namespace

std::vector<Route> UserSecretRoutes() {
  return {
      {"GET", "/api/companies/:companyId/user-secret-definitions", Access::kBoard, ListDefinitions},
      {"POST", "/api/companies/:companyId/user-secret-definitions", Access::kBoard, CreateDefinition},
      {"PATCH", "/api/companies/:companyId/user-secret-definitions/:definitionId", Access::kBoard, UpdateDefinition},
      {"DELETE", "/api/companies/:companyId/user-secret-definitions/:definitionId", Access::kBoard, DeleteDefinition},
      {"GET", "/api/companies/:companyId/user-secret-definitions/:definitionId/coverage", Access::kBoard, Coverage},
      {"GET", "/api/companies/:companyId/me/user-secrets", Access::kBoard, ListValues},
      {"POST", "/api/companies/:companyId/me/user-secrets", Access::kBoard, CreateValue},
      {"PATCH", "/api/companies/:companyId/me/user-secrets/:secretId", Access::kBoard,
       PatchValue<ParseUpdateUserSecretValueRequest, &UserSecretService::UpdateValue>},
      {"POST", "/api/companies/:companyId/me/user-secrets/:secretId/rotate", Access::kBoard,
       PatchValue<ParseRotateUserSecretValueRequest, &UserSecretService::RotateValue>},
      {"DELETE", "/api/companies/:companyId/me/user-secrets/:secretId", Access::kBoard, DeleteValue},
  };
}

}  // namespace clasp::native::api
