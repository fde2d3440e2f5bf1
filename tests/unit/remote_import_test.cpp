// IMP-2..4 and EXT-1 (remote_import.h, external_ref.h): naming, conflicts,
// the metadata sanitiser, per-row outcomes and the AWS link material.
#define BOOST_TEST_MODULE remote_import
#include <boost/test/unit_test.hpp>

#include "clasp/external_ref.h"
#include "clasp/remote_import.h"
#include "clasp/sha256.h"
#include "test_support.h"

using namespace clasp;
using clasp::test::J;

namespace {

const std::string kVault = "d3791279-0bdd-48f1-9f5b-e47836c21734";
const std::string kArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api/OpenAI-Key-AbC123";
const OrderedJson kConfig = J(R"({"region":"us-east-1"})");

Result<ExternalReferenceMaterial> Link(const std::string& ref) {
  return LinkAwsExternalReference(kVault, kConfig, ref, std::nullopt);
}

std::vector<std::string> Types(const std::vector<ImportConflict>& conflicts) {
  std::vector<std::string> out;
  for (const auto& c : conflicts) out.push_back(c.type);
  return out;
}

LiveSecret Live(std::string id, std::string name, std::string key, std::string provider = "aws_secrets_manager",
                std::optional<std::string> vault = kVault, std::optional<std::string> ref = std::nullopt) {
  return {std::move(id), std::move(name), std::move(key), std::move(provider), std::move(vault), std::move(ref)};
}

}  // namespace

BOOST_AUTO_TEST_CASE(arn_naming_is_case_insensitive_and_takes_the_last_segment) {
  BOOST_TEST(DeriveSecretNameFromExternalRef(kArn) == "OpenAI-Key-AbC123");
  BOOST_TEST(DeriveSecretNameFromExternalRef("  ARN:AWS:SECRETSMANAGER:eu-west-1:1:SECRET:team/db//  ") == "db");
  BOOST_TEST(DeriveSecretNameFromExternalRef("Arn:aws-us-gov:SecretsManager:us-gov-west-1:1:Secret:a:b/c") == "c");
  BOOST_TEST(DeriveSecretNameFromExternalRef("arn:aws:secretsmanager:::secret:plain") == "plain");  // empty region/account
  BOOST_TEST(DeriveSecretNameFromExternalRef("arn:aws:s3:::bucket/logs") == "logs");  // not a secret ARN
  BOOST_TEST(DeriveSecretNameFromExternalRef("team/service/") == "service");
  BOOST_TEST(DeriveSecretNameFromExternalRef("///") == "///");
  BOOST_TEST(DeriveSecretNameFromExternalRef("") == "");
  // An empty partition or a line terminator in <rest> is no ARN match (JS [^:]+ and ".").
  BOOST_TEST(AwsSecretNameOfRef("arn::secretsmanager:r:a:secret:x") == "arn::secretsmanager:r:a:secret:x");
  BOOST_TEST(AwsSecretNameOfRef("arn:aws:secretsmanager:r:a:secret:x\ny") == "arn:aws:secretsmanager:r:a:secret:x\ny");
  BOOST_TEST(AwsSecretNameOfRef("arn:aws:secretsmanager:r:a:secret:") == "arn:aws:secretsmanager:r:a:secret:");
}

BOOST_AUTO_TEST_CASE(exact_reference_hides_name_and_key_conflicts) {
  const RemoteImportConflictIndex index("aws_secrets_manager", {Live("s1", "A", "a", "aws_secrets_manager", kVault, kArn)});
  const auto exact = index.ConflictsFor(kVault, "  " + kArn + " ", "A", "a");
  BOOST_TEST(Types(exact) == std::vector<std::string>{"exact_reference"});
  BOOST_TEST(exact[0].existing_secret_id.value_or("") == "s1");
  BOOST_TEST(exact[0].message == "An existing secret already links this exact provider reference.");
  // Another vault is another reference: the name and key clash instead.
  BOOST_TEST(Types(index.ConflictsFor("v2", kArn, "A", "a")) == (std::vector<std::string>{"name", "key"}));
  BOOST_TEST(Types(index.ConflictsFor(kVault, "arn:other", "B", "b")).empty());
  BOOST_TEST(RemoteImportExternalRefKey(std::nullopt, " x ") == std::string("default\0x", 9));
}

