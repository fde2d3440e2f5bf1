// clasp/env_redaction.h — RED-1's other half: what a read shows of an env map,
// and how a write that echoes that view back gets the stored values again.
//
// Paperclip never returns a plain env value over HTTP: every read of an
// agent's adapterConfig shows each plain entry as the placeholder
// {"type":"plain","value":"***REDACTED***"}, secret refs as they are (their
// secretId is not a secret). A UI that edits one key sends the whole env back,
// placeholders included, so the write path swaps each placeholder for the
// stored entry before NormalizeEnv sees it; a placeholder with nothing stored
// behind it survives and NormalizeEnv refuses it (RED-1, 422 "Refusing to
// persist redacted placeholder for key: <key>").
//
// This module is the pure half (redaction.js redactAgentAdapterConfig and
// routes/agents.js restoreRedactedAgentEnv); the native service calls it.
//
// Differences from Paperclip, all deliberate:
// - Paperclip redacts agents' env only; a project's env is returned in the
//   clear by GET /projects/:id. clasp's service uses the same functions for
//   projects (and restores placeholders on their writes, so a GET→PATCH
//   round trip still works).
// - Outside `env`, Paperclip also scans every string of the adapterConfig for
//   credentials in free text (Authorization headers, "--token x" command
//   fragments). RedactAdapterConfigForRead applies only the field-name rule
//   and the JWT-shape rule below; free-text scanning is not reproduced.
#pragma once

#include <string_view>

#include "clasp/env_normalize.h"
#include "clasp/json_input.h"

namespace clasp {

// One env entry as a read shows it (redactAgentEnvBinding):
// - a string or a {"type":"plain", "value":…} object (any value type)
//     -> {"type":"plain","value":"***REDACTED***"}
// - a secret_ref with a uuid secretId -> {type, secretId} plus version when it
//     is "latest" or a positive integer, projectionClass when it is a known
//     class, projectionAllowlistKey when null or of the form "<a>.<b>"
//     ([A-Za-z0-9_-]{1,80} each); anything else the entry carries is dropped
// - a user_secret_ref with a key of [A-Za-z0-9_.-]{1,120} -> {type, key} plus
//     version, required, allowMissingOverride when well-typed
// - null -> null; anything else (a number, an unknown type, a secret_ref with a
//     bad id) -> the bare string "***REDACTED***"
//   RedactEnvBindingForRead("sk-live")                       -> {"type":"plain","value":"***REDACTED***"}
//   RedactEnvBindingForRead({"type":"secret_ref","secretId":G,"version":2,"x":1})
//                                                            -> {"type":"secret_ref","secretId":G,"version":2}
//   RedactEnvBindingForRead(42)                              -> "***REDACTED***"
OrderedJson RedactEnvBindingForRead(const OrderedJson& binding);

// A whole env map as a read shows it, keys in their stored order. A non-object
// (only a foreign writer can store one) is shown as null when null and as the
// bare placeholder otherwise: a read never echoes what it cannot classify.
//   RedactEnvForRead({"LOG":"debug","K":{"type":"secret_ref","secretId":G,...}})
//     -> {"LOG":{"type":"plain","value":"***REDACTED***"},"K":{"type":"secret_ref","secretId":G,...}}
//   RedactEnvForRead("oops") -> "***REDACTED***"
OrderedJson RedactEnvForRead(const OrderedJson& env);

// redaction.js's field-name rule (SECRET_FIELD_NAME_PATTERN): the name
// contains, ASCII case-insensitively, api[-_]?key, access[-_]?token, auth,
// token, authorization, bearer, secret, passwd, password, credential, jwt,
// private[-_]?key, cookie, connectionstring, browser[-_]?code or login[-_]?url.
//   IsSecretFieldName("apiKey") == true;  IsSecretFieldName("GITHUB_TOKEN") == true
//   IsSecretFieldName("model") == false;  IsSecretFieldName("cwd") == false
bool IsSecretFieldName(std::string_view name);

// An agent's adapterConfig as a read shows it (redactAgentAdapterConfig):
// `env` through RedactEnvForRead (also when it is not an object, where
// Paperclip would run it through the generic rule; a read stays fail-closed),
// placed last as Paperclip does; every other member, at any depth, redacted
// when its name passes IsSecretFieldName (a secret_ref kept as in
// RedactEnvBindingForRead, a plain binding as the plain placeholder, anything
// else as the bare placeholder), and any string shaped like a JWT
// (three or four dot-separated [A-Za-z0-9_-]+ runs) replaced by the bare
// placeholder. A non-object config is returned as it is. Nesting deeper than
// 64 levels is cut off with the bare placeholder rather than recursed into.
//   RedactAdapterConfigForRead({"model":"gpt","apiKey":"sk","env":{"A":"1"}})
//     -> {"model":"gpt","apiKey":"***REDACTED***","env":{"A":{"type":"plain","value":"***REDACTED***"}}}
OrderedJson RedactAdapterConfigForRead(const OrderedJson& adapter_config);

// The placeholder as a write receives it back: an object whose "type" is
// "plain" and whose "value" is exactly "***REDACTED***". The bare string
// "***REDACTED***" is not one (Paperclip's restore skips it, so RED-1 refuses it).
//   IsRedactedPlaceholder({"type":"plain","value":"***REDACTED***"}) == true
//   IsRedactedPlaceholder("***REDACTED***") == false
bool IsRedactedPlaceholder(const OrderedJson& binding);

// restoreRedactedAgentEnv: `incoming` with every placeholder (above) whose key
// exists in `stored` replaced by the stored entry, whatever that entry is (a
// placeholder only ever stands for "leave this key as it is"). Placeholders
// for keys not stored stay, so NormalizeEnv answers RED-1 for them. When
// either side is not an object, `incoming` is returned unchanged. Key order
// is the incoming order.
//   stored {"A":{"type":"plain","value":"1"}}
//   RestoreRedactedEnv({"A":<placeholder>}, stored) -> {"A":{"type":"plain","value":"1"}}
//   RestoreRedactedEnv({"B":<placeholder>}, stored) -> {"B":<placeholder>}   (then RED-1)
//   RestoreRedactedEnv({"A":"***REDACTED***"}, stored) -> unchanged           (then RED-1)
OrderedJson RestoreRedactedEnv(const OrderedJson& incoming, const OrderedJson& stored);

}  // namespace clasp
