// Internal to UserSecretService (user_secret_service.h): what its
// definition and value halves share.
#pragma once

#include <string>

#include "clasp/json_input.h"
#include "clasp/native/clock.h"
#include "clasp/native/random.h"
#include "clasp/native/secret_store.h"

namespace clasp::native::user_secrets {

// resolveUserSecretDefinition's 404 text for a lookup by id.
std::string DefinitionNotFoundMessage(const std::string& definition_id);

// The company's definition with that id (CanonicalGuid), unless deleted:
// else kUserSecretDefinitionMissing with DefinitionNotFoundMessage.
Result<UserSecretDefinitionRow> LiveDefinition(StoreTxn& txn, const std::string& company_id,
                                               const std::string& definition_id);

// One activity_log row as Paperclip's logActivity writes it.
struct ActivityInput {
  std::string company_id;
  std::string actor_type;
  std::string actor_id;
  std::string action;
  std::string entity_type;
  std::string entity_id;
  OrderedJson details;
};
Status RecordActivity(StoreTxn& txn, Random& random, Clock& clock, const ActivityInput& input);

// A user's value row with its bindings (its versions cascade).
Status DeleteValue(StoreTxn& txn, const std::string& secret_id);

}  // namespace clasp::native::user_secrets
