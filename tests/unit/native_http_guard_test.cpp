#define BOOST_TEST_MODULE native_http_guard
#include <boost/test/unit_test.hpp>

#include <string>

#include "clasp/native/http_guard.h"

using namespace clasp::native;

namespace {

const std::string kBlocked =
    "This hostname is not allowed for this clasp instance. "
    "If you want to allow a hostname, run clasp serve --allowed-hostname <host>.";

GuardRequest Get(std::optional<std::string_view> host) { return GuardRequest{"GET", host, std::nullopt, std::nullopt}; }

GuardRequest Post(std::string_view host, std::optional<std::string_view> origin, std::string_view method = "POST") {
  return GuardRequest{method, host, std::nullopt, origin};
}

// 0 when allowed, else the refusal's status.
int StatusOf(const HostGuard& guard, const GuardRequest& request) {
  auto refusal = guard.Check(request);
  return refusal ? refusal->status : 0;
}

}  // namespace

BOOST_AUTO_TEST_CASE(hostname_of_reads_host_as_the_url_parser) {
  BOOST_TEST(HostnameOf("LocalHost:3100").value() == "localhost");
  BOOST_TEST(HostnameOf("[::1]:3100").value() == "::1");
  BOOST_TEST(HostnameOf("[0:0::1]").value() == "::1");
  BOOST_TEST(HostnameOf("0x7f.1").value() == "127.0.0.1");
  BOOST_TEST(HostnameOf(" 127.0.0.1:3100 ").value() == "127.0.0.1");
  BOOST_TEST(!HostnameOf("a b").has_value());
  BOOST_TEST(!HostnameOf("").has_value());
  BOOST_TEST(!HostnameOf(":3100").has_value());
}

BOOST_AUTO_TEST_CASE(loopback_bind_hosts_are_parsed_not_prefix_matched) {
  for (const char* host : {"localhost", "127.0.0.1", "127.0.0.2", "127.255.255.254", "::1", "0:0:0:0:0:0:0:1"}) {
    BOOST_TEST(IsLoopbackBindHost(host), host);
  }
  for (const char* host : {"127.attacker.invalid", "127.0.0.1.nip.io", "0.0.0.0", "::", "128.0.0.1", "10.0.0.1",
                           "127.1", "localhost.", "LOCALHOST ", "", "::2"}) {
    BOOST_TEST(!IsLoopbackBindHost(host), host);
  }
}

BOOST_AUTO_TEST_CASE(loopback_names_pass_foreign_ones_are_403_without_echo) {
  const HostGuard guard({"127.0.0.1", {}, false});
  for (const char* host : {"127.0.0.1:3100", "localhost:3100", "LOCALHOST", "[::1]:3100", "127.0.0.1"}) {
    BOOST_TEST(StatusOf(guard, Get(host)) == 0, host);
  }
  for (const char* host : {"attacker.example", "attacker.example:3100", "127.0.0.2", "localhost.attacker.example", "a b"}) {
    auto refusal = guard.Check(Get(host));
    BOOST_TEST_REQUIRE(refusal.has_value(), host);
    BOOST_TEST(refusal->status == 403);
    BOOST_TEST(refusal->message == kBlocked);
  }
}

BOOST_AUTO_TEST_CASE(missing_host_is_400) {
  const HostGuard guard({"127.0.0.1", {}, false});
  for (auto host : {std::optional<std::string_view>{}, std::optional<std::string_view>{""}, std::optional<std::string_view>{"  "}}) {
    auto refusal = guard.Check(Get(host));
    BOOST_TEST_REQUIRE(refusal.has_value());
    BOOST_TEST(refusal->status == 400);
    BOOST_TEST(refusal->message == "Missing Host header");
  }
}

BOOST_AUTO_TEST_CASE(bind_host_and_allowed_hostnames_are_added_wildcards_are_not) {
  const HostGuard guard({"10.0.0.5", {"  Clasp.Example.COM ", "", "other.example"}, false});
  BOOST_TEST(StatusOf(guard, Get("10.0.0.5:3100")) == 0);
  BOOST_TEST(StatusOf(guard, Get("clasp.example.com")) == 0);
  BOOST_TEST(StatusOf(guard, Get("OTHER.example:443")) == 0);
  BOOST_TEST(StatusOf(guard, Get("third.example")) == 403);
  for (const char* wildcard : {"0.0.0.0", "::"}) {
    const HostGuard open({wildcard, {}, false});
    BOOST_TEST(StatusOf(open, Get("0.0.0.0")) == 403, wildcard);
    BOOST_TEST(StatusOf(open, Get("[::]")) == 403, wildcard);
    BOOST_TEST(StatusOf(open, Get("localhost")) == 0, wildcard);
  }
}

BOOST_AUTO_TEST_CASE(forwarded_host_counts_only_behind_a_trusted_proxy) {
  const GuardRequest forwarded{"GET", "127.0.0.1:3100", " clasp.example.com , evil.example", std::nullopt};
  const HostGuard direct({"127.0.0.1", {"clasp.example.com"}, false});
  BOOST_TEST(StatusOf(direct, forwarded) == 0);  // judged by Host
  BOOST_TEST(StatusOf(direct, GuardRequest{"GET", "evil.example", "clasp.example.com", std::nullopt}) == 403);
  const HostGuard proxied({"127.0.0.1", {"clasp.example.com"}, true});
  BOOST_TEST(StatusOf(proxied, forwarded) == 0);
  BOOST_TEST(StatusOf(proxied, GuardRequest{"GET", "127.0.0.1", "evil.example, clasp.example.com", std::nullopt}) == 403);
  BOOST_TEST(StatusOf(proxied, GuardRequest{"GET", std::nullopt, "clasp.example.com", std::nullopt}) == 0);
}

BOOST_AUTO_TEST_CASE(writes_need_a_same_origin_origin_when_one_is_sent) {
  const HostGuard guard({"127.0.0.1", {"clasp.example.com"}, false});
  BOOST_TEST(StatusOf(guard, Post("127.0.0.1:3100", "http://127.0.0.1:3100")) == 0);
  BOOST_TEST(StatusOf(guard, Post("localhost:3100", "HTTP://LocalHost:3100")) == 0);
  BOOST_TEST(StatusOf(guard, Post("clasp.example.com", "https://clasp.example.com")) == 0);
  BOOST_TEST(StatusOf(guard, Post("127.0.0.1:3100", std::nullopt)) == 0);
  for (const char* method : {"POST", "PATCH", "PUT", "DELETE"}) {
    auto refusal = guard.Check(Post("127.0.0.1:3100", "http://evil.example", method));
    BOOST_TEST_REQUIRE(refusal.has_value(), method);
    BOOST_TEST(refusal->status == 403);
    BOOST_TEST(refusal->message == "Cross-origin request refused");
  }
  for (const char* origin : {"null", "http://127.0.0.1:3101", "http://localhost:3100", "chrome-extension://abc", "", "garbage"}) {
    BOOST_TEST(StatusOf(guard, Post("127.0.0.1:3100", origin)) == 403, origin);
  }
  BOOST_TEST(StatusOf(guard, GuardRequest{"GET", "127.0.0.1:3100", std::nullopt, "http://evil.example"}) == 0);
}
