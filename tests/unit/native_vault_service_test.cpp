#define BOOST_TEST_MODULE native_vault_service
#include <boost/test/unit_test.hpp>

#include <cstdio>

#include "clasp/native/sqlite_store.h"
#include "clasp/native/vault_service.h"
#include "native_test_support.h"
#include "test_support.h"

using namespace clasp;
using namespace clasp::native;
namespace nt = clasp::native::test;
using clasp::test::J;

namespace {

const std::string kCompany = "a5e14a02-7d61-4b70-b6f8-27742a6ad3a7";
const std::string kOther = "0b9f6c1e-2d3a-4f5b-8c7d-9e0f1a2b3c4d";
const std::string kMissing = "11111111-2222-4333-8444-555555555555";

// Each reading one millisecond later, so rows have distinct created_at.
class SteppingClock final : public Clock {
 public:
  std::string NowIso8601() override {
    char text[32];
    std::snprintf(text, sizeof text, "2026-11-22T12:00:%02d.%03dZ", tick_ / 1000 % 60, tick_ % 1000);
    ++tick_;
    return text;
  }

 private:
  int tick_ = 0;
};

struct Fixture {
  nt::TempDir dir;
  MapEnvVars vars{std::map<std::string, std::string, std::less<>>{
      {"PAPERCLIP_SECRETS_MASTER_KEY", std::string(64, 'b')}, {"CLASP_HOME", dir.path()}}};
  nt::CountingRandom random;
  SteppingClock clock;
  std::unique_ptr<SqliteStore> store = Open(dir.path() + "/clasp.sqlite3");
  std::unique_ptr<ProviderHealthProbe> probe = DeploymentHealthProbe(vars, PosixFileSystem());
  VaultService vaults{*store, random, clock, *probe};
  std::unique_ptr<CipherSource> ciphers = KeyCustodyCipherSource(vars, PosixFileSystem(), random);
  SecretService secrets{*store, *ciphers, random, clock};

  static std::unique_ptr<SqliteStore> Open(const std::string& path) {
    auto s = SqliteStore::Open(path);
    BOOST_TEST_REQUIRE(s.ok());
    return std::move(*s.value);
  }

  ProviderConfigRow Make(const std::string& body, const std::string& company = kCompany) {
    auto r = vaults.Create(company, J(body), Actor{std::nullopt, std::string("local-board")});
    BOOST_TEST_REQUIRE(r.ok(), body);
    return *r.value;
  }
  ProviderConfigRow Row(const std::string& id) {
    auto r = vaults.Get(id);
    BOOST_TEST_REQUIRE(r.ok());
    return *r.value;
  }
  std::vector<ProviderConfigRow> Rows(const std::string& company = kCompany) {
    auto r = vaults.List(company);
    BOOST_TEST_REQUIRE(r.ok());
    return *r.value;
  }
  Result<SecretRow> CreateSecret(const std::string& name, std::optional<std::string> vault) {
    CreateSecretInput in;
    in.name = name;
    in.value = "sk-live-PLAINTEXT-MARKER-7f3a9c";
    in.provider_config_id = std::move(vault);
    return secrets.Create(kCompany, in);
  }
};

std::string Body(const std::vector<Diagnostic>& diagnostics) { return DumpJson(VaultErrorJson(diagnostics).body); }
int HttpStatus(const std::vector<Diagnostic>& diagnostics) { return VaultErrorJson(diagnostics).http_status; }

const char* kAws = R"({"provider":"aws_secrets_manager","displayName":" AWS prod ","config":{"region":" us-east-1 "}})";
const char* kLocal = R"({"provider":"local_encrypted","displayName":"Local","isDefault":true})";

}  // namespace

BOOST_FIXTURE_TEST_SUITE(vault_service, Fixture)

