// clasp/binding.h — the vocabulary of the central binding model (§3).
//
// A binding row says "target <targetType>:<targetId> of company <companyId>
// reads secret <secretId> at <configPath>". These are plain mirrors of the
// `company_secret_bindings` table and of the few secret attributes SEC-1 looks
// at; core/ never touches a database, so callers load rows and secrets and
// pass them in (binding_sync.h, binding_context.h, desync.h).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clasp/json_input.h"
#include "clasp/result.h"

namespace clasp {

// One row of company_secret_bindings (§3.1). `version_selector` is the stored
// text: "latest" or a decimal such as "3" (VersionSelectorText).
struct BindingRow {
  // Declared so the fields a sync plan reads share cache lines.
  std::string company_id;
  std::string target_type;
  std::string target_id;
  std::string config_path;
  std::string secret_id;
  std::string version_selector = "latest";
  std::string projection_class = "unclassified";
  std::optional<std::string> projection_allowlist_key;
  bool required = true;
  std::optional<std::string> label;
  std::string id;
};

// A row in the API's camelCase shape (GET /secrets/:id/usage): id,
// companyId, secretId, targetType, targetId, configPath, versionSelector,
// required, label, projectionClass, projectionAllowlistKey. Absent or null
// fields take their column defaults; a numeric versionSelector is read as
// its text (3 -> "3"); any other wrong type is input_wrong_type at "/<field>".
//   {"configPath":"env.K","versionSelector":"2"} -> ok
//   {"configPath":7}                             -> input_wrong_type "/configPath"
Result<BindingRow> BindingRowFromJson(const OrderedJson& json);

// The same shape back; label and projectionAllowlistKey are null when unset.
OrderedJson BindingRowToJson(const BindingRow& row);

// Which rows an env sync owns: those of (targetType, targetId) under
// `<path_prefix>.`. Agents, projects and routines use the default "env".
struct BindingTarget {
  std::string target_type;
  std::string target_id;
  std::string path_prefix = "env";
};

// What SEC-1 needs to know about a secret. status "deleted" counts as absent.
struct SecretInfo {
  std::string company_id;
  std::string status = "active";
  std::string scope = "company";
};

// Secrets by id. Keys are ids in lower case, the text form PostgreSQL gives a
// uuid column; FindSecret folds the queried id, because Paperclip's lookups
// go through that uuid column and so ignore hex case.
using SecretMap = std::map<std::string, SecretInfo, std::less<>>;

//   FindSecret({{"aaaaaaaa-...-00000000000a", s}}, "AAAAAAAA-...-00000000000A") == &s
//   FindSecret({}, "aaaaaaaa-...")                                             == nullptr
const SecretInfo* FindSecret(const SecretMap& secrets, std::string_view secret_id);

// Secret ids are uuids, which PostgreSQL compares without regard to hex case:
//   SameSecretId("ABC...", "abc...") == true
bool SameSecretId(std::string_view a, std::string_view b);

// Object.entries order of a JSON object, which is what Paperclip iterates:
// keys that are array indices ("0", "12", up to 4294967294; not "01", "-1")
// first in ascending numeric order, then every other key in document order.
//   {"b":1,"10":1,"a":1,"2":1}  ->  "2", "10", "b", "a"
// A non-object yields no entries.
std::vector<OrderedJson::const_iterator> JsObjectEntries(const OrderedJson& object);

// True for the canonical decimal strings V8 treats as array indices.
//   IsJsArrayIndex("0") == true;  IsJsArrayIndex("4294967294") == true
//   IsJsArrayIndex("01") == false; IsJsArrayIndex("4294967295") == false
bool IsJsArrayIndex(std::string_view key);

}  // namespace clasp
