// EXT-1 and IMP-1..5 on a real store, written once (native/remote_import_service.h,
// SecretService's external references).
//
// A suite file defines `struct Backend { std::unique_ptr<SecretStore> Open(); }`
// and then includes this header: native_remote_import_test.cpp (SQLite) and
// native_pg_remote_import_test.cpp (PostgreSQL, skipped without a server).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "clasp/native/env_target_service.h"
#include "clasp/native/remote_import_service.h"
#include "clasp/native/secret_service.h"
#include "clasp/native/vault_service.h"
#include "clasp/sha256.h"
#include "native_test_support.h"
#include "test_support.h"

namespace remote_import_suite {

using namespace clasp;
using namespace clasp::native;
namespace nt = clasp::native::test;
using clasp::test::J;

const std::string kCompany = "a5e14a02-7d61-4b70-b6f8-27742a6ad3a7";
const std::string kOther = "0b7d3c36-2f0e-4c55-9a53-8d1c0d7c1e11";
const std::string kArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api/OpenAI-Key-AbC123";
const std::string kDbArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:team/db-xYz789";
// Strings of the inventory that must never reach an activity row (IMP-5).
const std::vector<std::string> kInventoryText = {"OpenAI", "openai", "arn:", "team/db", "db-xYz789", "ml-team",
                                                 "prod db password"};

struct Fixture {
  Backend backend;
  nt::TempDir home;
  MapEnvVars vars{std::map<std::string, std::string, std::less<>>{
      {"PAPERCLIP_SECRETS_MASTER_KEY", std::string(64, 'b')}, {"CLASP_HOME", home.path()}}};
  nt::FixedClock clock;
  std::unique_ptr<SecretStore> store = backend.Open();
  std::unique_ptr<CipherSource> ciphers = KeyCustodyCipherSource(vars, PosixFileSystem(), SystemRandom());
  std::unique_ptr<ProviderHealthProbe> probe = DeploymentHealthProbe(vars, PosixFileSystem());
  SecretService secrets{*store, *ciphers, SystemRandom(), clock};
  VaultService vaults{*store, SystemRandom(), clock, *probe};
  EnvTargetService targets{*store, SystemRandom(), clock};
  RemoteImportService imports{*store, SystemRandom(), clock};
  std::string aws, local, theirs;

  Fixture() {
    for (const std::string& id : {kCompany, kOther}) {
      nt::InTxn<Done>(*store, [&](StoreTxn& t) {
        return t.InsertCompany(CompanyRow{id, "Company", "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"});
      });
    }
    aws = Vault(R"({"provider":"aws_secrets_manager","displayName":"AWS","config":{"region":"us-east-1"}})");
    local = Vault(R"({"provider":"local_encrypted","displayName":"Local"})");
    theirs = Vault(R"({"provider":"aws_secrets_manager","displayName":"Theirs","config":{"region":"us-east-1"}})", kOther);
  }

  std::string Vault(const std::string& body, const std::string& company = kCompany) {
    auto r = vaults.Create(company, J(body));
    BOOST_TEST_REQUIRE(r.ok(), body);
    return r.value->id;
  }

  Result<SecretRow> Link(const std::string& name, const std::optional<std::string>& ref,
                         const std::optional<std::string>& vault, const std::string& provider = "aws_secrets_manager") {
    CreateSecretInput in;
    in.name = name, in.provider = provider, in.managed_mode = "external_reference";
    in.external_ref = ref, in.provider_config_id = vault, in.provider_version_ref = std::string(" v-7 ");
    return secrets.Create(kCompany, in, Actor{std::nullopt, std::string("local-board")});
  }

  std::vector<VersionRow> Versions(const std::string& secret_id) {
    std::vector<VersionRow> out;
    for (int v = 1; v <= 3; ++v) {
      auto row = nt::InTxn<std::optional<VersionRow>>(*store, [&](StoreTxn& t) { return t.GetVersion(secret_id, v); });
      if (row) out.push_back(*row);
    }
    return out;
  }

  std::vector<SecretRow> Secrets() {
    return nt::InTxn<std::vector<SecretRow>>(*store, [&](StoreTxn& t) { return t.ListSecrets(kCompany); });
  }

