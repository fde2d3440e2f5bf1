// clasp/native/portable_declarations.h — `clasp secrets declarations`
// (PORT-3): the env input declarations a company export would emit, without
// exporting anything.
//
// The rules are the core's (portable.h: ExtractPortableEnvInputs, PORT-2;
// DedupeEnvInputs); this module feeds them a company's rows the way
// Paperclip 2026.916.1's exporter does (services/company-portability.js):
// * agents sorted by name, each with the slug AgentUrlKey(name) or "agent",
//   made unique in that order with "-2", "-3", …; then projects sorted by
//   name, slug ProjectUrlKey(name, name) (deriveProjectUrlKey(name, name)),
//   made unique the same way among projects;
// * each agent's adapterConfig.env, then each project's env, extracted in
//   that order, and the whole list deduplicated.
//
// Where clasp differs:
// * names are sorted by JS toLowerCase() then by code units, where Paperclip
//   uses localeCompare (ICU collation); the two only disagree on
//   punctuation and accents, and only slugs of clashing names depend on it;
// * clasp has no archived projects, so every project is listed (Paperclip's
//   export skips archivedAt ones);
// * unless `paperclip_compat`, a plain entry whose key clasp's default
//   policy (SensitiveKeyPolicy::Default()) calls sensitive is declared as a
//   secret with default "", even where SENS-3 alone would have exported its
//   value (e.g. ACCESSTOKEN, a SENS-1 match): clasp never prints what any of
//   Paperclip's rules calls a secret.
#pragma once

#include <string>
#include <vector>

#include "clasp/diagnostic.h"
#include "clasp/native/secret_store.h"
#include "clasp/portable.h"

namespace clasp::native {

struct DeclarationOptions {
  bool secrets_only = false;      // --kind secret: only kind "secret" entries
  bool paperclip_compat = false;  // exactly Paperclip's export (see above)
};

struct CompanyDeclarations {
  std::vector<EnvInputDeclaration> inputs;
  std::vector<Diagnostic> warnings;  // PORT-2's PATH / system-dependent warnings
};

// Reads the company's agents and projects through `txn`. An unknown company
// is input_invalid_value "Company not found: <id>" (404).
//   agent "Coder" env {"OPENAI_API_KEY":{secret_ref}, "MODE":"fast"}
//     -> [{OPENAI_API_KEY, coder, secret, ""}, {MODE, coder, plain, "fast"}]
//   same, secrets_only -> [{OPENAI_API_KEY, coder, secret, ""}]
Result<CompanyDeclarations> CompanyEnvDeclarations(StoreTxn& txn, const std::string& company_id,
                                                   const DeclarationOptions& options = {});

// {companyId, envInputs:[EnvInputJson…], warnings:[{code, path, message}]}.
OrderedJson DeclarationsJson(const std::string& company_id, const CompanyDeclarations& declarations);

}  // namespace clasp::native
