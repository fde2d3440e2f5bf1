// The pre-dispatch check of an agent's run on the board: the env's keys and
// the manifest of the secrets it would resolve (run_env.h), or 422 with
// every missing binding. Nothing is decrypted, no access event is written,
// no value is ever in the body.
#include "api_internal.h"
#include "clasp/native/run_env.h"
#include "clasp/native/run_mask.h"
#include "clasp/vault_zod.h"

namespace clasp::native::api {
namespace {

// Body: {} or {"projectId": <uuid> | null}; other members are ignored, as zod
// strips unknown keys.
Result<std::optional<std::string>> ProjectIdOf(const OrderedJson& body) {
  using Out = std::optional<std::string>;
  if (!body.is_object()) {
    return Result<Out>::Fail(MakeDiagnostic(Code::kInputWrongType, "", zod::InvalidType("object", &body)));
  }
  const auto id = body.find("projectId");
  if (id == body.end() || id->is_null()) return Result<Out>::Ok(std::nullopt);
  if (!id->is_string()) {
    return Result<Out>::Fail(MakeDiagnostic(Code::kInputWrongType, "/projectId", zod::InvalidType("string", &*id)));
  }
  if (!IsGuid(id->get_ref<const std::string&>())) {
    return Result<Out>::Fail(MakeDiagnostic(Code::kInputInvalidValue, "/projectId", std::string(zod::kInvalidGuid)));
  }
  return Result<Out>::Ok(id->get<std::string>());
}

ApiResponse RunEnv(Ctx& ctx) {
  auto body = ctx.Body();
  if (!body.ok()) return ValidationError(body.diagnostics);
  auto project_id = ProjectIdOf(*body.value);
  if (!project_id.ok()) return ValidationError(project_id.diagnostics);
  if (!IsGuid(ctx.params[0])) return Error(404, "Agent not found");
  auto check = CheckRunEnv(ctx.store(), RunEnvRequest{ctx.params[0], *project_id.value});
  if (!check.ok()) return FromDiagnostics(check.diagnostics);
  OrderedJson report = RunEnvReportJson(*check.value);
  if (check.value->plan.ok()) return Json(200, std::move(report));
  const RunEnvPlan& plan = check.value->plan;
  std::string message;
  if (!plan.missing.empty()) {
    message = ConfigurationIncompleteMessage(plan.missing);
  } else {
    for (const Diagnostic& d : plan.diagnostics) {
      if (d.severity == Severity::kError && message.empty()) message = d.message;
    }
  }
  OrderedJson out = {{"error", std::move(message)}};
  for (auto& [key, value] : report.items()) out[key] = std::move(value);
  return Json(422, std::move(out));
}

// POST /agents/:id/redact {"text": …, "projectId"?}: the text masked with
// every value the agent's (and project's) runs may have had (run_mask.h),
// and which secrets occurred — ids, versions and counts, never a value. The
// values are read (one access event per version, actor system "board") and
// wiped before the answer is written; only an unknown target is refused.
ApiResponse Redact(Ctx& ctx) {
  auto body = ctx.Body();
  if (!body.ok()) return ValidationError(body.diagnostics);
  auto project_id = ProjectIdOf(*body.value);
  if (!project_id.ok()) return ValidationError(project_id.diagnostics);
  const auto text = body.value->find("text");
  if (text == body.value->end() || !text->is_string()) {
    const OrderedJson* got = text == body.value->end() ? nullptr : &*text;
    return ValidationError({MakeDiagnostic(Code::kInputWrongType, "/text", zod::InvalidType("string", got))});
  }
  if (!IsGuid(ctx.params[0])) return Error(404, "Agent not found");
  RunEnvRequest request{ctx.params[0], *project_id.value};
  request.actor_type = "system";
  request.actor_id = "board";
  auto mask = BuildRunMask(ctx.store(), *ctx.lease.ciphers, ctx.random, ctx.clock, request);
  if (!mask.ok()) return FromDiagnostics(mask.diagnostics);
  std::vector<std::uint64_t> counts;
  std::string masked = MaskText(mask.value->masker, text->get_ref<const std::string&>(), &counts);
  OrderedJson out = {{"text", std::move(masked)}};
  OrderedJson report = RunMaskReportJson(*mask.value, counts);
  for (auto& [key, value] : report.items()) out[key] = std::move(value);
  return Json(200, std::move(out));
}

}  // namespace

std::vector<Route> RunEnvRoutes() {
  return {
      {"POST", "/api/agents/:id/run-env", Access::kBoard, RunEnv},
      {"POST", "/api/agents/:id/redact", Access::kBoard, Redact},
  };
}

}  // namespace clasp::native::api
