// SigV4 as botocore.auth.SigV4Auth computes it (see sigv4.h for the rules
// where the AWS documentation leaves a choice).
#include "clasp/native/aws/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>

#include "clasp/native/status.h"
#include "clasp/sha256.h"

namespace clasp::native::aws {
namespace {

// Never signed: botocore's SIGNED_HEADERS_BLACKLIST (hop-by-hop headers a
// proxy may rewrite, and the user agent).
constexpr std::array<std::string_view, 11> kUnsignedHeaders = {
    "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
    "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id"};

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Python's str.split() whitespace, restricted to ASCII.
bool IsSpace(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f); }

std::string FoldSpaces(std::string_view value) {
  std::string out;
  std::size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && IsSpace(static_cast<unsigned char>(value[i]))) ++i;
    std::size_t start = i;
    while (i < value.size() && !IsSpace(static_cast<unsigned char>(value[i]))) ++i;
    if (i > start) {
      if (!out.empty()) out.push_back(' ');
      out.append(value.substr(start, i - start));
    }
  }
  return out;
}

// RFC 3986 §5.2.4 dot-segment removal plus botocore's collapsing of
// repeated slashes (utils.remove_dot_segments).
std::string NormalizePath(std::string_view path) {
  if (path.empty()) return "/";
  std::vector<std::string_view> kept;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view segment = path.substr(start, slash - start);
    if (segment == "..") {
      if (!kept.empty()) kept.pop_back();
    } else if (!segment.empty() && segment != ".") {
      kept.push_back(segment);
    }
    start = slash + 1;
  }
  std::string out = path.front() == '/' ? "/" : "";
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (i > 0) out.push_back('/');
    out.append(kept[i]);
  }
  if (path.back() == '/' && !kept.empty()) out.push_back('/');
  return out;
}

std::string HmacSha256(std::string_view key, std::string_view message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

bool IsAmzDate(std::string_view date) {
  if (date.size() != 16 || date[8] != 'T' || date[15] != 'Z') return false;
  for (std::size_t i = 0; i < 15; ++i) {
    if (i != 8 && !std::isdigit(static_cast<unsigned char>(date[i]))) return false;
  }
  return true;
}

struct CanonicalHeaders {
  std::string text;    // "name:value\n" lines
  std::string signed_names;
};

// The headers botocore signs: the caller's, less the unsigned ones and the
// ones the signature itself sets, plus x-amz-date and the session token.
Result<HeaderList> HeadersToSign(const SigV4Request& request, const Credentials& credentials) {
  HeaderList kept;
  bool has_host = false;
  for (const auto& [name, value] : request.headers) {
    std::string lname = Lower(name);
    if (lname == "date") {
      return FailResult<HeaderList>(Code::kInputInvalidValue, "SigV4: a Date header is not supported; x-amz-date is set");
    }
    if (lname == "authorization" || lname == "x-amz-date") continue;
    if (lname == "x-amz-security-token" && !credentials.session_token.empty()) continue;
    if (std::find(kUnsignedHeaders.begin(), kUnsignedHeaders.end(), lname) != kUnsignedHeaders.end()) continue;
    has_host = has_host || lname == "host";
    kept.emplace_back(std::move(lname), value);
  }
  if (!has_host) return FailResult<HeaderList>(Code::kInputInvalidValue, "SigV4: the request has no host header");
  kept.emplace_back("x-amz-date", request.amz_date);
  if (!credentials.session_token.empty()) kept.emplace_back("x-amz-security-token", credentials.session_token);
  return Result<HeaderList>::Ok(std::move(kept));
}

CanonicalHeaders Canonicalize(const HeaderList& headers) {
  std::vector<std::string> names;
  for (const auto& entry : headers) names.push_back(entry.first);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  CanonicalHeaders out;
  for (const std::string& name : names) {
    std::string joined;
    bool first = true;
    for (const auto& [n, value] : headers) {
      if (n != name) continue;
      if (!first) joined.push_back(',');
      joined += FoldSpaces(value);
      first = false;
    }
    out.text += name + ":" + joined + "\n";
    if (!out.signed_names.empty()) out.signed_names.push_back(';');
    out.signed_names += name;
  }
  return out;
}

std::string CanonicalQuery(const HeaderList& query) {
  std::vector<std::pair<std::string, std::string>> encoded;
  for (const auto& [name, value] : query) encoded.emplace_back(UriEncode(name, ""), UriEncode(value, ""));
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out.push_back('&');
    out += name + "=" + value;
  }
  return out;
}

std::string PayloadHash(const HeaderList& headers, std::string_view body) {
  for (const auto& [name, value] : headers) {
    if (name == "x-amz-content-sha256") return value;
  }
  return PayloadSha256Hex(body);
}

}  // namespace

std::string PayloadSha256Hex(std::string_view body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(body.data(), body.size(), digest, &length, EVP_sha256(), nullptr);
  return HexLower(std::string_view(reinterpret_cast<const char*>(digest), length));
}

std::string UriEncode(std::string_view text, std::string_view keep) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x80 && std::isalnum(byte)) || c == '-' || c == '_' || c == '.' || c == '~' || keep.find(c) != std::string_view::npos) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xf]);
    }
  }
  return out;
}

std::string AmzDate(long long unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[20];
  std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &tm);
  return buffer;
}

Result<SigV4Signature> SignV4(const SigV4Request& request, const Credentials& credentials) {
  if (!IsAmzDate(request.amz_date)) {
    return FailResult<SigV4Signature>(Code::kInputInvalidValue, "SigV4: the date is not YYYYMMDDTHHMMSSZ");
  }
  Result<HeaderList> headers = HeadersToSign(request, credentials);
  if (!headers.ok()) return Forward<SigV4Signature>(std::move(headers));
  CanonicalHeaders canonical = Canonicalize((*headers.value));

  std::string method = request.method;
  for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string canonical_request = method + "\n" + UriEncode(NormalizePath(request.path), "/~") + "\n" +
                                  CanonicalQuery(request.query) + "\n" + canonical.text + "\n" +
                                  canonical.signed_names + "\n" + PayloadHash((*headers.value), request.body);

  std::string date_stamp = request.amz_date.substr(0, 8);
  std::string scope = date_stamp + "/" + request.region + "/" + request.service + "/aws4_request";
  std::string string_to_sign =
      "AWS4-HMAC-SHA256\n" + request.amz_date + "\n" + scope + "\n" + PayloadSha256Hex(canonical_request);

  std::string key = HmacSha256("AWS4" + credentials.secret_access_key, date_stamp);
  key = HmacSha256(key, request.region);
  key = HmacSha256(key, request.service);
  key = HmacSha256(key, "aws4_request");
  std::string signature = HexLower(HmacSha256(key, string_to_sign));
  OPENSSL_cleanse(key.data(), key.size());

  SigV4Signature out;
  out.signed_headers = canonical.signed_names;
  out.authorization = "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + "/" + scope +
                      ", SignedHeaders=" + canonical.signed_names + ", Signature=" + signature;
  out.headers_to_add.emplace_back("X-Amz-Date", request.amz_date);
  if (!credentials.session_token.empty()) out.headers_to_add.emplace_back("X-Amz-Security-Token", credentials.session_token);
  out.headers_to_add.emplace_back("Authorization", out.authorization);
  return Result<SigV4Signature>::Ok(std::move(out));
}

}  // namespace clasp::native::aws
