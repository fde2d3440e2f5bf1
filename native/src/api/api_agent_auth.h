// Agent authentication for Access::kAgent routes, as Paperclip's
// middleware/auth.js does it for agent API keys: the bearer token's SHA-256
// names a live agent_api_keys row, whose agent must still exist in the
// key's company and be neither terminated nor pending approval.
//   a live key of an idle agent          -> ctx.agent = {agent, company, key}
//   a revoked, unknown or old
//   "clasp_agent_v1.…" token             -> 401 "Agent token did not verify; obtain fresh credentials and retry"
//   a live key of a terminated agent     -> 401 "Agent is terminated and cannot authenticate"
// Deliberately unlike Paperclip: a key without responsible_user_id is
// accepted (clasp has no users; Paperclip answers 403).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api_internal.h"

namespace clasp::native::api {

// The stored form of a token: lower-case hex SHA-256 of its bytes, as
// Paperclip's hashToken.
std::string TokenHash(std::string_view token);

// Checks ctx.agent_token_hash inside the route's own read transaction, so
// the key, its agent and what the agent may read come from one snapshot
// (and a request costs one transaction, not two). nullopt when the token
// authenticates (ctx.agent is then set); otherwise the response to send.
std::optional<ApiResponse> AuthenticateAgent(Ctx& ctx, StoreTxn& txn);

// After AuthenticateAgent's transaction: writes last_used_at in its own
// short transaction, only when the stored one is older than a minute (or
// unset). Paperclip writes it on every request, which would turn every
// agent read into a write. nullopt, or the storage failure to send.
std::optional<ApiResponse> RecordAgentKeyUse(Ctx& ctx);

}  // namespace clasp::native::api