BOOST_AUTO_TEST_CASE(name_and_key_conflicts_cross_providers_but_references_do_not) {
  // A local secret with the same ref text is no exact reference of this provider.
  const RemoteImportConflictIndex index("aws_secrets_manager",
                                        {Live("l1", "db", "db", "local_encrypted", kVault, kArn),
                                         Live("l2", "Other", "shared-key", "local_encrypted", std::nullopt)});
  const auto c = index.ConflictsFor(kVault, kArn, "db", "db");
  BOOST_TEST(Types(c) == (std::vector<std::string>{"name", "key"}));
  BOOST_TEST(c[0].message == "Secret name already exists: db");
  BOOST_TEST(c[1].message == "Secret key already exists: db");
  BOOST_TEST(Types(index.ConflictsFor(kVault, "arn:x", "Fresh", "shared-key")) == std::vector<std::string>{"key"});
  BOOST_TEST(Types(index.ConflictsFor(kVault, "arn:x", "DB", "db-2")).empty());  // names compare exactly
}

BOOST_AUTO_TEST_CASE(rows_earlier_in_the_batch_conflict_with_later_ones) {
  RemoteImportConflictIndex index("aws_secrets_manager", {});
  RemoteImportSelection first{kArn, std::nullopt, std::nullopt, std::nullopt, std::nullopt};
  const ImportRowResult a = JudgeImportRow(first, kVault, Link(kArn), index);
  BOOST_TEST(a.status == "imported");
  BOOST_TEST(a.name == "OpenAI-Key-AbC123");
  BOOST_TEST(a.key == "openai-key-abc123");
  index.Add({"new-1", a.name, a.key, "aws_secrets_manager", kVault, kArn});
  RemoteImportSelection same_ref{kArn, std::string("Renamed"), std::nullopt, std::nullopt, std::nullopt};
  const ImportRowResult b = JudgeImportRow(same_ref, kVault, Link(kArn), index);
  BOOST_TEST(b.status == "skipped");
  BOOST_TEST(b.reason.value_or("") == "exact_reference_duplicate");
  BOOST_TEST(b.conflicts.at(0).existing_secret_id.value_or("") == "new-1");
  RemoteImportSelection same_key{"arn:aws:secretsmanager:us-east-1:1:secret:x/OPENAI-KEY-ABC123", std::nullopt,
                                 std::nullopt, std::nullopt, std::nullopt};
  const ImportRowResult c = JudgeImportRow(same_key, kVault, Link(same_key.external_ref), index);
  BOOST_TEST(c.status == "skipped");
  BOOST_TEST(c.reason.value_or("") == "name_or_key_conflict");
  BOOST_TEST(Types(c.conflicts) == std::vector<std::string>{"key"});
  // A dry run adds rows without ids: the conflict names no secret.
  index.Add({"", "Dry", "dry", "aws_secrets_manager", kVault, "arn:dry"});
  BOOST_TEST(!index.ConflictsFor(kVault, "arn:dry", "x", "y").at(0).existing_secret_id.has_value());
  BOOST_TEST(CountImportResults({a, b, c}).imported == 1);
  BOOST_TEST(CountImportResults({a, b, c}).skipped == 2);
}