BOOST_AUTO_TEST_CASE(create_per_family_stores_normalized_rows) {
  const ProviderConfigRow aws = Make(kAws);
  BOOST_TEST(aws.status == "ready");
  BOOST_TEST(aws.display_name == "AWS prod");
  BOOST_TEST(aws.config == R"({"region":"us-east-1"})");
  BOOST_TEST(aws.created_by_user_id.value_or("") == "local-board");
  const ProviderConfigRow vault = Make(
      R"({"provider":"vault","displayName":"Vault","config":{"address":" HTTPS://Vault.Example.com:443/ ","mountPath":"kv"}})");
  BOOST_TEST(vault.status == "coming_soon");
  BOOST_TEST(vault.config == R"({"address":"https://vault.example.com","mountPath":"kv"})");
  const ProviderConfigRow gcp = Make(R"({"provider":"gcp_secret_manager","displayName":"GCP","status":"disabled"})");
  BOOST_TEST(gcp.status == "disabled");
  BOOST_TEST(gcp.disabled_at.has_value());
  const ProviderConfigRow draft = Make(R"({"provider":"gcp_secret_manager","displayName":"Draft","config":{"projectId":"my-project"}})");
  BOOST_TEST(draft.status == "coming_soon");
  BOOST_TEST(!draft.disabled_at.has_value());
  const ProviderConfigRow local = Make(kLocal);
  BOOST_TEST(local.is_default);

  // Newest first, as Paperclip lists them; the JSON is its camelCase row.
  const auto rows = Rows();
  BOOST_TEST_REQUIRE(rows.size() == 5u);
  BOOST_TEST(rows[0].id == local.id);
  BOOST_TEST(rows[4].id == aws.id);
  const OrderedJson json = ProviderConfigJson(Row(aws.id));
  std::vector<std::string> keys;
  for (auto it = json.begin(); it != json.end(); ++it) keys.push_back(it.key());
  BOOST_TEST(keys == (std::vector<std::string>{"id", "companyId", "provider", "displayName", "status", "isDefault",
                                               "config", "healthStatus", "healthCheckedAt", "healthMessage",
                                               "healthDetails", "disabledAt", "createdByAgentId", "createdByUserId",
                                               "createdAt", "updatedAt"}));
  BOOST_TEST(DumpJson(json["config"]) == R"({"region":"us-east-1"})");
  BOOST_TEST(json["healthStatus"].is_null());
}

BOOST_AUTO_TEST_CASE(credential_field_is_a_400_with_zod_details) {
  auto r = vaults.Create(kCompany, J(R"({"provider":"vault","displayName":"V","config":{"address":"https://v.example.com","token":"hvs.SECRET"}})"));
  BOOST_TEST_REQUIRE(!r.ok());
  BOOST_TEST(HttpStatus(r.diagnostics) == 400);
  BOOST_TEST(Body(r.diagnostics) ==
             R"({"error":"Validation error","details":[)"
             R"({"code":"custom","path":["config","token"],"message":"Provider vault config cannot persist sensitive field: token"},)"
             R"({"code":"unrecognized_keys","keys":["token"],"path":["config"],"message":"Unrecognized key: \"token\""}]})");
  BOOST_TEST(Body(r.diagnostics).find("hvs.SECRET") == std::string::npos);
  BOOST_TEST(Rows().empty());
  // A PATCH says the same (the update schema runs no strict allow-list).
  const ProviderConfigRow aws = Make(kAws);
  auto u = vaults.Update(aws.id, J(R"({"config":{"region":"us-east-1","secretAccessKey":"x"}})"));
  BOOST_TEST(Body(u.diagnostics) ==
             R"({"error":"Validation error","details":[{"code":"custom","path":["config","secretAccessKey"],)"
             R"("message":"Provider vault config cannot persist sensitive field: secretAccessKey"}]})");
  BOOST_TEST(Row(aws.id).config == R"({"region":"us-east-1"})");
}

BOOST_AUTO_TEST_CASE(vault_address_must_be_an_origin) {
  auto r = vaults.Create(kCompany, J(R"({"provider":"vault","displayName":"V","config":{"address":"https://vault.example.com/v1"}})"));
  BOOST_TEST(Body(r.diagnostics) ==
             R"({"error":"Validation error","details":[{"code":"custom","message":"Vault address must be an origin-only )"
             R"(HTTP(S) URL without credentials, path, query, or fragment","path":["config","address"]}]})");
  const ProviderConfigRow vault = Make(R"({"provider":"vault","displayName":"V"})");
  auto u = vaults.Update(vault.id, J(R"({"config":{"address":"https://user:pw@vault.example.com"}})"));
  BOOST_TEST(HttpStatus(u.diagnostics) == 400);
  BOOST_TEST(u.diagnostics[0].path == "/config/address");
  auto ok = vaults.Update(vault.id, J(R"({"config":{"address":"http://[::1]:8200/"}})"));
  BOOST_TEST_REQUIRE(ok.ok());
  BOOST_TEST(ok.value->config == R"({"address":"http://[::1]:8200"})");
}

BOOST_AUTO_TEST_CASE(coming_soon_and_disabled_vaults_cannot_be_default) {
  auto r = vaults.Create(kCompany, J(R"({"provider":"vault","displayName":"V","isDefault":true})"));
  BOOST_TEST(Body(r.diagnostics) ==
             R"({"error":"Validation error","details":[{"code":"custom","path":["isDefault"],)"
             R"("message":"Only ready or warning provider vaults can be default"}]})");
  const ProviderConfigRow vault = Make(R"({"provider":"vault","displayName":"V"})");
  auto d = vaults.SetDefault(vault.id);
  BOOST_TEST(HttpStatus(d.diagnostics) == 422);
  BOOST_TEST(Body(d.diagnostics) == R"({"error":"Only ready or warning provider vaults can be default"})");
  BOOST_TEST(!Row(vault.id).is_default);
  // The pinned provider stays locked whatever the patch says.
  auto ready = vaults.Update(vault.id, J(R"({"status":"ready"})"));
  BOOST_TEST(Body(ready.diagnostics) == R"({"error":"vault provider vaults are locked while coming soon"})");
}

BOOST_AUTO_TEST_CASE(set_default_swaps_in_one_transaction) {
  const ProviderConfigRow a = Make(R"({"provider":"aws_secrets_manager","displayName":"A","isDefault":true,"config":{"region":"us-east-1"}})");
  const ProviderConfigRow b = Make(R"({"provider":"aws_secrets_manager","displayName":"B","config":{"region":"eu-west-1"}})");
  const ProviderConfigRow local = Make(kLocal);
  const ProviderConfigRow elsewhere = Make(R"({"provider":"aws_secrets_manager","displayName":"X","isDefault":true,"config":{"region":"us-east-1"}})", kOther);
  // The partial unique index is there: a second default is refused outright.
  ProviderConfigRow twin = b;
  twin.is_default = true;
  const Status direct = store->Transact([&](StoreTxn& t) { return t.UpdateProviderConfig(twin); });
  BOOST_TEST(!direct.ok());

  auto r = vaults.SetDefault(b.id);
  BOOST_TEST_REQUIRE(r.ok());
  BOOST_TEST(r.value->is_default);
  BOOST_TEST(!Row(a.id).is_default);
  BOOST_TEST(Row(b.id).is_default);
  BOOST_TEST(Row(local.id).is_default);      // another provider
  BOOST_TEST(Row(elsewhere.id).is_default);  // another company
  // Creating a default takes it over as well.
  const ProviderConfigRow c = Make(R"({"provider":"aws_secrets_manager","displayName":"C","isDefault":true,"config":{"region":"us-east-2"}})");
  BOOST_TEST(!Row(b.id).is_default);
  BOOST_TEST(Row(c.id).is_default);
  // And a PATCH.
  auto p = vaults.Update(a.id, J(R"({"isDefault":true})"));
  BOOST_TEST_REQUIRE(p.ok());
  BOOST_TEST(!Row(c.id).is_default);
  BOOST_TEST(Row(a.id).is_default);
}

BOOST_AUTO_TEST_CASE(disable_clears_default_and_reenable_clears_disabled_at) {
  const ProviderConfigRow a = Make(R"({"provider":"aws_secrets_manager","displayName":"A","isDefault":true,"config":{"region":"us-east-1"}})");
  auto off = vaults.Update(a.id, J(R"({"status":"disabled"})"));
  BOOST_TEST_REQUIRE(off.ok());
  BOOST_TEST(!off.value->is_default);
  BOOST_TEST_REQUIRE(off.value->disabled_at.has_value());
  const std::string stamped = *off.value->disabled_at;
  auto again = vaults.Update(a.id, J(R"({"displayName":"A2"})"));
  BOOST_TEST(again.value->disabled_at.value_or("") == stamped);  // kept, not re-stamped
  auto def = vaults.Update(a.id, J(R"({"isDefault":true})"));
  BOOST_TEST(Body(def.diagnostics) == R"({"error":"Only ready or warning provider vaults can be default"})");
  auto on = vaults.Update(a.id, J(R"({"status":"warning","isDefault":true})"));
  BOOST_TEST_REQUIRE(on.ok());
  BOOST_TEST(!on.value->disabled_at.has_value());
  BOOST_TEST(on.value->is_default);
}

BOOST_AUTO_TEST_CASE(patch_config_failing_the_strict_schema_is_a_flattened_422) {
  const ProviderConfigRow a = Make(kAws);
  auto r = vaults.Update(a.id, J(R"({"config":{"region":"US-EAST-1","extra":1}})"));
  BOOST_TEST(HttpStatus(r.diagnostics) == 422);
  BOOST_TEST(Body(r.diagnostics) ==
             R"({"error":"Invalid provider vault config","details":{"formErrors":[],"fieldErrors":{"config":)"
             R"(["Invalid AWS region","Unrecognized key: \"extra\""]}}})");
  BOOST_TEST(Row(a.id).config == R"({"region":"us-east-1"})");
}

