// clasp/remote_import_request.h — the bodies of Paperclip's remote import
// routes, checked as its zod schemas check them
// (remoteSecretImportPreviewSchema, remoteSecretImportSchema in
// @paperclipai/shared 2026.916.1).
//
// Like secret_request.h: one Diagnostic per zod issue, in zod's order, with
// zod's message and the path as a JSON Pointer ("/secrets/0/key"),
// http_status 400; zod_issues.h turns them into Paperclip's `details`.
// Order inside an array: the elements' issues first, then the array's own
// size issue (zod checks the array's length after its elements).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clasp/json_input.h"
#include "clasp/remote_import.h"
#include "clasp/result.h"

namespace clasp {

// IMP-1 limits, shared by the preview and the discovery preview.
inline constexpr std::size_t kRemoteImportQueryMax = 200;
inline constexpr std::size_t kRemoteImportNextTokenMax = 4096;
inline constexpr int kRemoteImportPageSizeMax = 100;
// IMP-4 limits.
inline constexpr std::size_t kRemoteImportRowsMax = 100;
inline constexpr std::size_t kRemoteImportExternalRefMax = 2048;
inline constexpr std::size_t kRemoteImportNameMax = 160;
inline constexpr std::size_t kRemoteImportDescriptionMax = 500;
inline constexpr std::size_t kRemoteImportProviderVersionRefMax = 512;

// POST /companies/:cid/secrets/remote-import/preview.
struct RemoteImportPreviewRequest {
  std::string provider_config_id;
  std::optional<std::string> query;       // trimmed; nullopt when absent or null
  std::optional<std::string> next_token;  // trimmed, opaque
  std::optional<int> page_size;
};

// IMP-1: providerConfigId a GUID; query a string trimmed to <=200 code
// points, optional, nullable; nextToken trimmed, 1..4096, optional,
// nullable; pageSize an integer 1..100, optional (null is refused).
//   {"providerConfigId":"<uuid>","pageSize":100,"query":"  prod "} -> ok, query "prod"
//   {"providerConfigId":"<uuid>","pageSize":0}   -> "Too small: expected number to be >=1" at /pageSize
//   {"providerConfigId":"<uuid>","pageSize":1.5} -> "Invalid input: expected int, received number" at /pageSize
//   {"providerConfigId":"x","nextToken":"  "}    -> "Invalid GUID" at /providerConfigId,
//                                                   "Too small: expected string to have >=1 characters" at /nextToken
Result<RemoteImportPreviewRequest> ParseRemoteImportPreviewRequest(const OrderedJson& body);

// POST /companies/:cid/secrets/remote-import.
struct RemoteImportRequest {
  std::string provider_config_id;
  std::vector<RemoteImportSelection> secrets;
};

// IMP-4: providerConfigId a GUID; secrets an array of 1..100 objects, each
// externalRef trimmed 1..2048; name trimmed 1..160; key secretKeySchema
// (trimmed 1..120, [A-Za-z0-9_.-]+); description trimmed <=500;
// providerVersionRef trimmed 1..512; providerMetadata a record (accepted and
// ignored: Paperclip stores null); all but externalRef optional and nullable.
//   {"providerConfigId":"<uuid>","secrets":[{"externalRef":" arn:x "}]} -> ok, externalRef "arn:x"
//   {"providerConfigId":"<uuid>","secrets":[]}   -> "Too small: expected array to have >=1 items" at /secrets
//   101 rows                                     -> "Too big: expected array to have <=100 items" at /secrets
//   {"providerConfigId":"<uuid>","secrets":[{"externalRef":"a","key":"a b"}]}
//     -> "Invalid string: must match pattern /^[a-zA-Z0-9_.-]+$/" at /secrets/0/key
Result<RemoteImportRequest> ParseRemoteImportRequest(const OrderedJson& body);

}  // namespace clasp
