// Agents and projects: their env is validated by the core (strict mode per
// the deployment), redacted on read, and synced to the bindings table in
// the same transaction as the write (env_target_service.h).
#include "api_internal.h"
#include "clasp/native/env_target_service.h"

namespace clasp::native::api {
namespace {

EnvTargetService Service(Ctx& ctx) {
  return EnvTargetService(ctx.store(), ctx.random, ctx.clock, EnvWritePolicy{ctx.config.strict_mode, ctx.config.policy});
}

template <typename Row, typename ToJson>
ApiResponse One(const Result<std::optional<Row>>& found, std::string_view not_found, int status, ToJson to_json) {
  if (!found.ok()) return FromDiagnostics(found.diagnostics);
  if (!*found.value) return Error(404, std::string(not_found));
  return Json(status, to_json(**found.value));
}

template <typename Write, typename ToJson>
ApiResponse Written(const Result<std::optional<Write>>& written, std::string_view not_found, int status,
                    ToJson to_json) {
  if (!written.ok()) return FromDiagnostics(written.diagnostics);
  if (!*written.value) return Error(404, std::string(not_found));
  return Json(status, to_json(**written.value));
}

ApiResponse CreateAgent(Ctx& ctx) {
  auto body = ctx.Body();
  if (!body.ok()) return ValidationError(body.diagnostics);
  if (!IsGuid(ctx.params[0])) return Error(404, std::string(kCompanyNotFound));
  return Written(Service(ctx).CreateAgent(ctx.params[0], *body.value), kCompanyNotFound, 201,
                 [](const AgentWrite& w) { return AgentJson(w.agent); });
}

ApiResponse ListAgents(Ctx& ctx) {
  auto rows = Service(ctx).ListAgents(ctx.params[0]);
  if (!rows.ok()) return FromDiagnostics(rows.diagnostics);
  OrderedJson out = OrderedJson::array();
  for (const AgentRow& row : *rows.value) out.push_back(AgentJson(row));
  return Json(200, std::move(out));
}

ApiResponse GetAgent(Ctx& ctx) {
  if (!IsGuid(ctx.params[0])) return Error(404, std::string(kAgentNotFound));
  return One(Service(ctx).GetAgent(ctx.params[0]), kAgentNotFound, 200, AgentJson);
}

ApiResponse UpdateAgent(Ctx& ctx) {
  auto body = ctx.Body();
  if (!body.ok()) return ValidationError(body.diagnostics);
  if (!IsGuid(ctx.params[0])) return Error(404, std::string(kAgentNotFound));
  return Written(Service(ctx).UpdateAgent(ctx.params[0], *body.value), kAgentNotFound, 200,
                 [](const AgentWrite& w) { return AgentJson(w.agent); });
}

ApiResponse CreateProject(Ctx& ctx) {
  auto body = ctx.Body();
  if (!body.ok()) return ValidationError(body.diagnostics);
  if (!IsGuid(ctx.params[0])) return Error(404, std::string(kCompanyNotFound));
  return Written(Service(ctx).CreateProject(ctx.params[0], *body.value), kCompanyNotFound, 201,
                 [](const ProjectWrite& w) { return ProjectJson(w.project); });
}

ApiResponse ListProjects(Ctx& ctx) {
  auto rows = Service(ctx).ListProjects(ctx.params[0]);
  if (!rows.ok()) return FromDiagnostics(rows.diagnostics);
  OrderedJson out = OrderedJson::array();
  for (const ProjectRow& row : *rows.value) out.push_back(ProjectJson(row));
  return Json(200, std::move(out));
}

ApiResponse GetProject(Ctx& ctx) {
  if (!IsGuid(ctx.params[0])) return Error(404, std::string(kProjectNotFound));
  return One(Service(ctx).GetProject(ctx.params[0]), kProjectNotFound, 200, ProjectJson);
}

ApiResponse UpdateProject(Ctx& ctx) {
  auto body = ctx.Body();
  if (!body.ok()) return ValidationError(body.diagnostics);
  if (!IsGuid(ctx.params[0])) return Error(404, std::string(kProjectNotFound));
  return Written(Service(ctx).UpdateProject(ctx.params[0], *body.value), kProjectNotFound, 200,
                 [](const ProjectWrite& w) { return ProjectJson(w.project); });
}

}  // namespace

std::vector<Route> TargetRoutes() {
  return {
      {"POST", "/api/companies/:companyId/agents", Access::kBoard, CreateAgent},
      {"GET", "/api/companies/:companyId/agents", Access::kBoard, ListAgents},
      {"GET", "/api/agents/:id", Access::kBoard, GetAgent},
      {"PATCH", "/api/agents/:id", Access::kBoard, UpdateAgent},
      {"POST", "/api/companies/:companyId/projects", Access::kBoard, CreateProject},
      {"GET", "/api/companies/:companyId/projects", Access::kBoard, ListProjects},
      {"GET", "/api/projects/:id", Access::kBoard, GetProject},
      {"PATCH", "/api/projects/:id", Access::kBoard, UpdateProject},
  };
}

}  // namespace clasp::native::api