BOOST_AUTO_TEST_CASE(row_errors_in_paperclips_order) {
  const RemoteImportConflictIndex index("aws_secrets_manager", {Live("s1", "taken", "taken")});
  RemoteImportSelection blank_key{kArn, std::string("!!!"), std::nullopt, std::string("  "), std::nullopt};
  const ImportRowResult r = JudgeImportRow(blank_key, kVault, Link(kArn), index);
  BOOST_TEST(r.status == "error");
  BOOST_TEST(r.reason.value_or("") == "Secret key is required");
  BOOST_TEST(!r.description.has_value());  // blank description -> null
  const std::string managed = "arn:aws:secretsmanager:us-east-1:1:secret:paperclip/" + kVault + "/c1/key-AbCdEf";
  RemoteImportSelection guarded{managed, std::nullopt, std::nullopt, std::nullopt, std::nullopt};
  const ImportRowResult g = JudgeImportRow(guarded, kVault, Link(managed), index);
  BOOST_TEST(g.status == "error");
  BOOST_TEST(g.reason.value_or("") == "AWS Paperclip-managed namespace secrets cannot be imported as external references");
  BOOST_TEST(g.conflicts.empty());
  // A conflict is judged before the link: skipped, not error.
  RemoteImportSelection conflicted{managed, std::string("taken"), std::nullopt, std::nullopt, std::nullopt};
  BOOST_TEST(JudgeImportRow(conflicted, kVault, Link(managed), index).status == "skipped");
  const OrderedJson json = RemoteImportResultJson(kVault, "aws_secrets_manager", {r, g});
  BOOST_TEST(json["errorCount"] == 2);
  BOOST_TEST(DumpJson(json["results"][1]) ==
             R"({"externalRef":")" + managed + R"(","name":"key-AbCdEf","key":"key-abcdef","status":"error",)"
             R"("reason":"AWS Paperclip-managed namespace secrets cannot be imported as external references",)"
             R"("secretId":null,"conflicts":[]})");
}

BOOST_AUTO_TEST_CASE(candidates_report_ready_duplicate_conflict) {
  const RemoteImportConflictIndex index("aws_secrets_manager",
                                        {Live("s1", "linked", "linked", "aws_secrets_manager", kVault, kArn),
                                         Live("s2", "team/db", "team-db", "local_encrypted", std::nullopt)});
  const OrderedJson metadata = J(R"({"createdDate":"2023-11-14T22:13:20.000Z","hasDescription":true,"tagCount":1})");
  ImportCandidate dup = PlanImportCandidate({kArn, " prod/api/OpenAI-Key ", std::nullopt, metadata},
                                            "aws_secrets_manager", kVault, Link(kArn), index);
  BOOST_TEST(dup.status == "duplicate");
  BOOST_TEST(!dup.importable);
  BOOST_TEST(dup.name == "prod/api/OpenAI-Key");  // the listed name, trimmed
  BOOST_TEST(dup.key == "prod-api-openai-key");
  const std::string db = "arn:aws:secretsmanager:us-east-1:1:secret:team/db-xYz789";
  ImportCandidate conflict = PlanImportCandidate({db, "team/db", std::nullopt, nullptr}, "aws_secrets_manager", kVault,
                                                 Link(db), index);
  BOOST_TEST(conflict.status == "conflict");
  BOOST_TEST(Types(conflict.conflicts) == (std::vector<std::string>{"name", "key"}));
  BOOST_TEST(conflict.provider_metadata.is_null());
  ImportCandidate ready = PlanImportCandidate({db, "", std::nullopt, metadata}, "aws_secrets_manager", kVault,
                                              Link(db), index);
  BOOST_TEST(ready.remote_name == "db-xYz789");  // derived from the ARN
  BOOST_TEST(ready.status == "ready");
  BOOST_TEST(DumpJson(ImportCandidateJson(ready)) ==
             R"({"externalRef":")" + db + R"(","remoteName":"db-xYz789","name":"db-xYz789","key":"db-xyz789",)"
             R"("providerVersionRef":null,"providerMetadata":{"createdDate":"2023-11-14T22:13:20.000Z",)"
             R"("hasDescription":true,"tagCount":1},"status":"ready","importable":true,"conflicts":[]})");
  const std::string managed = "paperclip/" + kVault + "/x";
  ImportCandidate guarded = PlanImportCandidate({managed, "", std::nullopt, nullptr}, "aws_secrets_manager", kVault,
                                                Link(managed), index);
  BOOST_TEST(guarded.status == "conflict");
  BOOST_TEST(DumpJson(ImportConflictJson(guarded.conflicts.at(0))) ==
             R"({"type":"provider_guardrail","message":"AWS Paperclip-managed namespace secrets cannot be imported as external references"})");
}