  std::vector<ActivityRow> Activity() {
    return nt::InTxn<std::vector<ActivityRow>>(*store, [&](StoreTxn& t) { return t.ListActivity(kCompany); });
  }

  RemoteSecretPage Page(const std::string& json) {
    auto page = ParseAwsListSecretsPage(J(json));
    BOOST_TEST_REQUIRE(page.ok());
    return *page.value;
  }

  RemoteImportRequest Request(const std::string& vault, const std::string& rows) {
    auto r = ParseRemoteImportRequest(J(R"({"providerConfigId":")" + vault + R"(","secrets":)" + rows + "}"));
    BOOST_TEST_REQUIRE(r.ok(), rows);
    return *r.value;
  }
};

// JSON text as a value: PostgreSQL's jsonb columns reorder keys.
nlohmann::json Value(const std::string& text) { return nlohmann::json::parse(text); }

std::string Message(const std::vector<Diagnostic>& d) { return d.empty() ? "" : d[0].message; }
int Http(const std::vector<Diagnostic>& d) { return d.empty() ? 0 : d[0].http_status; }

void ExpectNoInventoryText(const std::vector<ActivityRow>& rows) {
  for (const ActivityRow& row : rows) {
    for (const std::string& text : kInventoryText) {
      BOOST_TEST(row.details.find(text) == std::string::npos, row.action << " holds " << text);
    }
  }
}

BOOST_FIXTURE_TEST_SUITE(remote_import, Fixture)

BOOST_AUTO_TEST_CASE(external_reference_stores_metadata_only) {
  auto created = Link("OpenAI prod", "  " + kArn + " ", aws);
  BOOST_TEST_REQUIRE(created.ok(), Message(created.diagnostics));
  const SecretRow& s = *created.value;
  BOOST_TEST(s.managed_mode == "external_reference");
  BOOST_TEST(s.external_ref.value_or("") == kArn);
  BOOST_TEST(s.key == "openai-prod");
  BOOST_TEST(s.status == "active");
  const auto versions = Versions(s.id);
  BOOST_TEST_REQUIRE(versions.size() == 1u);
  BOOST_TEST(versions[0].status == "current");
  BOOST_TEST(versions[0].provider_version_ref.value_or("") == "v-7");
  BOOST_TEST(Value(versions[0].material) == Value(R"({"scheme":"aws_secrets_manager_v1","secretId":")" + kArn +
                                                 R"(","versionId":"v-7","source":"external_reference"})"));
  BOOST_TEST(versions[0].value_sha256 == versions[0].fingerprint_sha256);
  BOOST_TEST(versions[0].fingerprint_sha256 == HexLower(Sha256Of("aws_secrets_manager_v1:" + kArn + ":v-7")));
}

BOOST_AUTO_TEST_CASE(external_reference_refusals) {
  BOOST_TEST(Message(Link("a", kArn, std::nullopt, "local_encrypted").diagnostics) ==
             "local_encrypted does not support external reference secrets");
  BOOST_TEST(Http(Link("a", kArn, std::nullopt, "local_encrypted").diagnostics) == 400);
  BOOST_TEST(Message(Link("a", std::string("  "), aws).diagnostics) == "External reference secrets require externalRef");
  const auto no_vault = Link("a", kArn, std::nullopt).diagnostics;
  BOOST_TEST(no_vault.at(0).code == Code::kProviderNotConfigured);
  BOOST_TEST(Http(no_vault) == 422);
  const auto managed_ns = Link("a", "arn:aws:secretsmanager:us-east-1:1:secret:paperclip/" + aws + "/c/k", aws);
  BOOST_TEST(Message(managed_ns.diagnostics) ==
             "AWS Paperclip-managed namespace secrets cannot be imported as external references");
  BOOST_TEST(Message(Link("a", kArn, theirs).diagnostics) == "Provider vault must belong to same company");
  CreateSecretInput value_on_aws;
  value_on_aws.name = "v", value_on_aws.provider = "aws_secrets_manager", value_on_aws.value = "sk-VALUE";
  value_on_aws.provider_config_id = aws;
  BOOST_TEST(Message(secrets.Create(kCompany, value_on_aws).diagnostics) ==
             "aws_secrets_manager provider is not configured for Paperclip-managed values");
  BOOST_TEST(Secrets().empty());  // nothing half-created
  auto linked = Link("ok", kArn, aws);
  BOOST_TEST_REQUIRE(linked.ok());
  RotateSecretInput rotate;
  rotate.external_ref = kDbArn;
  BOOST_TEST(Message(secrets.Rotate(linked.value->id, rotate).diagnostics) ==
             "aws_secrets_manager provider is not configured in this deployment");
  BOOST_TEST(Versions(linked.value->id).size() == 1u);
}

