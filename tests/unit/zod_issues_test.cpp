#define BOOST_TEST_MODULE zod_issues
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "clasp/vault_status.h"
#include "clasp/zod_issues.h"
#include "test_support.h"

using namespace clasp;
using clasp::test::J;

namespace {

// The expected texts of the vault cases are JSON.stringify(error.issues) of
// @paperclipai/shared@2026.916.1's createSecretProviderConfigSchema /
// updateSecretProviderConfigSchema .safeParse(body) on zod 4.6.7.
std::string CreateIssues(const std::string& body) {
  const VaultWrite write = CreateProviderVault("c1", J(body));
  BOOST_TEST_REQUIRE(!write.ok);
  BOOST_TEST(write.http_status == 400);
  return DumpJson(zod::IssuesJson(write.diagnostics));
}

std::string UpdateIssues(const std::string& patch) {
  ProviderVault existing;
  existing.id = "v1";
  existing.company_id = "c1";
  existing.provider = Provider::kVault;
  existing.status = VaultStatus::kComingSoon;
  const VaultWrite write = UpdateProviderVault(existing, J(patch));
  BOOST_TEST_REQUIRE(!write.ok);
  BOOST_TEST(write.http_status == 400);
  return DumpJson(zod::IssuesJson(write.diagnostics));
}

std::string Issues(const std::vector<Diagnostic>& diagnostics) { return DumpJson(zod::IssuesJson(diagnostics)); }

}  // namespace

BOOST_AUTO_TEST_CASE(paths_unescape_and_number_array_indices) {
  BOOST_TEST(DumpJson(zod::IssuePath("")) == "[]");
  BOOST_TEST(DumpJson(zod::IssuePath("/name")) == R"(["name"])");
  BOOST_TEST(DumpJson(zod::IssuePath("/config/a~1b/t~0")) == R"(["config","a/b","t~"])");
  BOOST_TEST(DumpJson(zod::IssuePath("/secrets/0/key")) == R"(["secrets",0,"key"])");
  BOOST_TEST(DumpJson(zod::IssuePath("/secrets/10/01/4294967295")) == R"(["secrets",10,"01","4294967295"])");
  BOOST_TEST(DumpJson(zod::IssuePath("/")) == R"([""])");
}

BOOST_AUTO_TEST_CASE(vault_create_every_issue_kind_and_unknown_keys_folded) {
  BOOST_TEST(
      CreateIssues(R"({"provider":"aws_secrets_manager","displayName":"","config":{"region":"x","token":"a","zz":1,"a/b":2,"t~":3,"namespace":[],"kmsKeyId":""}})") ==
      R"([{"origin":"string","code":"too_small","minimum":1,"inclusive":true,"path":["displayName"],"message":"Too small: expected string to have >=1 characters"},)"
      R"({"code":"custom","path":["config","token"],"message":"Provider vault config cannot persist sensitive field: token"},)"
      R"({"origin":"string","code":"invalid_format","format":"regex","pattern":"/^[a-z]{2}(?:-gov)?-[a-z]+-\\d+$/","path":["config","region"],"message":"Invalid AWS region"},)"
      R"({"expected":"string","code":"invalid_type","path":["config","namespace"],"message":"Invalid input: expected string, received array"},)"
      R"({"origin":"array","code":"too_small","minimum":1,"inclusive":true,"path":["config","namespace"],"message":"Too small: expected array to have >=1 items"},)"
      R"({"origin":"string","code":"too_small","minimum":1,"inclusive":true,"path":["config","kmsKeyId"],"message":"Too small: expected string to have >=1 characters"},)"
      R"({"code":"unrecognized_keys","keys":["token","zz","a/b","t~"],"path":["config"],"message":"Unrecognized keys: \"token\", \"zz\", \"a/b\", \"t~\""}])");
}

BOOST_AUTO_TEST_CASE(vault_nested_credential_note_is_no_zod_issue) {
  const VaultWrite write = CreateProviderVault(
      "c1", J(R"({"provider":"aws_secrets_manager","displayName":"A","config":{"region":"us-east-1","auth":{"token":"x"},"zz":1}})"));
  bool has_note = false;
  for (const Diagnostic& d : write.diagnostics) has_note = has_note || d.code == Code::kVaultConfigNestedCredential;
  BOOST_TEST(has_note);
  BOOST_TEST(Issues(write.diagnostics) ==
             R"([{"code":"unrecognized_keys","keys":["auth","zz"],"path":["config"],"message":"Unrecognized keys: \"auth\", \"zz\""}])");
}

