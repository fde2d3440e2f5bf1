// Agent API keys as Paperclip keeps them (agent_api_keys): named, random,
// stored only as their SHA-256, listed without either, revoked one by one.
// The agent routes authenticate through AuthenticateAgent below.
#include "api_internal.h"
#include "clasp/native/secret_bytes.h"
#include "clasp/sha256.h"

#include <algorithm>

namespace clasp::native::api {
namespace {

constexpr const char* kDidNotVerify = "Agent token did not verify; obtain fresh credentials and retry";
constexpr const char* kAgentMissing =
    "Agent record is missing or belongs to another company; obtain fresh credentials and retry";

// Paperclip's createToken is "pcp_" + 24 random bytes in hex; clasp draws 32
// (256 bits). Same prefix and hashing, so a key written to a shared Paperclip
// database authenticates there too.
Result<std::string> NewToken(Random& random) {
  unsigned char bytes[32];
  if (auto s = random.Fill(bytes, sizeof bytes); !s.ok()) return Forward<std::string>(std::move(s));
  std::string token = "pcp_" + HexLower(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
  std::fill(std::begin(bytes), std::end(bytes), 0);
  return Result<std::string>::Ok(std::move(token));
}

std::string TokenHash(std::string_view token) { return HexLower(Sha256Of(token)); }

OrderedJson KeyJson(const AgentKeyRow& key) {
  return {{"id", key.id},
          {"name", key.name},
          {"scope", {{"kind", "standard"}}},
          {"responsibleUserId", nullptr},
          {"createdAt", key.created_at},
          {"revokedAt", key.revoked_at ? OrderedJson(*key.revoked_at) : OrderedJson(nullptr)}};
}

// createAgentKeySchema: name a non-empty string, "default" when absent;
// scope {kind: "standard"} only (clasp has no scoped keys).
std::optional<ApiResponse> ReadKeyName(const OrderedJson& body, std::string& name) {
  if (!body.is_object()) {
    return ValidationError({MakeDiagnostic(Code::kInputWrongType, "", "Expected object, received " + std::string(JsonTypeName(body)))});
  }
  name = "default";
  if (const auto it = body.find("name"); it != body.end()) {
    if (!it->is_string()) {
      return ValidationError({MakeDiagnostic(Code::kInputWrongType, "/name", "Expected string, received " + std::string(JsonTypeName(*it)))});
    }
    name = it->get<std::string>();
    if (name.empty()) {
      return ValidationError({MakeDiagnostic(Code::kInputInvalidValue, "/name", "String must contain at least 1 character(s)")});
    }
  }
  if (const auto it = body.find("scope"); it != body.end() && *it != OrderedJson{{"kind", "standard"}}) {
    return Error(422, "Only standard agent keys are supported");
  }
  return std::nullopt;
}

Result<std::optional<AgentRow>> FindAgent(StoreTxn& txn, const std::string& id) {
  if (!IsGuid(id)) return Result<std::optional<AgentRow>>::Ok(std::nullopt);
  return txn.GetAgent(id);
}

Status Audit(Ctx& ctx, StoreTxn& txn, const AgentRow& agent, const char* action, OrderedJson details) {
  auto id = NewUuid(ctx.random);
  if (!id.ok()) return Forward<Done>(std::move(id));
  ActivityRow row;
  row.id = *id.value;
  row.company_id = agent.company_id;
  row.actor_type = "user";
  row.actor_id = "board";
  row.action = action;
  row.entity_type = "agent";
  row.entity_id = agent.id;
  row.agent_id = agent.id;
  row.details = DumpJson(details);
  row.created_at = ctx.clock.NowIso8601();
  return txn.InsertActivity(row);
}

ApiResponse CreateKey(Ctx& ctx) {
  auto body = ctx.Body();
  if (!body.ok()) return ValidationError(body.diagnostics);
  AgentKeyRow key;
  if (auto refused = ReadKeyName(*body.value, key.name)) return *refused;
  auto id = NewUuid(ctx.random);
  auto token = NewToken(ctx.random);
  if (!id.ok()) return FromDiagnostics(id.diagnostics);
  if (!token.ok()) return FromDiagnostics(token.diagnostics);
  key.id = *id.value;
  key.key_hash = TokenHash(*token.value);
  key.created_at = ctx.clock.NowIso8601();
  ApiResponse response = InTxn(ctx, [&](StoreTxn& txn) {
    auto agent = FindAgent(txn, ctx.params[0]);
    if (!agent.ok()) return FromDiagnostics(agent.diagnostics);
    if (!*agent.value) return Error(404, "Agent not found");
    const AgentRow& a = **agent.value;
    if (a.status == "pending_approval") return Error(409, "Cannot create keys for pending approval agents");
    if (a.status == "terminated") return Error(409, "Cannot create keys for terminated agents");
    key.agent_id = a.id, key.company_id = a.company_id;
    if (auto s = txn.InsertAgentKey(key); !s.ok()) return FromDiagnostics(s.diagnostics);
    OrderedJson details = {{"keyId", key.id}, {"name", key.name}, {"scope", {{"kind", "standard"}}}, {"responsibleUserId", nullptr}};
    if (auto s = Audit(ctx, txn, a, "agent.key_created", std::move(details)); !s.ok()) return FromDiagnostics(s.diagnostics);
    OrderedJson out = KeyJson(key);
    out.erase("revokedAt");
    out["token"] = *token.value;
    return Json(201, std::move(out));
  });
  WipeString(&*token.value);
  response.headers["Cache-Control"] = "no-store";
  return response;
}

ApiResponse ListKeys(Ctx& ctx) {
  return InReadTxn(ctx, [&](StoreTxn& txn) {
    auto agent = FindAgent(txn, ctx.params[0]);
    if (!agent.ok()) return FromDiagnostics(agent.diagnostics);
    if (!*agent.value) return Error(404, "Agent not found");
    auto keys = txn.ListAgentKeys((*agent.value)->id);
    if (!keys.ok()) return FromDiagnostics(keys.diagnostics);
    OrderedJson out = OrderedJson::array();
    for (const AgentKeyRow& key : *keys.value) out.push_back(KeyJson(key));
    return Json(200, std::move(out));
  });
}

ApiResponse RevokeKey(Ctx& ctx) {
  return InTxn(ctx, [&](StoreTxn& txn) {
    auto agent = FindAgent(txn, ctx.params[0]);
    if (!agent.ok()) return FromDiagnostics(agent.diagnostics);
    if (!*agent.value) return Error(404, "Agent not found");
    auto key = IsGuid(ctx.params[1]) ? txn.GetAgentKey(ctx.params[1]) : Result<std::optional<AgentKeyRow>>::Ok(std::nullopt);
    if (!key.ok()) return FromDiagnostics(key.diagnostics);
    if (!*key.value || (*key.value)->agent_id != (*agent.value)->id) return Error(404, "Key not found");
    auto revoked = txn.RevokeAgentKey((*agent.value)->id, (*key.value)->id, ctx.clock.NowIso8601());
    if (!revoked.ok()) return FromDiagnostics(revoked.diagnostics);
    if (!*revoked.value) return Error(404, "Key not found");
    OrderedJson details = {{"keyId", (*key.value)->id}, {"name", (*key.value)->name}};
    if (auto s = Audit(ctx, txn, **agent.value, "agent.key_revoked", std::move(details)); !s.ok()) {
      return FromDiagnostics(s.diagnostics);
    }
    return Json(200, {{"ok", true}});
  });
}

// last_used_at to the minute: the first use in a minute writes it, the
// others only read, so an agent reading in a loop does not queue a write per
// request behind the store's writer (Paperclip writes on every use).
bool TouchDue(const AgentKeyRow& key, const std::string& now) {
  constexpr std::size_t kMinute = 16;  // "2026-11-22T12:15"
  return !key.last_used_at || key.last_used_at->compare(0, kMinute, now, 0, kMinute) != 0;
}

}  // namespace

std::optional<ApiResponse> AuthenticateAgent(Ctx& ctx, std::string_view token) {
  const std::string hash = TokenHash(token);
  std::optional<AgentKeyRow> key;
  ApiResponse checked = InReadTxn(ctx, [&](StoreTxn& txn) {
    auto found = txn.FindAgentKeyByHash(hash);
    if (!found.ok()) return FromDiagnostics(found.diagnostics);
    if (!*found.value) return Error(401, kDidNotVerify);
    key = std::move(*found.value);
    auto agent = txn.GetAgent(key->agent_id);
    if (!agent.ok()) return FromDiagnostics(agent.diagnostics);
    if (!*agent.value || (*agent.value)->company_id != key->company_id) return Error(401, kAgentMissing);
    if ((*agent.value)->status == "terminated") return Error(401, "Agent is terminated and cannot authenticate");
    if ((*agent.value)->status == "pending_approval") {
      return Error(401, "Agent is pending approval and cannot authenticate");
    }
    return Json(200, nullptr);
  });
  if (checked.status != 200) return checked;
  const std::string now = ctx.clock.NowIso8601();
  if (TouchDue(*key, now)) {
    ApiResponse touched = InTxn(ctx, [&](StoreTxn& txn) {
      if (auto s = txn.TouchAgentKey(key->id, now); !s.ok()) return FromDiagnostics(s.diagnostics);
      return Json(200, nullptr);
    }, SecretStore::Durability::kRelaxed);
    if (touched.status != 200) return touched;
  }
  ctx.agent = AgentActor{key->agent_id, key->company_id, key->id};
  return std::nullopt;
}

std::vector<Route> AgentKeyRoutes() {
  return {
      {"GET", "/api/agents/:id/keys", Access::kBoard, ListKeys},
      {"POST", "/api/agents/:id/keys", Access::kBoard, CreateKey},
      {"DELETE", "/api/agents/:id/keys/:keyId", Access::kBoard, RevokeKey},
  };
}

}  // namespace clasp::native::api
