// Binding health for the board: the desync report of one company with the
// repair that would fix it, and applying that repair (binding_doctor.h).
#include "api_internal.h"
#include "clasp/native/binding_doctor.h"

namespace clasp::native::api {
namespace {

// The company's report with its plan, read in one transaction.
ApiResponse Report(Ctx& ctx) {
  return InReadTxn(ctx, [&](StoreTxn& txn) {
    auto company = FindCompany(txn, ctx.params[0]);
    if (!company.ok()) return FromDiagnostics(company.diagnostics);
    if (!*company.value) return Error(404, "Company not found");
    auto view = LoadDoctorView(txn, ctx.params[0]);
    if (!view.ok()) return FromDiagnostics(view.diagnostics);
    view.value->source = "store";
    return Json(200, DoctorReportJson(*view.value, CheckBindings(*view.value, /*with_plan=*/true)));
  });
}

// Applies the plan as it stands when the transaction runs (the caller's
// earlier GET may be stale: the repair is re-planned inside it), then
// answers with the report afterwards.
ApiResponse Repair(Ctx& ctx) {
  ApiResponse exists = InReadTxn(ctx, [&](StoreTxn& txn) {
    auto company = FindCompany(txn, ctx.params[0]);
    if (!company.ok()) return FromDiagnostics(company.diagnostics);
    return *company.value ? Json(200, nullptr) : Error(404, "Company not found");
  });
  if (exists.status != 200) return exists;
  auto applied = ApplyBindingRepair(ctx.store(), ctx.params[0], ctx.random, ctx.clock);
  if (!applied.ok()) return FromDiagnostics(applied.diagnostics);
  ApiResponse after = Report(ctx);
  if (after.status != 200) return after;
  const auto& repair = applied.value->report.repair;
  after.body["applied"] = repair ? repair->steps.size() : 0;
  return after;
}

}  // namespace

std::vector<Route> BindingRoutes() {
  return {
      {"GET", "/api/companies/:companyId/bindings/health", Access::kBoard, Report},
      {"POST", "/api/companies/:companyId/bindings/repair", Access::kBoard, Repair},
  };
}

}  // namespace clasp::native::api
