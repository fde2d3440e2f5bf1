#define BOOST_TEST_MODULE zod_flatten
#include <boost/test/unit_test.hpp>

#include "test_support.h"

#include "clasp/vault_status.h"
#include "clasp/zod_flatten.h"
#include "clasp/zod_issues.h"

using clasp::DumpJson;
using clasp::test::J;

BOOST_AUTO_TEST_CASE(field_and_form_errors) {
  BOOST_TEST(DumpJson(clasp::zod::FlattenJson(J(
                 R"([{"path":[],"message":"m"},{"path":["a","b"],"message":"n"},{"path":["c"],"message":"o"},{"path":["a"],"message":"p"}])"))) ==
             R"({"formErrors":["m"],"fieldErrors":{"a":["n","p"],"c":["o"]}})");
  BOOST_TEST(DumpJson(clasp::zod::FlattenJson(J(R"([{"path":[0],"message":"i"}])"))) ==
             R"({"formErrors":[],"fieldErrors":{"0":["i"]}})");
}

BOOST_AUTO_TEST_CASE(hostile_input_is_skipped) {
  BOOST_TEST(DumpJson(clasp::zod::FlattenJson(J("7"))) == R"({"formErrors":[],"fieldErrors":{}})");
  BOOST_TEST(DumpJson(clasp::zod::FlattenJson(J(R"([5,null,{"path":["a"]},{"message":"no path"},{"path":"x","message":"bad path"}])"))) ==
             R"({"formErrors":["no path","bad path"],"fieldErrors":{}})");
}

// VLT-3's 422: Paperclip's validateProviderConfigPayload flattens the strict
// schema's issues (text produced by @paperclipai/shared@2026.916.1 on zod 4.6.7:
// secretProviderConfigPayloadSchema.safeParse(...).error.flatten()).
BOOST_AUTO_TEST_CASE(provider_vault_patch_revalidation) {
  clasp::ProviderVault existing;
  existing.provider = clasp::Provider::kVault;
  existing.status = clasp::VaultStatus::kComingSoon;
  const clasp::VaultWrite write =
      clasp::UpdateProviderVault(existing, J(R"({"config":{"address":"ftp://x","mountPath":""}})"));
  BOOST_TEST(write.http_status == 400);  // the update schema checks the address itself
  const clasp::VaultWrite strict = clasp::UpdateProviderVault(existing, J(R"({"config":{"address":"https://v","mountPath":""}})"));
  BOOST_TEST(strict.http_status == 422);
  BOOST_TEST(DumpJson(clasp::zod::FlattenJson(clasp::zod::IssuesJson(strict.diagnostics))) ==
             R"({"formErrors":[],"fieldErrors":{"config":["Too small: expected string to have >=1 characters"]}})");
  clasp::ProviderVault aws;
  aws.provider = clasp::Provider::kAwsSecretsManager;
  const clasp::VaultWrite missing = clasp::UpdateProviderVault(aws, J(R"({"config":{}})"));
  BOOST_TEST(missing.http_status == 422);
  BOOST_TEST(DumpJson(clasp::zod::FlattenJson(clasp::zod::IssuesJson(missing.diagnostics))) ==
             R"({"formErrors":[],"fieldErrors":{"config":["Invalid input: expected string, received undefined"]}})");
}