BOOST_AUTO_TEST_CASE(resolving_an_external_reference_fails_with_a_provider_error_event) {
  auto linked = Link("Db", kArn, aws);
  BOOST_TEST_REQUIRE(linked.ok());
  auto agent = targets.CreateAgent(
      kCompany, J(R"({"name":"Coder","adapterConfig":{"env":{"DB":{"type":"secret_ref","secretId":")" +
                  linked.value->id + R"(","version":"latest"}}}})"));
  BOOST_TEST_REQUIRE(agent.ok(), Message(agent.diagnostics));
  AccessContext ctx;
  ctx.actor_type = "agent", ctx.actor_id = (*agent.value)->agent.id;
  ctx.consumer_type = "agent", ctx.consumer_id = (*agent.value)->agent.id, ctx.config_path = "env.DB";
  auto resolved = secrets.Resolve(kCompany, linked.value->id, std::nullopt, ctx);
  BOOST_TEST(!resolved.ok());
  // The AWS runtime finds no credentials (the tests' environment turns IMDS
  // off): Paperclip's plain Error inside the gateway, i.e. provider_error.
  BOOST_TEST(Message(resolved.diagnostics) == "AWS Secrets Manager request failed.");
  BOOST_TEST(Http(resolved.diagnostics) == 502);
  BOOST_TEST(AccessErrorCode(resolved.diagnostics) == "provider_error");
  auto events = nt::InTxn<std::vector<AccessEventRow>>(
      *store, [&](StoreTxn& t) { return t.ListAccessEvents(linked.value->id); });
  BOOST_TEST_REQUIRE(events.size() == 1u);
  BOOST_TEST(events[0].outcome == "failure");
  BOOST_TEST(events[0].error_code.value_or("") == "provider_error");
  BOOST_TEST(events[0].provider == "aws_secrets_manager");
  BOOST_TEST(events[0].config_path.value_or("") == "env.DB");
  // Without a context nothing is recorded; the failure is the same.
  BOOST_TEST(!secrets.Resolve(kCompany, linked.value->id, std::nullopt, std::nullopt).ok());
  BOOST_TEST(nt::InTxn<std::vector<AccessEventRow>>(
                 *store, [&](StoreTxn& t) { return t.ListAccessEvents(linked.value->id); }).size() == 1u);
  // The vault's health says why.
  auto health = vaults.Health(aws);
  BOOST_TEST_REQUIRE(health.ok());
  BOOST_TEST(health.value->row.health_status.value_or("") == "warning");
  BOOST_TEST(health.value->health.message ==
             "aws_secrets_manager provider is available for external references but not configured for runtime "
             "resolution");
}

