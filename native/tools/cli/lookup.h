// lookup.h — names wherever an id is: how a command finds the company,
// secret or agent an operator named.
//
// A reference is an id or a name (a secret also by its key). An id matches
// first, case-insensitively as PostgreSQL's uuid does; otherwise exactly one
// row must carry the name, or the answer is an error that lists the
// candidates' ids (a name is not unique in Paperclip's schema):
//   FindCompanyRef(txn, "")        with one company  -> that company
//   FindCompanyRef(txn, "")        with two          -> error "… --company NAME|ID (Acme, Beta)"
//   FindSecretRef(txn, c, "OpenAI API key")           -> the live secret of that name
//   FindSecretRef(txn, c, "openai-api-key")           -> the same secret, by its key
//   FindAgentRef(txn, c, "coder") with two "coder"s   -> error "coder names 2 agents: give the id (…)"
//   FindAgentRef(txn, std::nullopt, "coder")          -> the one agent named coder in any company
// Deleted secrets are never found by name or key.
#pragma once

#include <optional>
#include <string>

#include "clasp/native/secret_store.h"

namespace clasp::cli {

Result<native::CompanyRow> FindCompanyRef(native::StoreTxn& txn, const std::string& ref);
Result<native::SecretRow> FindSecretRef(native::StoreTxn& txn, const std::string& company_id, const std::string& ref);
Result<native::AgentRow> FindAgentRef(native::StoreTxn& txn, const native::CompanyFilter& company, const std::string& ref);
Result<native::ProjectRow> FindProjectRef(native::StoreTxn& txn, const native::CompanyFilter& company,
                                          const std::string& ref);

// The ids of an agent, named in any company, and of a project of its
// company (run-env, redact), read in one snapshot.
//   ResolveRunTarget(store, "Coder", "Website") -> {agent id, project id}
struct RunTargetIds {
  std::string agent_id;
  std::optional<std::string> project_id;
};
Result<RunTargetIds> ResolveRunTarget(native::SecretStore& store, const std::string& agent,
                                      const std::optional<std::string>& project);

}  // namespace clasp::cli