BOOST_AUTO_TEST_CASE(patch_validates_the_body_before_looking_up_the_vault) {
  auto bad = vaults.Update(kMissing, J(R"({"displayName":""})"));
  BOOST_TEST(HttpStatus(bad.diagnostics) == 400);
  auto missing = vaults.Update(kMissing, J(R"({"displayName":"ok"})"));
  BOOST_TEST(Body(missing.diagnostics) == R"({"error":"Provider vault not found"})");
  BOOST_TEST(HttpStatus(vaults.Get("not-a-uuid").diagnostics) == 404);
}

BOOST_AUTO_TEST_CASE(delete_removes_the_row_and_detaches_its_secrets) {
  const ProviderConfigRow local = Make(kLocal);
  auto secret = CreateSecret("OpenAI API key", local.id);
  BOOST_TEST_REQUIRE(secret.ok());
  BOOST_TEST(secret.value->provider_config_id.value_or("") == local.id);
  auto removed = vaults.Delete(local.id);
  BOOST_TEST_REQUIRE(removed.ok());
  BOOST_TEST(removed.value->id == local.id);
  BOOST_TEST(HttpStatus(vaults.Get(local.id).diagnostics) == 404);
  BOOST_TEST(HttpStatus(vaults.Delete(local.id).diagnostics) == 404);
  const auto after = nt::InTxn<std::optional<SecretRow>>(*store, [&](StoreTxn& t) { return t.GetSecret(secret.value->id); });
  BOOST_TEST_REQUIRE(after.has_value());
  BOOST_TEST(!after->provider_config_id.has_value());
}