BOOST_AUTO_TEST_CASE(vault_index_like_unknown_keys_stay_strings) {
  BOOST_TEST(CreateIssues(R"({"provider":"local_encrypted","displayName":"L","config":{"b":2,"0":1}})") ==
             R"([{"code":"unrecognized_keys","keys":["0","b"],"path":["config"],"message":"Unrecognized keys: \"0\", \"b\""}])");
}

BOOST_AUTO_TEST_CASE(vault_lengths_of_non_strings_and_urls) {
  BOOST_TEST(
      CreateIssues(R"({"provider":"local_encrypted","displayName":{"length":"x"},"config":{"0":1}})") ==
      R"([{"expected":"string","code":"invalid_type","path":["displayName"],"message":"Invalid input: expected string, received object"},)"
      R"({"origin":"unknown","code":"too_small","minimum":1,"inclusive":true,"path":["displayName"],"message":"Too small: expected unknown to be >=1"},)"
      R"({"origin":"unknown","code":"too_big","maximum":120,"inclusive":true,"path":["displayName"],"message":"Too big: expected unknown to be <=120"}])");
  BOOST_TEST(
      CreateIssues(R"({"provider":"vault","displayName":"V","config":{"address":"nope","mountPath":"  "}})") ==
      R"([{"code":"invalid_format","format":"url","path":["config","address"],"message":"Invalid URL"},)"
      R"({"origin":"string","code":"too_small","minimum":1,"inclusive":true,"path":["config","mountPath"],"message":"Too small: expected string to have >=1 characters"}])");
}

BOOST_AUTO_TEST_CASE(vault_update_address_refinement_puts_path_last) {
  BOOST_TEST(UpdateIssues(R"({"config":{"address":"ftp://x","token":"y"}})") ==
             R"([{"code":"custom","path":["config","token"],"message":"Provider vault config cannot persist sensitive field: token"},)"
             R"({"code":"custom","message":"Vault address must be an origin-only HTTP(S) URL without credentials, path, query, or fragment","path":["config","address"]}])");
  BOOST_TEST(UpdateIssues(R"({"status":"disabled","isDefault":true,"config":{"address":5}})") ==
             R"([{"expected":"string","code":"invalid_type","path":["config","address"],"message":"Invalid input: expected string, received number"},)"
             R"({"code":"custom","path":["isDefault"],"message":"Only ready or warning provider vaults can be default"}])");
}

BOOST_AUTO_TEST_CASE(messages_outside_the_grammar_are_custom_and_warnings_are_dropped) {
  const std::vector<Diagnostic> diagnostics = {
      MakeDiagnostic(Code::kInputInvalidValue, "/value", "Too small: expected string"),
      MakeDiagnostic(Code::kInputInvalidValue, "/n", "Too small: expected number to be >0"),
      MakeDiagnostic(Code::kSyncEnvAbsent, "/env", "env absent", Severity::kWarning),
      MakeDiagnostic(Code::kInputWrongType, "", "Invalid input: expected object"),
      MakeDiagnostic(Code::kInputInvalidValue, "/x", "Unrecognized key: \"x\""),
      MakeDiagnostic(Code::kInputInvalidValue, "/y/z", "Unrecognized key: \"z\""),
  };
  BOOST_TEST(Issues(diagnostics) ==
             R"([{"code":"custom","path":["value"],"message":"Too small: expected string"},)"
             R"({"origin":"number","code":"too_small","minimum":0,"inclusive":false,"path":["n"],"message":"Too small: expected number to be >0"},)"
             R"({"code":"custom","path":[],"message":"Invalid input: expected object"},)"
             R"({"code":"unrecognized_keys","keys":["x"],"path":[],"message":"Unrecognized key: \"x\""},)"
             R"({"code":"unrecognized_keys","keys":["z"],"path":["y"],"message":"Unrecognized key: \"z\""}])");
  BOOST_TEST(Issues({}) == "[]");
}
