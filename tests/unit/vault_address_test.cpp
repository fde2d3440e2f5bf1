#define BOOST_TEST_MODULE vault_address
#include <boost/test/unit_test.hpp>

#include "clasp/vault_address.h"
#include "test_support.h"

using clasp::CheckVaultAddress;
using clasp::CheckVaultAddressValue;
using clasp::Code;
using clasp::test::J;

namespace {

std::string OriginOf(std::string_view address) {
  const auto v = CheckVaultAddress(address);
  return v.ok ? v.origin : "rejected:" + v.reason;
}

}  // namespace

BOOST_AUTO_TEST_CASE(origin_only_addresses_are_stored_as_origins) {
  BOOST_TEST(OriginOf("http://127.0.0.1:8200") == "http://127.0.0.1:8200");
  BOOST_TEST(OriginOf("https://Vault.Example.com:443/") == "https://vault.example.com");
  BOOST_TEST(OriginOf("  https://vault.example.com  ") == "https://vault.example.com");
  BOOST_TEST(OriginOf("\xe3\x80\x80https://h\xc2\xa0") == "https://h");  // ECMAScript trim
  BOOST_TEST(OriginOf("http://vault.example.com:443") == "http://vault.example.com:443");
  BOOST_TEST(OriginOf("https://h:0") == "https://h:0");
  BOOST_TEST(OriginOf("https://h:08200") == "https://h:8200");
  BOOST_TEST(OriginOf("HTTP://[::1]:80") == "http://[::1]");
  BOOST_TEST(OriginOf("https://\xe4\xbe\x8b\xe3\x81\x88.jp:8200") == "https://xn--r8jz45g.jp:8200");
  BOOST_TEST(OriginOf("https://0x7f.1:8200") == "https://127.0.0.1:8200");
  BOOST_TEST(OriginOf("https://%76ault.example.com") == "https://vault.example.com");
}

// Node 24, whose origins Paperclip 2026.916.1 stores, only lowercases an ASCII
// host: its "xn--" labels are not checked. In a non-ASCII host they are.
BOOST_AUTO_TEST_CASE(ascii_ace_labels_are_not_validated) {
  BOOST_TEST(OriginOf("https://XN--A.com") == "https://xn--a.com");
  BOOST_TEST(OriginOf("https://127.0.0.1.xn--1ug.com") == "https://127.0.0.1.xn--1ug.com");
  BOOST_TEST(OriginOf("https://\xc3\xbc.xn--zca") == "https://xn--tda.xn--zca");
}

BOOST_AUTO_TEST_CASE(whatwg_quirks_are_accepted) {
  BOOST_TEST(OriginOf("https://h/?") == "https://h");
  BOOST_TEST(OriginOf("https://h#") == "https://h");
  BOOST_TEST(OriginOf("https://@h") == "https://h");
  BOOST_TEST(OriginOf("https://h/.") == "https://h");
  BOOST_TEST(OriginOf("http:h") == "http://h");
  BOOST_TEST(OriginOf("https://va\nult.example.com") == "https://vault.example.com");
  BOOST_TEST(OriginOf("\nhttps:\\\\localhost:80/..?#\xc2\xa0") == "https://localhost:80");
}

BOOST_AUTO_TEST_CASE(reasons_join_in_fixed_order) {
  BOOST_TEST(OriginOf("https://h/v1") == "rejected:path");
  BOOST_TEST(OriginOf("https://h\\v1") == "rejected:path");
  BOOST_TEST(OriginOf("https://h/%2F") == "rejected:path");
  BOOST_TEST(OriginOf("https://h?ns=a") == "rejected:query");
  BOOST_TEST(OriginOf("https://h#frag") == "rejected:fragment");
  BOOST_TEST(OriginOf("https://:pass@h") == "rejected:credentials");
  BOOST_TEST(OriginOf("ftp://h") == "rejected:scheme");
  BOOST_TEST(OriginOf("file:///etc/vault") == "rejected:scheme+path");
  BOOST_TEST(OriginOf("vault.example.com:8200") == "rejected:scheme+path");
  BOOST_TEST(OriginOf("blob:https://h") == "rejected:scheme+path");
  BOOST_TEST(OriginOf("http://h:8200//#x") == "rejected:fragment+path");
  BOOST_TEST(OriginOf("ws://u@h/x?a=1#f") == "rejected:scheme+credentials+query+fragment+path");
}

BOOST_AUTO_TEST_CASE(unparseable_addresses) {
  for (const char* address : {"", "   ", "https://h:65536", "https://h:-1", "https://h:8200x", "https://",
                              "u@127.1/%2e", "https:exa mple.com", "https://\xc3\xbc.xn--a.com",
                              "https://1\xd7\x90"}) {
    BOOST_TEST(CheckVaultAddress(address).reason == "invalid_url", address);
  }
}

BOOST_AUTO_TEST_CASE(raw_values) {
  const auto absent = CheckVaultAddressValue(nullptr);
  BOOST_TEST(absent.ok);
  BOOST_TEST(absent.origin.empty());
  const auto null_value = J("null");
  BOOST_TEST(CheckVaultAddressValue(&null_value).ok);
  for (const char* text : {"8200", "true", "{}", "[]", "[\"https://h\"]"}) {
    const auto value = J(text);
    BOOST_TEST(CheckVaultAddressValue(&value).reason == "not_a_string", text);
  }
  const auto address = J(R"("http:h")");
  BOOST_TEST(CheckVaultAddressValue(&address).origin == "http://h");
}

BOOST_AUTO_TEST_CASE(diagnostics) {
  BOOST_TEST(clasp::VaultAddressDiagnostics(CheckVaultAddress("https://h"), "/config/address").empty());
  const auto not_origin = clasp::VaultAddressDiagnostics(CheckVaultAddress("ftp://h"), "/config/address");
  BOOST_TEST_REQUIRE(not_origin.size() == 1u);
  BOOST_TEST(not_origin[0].code == Code::kVaultAddressNotOrigin);
  BOOST_TEST(not_origin[0].path == "/config/address");
  BOOST_TEST(not_origin[0].message == std::string(clasp::kVaultAddressMessage));
  BOOST_TEST(not_origin[0].http_status == 400);
  const auto invalid = clasp::VaultAddressDiagnostics(CheckVaultAddress("h"), "/config/address");
  BOOST_TEST(invalid[0].code == Code::kVaultAddressInvalidUrl);
  BOOST_TEST(invalid[0].message == "Invalid URL");
  const auto number = J("8200");
  const auto wrong = clasp::VaultAddressDiagnostics(CheckVaultAddressValue(&number), "/config/address", &number);
  BOOST_TEST(wrong[0].code == Code::kVaultAddressNotString);
  BOOST_TEST(wrong[0].message == "Invalid input: expected string, received number");
}

BOOST_AUTO_TEST_CASE(hostile_input) {
  BOOST_TEST(CheckVaultAddress("https://h\xff").reason == "invalid_url");
  BOOST_TEST(CheckVaultAddress("https://h/\xff").reason == "path");
  BOOST_TEST(CheckVaultAddress(std::string(10 * 1024 * 1024, ' ')).reason == "invalid_url");
  BOOST_TEST(CheckVaultAddress("https://" + std::string(10 * 1024 * 1024, 'a')).ok);
  BOOST_TEST(CheckVaultAddress(std::string("https://h\0x", 11)).reason == "invalid_url");
}
