// The libcurl transport (http_transport.h): verification on, bounded in
// time and size, proxies from the environment.
#include "clasp/native/aws/http_transport.h"

#include <curl/curl.h>
#include <openssl/crypto.h>

#include <cctype>
#include <mutex>

#include "clasp/native/status.h"

namespace clasp::native::aws {
namespace {

struct Sink {
  std::string body;
  std::size_t limit = 0;
  bool overflow = false;
};

std::size_t Write(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  std::size_t bytes = size * count;
  if (sink->body.size() + bytes > sink->limit) {
    sink->overflow = true;
    return 0;
  }
  // Grow by copying into a fresh buffer so no freed block keeps part of a
  // secret value: the response of GetSecretValue carries one.
  if (sink->body.capacity() < sink->body.size() + bytes) {
    std::string grown;
    grown.reserve(std::max(sink->body.capacity() * 2, sink->body.size() + bytes));
    grown = sink->body;
    OPENSSL_cleanse(sink->body.data(), sink->body.size());
    sink->body.swap(grown);
  }
  sink->body.append(data, bytes);
  return bytes;
}

class CurlTransport final : public HttpTransport {
 public:
  explicit CurlTransport(TransportOptions options) : options_(options) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  }

  Result<HttpResponse> Send(const HttpRequest& request) override {
    std::optional<std::string> host = HostOfUrl(request.url);
    if (!host) return FailResult<HttpResponse>(Code::kProviderError, "AWS endpoint is not an http(s) URL");
    CURL* curl = curl_easy_init();
    if (curl == nullptr) return FailResult<HttpResponse>(Code::kProviderUnavailable, "libcurl could not start a transfer");
    curl_slist* headers = nullptr;
    for (const auto& [name, value] : request.headers) headers = curl_slist_append(headers, (name + ": " + value).c_str());
    // libcurl adds "Expect: 100-continue" to large POSTs; AWS does not need it.
    headers = curl_slist_append(headers, "Expect:");
    Sink sink;
    sink.limit = options_.max_response_bytes;
    char error[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, options_.total_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_response_bytes));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Write);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    CURLcode code = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (sink.overflow || code == CURLE_FILESIZE_EXCEEDED) {
      OPENSSL_cleanse(sink.body.data(), sink.body.size());
      return FailResult<HttpResponse>(Code::kProviderError, "the answer of " + *host + " is larger than " +
                                                                std::to_string(options_.max_response_bytes) + " bytes");
    }
    if (code != CURLE_OK) {
      OPENSSL_cleanse(sink.body.data(), sink.body.size());
      std::string reason = error[0] != '\0' ? error : curl_easy_strerror(code);
      return FailResult<HttpResponse>(Code::kProviderUnavailable, "network: " + *host + ": " + reason);
    }
    HttpResponse response;
    response.status = status;
    response.body = std::move(sink.body);
    return Result<HttpResponse>::Ok(std::move(response));
  }

 private:
  TransportOptions options_;
};

// "scheme://[userinfo@]authority[/path][?query][#fragment]" split once.
struct UrlParts {
  std::string scheme;
  std::string authority;  // host[:port], userinfo removed
  std::string path;
};

std::optional<UrlParts> Split(std::string_view url) {
  std::size_t colon = url.find("://");
  if (colon == std::string_view::npos) return std::nullopt;
  UrlParts parts;
  for (char c : url.substr(0, colon)) parts.scheme.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  std::string_view rest = url.substr(colon + 3);
  std::size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority = authority.substr(at + 1);
  for (char c : authority) parts.authority.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (end != std::string_view::npos && rest[end] == '/') {
    std::string_view path = rest.substr(end);
    parts.path = path.substr(0, path.find_first_of("?#"));
  }
  return parts;
}

}  // namespace

std::unique_ptr<HttpTransport> MakeCurlTransport(TransportOptions options) {
  return std::make_unique<CurlTransport>(options);
}

std::optional<std::string> HostOfUrl(std::string_view url) {
  std::optional<UrlParts> parts = Split(url);
  if (!parts || (parts->scheme != "http" && parts->scheme != "https") || parts->authority.empty()) return std::nullopt;
  std::string& authority = parts->authority;
  std::size_t port_colon = authority.rfind(':');
  if (port_colon != std::string::npos && authority.find(']', port_colon) == std::string::npos) {
    std::string port = authority.substr(port_colon + 1);
    if ((parts->scheme == "http" && port == "80") || (parts->scheme == "https" && port == "443") || port.empty()) {
      authority.resize(port_colon);
    }
  }
  return authority;
}

std::string PathOfUrl(std::string_view url) {
  std::optional<UrlParts> parts = Split(url);
  return parts && !parts->path.empty() ? parts->path : "/";
}

}  // namespace clasp::native::aws