BOOST_AUTO_TEST_CASE(preview_lists_candidates_and_logs_counts_only) {
  nt::CreateSecret(secrets, kCompany, "team/db", "sk-local-VALUE");
  auto linked = Link("Linked", kArn, aws);
  BOOST_TEST_REQUIRE(linked.ok());
  const RemoteSecretPage page = Page(R"({"SecretList":[
    {"ARN":")" + kArn + R"(","Name":"prod/api/OpenAI-Key","Description":"prod db password","Tags":[{"Key":"owner","Value":"ml-team"}]},
    {"ARN":")" + kDbArn + R"(","Name":"team/db"},
    {"ARN":"arn:aws:secretsmanager:us-east-1:1:secret:svc/OpenAI-Search-q1w2e3","Name":"","KmsKeyId":"k"}],"NextToken":"n2"})");
  auto request = ParseRemoteImportPreviewRequest(J(R"({"providerConfigId":")" + aws + R"("})"));
  auto preview = imports.Preview(kCompany, *request.value, page);
  BOOST_TEST_REQUIRE(preview.ok(), Message(preview.diagnostics));
  const auto& c = preview.value->candidates;
  BOOST_TEST_REQUIRE(c.size() == 3u);
  BOOST_TEST(c[0].status == "duplicate");
  BOOST_TEST(c[0].conflicts.at(0).existing_secret_id.value_or("") == linked.value->id);
  BOOST_TEST(c[1].status == "conflict");
  BOOST_TEST(c[2].status == "ready");
  BOOST_TEST(c[2].name == "OpenAI-Search-q1w2e3");
  BOOST_TEST(DumpJson(c[2].provider_metadata) ==
             R"({"createdDate":null,"lastAccessedDate":null,"lastChangedDate":null,"deletedDate":null,)"
             R"("hasDescription":false,"hasKmsKey":true,"tagCount":0})");
  BOOST_TEST(RemoteImportPreviewJson(*preview.value)["nextToken"] == "n2");
  const auto activity = Activity();
  BOOST_TEST_REQUIRE(activity.size() == 1u);
  BOOST_TEST(activity[0].action == "secret.remote_import.previewed");
  BOOST_TEST(activity[0].entity_id == aws);
  BOOST_TEST(Value(activity[0].details) ==
             Value(R"({"provider":"aws_secrets_manager","candidateCount":3,"readyCount":1,"duplicateCount":1,"conflictCount":1})"));
  ExpectNoInventoryText(activity);
  BOOST_TEST(Secrets().size() == 2u);  // a preview writes no secret
}

BOOST_AUTO_TEST_CASE(import_rechecks_conflicts_and_writes_one_version_each) {
  const std::string rows = R"([{"externalRef":")" + kArn + R"(","description":"  "},
    {"externalRef":")" + kArn + R"(","name":"again"},
    {"externalRef":")" + kDbArn + R"(","name":"team/db","description":"prod db password"},
    {"externalRef":"arn:aws:secretsmanager:us-east-1:1:secret:x/OPENAI-KEY-ABC123"},
    {"externalRef":"arn:aws:secretsmanager:us-east-1:1:secret:paperclip/)" + aws + R"(/c/k"},
    {"externalRef":"arn:aws:secretsmanager:us-east-1:1:secret:svc/!!!"}])";
  // The dry run writes nothing, yet judges later rows against earlier ones.
  auto dry = imports.Import(kCompany, Request(aws, rows), false);
  BOOST_TEST_REQUIRE(dry.ok(), Message(dry.diagnostics));
  BOOST_TEST(dry.value->results[0].status == "imported");
  BOOST_TEST(!dry.value->results[0].secret_id.has_value());
  BOOST_TEST(dry.value->results[1].reason.value_or("") == "exact_reference_duplicate");
  BOOST_TEST(Secrets().empty());
  BOOST_TEST(Activity().empty());
  // Between preview and submit someone takes the name "team/db": re-checked now.
  nt::CreateSecret(secrets, kCompany, "team/db", "sk-local-VALUE");
  auto done = imports.Import(kCompany, Request(aws, rows), true, Actor{std::nullopt, std::string("u1")});
  BOOST_TEST_REQUIRE(done.ok(), Message(done.diagnostics));
  const auto& r = done.value->results;
  BOOST_TEST_REQUIRE(r.size() == 6u);
  BOOST_TEST(r[0].status == "imported");
  BOOST_TEST(r[1].status == "skipped");
  BOOST_TEST(r[1].reason.value_or("") == "exact_reference_duplicate");
  BOOST_TEST(r[1].conflicts.at(0).existing_secret_id.value_or("-") == r[0].secret_id.value_or(""));
  BOOST_TEST(r[2].status == "skipped");
  BOOST_TEST(r[2].reason.value_or("") == "name_or_key_conflict");
  BOOST_TEST(r[3].status == "skipped");  // same key as row 0, from this batch
  BOOST_TEST(r[4].status == "error");
  BOOST_TEST(r[4].reason.value_or("") == "AWS Paperclip-managed namespace secrets cannot be imported as external references");
  BOOST_TEST(r[5].status == "error");  // name "!!!" normalises to no key
  BOOST_TEST(r[5].reason.value_or("") == "Secret key is required");
  const ImportCounts counts = CountImportResults(r);
  BOOST_TEST(counts.imported == 1);
  BOOST_TEST(counts.skipped == 3);
  BOOST_TEST(counts.errors == 2);
  const SecretRow* imported = nullptr;
  const auto all = Secrets();
  for (const SecretRow& s : all) {
    if (s.id == r[0].secret_id) imported = &s;
  }
  BOOST_TEST_REQUIRE(imported != nullptr);
  BOOST_TEST(imported->managed_mode == "external_reference");
  BOOST_TEST(imported->provider_config_id.value_or("") == aws);
  BOOST_TEST(!imported->description.has_value());
  BOOST_TEST(imported->created_by_user_id.value_or("") == "u1");
  const auto versions = Versions(imported->id);
  BOOST_TEST_REQUIRE(versions.size() == 1u);
  BOOST_TEST(versions[0].status == "current");
  BOOST_TEST(versions[0].material.find("external_reference") != std::string::npos);
  const auto activity = Activity();
  BOOST_TEST_REQUIRE(activity.size() == 1u);
  BOOST_TEST(activity[0].action == "secret.remote_import.completed");
  BOOST_TEST(Value(activity[0].details) ==
             Value(R"({"provider":"aws_secrets_manager","importedCount":1,"skippedCount":3,"errorCount":2,"secretIds":[")" +
                   r[0].secret_id.value_or("") + R"("]})"));
  ExpectNoInventoryText(activity);
}

