#define BOOST_TEST_MODULE vault_status
#include <boost/test/unit_test.hpp>

#include "test_support.h"

#include <string>
#include <vector>

#include "clasp/vault_address.h"
#include "clasp/vault_status.h"

using clasp::Code;
using clasp::DisabledAtChange;
using clasp::OrderedJson;
using clasp::Provider;
using clasp::ProviderVault;
using clasp::VaultStatus;
using clasp::test::J;
using Strings = std::vector<std::string>;

namespace {

ProviderVault Row(const std::string& id, const std::string& company, Provider provider, VaultStatus status,
                  bool is_default) {
  ProviderVault row;
  row.id = id;
  row.company_id = company;
  row.provider = provider;
  row.display_name = id;
  row.status = status;
  row.is_default = is_default;
  return row;
}

}  // namespace

BOOST_AUTO_TEST_CASE(vlt1_pinned_providers_default_to_coming_soon) {
  BOOST_TEST(clasp::IsComingSoonProvider(Provider::kVault));
  BOOST_TEST(clasp::IsComingSoonProvider(Provider::kGcpSecretManager));
  BOOST_TEST(!clasp::IsComingSoonProvider(Provider::kAwsSecretsManager));
  BOOST_TEST((clasp::DefaultVaultStatus(Provider::kVault) == VaultStatus::kComingSoon));
  BOOST_TEST((clasp::DefaultVaultStatus(Provider::kLocalEncrypted) == VaultStatus::kReady));
  BOOST_TEST((clasp::ParseVaultStatus("coming_soon") == VaultStatus::kComingSoon));
  BOOST_TEST(!clasp::ParseVaultStatus("Ready").has_value());
}

BOOST_AUTO_TEST_SUITE(create_vlt2)

BOOST_AUTO_TEST_CASE(default_local_vault) {
  const auto w = clasp::CreateProviderVault("c1", J(R"({"provider":"local_encrypted","displayName":"  Local  ","isDefault":true})"));
  BOOST_TEST(w.ok);
  BOOST_TEST(w.http_status == 201);
  BOOST_TEST((w.row.status == VaultStatus::kReady));
  BOOST_TEST(w.row.is_default);
  BOOST_TEST(w.row.display_name == "Local");
  BOOST_TEST(w.row.company_id == "c1");
  BOOST_TEST(w.clears_other_defaults);
  BOOST_TEST((w.disabled_at == DisabledAtChange::kClear));
  BOOST_TEST(clasp::DumpJson(w.row.config) == "{}");
}

