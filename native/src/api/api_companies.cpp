// Health and companies (minimal: clasp needs them to own secrets, agents and
// vaults).
#include "api_internal.h"
#include "api_json.h"
#include "clasp/utf8.h"

namespace clasp::native::api {
namespace {

ApiResponse CreateCompany(Ctx& ctx) {
  auto body = ctx.Body();
  if (!body.ok()) return ValidationError(body.diagnostics);
  const auto name = body.value->find("name");
  if (!body.value->is_object() || name == body.value->end() || !name->is_string() ||
      EcmaTrim(name->get_ref<const std::string&>()).empty()) {
    return ValidationError({MakeDiagnostic(Code::kInputWrongType, "/name", "Company name is required")});
  }
  auto id = NewUuid(ctx.random);
  if (!id.ok()) return FromDiagnostics(id.diagnostics);
  const std::string now = ctx.clock.NowIso8601();
  CompanyRow row{*id.value, std::string(EcmaTrim(name->get_ref<const std::string&>())), now, now};
  return InTxn(ctx, [&](StoreTxn& txn) {
    if (auto s = txn.InsertCompany(row); !s.ok()) return FromDiagnostics(s.diagnostics);
    return Json(201, CompanyJson(row));
  });
}

ApiResponse ListCompanies(Ctx& ctx) {
  return InReadTxn(ctx, [&](StoreTxn& txn) {
    auto rows = txn.ListCompanies();
    if (!rows.ok()) return FromDiagnostics(rows.diagnostics);
    OrderedJson out = OrderedJson::array();
    for (const auto& row : *rows.value) out.push_back(CompanyJson(row));
    return Json(200, std::move(out));
  });
}

ApiResponse GetCompany(Ctx& ctx) {
  return InReadTxn(ctx, [&](StoreTxn& txn) {
    auto row = FindCompany(txn, ctx.params[0]);
    if (!row.ok()) return FromDiagnostics(row.diagnostics);
    if (!*row.value) return Error(404, "Company not found");
    return Json(200, CompanyJson(**row.value));
  });
}

// GET /api/health, public like Paperclip's: liveness and the posture the
// board UI needs (strict mode decides which env values it may accept).
ApiResponse Health(Ctx& ctx) {
  return Json(200, {{"status", "ok"},
                    {"deploymentMode", std::string(DeploymentModeName(ctx.config.mode))},
                    {"strictSecretMode", ctx.config.strict_mode}});
}

}  // namespace

Result<std::optional<CompanyRow>> FindCompany(StoreTxn& txn, const std::string& id) {
  if (!IsGuid(id)) return Result<std::optional<CompanyRow>>::Ok(std::nullopt);
  return txn.GetCompany(id);
}

ApiResponse RequireCompany(Ctx& ctx) {
  return InReadTxn(ctx, [&](StoreTxn& txn) {
    auto company = FindCompany(txn, ctx.params[0]);
    if (!company.ok()) return FromDiagnostics(company.diagnostics);
    return *company.value ? Json(200, nullptr) : Error(404, "Company not found");
  });
}

std::vector<Route> CompanyRoutes() {
  return {
      {"GET", "/api/health", Access::kPublic, Health},
      {"POST", "/api/companies", Access::kBoard, CreateCompany},
      {"GET", "/api/companies", Access::kBoard, ListCompanies},
      {"GET", "/api/companies/:companyId", Access::kBoard, GetCompany},
  };
}

}  // namespace clasp::native::api
