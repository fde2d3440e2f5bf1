// POST /companies/:cid/secrets/remote-import/preview and /remote-import
// (IMP-1..5) on RemoteImportService.
#include "api_internal.h"
#include "clasp/aws_inventory.h"
#include "clasp/native/remote_import_service.h"
#include "clasp/remote_import_request.h"

namespace clasp::native::api {
namespace {

// The company must exist; a malformed or unknown id is 404.
std::optional<ApiResponse> MissingCompany(Ctx& ctx) {
  ApiResponse found = InReadTxn(ctx, [&](StoreTxn& txn) {
    auto row = FindCompany(txn, ctx.params[0]);
    if (!row.ok()) return FromDiagnostics(row.diagnostics);
    return *row.value ? Json(200, nullptr) : Error(404, "Company not found");
  });
  if (found.status != 200) return found;
  return std::nullopt;
}

// Paperclip's schema strips unknown keys, so the listing clasp cannot fetch
// rides along as "inventory": an AWS ListSecrets response page.
ApiResponse Preview(Ctx& ctx) {
  auto body = ctx.Body();
  if (!body.ok()) return ValidationError(body.diagnostics);
  auto request = ParseRemoteImportPreviewRequest(*body.value);
  if (!request.ok()) return ValidationError(request.diagnostics);
  std::optional<RemoteSecretPage> page;
  if (const auto it = body.value->find("inventory"); it != body.value->end() && !it->is_null()) {
    auto parsed = ParseAwsListSecretsPage(*it);
    if (!parsed.ok()) {
      for (Diagnostic& d : parsed.diagnostics) d.path = "/inventory" + d.path;
      return ValidationError(parsed.diagnostics);
    }
    page = std::move(*parsed.value);
  }
  if (auto missing = MissingCompany(ctx)) return *missing;
  RemoteImportService service(ctx.store(), ctx.random, ctx.clock);
  auto preview = service.Preview(ctx.params[0], *request.value, page, Actor{std::nullopt, std::string("board")});
  if (!preview.ok()) return FromDiagnostics(preview.diagnostics);
  return Json(200, RemoteImportPreviewJson(*preview.value));
}

ApiResponse Import(Ctx& ctx) {
  auto body = ctx.Body();
  if (!body.ok()) return ValidationError(body.diagnostics);
  auto request = ParseRemoteImportRequest(*body.value);
  if (!request.ok()) return ValidationError(request.diagnostics);
  if (auto missing = MissingCompany(ctx)) return *missing;
  RemoteImportService service(ctx.store(), ctx.random, ctx.clock);
  auto outcome = service.Import(ctx.params[0], *request.value, true, Actor{std::nullopt, std::string("board")});
  if (!outcome.ok()) return FromDiagnostics(outcome.diagnostics);
  return Json(200, RemoteImportResultJson(outcome.value->provider_config_id, outcome.value->provider,
                                          outcome.value->results));
}

}  // namespace

std::vector<Route> RemoteImportRoutes() {
  return {
      {"POST", "/api/companies/:companyId/secrets/remote-import/preview", Access::kBoard, Preview},
      {"POST", "/api/companies/:companyId/secrets/remote-import", Access::kBoard, Import},
  };
}

}  // namespace clasp::native::api
