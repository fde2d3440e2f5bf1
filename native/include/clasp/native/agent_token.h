// clasp/native/agent_token.h — bearer tokens bound to one agent.
//
// Paperclip's agent-facing secret routes (GET /agents/me/secrets, POST
// /agents/me/secrets/:key/value) need a token that names exactly one agent
// of one company. clasp signs the pair with HMAC-SHA256 under a key derived
// from the instance's master key, so tokens need no table and survive a
// restart; they stop working when the master key changes. There is no
// per-token revocation (documented in the README): unbinding the agent's
// secrets is what takes access away, since every resolve re-checks BIND-2.
//
// Format: "clasp_agent_v1.<agentId>.<companyId>.<64 hex HMAC>".
//   Verify(Issue(a1, c1))                    -> {a1, c1}
//   Verify("clasp_agent_v1.a1.c1.00…00")      -> kBindingNotAllowed (bad signature)
//   Verify("Bearer x") / Verify("")           -> kBindingNotAllowed
#pragma once

#include <string>
#include <string_view>

#include "clasp/native/secret_bytes.h"
#include "clasp/native/status.h"

namespace clasp::native {

struct AgentTokenClaims {
  std::string agent_id;
  std::string company_id;
};

class AgentTokenSigner {
 public:
  // The signing key is HMAC-SHA256(master_key, "clasp agent token v1"): a
  // token never reveals, and cannot be used to recover, the master key.
  static AgentTokenSigner FromMasterKey(const SecretBytes& master_key);

  std::string Issue(const AgentTokenClaims& claims) const;
  Result<AgentTokenClaims> Verify(std::string_view token) const;

 private:
  explicit AgentTokenSigner(SecretBytes key) : key_(std::move(key)) {}
  std::string Mac(std::string_view message) const;
  SecretBytes key_;
};

}  // namespace clasp::native