BOOST_AUTO_TEST_CASE(sanitizer_keeps_only_the_allowed_fields) {
  const OrderedJson raw = J(R"({"createdDate":"2026-01-02T03:04:05.000Z","lastAccessedDate":null,
    "lastChangedDate":5,"deletedDate":{"x":1},"hasDescription":"yes","hasKmsKey":0,"tagCount":true,
    "Description":"prod db","Tags":[{"Key":"team","Value":"ml"}],"Name":"prod/db","name":"prod/db"})");
  BOOST_TEST(DumpJson(SanitizeRemoteProviderMetadata("aws_secrets_manager", raw)) ==
             R"({"createdDate":"2026-01-02T03:04:05.000Z","lastAccessedDate":null,"hasKmsKey":0,"tagCount":true})");
  BOOST_TEST(SanitizeRemoteProviderMetadata("aws_secrets_manager", J(R"({"Name":"prod/db"})")).is_null());
  BOOST_TEST(SanitizeRemoteProviderMetadata("aws_secrets_manager", J("{}")).is_null());
  BOOST_TEST(SanitizeRemoteProviderMetadata("aws_secrets_manager", nullptr).is_null());
  BOOST_TEST(SanitizeRemoteProviderMetadata("vault", J(R"({"tagCount":1})")).is_null());
}

BOOST_AUTO_TEST_CASE(aws_link_stores_reference_material_only) {
  auto linked = LinkAwsExternalReference(kVault, kConfig, "  " + kArn + " ", std::string("  v-1 "));
  BOOST_TEST_REQUIRE(linked.ok());
  BOOST_TEST(linked.value->external_ref == kArn);
  BOOST_TEST(linked.value->provider_version_ref.value_or("") == "v-1");
  BOOST_TEST(linked.value->fingerprint_sha256 == HexLower(Sha256Of("aws_secrets_manager_v1:" + kArn + ":v-1")));
  BOOST_TEST(DumpJson(linked.value->material) == R"({"scheme":"aws_secrets_manager_v1","secretId":")" + kArn +
                                                     R"(","versionId":"v-1","source":"external_reference"})");
  auto blank_version = LinkAwsExternalReference(kVault, kConfig, kArn, std::string("  "));
  BOOST_TEST(!blank_version.value->provider_version_ref.has_value());
  BOOST_TEST(blank_version.value->material["versionId"].is_null());

  auto no_region = LinkAwsExternalReference(kVault, J("{}"), kArn, std::nullopt);
  BOOST_TEST(!no_region.ok());
  BOOST_TEST(no_region.diagnostics[0].message == "AWS Secrets Manager provider vault requires non-secret config: region");
  BOOST_TEST(no_region.diagnostics[0].http_status == 422);
  // The managed namespace follows the vault's prefix and namespace, sanitised.
  const OrderedJson custom = J(R"({"region":"us-east-1","secretNamePrefix":" /acme ","namespace":"prod env"})");
  auto guarded = LinkAwsExternalReference(kVault, custom, "arn:aws:secretsmanager:r:1:secret:acme/prod-env/c/k", std::nullopt);
  BOOST_TEST(!guarded.ok());
  BOOST_TEST(guarded.diagnostics[0].code == Code::kProviderGuardrail);
  BOOST_TEST(LinkAwsExternalReference(kVault, custom, "acme/prod-env", std::nullopt).diagnostics.size() == 1u);
  BOOST_TEST(LinkAwsExternalReference(kVault, custom, "acme/prod-envx/k", std::nullopt).ok());  // no "/" boundary
  BOOST_TEST(LinkAwsExternalReference(kVault, custom, "paperclip/" + kVault + "/k", std::nullopt).ok());
  BOOST_TEST(AwsSanitizePathSegment(" /team a//x/ ") == "team-a/x");
  BOOST_TEST(AwsSanitizePathSegment("a!!b@c") == "a-b@c");
  BOOST_TEST(ProviderNotConfiguredMessage("aws_secrets_manager") ==
             "aws_secrets_manager provider is not configured in this deployment");
}
