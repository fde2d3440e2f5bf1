#include <openssl/crypto.h>

#include <algorithm>
#include <cctype>

#include "api_agent_auth.h"
#include "api_internal.h"
#include "clasp/env_binding.h"
#include "clasp/zod_issues.h"

namespace clasp::native {
namespace api {

Result<OrderedJson> Ctx::Body() const {
  if (request.body.empty()) return Result<OrderedJson>::Ok(OrderedJson::object());
  return ParseJson(request.body);
}

std::optional<bool> Ctx::QuerySwitch(std::string_view name) const {
  std::optional<std::string_view> value;
  std::string_view rest = request.query;
  while (!rest.empty()) {
    const std::string_view pair = rest.substr(0, rest.find('&'));
    rest.remove_prefix(std::min(rest.size(), pair.size() + 1));
    const std::size_t eq = pair.find('=');
    if (pair.substr(0, eq) != name) continue;
    if (value) return std::nullopt;
    value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
  }
  if (!value) return false;
  if (*value == "true" || *value == "false") return *value == "true";
  return std::nullopt;
}

ApiResponse Json(int status, OrderedJson body) {
  ApiResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

ApiResponse Error(int status, std::string message) { return Json(status, {{"error", std::move(message)}}); }

ApiResponse ValidationError(const std::vector<Diagnostic>& diagnostics) {
  return Json(400, {{"error", "Validation error"}, {"details", zod::IssuesJson(diagnostics)}});
}

ApiResponse FromDiagnostics(const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& d : diagnostics) {
    if (d.severity != Severity::kError) continue;
    if (d.code == Code::kStorageUnavailable) {
      ApiResponse busy = Error(503, "Storage temporarily unavailable");
      busy.headers.emplace("Retry-After", "1");
      return busy;
    }
    // A refused master key is the operator's to fix, and its message names
    // only fingerprints and where the key came from (key_check.h).
    const bool key_refused = d.code == Code::kMasterKeyMismatch || d.code == Code::kMasterKeyMissing;
    if (d.http_status >= 500 && !key_refused) return Error(500, "Internal error");
    return Error(d.http_status, d.message);
  }
  return Error(500, "Internal error");
}

}  // namespace api

namespace {

using api::Access;
using api::Route;

std::vector<std::string> Segments(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    out.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  if (!out.empty() && out.back().empty()) out.pop_back();  // one trailing slash
  return out;
}

// Literal segments must match exactly; ":x" segments capture.
bool Match(const Route& route, const std::vector<std::string>& segments, std::vector<std::string>& params) {
  const std::vector<std::string> pattern = Segments(route.pattern);
  if (pattern.size() != segments.size()) return false;
  std::vector<std::string> captured;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (!pattern[i].empty() && pattern[i][0] == ':') {
      if (segments[i].empty()) return false;
      // Ids compare as PostgreSQL's uuid columns compare them (hex case
      // never matters); ":key" is a secret key, compared as written.
      captured.push_back(pattern[i] == ":key" ? segments[i] : CanonicalGuid(segments[i]));
    } else if (pattern[i] != segments[i]) {
      return false;
    }
  }
  params = std::move(captured);
  return true;
}

const std::vector<Route>& AllRoutes() {
  static const std::vector<Route> routes = [] {
    std::vector<Route> all;
    for (auto part : {api::AgentMeRoutes(), api::CompanyRoutes(), api::SecretRoutes(), api::TargetRoutes(), api::VaultRoutes(), api::BindingRoutes(), api::RunEnvRoutes(), api::RemoteImportRoutes(), api::AgentKeyRoutes(), api::UserSecretRoutes()}) {
      all.insert(all.end(), part.begin(), part.end());
    }
    return all;
  }();
  return routes;
}

std::optional<std::string_view> BearerToken(const std::optional<std::string>& header) {
  if (!header) return std::nullopt;
  std::string_view value = *header;
  constexpr std::string_view kScheme = "Bearer ";
  if (value.size() <= kScheme.size() || value.substr(0, kScheme.size()) != kScheme) return std::nullopt;
  return value.substr(kScheme.size());
}

// "application/json" with any parameters and in any case (RFC 9110 media
// types are case-insensitive); "application/jsonx" or "text/json" are not.
bool IsJsonMediaType(std::string_view header) {
  std::string_view type = header.substr(0, header.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  constexpr std::string_view kJson = "application/json";
  if (type.size() != kJson.size()) return false;
  for (std::size_t i = 0; i < kJson.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(type[i])) != kJson[i]) return false;
  }
  return true;
}

// Every write declares JSON, even with an empty body: a cross-site form or
// a no-type fetch is a "simple request" a browser sends without asking, and
// the HTTP adapter never reads a multipart body (it must not pass as {}).
// The one exception, DELETE with no body and no type, is what every client
// sends for a delete, and browsers preflight a cross-origin DELETE anyway.
//   POST, no body, no type        -> 415
//   DELETE, no body, no type      -> passes;  DELETE with "text/plain" -> 415
bool NeedsJsonType(const ApiRequest& request) {
  const std::string& m = request.method;
  if (m == "DELETE") return !request.body.empty() || request.content_type.has_value();
  return m == "POST" || m == "PATCH" || m == "PUT";
}

bool SameToken(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

ApiResponse Api::Handle(const ApiRequest& request) {
  const std::vector<std::string> segments = Segments(request.path);
  const Route* found = nullptr;
  bool path_known = false;
  std::vector<std::string> params;
  for (const Route& route : AllRoutes()) {
    if (!Match(route, segments, params)) continue;
    path_known = true;
    if (request.method == route.method) {
      found = &route;
      break;
    }
  }
  if (!found) {
    ApiResponse response = path_known ? api::Error(405, "Method not allowed") : api::Error(404, "Not found");
    return response;
  }
  api::Ctx ctx{request, config_, resources_, random_, clock_, std::move(params), {}, std::nullopt, found->pattern, {}};
  ApiResponse response = [&]() -> ApiResponse {
    const auto token = BearerToken(request.authorization);
    if (found->access == Access::kBoard && config_.mode == DeploymentMode::kAuthenticated) {
      if (!config_.board_token || !token || !SameToken(*token, *config_.board_token)) {
        return api::Error(401, "Board authentication required");
      }
    }
    if (found->access == Access::kAgent) {
      if (!token) return api::Error(401, "Agent authentication required");
      ctx.agent_token_hash = api::TokenHash(*token);
    }
    if (NeedsJsonType(request) && !IsJsonMediaType(request.content_type.value_or(""))) {
      return api::Error(415, "Content-Type must be application/json");
    }
    if (request.body.size() > config_.max_body_bytes) return api::Error(413, "Request body too large");
    auto lease = resources_.Acquire();
    if (!lease.ok()) return api::FromDiagnostics(lease.diagnostics);
    ctx.lease = std::move(*lease.value);
    ApiResponse answer = found->handler(ctx);
    // kAgent handlers authenticate inside their own read transaction; one
    // that answered without doing so must not hand out what it read.
    if (found->access == Access::kAgent && !ctx.agent && answer.status < 400) return api::Error(500, "Internal error");
    return answer;
  }();
  response.route = found->pattern;
  return response;
}

}  // namespace clasp::native
