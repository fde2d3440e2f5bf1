// Internal to the API layer: the per-request context, the route table and
// the response helpers every route file shares.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clasp/env_binding.h"
#include "clasp/native/api.h"

namespace clasp::native::api {

enum class Access {
  kPublic,  // no credentials (health)
  kBoard,   // the operator's board: open in local_trusted, bearer token in authenticated
  kAgent,   // an agent API key: the handler calls AuthenticateAgent (api_agent_auth.h) in its read transaction
};

// Who an agent route serves: the key's agent and company, and the key.
struct AgentClaims {
  std::string agent_id;
  std::string company_id;
  std::string key_id;
  std::optional<std::string> key_last_used_at;  // as read, for RecordAgentKeyUse
};

struct Ctx {
  const ApiRequest& request;
  const ApiConfig& config;
  ApiResources& resources;
  Random& random;
  Clock& clock;
  std::vector<std::string> params;       // the ":x" segments of the route, in order
  ApiResources::Lease lease;             // store + ciphers for this request
  std::optional<AgentClaims> agent;      // kAgent routes, set by AuthenticateAgent
  std::string route;
  std::string agent_token_hash;  // kAgent routes: TokenHash of the bearer token

  SecretStore& store() { return *lease.store; }
  // The body as JSON; an empty body reads as {} (as express.json leaves it).
  Result<OrderedJson> Body() const;
  // A switch in the query string, compared undecoded: absent is false,
  // "name=true" true, "name=false" false; any other value, or the name given
  // twice, is nullopt (the route answers 400, never a guess).
  //   "force=true" -> true;  "" -> false;  "force=1" -> nullopt;  "force=true&force=true" -> nullopt
  std::optional<bool> QuerySwitch(std::string_view name) const;
};

using Handler = ApiResponse (*)(Ctx&);

struct Route {
  const char* method;
  const char* pattern;  // "/api/secrets/:id/usage"
  Access access;
  Handler handler;
};

std::vector<Route> CompanyRoutes();
std::vector<Route> SecretRoutes();
std::vector<Route> AgentMeRoutes();
std::vector<Route> AgentKeyRoutes();
std::vector<Route> TargetRoutes();
std::vector<Route> VaultRoutes();
std::vector<Route> BindingRoutes();
std::vector<Route> RunEnvRoutes();
std::vector<Route> RemoteImportRoutes();
std::vector<Route> UserSecretRoutes();

ApiResponse Json(int status, OrderedJson body);
ApiResponse Error(int status, std::string message);
// A failed operation's answer: the first error's status; 400s that are
// schema failures as {"error":"Validation error","details":[…]}, storage and
// other 500s as {"error":"Internal error"} (their text may name SQL).
ApiResponse FromDiagnostics(const std::vector<Diagnostic>& diagnostics);
// 400 {"error":"Validation error","details":[…]} for a request body that
// failed its schema.
ApiResponse ValidationError(const std::vector<Diagnostic>& diagnostics);

// Runs `body` in one store transaction and maps a failure through
// FromDiagnostics; `out` is what the transaction produced.
template <typename F>
ApiResponse InTxn(Ctx& ctx, F&& body, SecretStore::Durability durability = SecretStore::Durability::kFull) {
  std::optional<ApiResponse> out;
  Status status = ctx.store().Transact([&](StoreTxn& txn) -> Status {
    out = body(txn);
    return out->status < 400 ? OkStatus() : FailStatus(Code::kStorageError, "rolled back");
  }, durability);
  if (out && out->status >= 400) return *out;
  if (!status.ok()) return FromDiagnostics(status.diagnostics);
  return *out;
}

// InTxn for a body that only reads: it takes no writer lock.
template <typename F>
ApiResponse InReadTxn(Ctx& ctx, F&& body) {
  return InTxn(ctx, std::forward<F>(body), SecretStore::Durability::kReadOnly);
}


// The company with that id; nullopt when `id` is not a UUID or names none.
Result<std::optional<CompanyRow>> FindCompany(StoreTxn& txn, const std::string& id);
// 200 (null body) when the route's company (params[0]) exists, else its 404
// "Company not found".
ApiResponse RequireCompany(Ctx& ctx);

}  // namespace clasp::native::api
