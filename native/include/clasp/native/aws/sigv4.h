// clasp/native/aws/sigv4.h — AWS Signature Version 4, as botocore computes it.
//
// A pure function of its inputs (no clock, no environment): the caller
// passes the request, the timestamp and the credentials, and gets back the
// headers to add. Kept separate from the transport so tests can compare it
// with botocore.auth.SigV4Auth byte for byte on generated requests
// (tests/aws/sigv4_botocore.py), unicode paths and query values, empty
// bodies, session tokens and repeated headers included.
//
// Canonicalisation follows botocore rather than the prose of the AWS docs
// where they could be read two ways:
//  - the path has its dot segments and repeated slashes removed, an empty
//    path is "/", and it is percent-encoded as UTF-8 with "/" and "~" kept;
//  - query names and values are percent-encoded (unreserved kept), then the
//    (name, value) pairs are sorted;
//  - header names are lowercased, values trimmed with inner runs of spaces
//    and tabs folded; a name given twice joins its values with "," in the
//    order given; hop-by-hop headers and user-agent are never signed;
//  - an x-amz-content-sha256 header, when given, is the payload hash.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "clasp/result.h"

namespace clasp::native::aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct SigV4Request {
  std::string method;      // "POST"
  std::string path;        // as in the URL, not yet percent-encoded: "/", "/a b/ü"
  HeaderList query;        // decoded names and values, in any order
  HeaderList headers;      // must contain host; x-amz-date/token/authorization are added
  std::string_view body;
  std::string amz_date;    // "20261208T013000Z" (UTC)
  std::string region;      // "us-east-1"
  std::string service;     // "secretsmanager"
};

struct SigV4Signature {
  std::string authorization;   // "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..."
  std::string signed_headers;  // "content-type;host;x-amz-date"
  HeaderList headers_to_add;   // X-Amz-Date, X-Amz-Security-Token (with a token), Authorization
};

// Signs `request` with `credentials`.
//   SignV4({.method="POST", .path="/", .headers={{"Host","example.amazonaws.com"}},
//           .amz_date="20150830T123600Z", .region="us-east-1", .service="service"},
//          {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""})
//     -> signed_headers == "host;x-amz-date"
//   SignV4 of a request without a host header -> input_invalid_value (no host)
//   SignV4 with amz_date "2015-08-30" -> input_invalid_value (not YYYYMMDDTHHMMSSZ)
Result<SigV4Signature> SignV4(const SigV4Request& request, const Credentials& credentials);

// The payload hash SigV4 signs: hex SHA-256 of the body.
//   PayloadSha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
std::string PayloadSha256Hex(std::string_view body);

// RFC 3986 percent-encoding as botocore's quote(): unreserved characters
// (A-Z a-z 0-9 - _ . ~) and those in `keep` stay, every other byte of the
// UTF-8 text becomes %XX (upper-case hex).
//   UriEncode("a b/ü", "/") == "a%20b/%C3%BC"
//   UriEncode("a=b", "")    == "a%3Db"
std::string UriEncode(std::string_view text, std::string_view keep);

// The signing time format from a Unix time in seconds.
//   AmzDate(1440938160) == "20150830T123600Z"
std::string AmzDate(long long unix_seconds);

}  // namespace clasp::native::aws