BOOST_AUTO_TEST_CASE(health_is_persisted) {
  const ProviderConfigRow aws = Make(kAws);
  auto h = vaults.Health(aws.id);
  BOOST_TEST_REQUIRE(h.ok());
  // No AWS runtime in clasp: a complete config still needs attention.
  BOOST_TEST(h.value->health.code == "provider_needs_attention");
  const ProviderConfigRow stored = Row(aws.id);
  BOOST_TEST(stored.health_status.value_or("") == "warning");
  BOOST_TEST(stored.health_checked_at.value_or("") == h.value->checked_at);
  BOOST_TEST(stored.health_message.value_or("") ==
             "aws_secrets_manager provider is available for external references but not configured for runtime "
             "resolution");
  BOOST_TEST(DumpJson(ProviderConfigJson(stored)["healthDetails"]) ==
             DumpJson(VaultHealthJson(*h.value)["details"]));

  const ProviderConfigRow vault = Make(R"({"provider":"vault","displayName":"V"})");
  auto locked = vaults.Health(vault.id);
  BOOST_TEST_REQUIRE(locked.ok());
  BOOST_TEST(DumpJson(VaultHealthJson(*locked.value)) ==
             R"({"configId":")" + vault.id + R"(","provider":"vault","status":"coming_soon",)"
             R"("message":"Provider vault runtime is locked while coming soon.","details":{"code":"runtime_locked",)"
             R"("message":"Provider vault runtime is locked while coming soon.","guidance":["Draft metadata may be )"
             R"(saved, but create, rotate, and resolve stay unavailable."]},"checkedAt":")" + locked.value->checked_at + R"("})");
  BOOST_TEST(Row(vault.id).health_status.value_or("") == "coming_soon");

  BOOST_TEST_REQUIRE(vaults.Update(aws.id, J(R"({"status":"disabled"})")).ok());
  auto off = vaults.Health(aws.id);
  BOOST_TEST(off.value->health.code == "disabled");
  BOOST_TEST(Row(aws.id).health_status.value_or("") == "disabled");
}

