// clasp/native/http_guard.h — which requests `clasp serve` refuses before
// they reach a route: DNS rebinding (a foreign Host), cross-origin writes,
// and bind addresses that are not loopback. Pure decisions, no sockets.
//
// The hostname rules are Paperclip 2026.916.1's privateHostnameGuard
// (middleware/private-hostname-guard.js), on in both deployment modes, with
// two deliberate differences: a request without Host is 400 (Paperclip: 403),
// and X-Forwarded-Host is read only behind a trusted proxy (Paperclip reads it
// always, which lets any client pick the hostname it is judged by).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace clasp::native {

struct HostGuardOptions {
  std::string bind_host;                       // --host; 0.0.0.0 and :: allow nothing by themselves
  std::vector<std::string> allowed_hostnames;  // --allowed-hostname, trimmed and lower-cased here
  bool trust_proxy = false;                    // --trust-proxy: X-Forwarded-Host names the host
};

struct GuardRequest {
  std::string_view method;
  std::optional<std::string_view> host;            // Host header
  std::optional<std::string_view> forwarded_host;  // X-Forwarded-Host header
  std::optional<std::string_view> origin;          // Origin header
};

struct GuardRefusal {
  int status = 403;
  std::string message;  // never contains the request's host
};

// The hostname a Host value names, as WHATWG `new URL("http://" + raw).hostname`
// reads it, lower-cased, IPv6 without brackets.
//   HostnameOf("LocalHost:3100") == "localhost"
//   HostnameOf("[::1]:3100")     == "::1"
//   HostnameOf("0x7f.1")         == "127.0.0.1"   (IPv4 shorthand, as the URL parser)
//   HostnameOf("a b")            == nullopt       (not a host)
std::optional<std::string> HostnameOf(std::string_view raw);

// local_trusted may bind only loopback: "localhost", an IPv4 address in
// 127.0.0.0/8 (inet_pton, whole string) or "::1".
//   IsLoopbackBindHost("127.0.0.2")            == true
//   IsLoopbackBindHost("127.attacker.invalid") == false  (a prefix is not an address)
//   IsLoopbackBindHost("0.0.0.0")              == false
bool IsLoopbackBindHost(std::string_view host);

class HostGuard {
 public:
  explicit HostGuard(const HostGuardOptions& options);

  // Rules, in order; the first that fails decides:
  // 1. A Host (or, with trust_proxy, the first X-Forwarded-Host item) is required.
  //      no Host -> 400 "Missing Host header"
  // 2. Its hostname must be localhost, 127.0.0.1, ::1, the bind host (unless
  //    0.0.0.0 or ::) or an allowed hostname.
  //      Host: 127.0.0.1:3100 -> allowed;  Host: attacker.example -> 403 (rebinding)
  // 3. POST, PATCH, PUT and DELETE with an Origin must be same-origin: the
  //    Origin's host[:port] equals the Host's (case-insensitive); "null" and
  //    non-http(s) origins never are.
  //      Origin: http://127.0.0.1:3100, Host: 127.0.0.1:3100 -> allowed
  //      Origin: http://evil.example                         -> 403 "Cross-origin request refused"
  //    A request without Origin (curl, an agent) passes: browsers send Origin
  //    on every cross-origin write.
  std::optional<GuardRefusal> Check(const GuardRequest& request) const;

 private:
  std::set<std::string, std::less<>> allowed_;
  bool trust_proxy_;
};

}  // namespace clasp::native
