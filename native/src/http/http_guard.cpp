#include "clasp/native/http_guard.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstring>

#include "clasp/whatwg_url.h"

namespace clasp::native {
namespace {

constexpr const char* kBlockedHostname =
    "This hostname is not allowed for this clasp instance. "
    "If you want to allow a hostname, run clasp serve --allowed-hostname <host>.";

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::optional<whatwg::Url> ParseAuthority(std::string_view raw) {
  auto url = whatwg::ParseUrl("http://" + std::string(Trim(raw)));
  if (!url || !url->host || url->host->empty()) return std::nullopt;
  return url;
}

bool IsStateChanging(std::string_view method) {
  return method == "POST" || method == "PATCH" || method == "PUT" || method == "DELETE";
}

// The Origin's host[:port] against the Host's, both as the URL parser
// serializes them (lower-case, default port elided).
bool SameOrigin(std::string_view origin, std::string_view host) {
  auto from = whatwg::ParseUrl(Trim(origin));
  auto to = ParseAuthority(host);
  if (!from || !to || (from->scheme != "http" && from->scheme != "https")) return false;
  return from->host && whatwg::HostWithPort(*from) == whatwg::HostWithPort(*to);
}

}  // namespace

std::optional<std::string> HostnameOf(std::string_view raw) {
  auto url = ParseAuthority(raw);
  if (!url) return std::nullopt;
  std::string host = *url->host;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return host;
}

bool IsLoopbackBindHost(std::string_view host) {
  if (host == "localhost") return true;
  const std::string text(host);
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  return inet_pton(AF_INET6, text.c_str(), &v6) == 1 && std::memcmp(&v6, &in6addr_loopback, sizeof v6) == 0;
}

HostGuard::HostGuard(const HostGuardOptions& options) : trust_proxy_(options.trust_proxy) {
  for (const std::string& name : options.allowed_hostnames) {
    const std::string trimmed = Lower(Trim(name));
    if (!trimmed.empty()) allowed_.insert(trimmed);
  }
  const std::string bind = Lower(Trim(options.bind_host));
  if (!bind.empty() && bind != "0.0.0.0" && bind != "::") allowed_.insert(bind);
  allowed_.insert({"localhost", "127.0.0.1", "::1"});
}

std::optional<GuardRefusal> HostGuard::Check(const GuardRequest& request) const {
  std::optional<std::string_view> authority = request.host;
  if (trust_proxy_ && request.forwarded_host) {
    const std::string_view first = Trim(request.forwarded_host->substr(0, request.forwarded_host->find(',')));
    if (!first.empty()) authority = first;
  }
  if (!authority || Trim(*authority).empty()) return GuardRefusal{400, "Missing Host header"};
  const auto hostname = HostnameOf(*authority);
  if (!hostname || !allowed_.count(*hostname)) return GuardRefusal{403, kBlockedHostname};
  if (IsStateChanging(request.method) && request.origin && !SameOrigin(*request.origin, *authority)) {
    return GuardRefusal{403, "Cross-origin request refused"};
  }
  return std::nullopt;
}

}  // namespace clasp::native
