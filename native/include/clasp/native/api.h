// clasp/native/api.h — Paperclip's secrets HTTP API, independent of sockets.
//
// `clasp serve` hands every request to Api::Handle as plain values and
// writes back what it returns; the routes, their authorization, status codes
// and JSON bodies live here, so they are tested without a network and the
// HTTP library stays a thin adapter (cli/cmd_serve.cpp).
//
// Routes (all under /api, shapes as ../shared/docs/paperclip-secrets-spec.md
// §14): companies (minimal), secrets CRUD / rotate / usage / access-events,
// agents and projects with their env, provider vaults, agent-facing
// /agents/me/secrets, agent API keys (mint, list, revoke) as
// Paperclip's, plus clasp's own binding health routes.
//
// Bodies and statuses as Paperclip's:
//   400 {"error":"Validation error","details":[zod-style issues]}  schema failures
//   422 {"error":"<message>"}                                      rule violations
//   404 {"error":"Secret not found"}                               unknown ids (a non-UUID id too)
//   401 {"error":"Board authentication required"}                  authenticated mode, no/bad token
//   401 {"error":"Agent token did not verify; …"}                  agent route, unknown or revoked key (api_agent_auth.h)
//   403 {"error":"Secret access is not granted for this agent"}    agent route, not bound
// Errors never carry a value: messages are the core's, which name keys and
// ids only.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "clasp/json_input.h"
#include "clasp/native/clock.h"
#include "clasp/native/random.h"
#include "clasp/native/secret_service.h"
#include "clasp/native/secret_store.h"
#include "clasp/native/vault_service.h"
#include "clasp/sensitive_keys.h"
#include "clasp/strict_mode.h"

namespace clasp::native {

struct ApiRequest {
  std::string method;  // "GET", "POST", …
  std::string path;    // decoded path, e.g. "/api/secrets/<id>/usage"
  std::optional<std::string> authorization;  // the Authorization header, as sent
  std::optional<std::string> content_type;
  std::string body;
  std::string query;  // what follows '?' in the target, undecoded ("force=true"); "" when none
};

struct ApiResponse {
  int status = 200;
  OrderedJson body;
  std::map<std::string, std::string> headers;  // extra headers (Cache-Control)
  std::string route;  // the matched route template, for access logs ("" if none)
};

// What a request needs from the process: a store connection and a cipher,
// leased per request (one SQLite/PostgreSQL connection per thread).
class ApiResources {
 public:
  virtual ~ApiResources() = default;
  struct Lease {
    SecretStore* store = nullptr;
    CipherSource* ciphers = nullptr;
    std::shared_ptr<void> release;  // returns the lease to its pool when dropped
  };
  virtual Result<Lease> Acquire() = 0;
  // What provider-vault health checks ask (vault_service.h); thread-safe.
  virtual ProviderHealthProbe& HealthProbe() = 0;
};

struct ApiConfig {
  DeploymentMode mode = DeploymentMode::kLocalTrusted;
  bool strict_mode = false;
  std::optional<SensitiveKeyPolicy> policy;  // nullopt: SensitiveKeyPolicy::Default()
  std::optional<std::string> board_token;    // required in authenticated mode
  std::size_t max_body_bytes = 1 << 20;
};

class Api {
 public:
  Api(ApiConfig config, ApiResources& resources, Random& random, Clock& clock)
      : config_(std::move(config)), resources_(resources), random_(random), clock_(clock) {}

  // Never throws; an internal failure is a 500 {"error":"Internal error"}
  // whose details go nowhere but the storage diagnostics' codes.
  ApiResponse Handle(const ApiRequest& request);

  const ApiConfig& config() const { return config_; }

 private:
  ApiConfig config_;
  ApiResources& resources_;
  Random& random_;
  Clock& clock_;
};

}  // namespace clasp::native
