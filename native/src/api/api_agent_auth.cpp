#include "api_agent_auth.h"

#include <time.h>

#include "clasp/sha256.h"

namespace clasp::native::api {
namespace {

constexpr long long kTouchIntervalSeconds = 60;

// Seconds since the epoch of an ISO 8601 UTC timestamp's first 19
// characters ("2026-11-22T12:15:26"); nullopt when they are no timestamp.
std::optional<long long> EpochSeconds(const std::string& iso) {
  struct tm tm = {};
  const char* end = strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (!end) return std::nullopt;
  return static_cast<long long>(timegm(&tm));
}

// An unreadable timestamp counts as stale: writing it again is harmless.
bool TouchDue(const std::optional<std::string>& last_used_at, const std::string& now) {
  if (!last_used_at) return true;
  const auto last = EpochSeconds(*last_used_at), current = EpochSeconds(now);
  return !last || !current || *current - *last >= kTouchIntervalSeconds;
}

ApiResponse Unauthorized(const char* message) { return Error(401, message); }

// 200 with `key` set, or the refusal.
ApiResponse Check(StoreTxn& txn, const std::string& hash, AgentKeyRow& key_out) {
  auto found = txn.FindAgentKeyByHash(hash);
  if (!found.ok()) return FromDiagnostics(found.diagnostics);
  if (!*found.value) return Unauthorized("Agent token did not verify; obtain fresh credentials and retry");
  key_out = (*found.value)->key;
  const std::optional<AgentKeyHolder>& agent = (*found.value)->agent;
  if (!agent || agent->company_id != key_out.company_id) {
    return Unauthorized("Agent record is missing or belongs to another company; obtain fresh credentials and retry");
  }
  if (agent->status == "terminated") return Unauthorized("Agent is terminated and cannot authenticate");
  if (agent->status == "pending_approval") {
    return Unauthorized("Agent is pending approval and cannot authenticate");
  }
  return Json(200, nullptr);
}

}  // namespace

std::string TokenHash(std::string_view token) { return HexLower(Sha256Of(token)); }

std::optional<ApiResponse> AuthenticateAgent(Ctx& ctx, StoreTxn& txn) {
  AgentKeyRow key;
  ApiResponse checked = Check(txn, ctx.agent_token_hash, key);
  if (checked.status != 200) return checked;
  ctx.agent = AgentClaims{key.agent_id, key.company_id, key.id, key.last_used_at};
  return std::nullopt;
}

std::optional<ApiResponse> RecordAgentKeyUse(Ctx& ctx) {
  const std::string now = ctx.clock.NowIso8601();
  if (!TouchDue(ctx.agent->key_last_used_at, now)) return std::nullopt;
  // Bookkeeping like last_resolved_at: kRelaxed, no flush to wait for.
  ApiResponse touched = InTxn(ctx, [&](StoreTxn& txn) {
    Status s = txn.TouchAgentKey(ctx.agent->key_id, now);
    return s.ok() ? Json(200, nullptr) : FromDiagnostics(s.diagnostics);
  }, SecretStore::Durability::kRelaxed);
  if (touched.status != 200) return touched;
  return std::nullopt;
}

}  // namespace clasp::native::api