BOOST_AUTO_TEST_CASE(disabled_vault_stamps_disabled_at) {
  const auto w = clasp::CreateProviderVault("c1", J(R"({"provider":"vault","displayName":"V","status":"disabled","config":{"address":"https://Vault.Example.com:8200/"}})"));
  BOOST_TEST(w.ok);
  BOOST_TEST((w.disabled_at == DisabledAtChange::kStamp));
  BOOST_TEST(!w.clears_other_defaults);
  BOOST_TEST(w.row.config["address"] == "https://vault.example.com:8200");
}

BOOST_AUTO_TEST_CASE(pinned_provider_locked_unless_coming_soon_or_disabled) {
  const auto w = clasp::CreateProviderVault("c1", J(R"({"provider":"vault","displayName":"V","status":"ready","isDefault":true})"));
  BOOST_TEST(!w.ok);
  BOOST_TEST(w.http_status == 400);
  BOOST_TEST(w.error == "Invalid provider vault config");
  BOOST_TEST(w.errors == (Strings{"vault provider vaults are locked while coming soon"}), boost::test_tools::per_element());
  BOOST_TEST(w.diagnostics.at(0).code == Code::kVaultLockedComingSoon);
  BOOST_TEST(w.diagnostics.at(0).path == "/status");
}

BOOST_AUTO_TEST_CASE(missing_config_fails_aws_and_keeps_schema_order) {
  const auto w = clasp::CreateProviderVault(
      "c1", J(R"({"provider":"aws_secrets_manager","displayName":"A","status":"coming_soon","isDefault":true})"));
  BOOST_TEST(!w.ok);
  BOOST_TEST(w.errors == (Strings{"Invalid input: expected string, received undefined",
                                  "Only ready or warning provider vaults can be default"}),
             boost::test_tools::per_element());
  BOOST_TEST(w.diagnostics.at(1).path == "/isDefault");
}

BOOST_AUTO_TEST_CASE(credential_field_named_then_unknown) {
  const auto w = clasp::CreateProviderVault(
      "c1", J(R"({"provider":"gcp_secret_manager","displayName":"G","config":{"projectId":"my-project","serviceAccountJson":"{}"}})"));
  BOOST_TEST(w.errors == (Strings{"Provider vault config cannot persist sensitive field: serviceAccountJson",
                                  R"(Unrecognized key: "serviceAccountJson")"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(type_failures_stop_the_refinements_length_failures_do_not) {
  auto w = clasp::CreateProviderVault("c1", J(R"({"provider":"vault","displayName":"V","status":"ready","isDefault":"yes"})"));
  BOOST_TEST(w.errors == (Strings{"Invalid input: expected boolean, received string"}), boost::test_tools::per_element());
  w = clasp::CreateProviderVault("c1", J(R"({"provider":"vault","displayName":"  ","status":"ready"})"));
  BOOST_TEST(w.errors == (Strings{"Too small: expected string to have >=1 characters",
                                  "vault provider vaults are locked while coming soon"}),
             boost::test_tools::per_element());
  w = clasp::CreateProviderVault("c1", J(R"({"provider":"hashicorp"})"));
  BOOST_TEST(w.errors == (Strings{R"(Invalid option: expected one of "local_encrypted"|"aws_secrets_manager"|"gcp_secret_manager"|"vault")",
                                  "Invalid input: expected string, received undefined"}),
             boost::test_tools::per_element());
  w = clasp::CreateProviderVault("c1", J(R"({"provider":"vault","displayName":"V","config":null})"));
  BOOST_TEST(w.errors == (Strings{"Invalid input: expected record, received null"}), boost::test_tools::per_element());
  w = clasp::CreateProviderVault("c1", J(R"("vault")"));
  BOOST_TEST(w.errors == (Strings{"Invalid input: expected object, received string"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(update_vlt3)

BOOST_AUTO_TEST_CASE(disabling_clears_default_and_stamps_once) {
  ProviderVault aws = Row("v1", "c1", Provider::kAwsSecretsManager, VaultStatus::kReady, true);
  aws.config = J(R"({"region":"us-east-1"})");
  auto w = clasp::UpdateProviderVault(aws, J(R"({"status":"disabled"})"));
  BOOST_TEST(w.ok);
  BOOST_TEST(!w.row.is_default);
  BOOST_TEST((w.disabled_at == DisabledAtChange::kStamp));
  BOOST_TEST(w.row.config == aws.config);
  aws.status = VaultStatus::kDisabled;
  aws.disabled_at = "2026-01-01T00:00:00Z";
  w = clasp::UpdateProviderVault(aws, J(R"({"displayName":" renamed "})"));
  BOOST_TEST((w.disabled_at == DisabledAtChange::kKeep));
  BOOST_TEST(w.row.display_name == "renamed");
  w = clasp::UpdateProviderVault(aws, J(R"({"status":"warning"})"));
  BOOST_TEST((w.disabled_at == DisabledAtChange::kClear));
  BOOST_TEST(!w.row.disabled_at.has_value());
}

BOOST_AUTO_TEST_CASE(effective_status_governs_default_and_lock) {
  const ProviderVault disabled = Row("v1", "c1", Provider::kAwsSecretsManager, VaultStatus::kDisabled, false);
  auto w = clasp::UpdateProviderVault(disabled, J(R"({"isDefault":true})"));
  BOOST_TEST(!w.ok);
  BOOST_TEST(w.http_status == 422);
  BOOST_TEST(w.error == "Only ready or warning provider vaults can be default");
  BOOST_TEST(w.errors.empty());
  const ProviderVault pinned = Row("v5", "c1", Provider::kVault, VaultStatus::kComingSoon, false);
  w = clasp::UpdateProviderVault(pinned, J(R"({"status":"ready"})"));
  BOOST_TEST(w.error == "vault provider vaults are locked while coming soon");
  BOOST_TEST(w.diagnostics.at(0).code == Code::kVaultLockedComingSoon);
  BOOST_TEST(clasp::UpdateProviderVault(pinned, J(R"({"status":"disabled"})")).ok);
  const ProviderVault local = Row("v3", "c1", Provider::kLocalEncrypted, VaultStatus::kReady, true);
  w = clasp::UpdateProviderVault(local, J(R"({"status":"coming_soon"})"));
  BOOST_TEST(w.ok);
  BOOST_TEST(!w.row.is_default);
  BOOST_TEST(clasp::UpdateProviderVault(local, J(R"({"displayName":"x"})")).row.is_default);
}

BOOST_AUTO_TEST_CASE(schema_checks_patch_status_and_address_for_every_provider) {
  const ProviderVault local = Row("v3", "c1", Provider::kLocalEncrypted, VaultStatus::kComingSoon, false);
  auto w = clasp::UpdateProviderVault(local, J(R"({"config":{"address":"https://user@h"}})"));
  BOOST_TEST(w.http_status == 400);
  BOOST_TEST(w.error == "Invalid provider vault config");
  BOOST_TEST(w.errors == (Strings{std::string(clasp::kVaultAddressMessage)}), boost::test_tools::per_element());
  w = clasp::UpdateProviderVault(local, J(R"({"status":"disabled","isDefault":true})"));
  BOOST_TEST(w.http_status == 400);
  BOOST_TEST(w.errors == (Strings{"Only ready or warning provider vaults can be default"}), boost::test_tools::per_element());
  const ProviderVault gcp = Row("g", "c1", Provider::kGcpSecretManager, VaultStatus::kComingSoon, true);
  w = clasp::UpdateProviderVault(gcp, J(R"({"status":"ready","isDefault":true,"config":{"token":"x"}})"));
  BOOST_TEST(w.errors == (Strings{"Provider vault config cannot persist sensitive field: token"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(config_is_replaced_wholesale_and_revalidated) {
  ProviderVault aws = Row("v1", "c1", Provider::kAwsSecretsManager, VaultStatus::kReady, false);
  aws.config = J(R"({"region":"us-east-1","namespace":"old"})");
  auto w = clasp::UpdateProviderVault(aws, J(R"({"config":{"region":" eu-west-1 "}})"));
  BOOST_TEST(w.ok);
  BOOST_TEST(clasp::DumpJson(w.row.config) == R"({"region":"eu-west-1"})");
  w = clasp::UpdateProviderVault(aws, J(R"({"config":{"namespace":"x"}})"));
  BOOST_TEST(w.http_status == 422);
  BOOST_TEST(w.error == "Invalid provider vault config");
  BOOST_TEST(w.errors == (Strings{"Invalid input: expected string, received undefined"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(nested_credential_note_rides_along_without_changing_the_verdict) {
  const ProviderVault aws = Row("v1", "c1", Provider::kAwsSecretsManager, VaultStatus::kReady, false);
  const auto w = clasp::UpdateProviderVault(aws, J(R"({"config":{"region":"us-east-1","ownerTag":{"token":"x"}}})"));
  BOOST_TEST(w.http_status == 422);
  BOOST_TEST(w.errors == (Strings{"Invalid input: expected string, received object"}), boost::test_tools::per_element());
  bool nested = false;
  for (const auto& d : w.diagnostics) nested = nested || (d.code == Code::kVaultConfigNestedCredential && d.path == "/config/ownerTag/token");
  BOOST_TEST(nested);
}

BOOST_AUTO_TEST_CASE(vlt4_disable_is_a_soft_delete) {
  ProviderVault row = Row("v1", "c1", Provider::kLocalEncrypted, VaultStatus::kReady, true);
  auto w = clasp::DisableProviderVault(row);
  BOOST_TEST(w.ok);
  BOOST_TEST((w.row.status == VaultStatus::kDisabled));
  BOOST_TEST(!w.row.is_default);
  BOOST_TEST((w.disabled_at == DisabledAtChange::kStamp));
  row.disabled_at = "t";
  BOOST_TEST((clasp::DisableProviderVault(row).disabled_at == DisabledAtChange::kKeep));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(default_and_selection)

BOOST_AUTO_TEST_CASE(vltd_set_default_only_touches_same_company_and_provider) {
  const std::vector<ProviderVault> rows = {
      Row("v1", "c1", Provider::kAwsSecretsManager, VaultStatus::kReady, true),
      Row("v2", "c1", Provider::kAwsSecretsManager, VaultStatus::kWarning, false),
      Row("v3", "c1", Provider::kLocalEncrypted, VaultStatus::kReady, true),
      Row("v4", "c2", Provider::kAwsSecretsManager, VaultStatus::kReady, true),
      Row("v5", "c1", Provider::kVault, VaultStatus::kComingSoon, false),
      Row("w4", "c1", Provider::kGcpSecretManager, VaultStatus::kReady, false),
  };
  const auto after = clasp::SetDefaultProviderVault(rows, "v2");
  BOOST_TEST(after.ok());
  const std::vector<bool> expected = {false, true, true, true, false, false};
  for (std::size_t i = 0; i < rows.size(); ++i) BOOST_TEST((*after.value)[i].is_default == expected[i]);
  BOOST_TEST(clasp::SetDefaultProviderVault(rows, "w4").ok());  // status ready is enough, even when pinned
  const auto locked = clasp::SetDefaultProviderVault(rows, "v5");
  BOOST_TEST(locked.diagnostics.at(0).code == Code::kVaultDefaultNotAllowed);
  BOOST_TEST(locked.diagnostics.at(0).http_status == 422);
  const auto missing = clasp::SetDefaultProviderVault(rows, "v9");
  BOOST_TEST(missing.diagnostics.at(0).http_status == 404);
  BOOST_TEST(missing.diagnostics.at(0).message == "Provider vault not found");
}

BOOST_AUTO_TEST_CASE(vault_sel_checks_in_paperclips_order) {
  ProviderVault v = Row("v1", "c1", Provider::kAwsSecretsManager, VaultStatus::kReady, true);
  BOOST_TEST(clasp::CheckSelectableVault(&v, "c1", "aws_secrets_manager").empty());
  BOOST_TEST(clasp::CheckSelectableVault(nullptr, "c1", "aws_secrets_manager").at(0).message == "Provider vault not found");
  BOOST_TEST(clasp::CheckSelectableVault(&v, "c2", "local_encrypted").at(0).message ==
             "Provider vault must belong to same company");
  BOOST_TEST(clasp::CheckSelectableVault(&v, "c1", "local_encrypted").at(0).message ==
             "Provider vault must match the secret provider");
  v.status = VaultStatus::kComingSoon;
  BOOST_TEST(clasp::CheckSelectableVault(&v, "c1", "aws_secrets_manager").at(0).message ==
             "Provider vault is locked while coming soon");
  v.status = VaultStatus::kDisabled;
  const auto d = clasp::CheckSelectableVault(&v, "c1", "aws_secrets_manager");
  BOOST_TEST(d.at(0).message == "Provider vault is disabled");
  BOOST_TEST(d.at(0).http_status == 422);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(health_hlt)

BOOST_AUTO_TEST_CASE(disabled_first_then_runtime_lock) {
  auto h = clasp::StaticVaultHealth(Provider::kVault, VaultStatus::kDisabled);
  BOOST_TEST(h.has_value());
  BOOST_TEST(h->code == "disabled");
  BOOST_TEST(h->message == "Provider vault is disabled.");
  h = clasp::StaticVaultHealth(Provider::kGcpSecretManager, VaultStatus::kReady);
  BOOST_TEST(h->code == "runtime_locked");
  BOOST_TEST(clasp::VaultHealthStatusName(h->status) == "coming_soon");
  BOOST_TEST(h->guidance.size() == 1u);
  BOOST_TEST(clasp::StaticVaultHealth(Provider::kLocalEncrypted, VaultStatus::kComingSoon)->code == "runtime_locked");
  BOOST_TEST(!clasp::StaticVaultHealth(Provider::kAwsSecretsManager, VaultStatus::kWarning).has_value());
}

BOOST_AUTO_TEST_CASE(module_verdict_mapping) {
  clasp::ModuleHealth module;
  module.message = "fine";
  auto h = clasp::MapModuleHealth(VaultStatus::kWarning, module);
  BOOST_TEST(clasp::VaultHealthStatusName(h.status) == "warning");
  BOOST_TEST(h.code == "provider_ready");
  BOOST_TEST(h.guidance.empty());
  module.status = clasp::ParseModuleHealthStatus("error");
  module.warnings = {"w"};
  module.backup_guidance = {"b"};
  h = clasp::MapModuleHealth(VaultStatus::kReady, module);
  BOOST_TEST(clasp::VaultHealthStatusName(h.status) == "error");
  BOOST_TEST(h.code == "provider_needs_attention");
  BOOST_TEST(h.guidance == (Strings{"w", "b"}), boost::test_tools::per_element());
  module.status = clasp::ParseModuleHealthStatus("degraded");
  BOOST_TEST(clasp::VaultHealthStatusName(clasp::MapModuleHealth(VaultStatus::kReady, module).status) == "warning");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(rows_parse_from_paperclip_json) {
  const auto row = clasp::ParseProviderVault(
      J(R"({"id":"v1","companyId":"c1","provider":"vault","status":"coming_soon","isDefault":false,"config":{},"disabledAt":null})"));
  BOOST_TEST(row.ok());
  BOOST_TEST((row.value->provider == Provider::kVault));
  const auto bad = clasp::ParseProviderVault(J(R"({"provider":"hashicorp","status":"on","isDefault":"no"})"));
  BOOST_TEST(!bad.ok());
  BOOST_TEST(bad.diagnostics.size() == 3u);
  BOOST_TEST(bad.diagnostics.at(0).code == Code::kVaultProviderUnknown);
  BOOST_TEST(!clasp::ParseProviderVault(J("[]")).ok());
}
