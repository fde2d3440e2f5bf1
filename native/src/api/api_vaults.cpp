// Provider vaults: every rule in core (vault_status.h, vault_config.h)
// through vault_service.h; errors in Paperclip's shapes (VaultErrorJson).
#include "api_internal.h"
#include "clasp/native/vault_service.h"

namespace clasp::native::api {
namespace {

constexpr const char* kVaultNotFound = "Provider vault not found";

VaultService Service(Ctx& ctx) { return VaultService(ctx.store(), ctx.random, ctx.clock, ctx.resources.HealthProbe()); }

ApiResponse VaultError(const std::vector<Diagnostic>& diagnostics) {
  VaultErrorResponse error = VaultErrorJson(diagnostics);
  if (error.http_status >= 500) return Error(500, "Internal error");
  return Json(error.http_status, std::move(error.body));
}

ApiResponse Row(const Result<ProviderConfigRow>& row, int status = 200) {
  if (!row.ok()) return VaultError(row.diagnostics);
  return Json(status, ProviderConfigJson(*row.value));
}

ApiResponse ListVaults(Ctx& ctx) {
  if (ApiResponse company = RequireCompany(ctx); company.status != 200) return company;
  auto rows = Service(ctx).List(ctx.params[0]);
  if (!rows.ok()) return VaultError(rows.diagnostics);
  OrderedJson out = OrderedJson::array();
  for (const ProviderConfigRow& row : *rows.value) out.push_back(ProviderConfigJson(row));
  return Json(200, std::move(out));
}

ApiResponse CreateVault(Ctx& ctx) {
  auto body = ctx.Body();
  if (!body.ok()) return ValidationError(body.diagnostics);
  if (ApiResponse company = RequireCompany(ctx); company.status != 200) return company;
  return Row(Service(ctx).Create(ctx.params[0], *body.value, Actor{std::nullopt, std::string("board")}), 201);
}

ApiResponse GetVault(Ctx& ctx) {
  if (!IsGuid(ctx.params[0])) return Error(404, kVaultNotFound);
  return Row(Service(ctx).Get(ctx.params[0]));
}

ApiResponse UpdateVault(Ctx& ctx) {
  auto body = ctx.Body();
  if (!body.ok()) return ValidationError(body.diagnostics);
  // The service validates the body before looking the vault up, as Paperclip
  // does; an id that is not a UUID finds no row on either adapter.
  return Row(Service(ctx).Update(ctx.params[0], *body.value));
}

ApiResponse DeleteVault(Ctx& ctx) {
  if (!IsGuid(ctx.params[0])) return Error(404, kVaultNotFound);
  return Row(Service(ctx).Delete(ctx.params[0]));
}

ApiResponse SetDefaultVault(Ctx& ctx) {
  if (!IsGuid(ctx.params[0])) return Error(404, kVaultNotFound);
  return Row(Service(ctx).SetDefault(ctx.params[0]));
}

ApiResponse VaultHealth(Ctx& ctx) {
  if (!IsGuid(ctx.params[0])) return Error(404, kVaultNotFound);
  auto report = Service(ctx).Health(ctx.params[0]);
  if (!report.ok()) return VaultError(report.diagnostics);
  return Json(200, VaultHealthJson(*report.value));
}

ApiResponse CompanyHealth(Ctx& ctx) {
  if (ApiResponse company = RequireCompany(ctx); company.status != 200) return company;
  return Json(200, Service(ctx).CompanyHealth(ctx.params[0]));
}

}  // namespace

std::vector<Route> VaultRoutes() {
  return {
      {"GET", "/api/companies/:companyId/secret-provider-configs", Access::kBoard, ListVaults},
      {"POST", "/api/companies/:companyId/secret-provider-configs", Access::kBoard, CreateVault},
      {"GET", "/api/companies/:companyId/secret-providers/health", Access::kBoard, CompanyHealth},
      {"GET", "/api/secret-provider-configs/:id", Access::kBoard, GetVault},
      {"PATCH", "/api/secret-provider-configs/:id", Access::kBoard, UpdateVault},
      {"DELETE", "/api/secret-provider-configs/:id", Access::kBoard, DeleteVault},
      {"POST", "/api/secret-provider-configs/:id/default", Access::kBoard, SetDefaultVault},
      {"POST", "/api/secret-provider-configs/:id/health", Access::kBoard, VaultHealth},
  };
}

}  // namespace clasp::native::api
