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
// Deleted secrets are never found by name or key.
#pragma once

#include <string>

#include "clasp/native/secret_store.h"

namespace clasp::cli {

Result<native::CompanyRow> FindCompanyRef(native::StoreTxn& txn, const std::string& ref);
Result<native::SecretRow> FindSecretRef(native::StoreTxn& txn, const std::string& company_id, const std::string& ref);
Result<native::AgentRow> FindAgentRef(native::StoreTxn& txn, const std::string& company_id, const std::string& ref);

}  // namespace clasp::cli