BOOST_AUTO_TEST_CASE(import_refuses_vaults_it_cannot_use) {
  const RemoteSecretPage page = Page(R"({"SecretList":[{"ARN":")" + kArn + R"("}]})");
  auto local_preview = imports.Preview(kCompany, {local, std::nullopt, std::nullopt, std::nullopt}, page);
  BOOST_TEST(Message(local_preview.diagnostics) == "local_encrypted provider does not support remote import listing");
  BOOST_TEST(Http(local_preview.diagnostics) == 422);
  const std::string row = R"([{"externalRef":")" + kArn + R"("}])";
  BOOST_TEST(Message(imports.Import(kCompany, Request(local, row), true).diagnostics) ==
             "local_encrypted provider does not support linked external references");
  BOOST_TEST(Message(imports.Import(kCompany, Request(theirs, row), true).diagnostics) ==
             "Provider vault must belong to same company");
  const std::string missing = "11111111-2222-4333-8444-555555555555";
  auto gone = imports.Import(kCompany, Request(missing, row), true);
  BOOST_TEST(Message(gone.diagnostics) == "Provider vault not found");
  BOOST_TEST(Http(gone.diagnostics) == 404);
  BOOST_TEST_REQUIRE(vaults.Update(aws, J(R"({"status":"disabled"})")).ok());
  BOOST_TEST(Message(imports.Import(kCompany, Request(aws, row), true).diagnostics) == "Provider vault is disabled");
  BOOST_TEST(Secrets().empty());
  BOOST_TEST(Activity().empty());
}

BOOST_AUTO_TEST_CASE(a_full_batch_imports_in_one_transaction) {
  std::string rows = "[";
  for (int i = 0; i < 100; ++i) {
    rows += std::string(i ? "," : "") + R"({"externalRef":"arn:aws:secretsmanager:us-east-1:1:secret:bulk/s)" +
            std::to_string(i) + R"("})";
  }
  auto done = imports.Import(kCompany, Request(aws, rows + "]"), true);
  BOOST_TEST_REQUIRE(done.ok(), Message(done.diagnostics));
  BOOST_TEST(CountImportResults(done.value->results).imported == 100);
  BOOST_TEST(Secrets().size() == 100u);
  auto again = imports.Import(kCompany, Request(aws, rows + "]"), true);
  BOOST_TEST(CountImportResults(again.value->results).skipped == 100);
  BOOST_TEST(Secrets().size() == 100u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace remote_import_suite
