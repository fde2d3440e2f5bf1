// `clasp doctor`'s agent_keys check: how many agent API keys can
// authenticate, and the word that the old HMAC tokens no longer do.
#include "doctor_checks.h"

namespace clasp::native::doctor {

namespace {

constexpr const char* kOldTokens =
    "agent tokens of the old clasp_agent_v1 scheme are no longer accepted: mint a key with POST "
    "/api/agents/:id/keys";

}  // namespace

DoctorCheck AgentKeysCheck(SecretStore& store) {
  std::size_t live = 0, revoked = 0;
  Status read = store.Transact([&](StoreTxn& txn) -> Status {
    auto agents = txn.ListAgents(std::nullopt);
    if (!agents.ok()) return Forward<Done>(std::move(agents));
    for (const AgentRow& agent : *agents.value) {
      auto keys = txn.ListAgentKeys(agent.id);
      if (!keys.ok()) return Forward<Done>(std::move(keys));
      for (const AgentKeyRow& key : *keys.value) ++(key.revoked_at ? revoked : live);
    }
    return OkStatus();
  }, SecretStore::Durability::kReadOnly);
  if (!read.ok()) {
    DoctorCheck check = MakeCheck("agent_keys", "warn", "Cannot read agent keys");
    check.incomplete = true;
    return check;
  }
  DoctorCheck check = MakeCheck("agent_keys", "ok",
                                std::to_string(live) + " live agent key" + (live == 1 ? "" : "s") + ", " +
                                    std::to_string(revoked) + " revoked; " + kOldTokens);
  check.details = {{"live", live}, {"revoked", revoked}};
  return check;
}

}  // namespace clasp::native::doctor
