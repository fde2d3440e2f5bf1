#define BOOST_TEST_MODULE vault_config
#include <boost/test/unit_test.hpp>

#include "test_support.h"

#include <string>
#include <vector>

#include "clasp/vault_address.h"
#include "clasp/vault_config.h"
#include "clasp/vault_zod.h"

using clasp::Code;
using clasp::OrderedJson;
using clasp::Provider;
using clasp::test::J;
using Strings = std::vector<std::string>;

namespace {

bool HasCode(const clasp::VaultConfigVerdict& v, Code code, const std::string& path) {
  for (const auto& d : v.diagnostics) {
    if (d.code == code && d.path == path) return true;
  }
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(denylist_vlt5)

BOOST_AUTO_TEST_CASE(matches_every_stem_with_optional_single_separators) {
  for (const char* key :
       {"accessKeyId", "ACCESS_KEY_ID", "access-key-id", "accessKeyID", "accesskey", "access_key", "secretAccessKey",
        "SECRET-ACCESS-KEY", "secret_key", "token", "Token", "password", "passwd", "credential", "credentials", "PRIVATE-KEY",
        "pem", "JWT", "session_token", "serviceAccount", "serviceAccountJson", "SeRvIcE-AcCoUnT_jSoN", "client-secret",
        "secretid", "unsealKey", "recovery_key", "keyFile", "keyFilePath", "key-file-path", "tokenFile", "TOKENFILEPATH",
        "token_file-path"}) {
    BOOST_TEST(clasp::IsDeniedConfigKey(key), key);
  }
}

BOOST_AUTO_TEST_CASE(anchored_and_strict_about_separators) {
  for (const char* key : {"apiKey", "authToken", "aws_access_key_id", "access.key.id", "access__key", "private_key_id",
                          "tokens", " token", "token ", "keyFilePaths", "secretsKey", "pwd", "roleId", "access--key--id",
                          "accesskey-", "-token", "token-", "secret key", "UNSEAL.KEY", ""}) {
    BOOST_TEST(!clasp::IsDeniedConfigKey(key), key);
  }
}

BOOST_AUTO_TEST_CASE(only_ascii_letters_fold) {
  BOOST_TEST(!clasp::IsDeniedConfigKey("private\xE2\x84\xAA" "ey"));          // Kelvin sign K
  BOOST_TEST(!clasp::IsDeniedConfigKey("\xC5\xBF" "ecret_key"));               // long s
  BOOST_TEST(!clasp::IsDeniedConfigKey("t\xD0\xBE" "ken"));                    // Cyrillic o
  BOOST_TEST(!clasp::IsDeniedConfigKey("\xEF\xBD\x94\xEF\xBD\x8F\xEF\xBD\x8B\xEF\xBD\x85\xEF\xBD\x8E"));  // fullwidth
  BOOST_TEST(!clasp::IsDeniedConfigKey(std::string("tok\0en", 6)));
  BOOST_TEST(!clasp::IsDeniedConfigKey("\xFF\xFE"));
}

BOOST_AUTO_TEST_CASE(scan_names_the_key_never_the_value_in_js_key_order) {
  const auto v = clasp::ScanSensitiveConfigKeys(J(R"({"region":"us-east-1","token":"hvs.SECRET","2":1,"pem":"-----BEGIN"})"));
  BOOST_TEST(v.denied_fields == (Strings{"token", "pem"}), boost::test_tools::per_element());
  BOOST_TEST(v.errors == (Strings{"Provider vault config cannot persist sensitive field: token",
                                  "Provider vault config cannot persist sensitive field: pem"}),
             boost::test_tools::per_element());
  BOOST_TEST(HasCode(v, Code::kVaultConfigSensitiveField, "/config/token"));
  for (const auto& d : v.diagnostics) BOOST_TEST(d.message.find("SECRET") == std::string::npos);
  BOOST_TEST(!v.accepted);
}

BOOST_AUTO_TEST_CASE(nested_credentials_get_a_clasp_diagnostic_only) {
  const auto v = clasp::ScanSensitiveConfigKeys(J(R"({"auth":{"method":"x","token":"hvs.x"},"list":[{"a/b":{"PASSWORD":1}}]})"));
  BOOST_TEST(v.denied_fields.empty());
  BOOST_TEST(v.errors.empty());  // Paperclip's denylist never looks inside
  BOOST_TEST(HasCode(v, Code::kVaultConfigNestedCredential, "/config/auth/token"));
  BOOST_TEST(HasCode(v, Code::kVaultConfigNestedCredential, "/config/list/0/a~1b/PASSWORD"));
  BOOST_TEST(v.diagnostics.size() == 2u);
  for (const auto& d : v.diagnostics) BOOST_TEST(d.message.find("hvs") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(arrays_and_scalars_are_skipped_by_the_denylist) {
  BOOST_TEST(clasp::ScanSensitiveConfigKeys(J(R"(["token"])")).denied_fields.empty());
  BOOST_TEST(clasp::ScanSensitiveConfigKeys(J("null")).diagnostics.empty());
  const auto array_config = clasp::ScanSensitiveConfigKeys(J(R"([{"token":"x"}])"));
  BOOST_TEST(array_config.denied_fields.empty());
  BOOST_TEST(HasCode(array_config, Code::kVaultConfigNestedCredential, "/config/0/token"));
}

BOOST_AUTO_TEST_CASE(deep_nesting_does_not_recurse) {
  OrderedJson deep = OrderedJson::object();
  deep["token"] = "x";
  for (int i = 0; i < 100000; ++i) {
    OrderedJson wrapper = OrderedJson::array();
    wrapper.push_back(std::move(deep));
    deep = std::move(wrapper);
  }
  OrderedJson config = OrderedJson::object();
  config["a"] = std::move(deep);
  const auto v = clasp::ScanSensitiveConfigKeys(config);
  BOOST_TEST(v.diagnostics.size() == 1u);
  BOOST_TEST(v.diagnostics[0].code == Code::kVaultConfigNestedCredential);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(schema_vlt6)

BOOST_AUTO_TEST_CASE(aws_region_is_required_trimmed_and_shaped) {
  auto v = clasp::CheckProviderConfigSchema(Provider::kAwsSecretsManager, J("{}"));
  BOOST_TEST(v.invalid_fields == (Strings{"region"}), boost::test_tools::per_element());
  BOOST_TEST(v.errors == (Strings{"Invalid input: expected string, received undefined"}), boost::test_tools::per_element());
  for (const char* ok : {"us-gov-west-1", "ap-southeast-10", "  eu-central-1  ", "us-east-1\n", "us-gov-1"}) {
    BOOST_TEST(clasp::CheckProviderConfigSchema(Provider::kAwsSecretsManager, OrderedJson{{"region", ok}}).accepted, ok);
  }
  for (const char* bad : {"US-EAST-1", "us-iso-east-1x1", "useast-1", "us-east-", "u-east-1", "us-east-1a", ""}) {
    v = clasp::CheckProviderConfigSchema(Provider::kAwsSecretsManager, OrderedJson{{"region", bad}});
    BOOST_TEST(v.errors == (Strings{"Invalid AWS region"}), boost::test_tools::per_element());
  }
  v = clasp::CheckProviderConfigSchema(Provider::kAwsSecretsManager, J(R"({"region":null})"));
  BOOST_TEST(v.errors == (Strings{"Invalid input: expected string, received null"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(normalized_config_is_what_paperclip_stores) {
  const auto v = clasp::CheckProviderConfigSchema(
      Provider::kAwsSecretsManager, J(R"({"kmsKeyId":"  k  ","region":" us-gov-east-1 ","namespace":"\u00a0ns\u3000","ownerTag":null})"));
  BOOST_TEST(v.accepted);
  BOOST_TEST(clasp::DumpJson(v.normalized) ==
             R"({"region":"us-gov-east-1","namespace":"ns","kmsKeyId":"k","ownerTag":null})");
}

BOOST_AUTO_TEST_CASE(short_text_limits_count_code_points) {
  std::string emoji160;
  for (int i = 0; i < 160; ++i) emoji160 += "\xF0\x9F\x98\x80";
  BOOST_TEST(clasp::CheckProviderConfigSchema(Provider::kVault, OrderedJson{{"mountPath", emoji160}}).accepted);
  const auto v = clasp::CheckProviderConfigSchema(Provider::kVault, OrderedJson{{"mountPath", emoji160 + "x"}});
  BOOST_TEST(v.errors == (Strings{"Too big: expected string to have <=160 characters"}), boost::test_tools::per_element());
  const auto blank = clasp::CheckProviderConfigSchema(Provider::kVault, J(R"({"namespace":" \t "})"));
  BOOST_TEST(blank.errors == (Strings{"Too small: expected string to have >=1 characters"}), boost::test_tools::per_element());
  const auto kms = clasp::CheckProviderConfigSchema(
      Provider::kAwsSecretsManager, OrderedJson{{"region", "us-east-1"}, {"kmsKeyId", std::string(513, 'k')}});
  BOOST_TEST(kms.errors == (Strings{"Too big: expected string to have <=512 characters"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(gcp_project_id_reports_every_failed_check) {
  BOOST_TEST(clasp::CheckProviderConfigSchema(Provider::kGcpSecretManager, J(R"({"projectId":" my-project "})")).accepted);
  BOOST_TEST(clasp::CheckProviderConfigSchema(Provider::kGcpSecretManager, J(R"({"projectId":null,"location":"eu"})")).accepted);
  const std::string pattern = "Invalid string: must match pattern /^[a-z][a-z0-9-]{4,127}$/";
  auto v = clasp::CheckProviderConfigSchema(Provider::kGcpSecretManager, OrderedJson{{"projectId", std::string(129, 'a')}});
  BOOST_TEST(v.errors == (Strings{"Too big: expected string to have <=128 characters", pattern}),
             boost::test_tools::per_element());
  v = clasp::CheckProviderConfigSchema(Provider::kGcpSecretManager, J(R"({"projectId":""})"));
  BOOST_TEST(v.errors == (Strings{"Too small: expected string to have >=1 characters", pattern}),
             boost::test_tools::per_element());
  for (const char* bad : {"abcd", "My-project", "1project", "my_project"}) {
    BOOST_TEST(!clasp::CheckProviderConfigSchema(Provider::kGcpSecretManager, OrderedJson{{"projectId", bad}}).accepted, bad);
  }
}

BOOST_AUTO_TEST_CASE(local_ack_is_optional_but_not_nullable) {
  BOOST_TEST(clasp::CheckProviderConfigSchema(Provider::kLocalEncrypted, J(R"({"backupReminderAcknowledged":true})")).accepted);
  auto v = clasp::CheckProviderConfigSchema(Provider::kLocalEncrypted, J(R"({"backupReminderAcknowledged":null})"));
  BOOST_TEST(v.errors == (Strings{"Invalid input: expected boolean, received null"}), boost::test_tools::per_element());
  v = clasp::CheckProviderConfigSchema(Provider::kLocalEncrypted, J(R"({"backupReminderAcknowledged":"yes"})"));
  BOOST_TEST(v.invalid_fields == (Strings{"backupReminderAcknowledged"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(unknown_keys_come_last_in_one_issue_in_js_order) {
  const auto v = clasp::CheckProviderConfigSchema(Provider::kAwsSecretsManager,
                                                  J(R"({"b":1,"region":"bad","10":1,"2":{"x":1},"01":1})"));
  BOOST_TEST(v.unknown_fields == (Strings{"2", "10", "b", "01"}), boost::test_tools::per_element());
  BOOST_TEST(v.errors == (Strings{"Invalid AWS region", R"(Unrecognized keys: "2", "10", "b", "01")"}),
             boost::test_tools::per_element());
  BOOST_TEST(HasCode(v, Code::kVaultConfigUnknownField, "/config/10"));
  const auto one = clasp::CheckProviderConfigSchema(Provider::kVault, J(R"({"token":"x"})"));
  BOOST_TEST(one.errors == (Strings{R"(Unrecognized key: "token")"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(nested_values_fail_the_field_type) {
  const auto v = clasp::CheckProviderConfigSchema(Provider::kAwsSecretsManager,
                                                  J(R"({"region":"us-east-1","namespace":{"token":"x"}})"));
  BOOST_TEST(v.invalid_fields == (Strings{"namespace"}), boost::test_tools::per_element());
  BOOST_TEST(v.errors == (Strings{"Invalid input: expected string, received object"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(proto_key_is_dropped_like_zods_record) {
  const auto v = clasp::CheckProviderConfig(Provider::kAwsSecretsManager, J(R"({"__proto__":{"token":"x"},"region":"us-east-1"})"));
  BOOST_TEST(v.accepted);
  BOOST_TEST(clasp::DumpJson(v.normalized) == R"({"region":"us-east-1"})");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(vault_address_vlt7)

BOOST_AUTO_TEST_CASE(address_is_stored_as_its_origin) {
  const auto v = clasp::CheckProviderConfigSchema(Provider::kVault, J(R"({"address":" https://Vault.Example.com:443/ "})"));
  BOOST_TEST(v.accepted);
  BOOST_TEST(v.normalized["address"] == "https://vault.example.com");
  BOOST_TEST(clasp::CheckProviderConfigSchema(Provider::kVault, J(R"({"address":null})")).accepted);
}

BOOST_AUTO_TEST_CASE(address_failures_use_zods_messages) {
  auto v = clasp::CheckProviderConfigSchema(Provider::kVault, J(R"({"address":"https://user:pw@vault.example.com"})"));
  BOOST_TEST(v.errors == (Strings{std::string(clasp::kVaultAddressMessage)}), boost::test_tools::per_element());
  BOOST_TEST(HasCode(v, Code::kVaultAddressNotOrigin, "/config/address"));
  v = clasp::CheckProviderConfigSchema(Provider::kVault, J(R"({"address":"https://h:65536"})"));
  BOOST_TEST(v.errors == (Strings{"Invalid URL"}), boost::test_tools::per_element());
  v = clasp::CheckProviderConfigSchema(Provider::kVault, J(R"({"address":8200})"));
  BOOST_TEST(v.errors == (Strings{"Invalid input: expected string, received number"}), boost::test_tools::per_element());
  BOOST_TEST(v.invalid_fields == (Strings{"address"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(update_recheck_covers_every_provider_shape) {
  BOOST_TEST(clasp::CheckConfigAddress(J(R"({"address":"https://user@h"})")).errors ==
                 (Strings{std::string(clasp::kVaultAddressMessage)}),
             boost::test_tools::per_element());
  BOOST_TEST(clasp::CheckConfigAddress(J(R"({"address":null,"token":1})")).accepted);
  BOOST_TEST(clasp::CheckConfigAddress(J(R"({"region":"us-east-1"})")).accepted);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(whole_config)

BOOST_AUTO_TEST_CASE(denylist_then_schema) {
  const auto v = clasp::CheckProviderConfig(Provider::kVault,
                                            J(R"({"address":"https://vault.example.com:8200","token":"hvs.x"})"));
  BOOST_TEST(!v.accepted);
  BOOST_TEST(v.denied_fields == (Strings{"token"}), boost::test_tools::per_element());
  BOOST_TEST(v.unknown_fields == (Strings{"token"}), boost::test_tools::per_element());
  BOOST_TEST(v.errors == (Strings{"Provider vault config cannot persist sensitive field: token", R"(Unrecognized key: "token")"}),
             boost::test_tools::per_element());
  BOOST_TEST(v.normalized.is_null());
}

BOOST_AUTO_TEST_CASE(non_objects_are_refused_as_records) {
  for (const char* text : {R"("not-an-object")", "null", "[]", "3", "true"}) {
    const auto v = clasp::CheckProviderConfig(Provider::kLocalEncrypted, J(text));
    BOOST_TEST(!v.accepted, text);
    BOOST_TEST(v.denied_fields.empty());
    BOOST_TEST(v.unknown_fields.empty());
    BOOST_TEST(HasCode(v, Code::kVaultConfigNotObject, "/config"));
  }
  BOOST_TEST(clasp::CheckProviderConfig(Provider::kVault, J("null")).errors ==
                 (Strings{"Invalid input: expected record, received null"}),
             boost::test_tools::per_element());
  BOOST_TEST(clasp::CheckProviderConfig(Provider::kVault, J("[1]")).errors ==
                 (Strings{"Invalid input: expected record, received array"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(hostile_input_gives_verdicts) {
  const std::string huge(10 * 1024 * 1024, 't');
  OrderedJson config = OrderedJson::object();
  config[huge] = huge;
  config["namespace"] = std::string("\xFF\xFE\x80", 3);
  config["\xC3"] = "\xE2\x82";
  const auto v = clasp::CheckProviderConfig(Provider::kVault, config);
  BOOST_TEST(!v.accepted);
  BOOST_TEST(v.unknown_fields.size() == 2u);
  BOOST_TEST(v.invalid_fields.empty());  // 3 undecodable bytes still make a 1..160 string
  BOOST_TEST(clasp::zod::CodePointLength("\xFF\xFE\x80") == 3u);
  BOOST_TEST(clasp::zod::CodePointLength("a\xF0\x9F\x98\x80") == 2u);
}

BOOST_AUTO_TEST_CASE(providers_parse_exactly) {
  BOOST_TEST((clasp::ParseProvider("vault") == Provider::kVault));
  BOOST_TEST(!clasp::ParseProvider("Vault").has_value());
  BOOST_TEST(clasp::ProviderName(Provider::kGcpSecretManager) == "gcp_secret_manager");
}

BOOST_AUTO_TEST_SUITE_END()

// zod 4 still runs min/max on a non-string that has a `length`; the expected
// lists below are zod 4.6.7's own output for these inputs.
BOOST_AUTO_TEST_CASE(non_string_with_length_gets_zods_length_issues_too) {
  const auto errors = [](const char* config) {
    return clasp::CheckProviderConfig(Provider::kGcpSecretManager, J(config)).errors;
  };
  BOOST_TEST(errors(R"({"projectId":[]})") ==
                 (Strings{"Invalid input: expected string, received array", "Too small: expected array to have >=1 items"}),
             boost::test_tools::per_element());
  BOOST_TEST(errors(R"({"projectId":[1]})") == (Strings{"Invalid input: expected string, received array"}),
             boost::test_tools::per_element());
  BOOST_TEST(errors(R"({"namespace":{"length":"x"}})") ==
                 (Strings{"Invalid input: expected string, received object", "Too small: expected unknown to be >=1",
                          "Too big: expected unknown to be <=160"}),
             boost::test_tools::per_element());
  BOOST_TEST(errors(R"({"namespace":{"length":true}})") == (Strings{"Invalid input: expected string, received object"}),
             boost::test_tools::per_element());
  BOOST_TEST(errors(R"({"namespace":{"length":null}})") ==
                 (Strings{"Invalid input: expected string, received object", "Too small: expected unknown to be >=1"}),
             boost::test_tools::per_element());
  BOOST_TEST(errors(R"({"namespace":5})") == (Strings{"Invalid input: expected string, received number"}),
             boost::test_tools::per_element());
}