BOOST_AUTO_TEST_CASE(health_warns_about_static_aws_credentials) {
  MapEnvVars env{std::map<std::string, std::string, std::less<>>{{"AWS_ACCESS_KEY_ID", "AKIA"},
                                                                 {"AWS_SECRET_ACCESS_KEY", "s3cr3t"}}};
  auto probe_with_keys = DeploymentHealthProbe(env, PosixFileSystem());
  VaultService service{*store, random, clock, *probe_with_keys};
  const ProviderConfigRow aws = Make(kAws);
  auto h = service.Health(aws.id);
  BOOST_TEST_REQUIRE(h.ok());
  BOOST_TEST(h.value->health.code == "provider_needs_attention");
  BOOST_TEST(Row(aws.id).health_status.value_or("") == "warning");
  BOOST_TEST_REQUIRE(h.value->health.guidance.size() == 4u);  // no runtime, static keys, then two backup lines
  BOOST_TEST(h.value->health.guidance[0].find("Linked external references can be stored as metadata") == 0u);
  BOOST_TEST(h.value->health.guidance[1].find("AWS static environment credentials") == 0u);
  BOOST_TEST(Row(aws.id).health_details.value_or("").find("s3cr3t") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(company_health_lists_the_deployment_modules) {
  const OrderedJson health = vaults.CompanyHealth(kCompany);
  BOOST_TEST_REQUIRE(health["providers"].size() == 4u);
  BOOST_TEST(DumpJson(health["providers"][0]) ==
             R"({"provider":"local_encrypted","status":"ok","message":"Local encrypted provider is using )"
             R"(PAPERCLIP_SECRETS_MASTER_KEY","backupGuidance":["Back up the configured master key separately from )"
             R"(the database.","A restore needs both the database metadata and the same master key."],)"
             R"("details":{"keySource":"env"}})");
  BOOST_TEST(health["providers"][1]["status"] == "warn");
  BOOST_TEST(health["providers"][1]["message"] ==
             "AWS Secrets Manager provider is not ready: missing PAPERCLIP_SECRETS_AWS_REGION or "
             "AWS_REGION/AWS_DEFAULT_REGION, PAPERCLIP_SECRETS_AWS_DEPLOYMENT_ID, PAPERCLIP_SECRETS_AWS_KMS_KEY_ID.");
  BOOST_TEST(health["providers"][3]["message"] ==
             "vault provider is available for external references but not configured for runtime resolution");
}

BOOST_AUTO_TEST_CASE(other_companies_vaults_are_not_found) {
  const ProviderConfigRow theirs = Make(kAws, kOther);
  const CompanyFilter mine = kCompany;
  for (const auto& diagnostics :
       {vaults.Get(theirs.id, mine).diagnostics, vaults.Update(theirs.id, J(R"({"displayName":"mine"})"), mine).diagnostics,
        vaults.SetDefault(theirs.id, mine).diagnostics, vaults.Delete(theirs.id, mine).diagnostics,
        vaults.Health(theirs.id, mine).diagnostics}) {
    BOOST_TEST(Body(diagnostics) == R"({"error":"Provider vault not found"})");
  }
  const ProviderConfigRow after = Row(theirs.id);
  BOOST_TEST(after.display_name == "AWS prod");
  BOOST_TEST(!after.is_default);
  BOOST_TEST(!after.health_status.has_value());
  BOOST_TEST(Rows(kCompany).empty());
}

