// clasp/native/aws/http_transport.h — one HTTP(S) exchange for the AWS
// client, behind an interface so the client's tests can stand a fault proxy
// or a stub in front of it.
//
// The libcurl transport (Debian's libcurl4, OpenSSL flavour):
//  - TLS peers are verified against the system CA store (peer and host
//    name); a self-signed or mismatched certificate is refused, never
//    downgraded;
//  - connect and total timeouts are bounded (TransportOptions);
//  - http_proxy / https_proxy / no_proxy (and HTTPS_PROXY, NO_PROXY) from
//    the environment are honoured, as libcurl reads them itself;
//  - only http and https, no redirects followed;
//  - a response body past max_response_bytes stops the transfer.
// Failures come back as provider_unavailable (no answer: refused, timed out,
// TLS refused) or provider_error (an answer too large to read), with a
// message naming the URL's host and libcurl's reason, never a header or a body.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "clasp/native/aws/sigv4.h"
#include "clasp/result.h"

namespace clasp::native::aws {

struct HttpRequest {
  std::string method;  // "POST", "GET", "PUT"
  std::string url;
  HeaderList headers;
  std::string body;
};

struct HttpResponse {
  long status = 0;
  std::string body;
};

struct TransportOptions {
  long connect_timeout_ms = 5'000;
  long total_timeout_ms = 30'000;  // Paperclip's AWS_SECRETS_MANAGER_REQUEST_TIMEOUT_MS
  std::size_t max_response_bytes = 8 << 20;
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Any HTTP status is a response; only no answer (or an unreadable one) fails.
  //   Send({POST http://127.0.0.1:1/}) -> provider_unavailable "… could not connect …"
  //   Send({GET https://self-signed.local/}) -> provider_unavailable "… TLS …"
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

std::unique_ptr<HttpTransport> MakeCurlTransport(TransportOptions options = {});

// The Host header value for a URL the way botocore derives it: lowercase
// host, the port only when it is not the scheme's default, no userinfo.
//   HostOfUrl("https://SecretsManager.us-east-1.amazonaws.com/") == "secretsmanager.us-east-1.amazonaws.com"
//   HostOfUrl("http://127.0.0.1:4566") == "127.0.0.1:4566"
//   HostOfUrl("https://h:443/x") == "h"
//   HostOfUrl("ftp://h") -> nullopt (only http and https)
std::optional<std::string> HostOfUrl(std::string_view url);

// The path of a URL (for SigV4), "/" when it has none.
//   PathOfUrl("http://127.0.0.1:4566") == "/"
//   PathOfUrl("https://h/a/b?x=1") == "/a/b"
std::string PathOfUrl(std::string_view url);

}  // namespace clasp::native::aws
