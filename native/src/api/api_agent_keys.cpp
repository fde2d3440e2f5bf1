// Agent API keys as Paperclip has them (board only): mint, list, revoke.
// A token is "pcp_" + 64 lower-case hex digits (32 random bytes); only its
// SHA-256 is stored, and the token is shown once, in the 201.
#include <openssl/crypto.h>

#include "api_agent_auth.h"
#include "api_internal.h"
#include "clasp/env_binding.h"
#include "clasp/native/env_target_service.h"
#include "clasp/native/secret_bytes.h"
#include "clasp/sha256.h"
#include "clasp/vault_zod.h"

namespace clasp::native::api {
namespace {

const OrderedJson kStandardScope = {{"kind", "standard"}};

Result<std::string> Refused(Code code, std::string path, std::string message) {
  return Result<std::string>::Fail(MakeDiagnostic(code, std::move(path), std::move(message)));
}

// Paperclip's createAgentKeySchema: name z.string().min(1).default("default");
// scope: only {"kind":"standard"} (clasp has no task-bridge or skill-test keys).
//   {} -> "default";  {"name":"ci"} -> "ci";  {"name":""} -> 400 too_small at /name
Result<std::string> KeyName(const OrderedJson& body) {
  if (!body.is_object()) {
    return Refused(Code::kInputWrongType, "", zod::InvalidType("object", &body));
  }
  const auto scope = body.find("scope");
  if (scope != body.end() && *scope != kStandardScope) {
    return Refused(Code::kInputInvalidValue, "/scope", "Only the standard key scope is supported");
  }
  const auto name = body.find("name");
  if (name == body.end()) return Result<std::string>::Ok("default");
  if (!name->is_string()) return Refused(Code::kInputWrongType, "/name", zod::InvalidType("string", &*name));
  if (name->get_ref<const std::string&>().empty()) {
    return Refused(Code::kInputInvalidValue, "/name", "Too small: expected string to have >=1 characters");
  }
  return Result<std::string>::Ok(name->get<std::string>());
}

OrderedJson ScopeJson(const AgentKeyRow& key) {
  if (!key.scope_config) return kStandardScope;
  auto parsed = ParseJson(*key.scope_config);
  return parsed.ok() ? *parsed.value : kStandardScope;
}

OrderedJson Nullable(const std::optional<std::string>& text) {
  return text ? OrderedJson(*text) : OrderedJson(nullptr);
}

// The agent of the route; nullopt for the 404 (a non-UUID id names none).
Result<std::optional<AgentRow>> RouteAgent(Ctx& ctx, StoreTxn& txn) {
  if (!IsGuid(ctx.params[0])) return Result<std::optional<AgentRow>>::Ok(std::nullopt);
  return txn.GetAgent(ctx.params[0]);
}

// Paperclip's activity rows: the board is the actor (activity_log.agent_id
// names an acting agent, so it stays NULL), the agent the entity.
Status RecordKeyActivity(Ctx& ctx, StoreTxn& txn, const AgentRow& agent, const char* action, OrderedJson details) {
  auto id = NewUuid(ctx.random);
  if (!id.ok()) return Forward<Done>(std::move(id));
  ActivityRow row;
  row.id = *id.value, row.company_id = agent.company_id, row.actor_type = "user", row.actor_id = "board";
  row.action = action, row.entity_type = "agent", row.entity_id = agent.id;
  row.details = DumpJson(details), row.created_at = ctx.clock.NowIso8601();
  return txn.InsertActivity(row);
}

// A new token; the Random's failure when the CSPRNG cannot deliver.
Result<std::string> NewToken(Random& random) {
  unsigned char bytes[32];
  if (auto s = random.Fill(bytes, sizeof bytes); !s.ok()) return Forward<std::string>(std::move(s));
  std::string token = "pcp_" + HexLower(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
  OPENSSL_cleanse(bytes, sizeof bytes);
  return Result<std::string>::Ok(std::move(token));
}

ApiResponse CreateKey(Ctx& ctx) {
  auto body = ctx.Body();
  if (!body.ok()) return ValidationError(body.diagnostics);
  auto name = KeyName(*body.value);
  if (!name.ok()) return ValidationError(name.diagnostics);
  auto id = NewUuid(ctx.random);
  if (!id.ok()) return FromDiagnostics(id.diagnostics);
  auto token = NewToken(ctx.random);
  if (!token.ok()) return FromDiagnostics(token.diagnostics);
  ApiResponse response = InTxn(ctx, [&](StoreTxn& txn) {
    auto agent = RouteAgent(ctx, txn);
    if (!agent.ok()) return FromDiagnostics(agent.diagnostics);
    if (!*agent.value) return Error(404, std::string(kAgentNotFound));
    const AgentRow& a = **agent.value;
    if (a.status == "pending_approval") return Error(409, "Cannot create keys for pending approval agents");
    if (a.status == "terminated") return Error(409, "Cannot create keys for terminated agents");
    AgentKeyRow key;
    key.id = *id.value, key.agent_id = a.id, key.company_id = a.company_id, key.name = *name.value;
    key.key_hash = TokenHash(*token.value), key.created_at = ctx.clock.NowIso8601();
    if (auto s = txn.InsertAgentKey(key); !s.ok()) return FromDiagnostics(s.diagnostics);
    OrderedJson details = {
        {"keyId", key.id}, {"name", key.name}, {"scope", kStandardScope}, {"responsibleUserId", nullptr}};
    if (auto s = RecordKeyActivity(ctx, txn, a, "agent.key_created", details); !s.ok()) {
      return FromDiagnostics(s.diagnostics);
    }
    return Json(201, {{"id", key.id}, {"name", key.name}, {"scope", kStandardScope}, {"responsibleUserId", nullptr},
                      {"token", *token.value}, {"createdAt", key.created_at}});
  });
  // The answer holds the one copy the client gets; this one goes now.
  WipeString(&*token.value);
  response.headers["Cache-Control"] = "no-store";
  return response;
}

ApiResponse ListKeys(Ctx& ctx) {
  return InReadTxn(ctx, [&](StoreTxn& txn) {
    auto agent = RouteAgent(ctx, txn);
    if (!agent.ok()) return FromDiagnostics(agent.diagnostics);
    if (!*agent.value) return Error(404, std::string(kAgentNotFound));
    auto keys = txn.ListAgentKeys((*agent.value)->id);
    if (!keys.ok()) return FromDiagnostics(keys.diagnostics);
    OrderedJson out = OrderedJson::array();
    for (const AgentKeyRow& k : *keys.value) {
      out.push_back({{"id", k.id}, {"name", k.name}, {"scope", ScopeJson(k)},
                     {"responsibleUserId", Nullable(k.responsible_user_id)}, {"createdAt", k.created_at},
                     {"revokedAt", Nullable(k.revoked_at)}});
    }
    return Json(200, std::move(out));
  });
}

ApiResponse RevokeKey(Ctx& ctx) {
  return InTxn(ctx, [&](StoreTxn& txn) {
    auto agent = RouteAgent(ctx, txn);
    if (!agent.ok()) return FromDiagnostics(agent.diagnostics);
    if (!*agent.value) return Error(404, std::string(kAgentNotFound));
    const AgentRow& a = **agent.value;
    auto key = IsGuid(ctx.params[1]) ? txn.GetAgentKey(ctx.params[1])
                                     : Result<std::optional<AgentKeyRow>>::Ok(std::nullopt);
    if (!key.ok()) return FromDiagnostics(key.diagnostics);
    if (!*key.value || (*key.value)->agent_id != a.id) return Error(404, "Key not found");
    auto revoked = txn.RevokeAgentKey(a.id, (*key.value)->id, ctx.clock.NowIso8601());
    if (!revoked.ok()) return FromDiagnostics(revoked.diagnostics);
    if (!*revoked.value) return Error(404, "Key not found");
    OrderedJson details = {{"keyId", (*key.value)->id}, {"name", (*key.value)->name}};
    if (auto s = RecordKeyActivity(ctx, txn, a, "agent.key_revoked", details); !s.ok()) {
      return FromDiagnostics(s.diagnostics);
    }
    return Json(200, {{"ok", true}});
  });
}

}  // namespace

std::vector<Route> AgentKeyRoutes() {
  return {
      {"GET", "/api/agents/:id/keys", Access::kBoard, ListKeys},
      {"POST", "/api/agents/:id/keys", Access::kBoard, CreateKey},
      {"DELETE", "/api/agents/:id/keys/:keyId", Access::kBoard, RevokeKey},
  };
}

}  // namespace clasp::native::api