BOOST_AUTO_TEST_CASE(vault_sel_on_secret_create_and_rotate) {
  const ProviderConfigRow ready = Make(kLocal);
  const ProviderConfigRow soon = Make(R"({"provider":"local_encrypted","displayName":"Soon","status":"coming_soon"})");
  const ProviderConfigRow off = Make(R"({"provider":"local_encrypted","displayName":"Off","status":"disabled"})");
  const ProviderConfigRow aws = Make(kAws);
  const ProviderConfigRow theirs = Make(R"({"provider":"local_encrypted","displayName":"Theirs"})", kOther);
  const std::vector<std::pair<std::string, std::string>> refusals = {
      {kMissing, R"({"error":"Provider vault not found"})"},
      {"not-a-uuid", R"({"error":"Provider vault not found"})"},
      {theirs.id, R"({"error":"Provider vault must belong to same company"})"},
      {aws.id, R"({"error":"Provider vault must match the secret provider"})"},
      {soon.id, R"({"error":"Provider vault is locked while coming soon"})"},
      {off.id, R"({"error":"Provider vault is disabled"})"},
  };
  for (const auto& [id, body] : refusals) {
    auto r = CreateSecret("Refused", id);
    BOOST_TEST(!r.ok());
    BOOST_TEST(Body(r.diagnostics) == body, id);
  }
  BOOST_TEST(HttpStatus(CreateSecret("Refused", kMissing).diagnostics) == 404);
  BOOST_TEST(HttpStatus(CreateSecret("Refused", off.id).diagnostics) == 422);

  auto through = CreateSecret("Through vault", ready.id);
  BOOST_TEST_REQUIRE(through.ok());
  BOOST_TEST(through.value->provider_config_id.value_or("") == ready.id);
  // The company's default vault is never picked implicitly.
  auto plain = CreateSecret("Deployment default", std::nullopt);
  BOOST_TEST_REQUIRE(plain.ok());
  BOOST_TEST(!plain.value->provider_config_id.has_value());

  RotateSecretInput rotate;
  rotate.value = "sk-live-rotated";
  BOOST_TEST(secrets.Rotate(through.value->id, rotate).ok());
  BOOST_TEST_REQUIRE(vaults.Update(ready.id, J(R"({"status":"disabled"})")).ok());
  auto blocked = secrets.Rotate(through.value->id, rotate);
  BOOST_TEST(Body(blocked.diagnostics) == R"({"error":"Provider vault is disabled"})");

  // Resolution re-checks the vault (Paperclip's getSelectableRuntimeProviderConfig):
  // the secret written through the now-disabled vault no longer resolves.
  auto resolved = secrets.Resolve(kCompany, through.value->id, std::nullopt, std::nullopt);
  BOOST_TEST(!resolved.ok());
  BOOST_TEST(Body(resolved.diagnostics) == R"({"error":"Provider vault is disabled"})");
  BOOST_TEST(secrets.Resolve(kCompany, plain.value->id, std::nullopt, std::nullopt).ok());
}

BOOST_AUTO_TEST_CASE(hostile_inputs_give_diagnostics) {
  OrderedJson deep = OrderedJson::object();
  for (int i = 0; i < 200; ++i) deep = OrderedJson{{"n", deep}};
  const std::vector<OrderedJson> bodies = {
      OrderedJson(), J("[]"), J("42"), J(R"("text")"), OrderedJson::object(),
      J(R"({"provider":["aws_secrets_manager"],"displayName":{"a":1}})"),
      J(R"({"provider":"local_encrypted","displayName":"L","config":null})"),
      J(R"({"provider":"local_encrypted","displayName":"L","config":{"backupReminderAcknowledged":{"x":[1,2]}}})"),
      OrderedJson{{"provider", "vault"}, {"displayName", std::string(1 << 20, 'x')}},
      OrderedJson{{"provider", "aws_secrets_manager"}, {"displayName", "A"},
                  {"config", {{"region", std::string(1 << 20, 'a')}, {"namespace", deep}}}},
      OrderedJson{{"provider", "vault"}, {"displayName", "V"}, {"config", {{"address", std::string(1 << 16, '\t')}}}},
      J(R"({"provider":"vault","displayName":"V","status":7,"isDefault":null})"),
  };
  for (const OrderedJson& body : bodies) {
    auto r = vaults.Create(kCompany, body);
    BOOST_TEST(!r.ok());
    BOOST_TEST(HttpStatus(r.diagnostics) == 400);
    BOOST_TEST(VaultErrorJson(r.diagnostics).body["details"].is_array());
  }
  const ProviderConfigRow aws = Make(kAws);
  for (const OrderedJson& patch : bodies) {
    auto r = vaults.Update(aws.id, patch);
    if (r.ok()) continue;  // {} and bodies whose extra keys the update schema ignores
    BOOST_TEST(HttpStatus(r.diagnostics) >= 400);
  }
  BOOST_TEST(Rows().size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
