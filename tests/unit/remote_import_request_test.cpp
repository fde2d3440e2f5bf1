// IMP-1/IMP-4 request limits (remote_import_request.h) at their edges, with
// the zod issues Paperclip's validator answers (zod 4.6, observed), and the
// AWS ListSecrets page reader (aws_inventory.h).
#define BOOST_TEST_MODULE remote_import_request
#include <boost/test/unit_test.hpp>

#include "clasp/aws_inventory.h"
#include "clasp/remote_import_request.h"
#include "clasp/zod_issues.h"
#include "test_support.h"

using namespace clasp;
using clasp::test::J;

namespace {

const std::string kGuid = "11111111-2222-4333-8444-555555555555";

std::string PreviewIssues(const std::string& extra) {
  auto r = ParseRemoteImportPreviewRequest(J(R"({"providerConfigId":")" + kGuid + "\"" + extra + "}"));
  return r.ok() ? "ok" : DumpJson(zod::IssuesJson(r.diagnostics));
}

OrderedJson Rows(std::size_t n, const OrderedJson& row) {
  OrderedJson rows = OrderedJson::array();
  for (std::size_t i = 0; i < n; ++i) rows.push_back(row);
  return rows;
}

std::string ImportIssues(const OrderedJson& rows) {
  auto r = ParseRemoteImportRequest(OrderedJson{{"providerConfigId", kGuid}, {"secrets", rows}});
  return r.ok() ? "ok" : DumpJson(zod::IssuesJson(r.diagnostics));
}

}  // namespace

BOOST_AUTO_TEST_CASE(preview_page_size_edges) {
  BOOST_TEST(PreviewIssues(R"(,"pageSize":1)") == "ok");
  BOOST_TEST(PreviewIssues(R"(,"pageSize":100)") == "ok");
  BOOST_TEST(PreviewIssues(R"(,"pageSize":100.0)") == "ok");  // a JS number: integral
  BOOST_TEST(PreviewIssues(R"(,"pageSize":0)") ==
             R"([{"origin":"number","code":"too_small","minimum":1,"inclusive":true,"path":["pageSize"],"message":"Too small: expected number to be >=1"}])");
  BOOST_TEST(PreviewIssues(R"(,"pageSize":101)") ==
             R"([{"origin":"number","code":"too_big","maximum":100,"inclusive":true,"path":["pageSize"],"message":"Too big: expected number to be <=100"}])");
  BOOST_TEST(PreviewIssues(R"(,"pageSize":1.5)") ==
             R"([{"expected":"int","format":"safeint","code":"invalid_type","path":["pageSize"],"message":"Invalid input: expected int, received number"}])");
  BOOST_TEST(PreviewIssues(R"(,"pageSize":"5")") ==
             R"([{"expected":"number","code":"invalid_type","path":["pageSize"],"message":"Invalid input: expected number, received string"}])");
  BOOST_TEST(PreviewIssues(R"(,"pageSize":null)") ==
             R"([{"expected":"number","code":"invalid_type","path":["pageSize"],"message":"Invalid input: expected number, received null"}])");
  auto ok = ParseRemoteImportPreviewRequest(J(R"({"providerConfigId":")" + kGuid + R"(","pageSize":7})"));
  BOOST_TEST(ok.value->page_size.value_or(0) == 7);
}

BOOST_AUTO_TEST_CASE(preview_query_and_token_edges) {
  const std::string q200(200, 'q'), t4096(4096, 't');
  BOOST_TEST(PreviewIssues(R"(,"query":"  )" + q200 + R"(  ","nextToken":")" + t4096 + "\"") == "ok");
  BOOST_TEST(PreviewIssues(R"(,"query":null,"nextToken":null)") == "ok");
  BOOST_TEST(PreviewIssues(R"(,"nextToken":")" + t4096 + "t\"") ==
             R"([{"origin":"string","code":"too_big","maximum":4096,"inclusive":true,"path":["nextToken"],"message":"Too big: expected string to have <=4096 characters"}])");
  auto r = ParseRemoteImportPreviewRequest(J(R"({"providerConfigId":"x","query":")" + q200 + R"(q","nextToken":"  "})"));
  BOOST_TEST(DumpJson(zod::IssuesJson(r.diagnostics)) ==
             R"([{"origin":"string","code":"invalid_format","format":"guid","pattern":"/^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/","path":["providerConfigId"],"message":"Invalid GUID"},)"
             R"({"origin":"string","code":"too_big","maximum":200,"inclusive":true,"path":["query"],"message":"Too big: expected string to have <=200 characters"},)"
             R"({"origin":"string","code":"too_small","minimum":1,"inclusive":true,"path":["nextToken"],"message":"Too small: expected string to have >=1 characters"}])");
  auto trimmed = ParseRemoteImportPreviewRequest(J(R"({"providerConfigId":")" + kGuid + R"(","query":"  prod  "})"));
  BOOST_TEST(trimmed.value->query.value_or("") == "prod");
  BOOST_TEST(DumpJson(zod::IssuesJson(ParseRemoteImportPreviewRequest(J("[]")).diagnostics)) ==
             R"([{"expected":"object","code":"invalid_type","path":[],"message":"Invalid input: expected object, received array"}])");
  BOOST_TEST(DumpJson(zod::IssuesJson(ParseRemoteImportPreviewRequest(J("{}")).diagnostics)) ==
             R"([{"expected":"string","code":"invalid_type","path":["providerConfigId"],"message":"Invalid input: expected string, received undefined"}])");
}

BOOST_AUTO_TEST_CASE(import_row_count_edges) {
  const OrderedJson row = J(R"({"externalRef":"arn:x"})");
  BOOST_TEST(ImportIssues(Rows(1, row)) == "ok");
  BOOST_TEST(ImportIssues(Rows(100, row)) == "ok");
  BOOST_TEST(ImportIssues(Rows(0, row)) ==
             R"([{"origin":"array","code":"too_small","minimum":1,"inclusive":true,"path":["secrets"],"message":"Too small: expected array to have >=1 items"}])");
  BOOST_TEST(ImportIssues(Rows(101, row)) ==
             R"([{"origin":"array","code":"too_big","maximum":100,"inclusive":true,"path":["secrets"],"message":"Too big: expected array to have <=100 items"}])");
  BOOST_TEST(ImportIssues("x") ==
             R"([{"expected":"array","code":"invalid_type","path":["secrets"],"message":"Invalid input: expected array, received string"}])");
  BOOST_TEST(ImportIssues(J("[5]")) ==
             R"([{"expected":"object","code":"invalid_type","path":["secrets",0],"message":"Invalid input: expected object, received number"}])");
}

BOOST_AUTO_TEST_CASE(import_field_edges) {
  OrderedJson at_max = {{"externalRef", std::string(2048, 'x')}, {"name", std::string(160, 'n')},
                        {"key", std::string(120, 'k')}, {"description", std::string(500, 'd')},
                        {"providerVersionRef", std::string(512, 'v')}, {"providerMetadata", OrderedJson::object()}};
  BOOST_TEST(ImportIssues(Rows(1, at_max)) == "ok");
  OrderedJson over = {{"externalRef", std::string(2049, 'x')}, {"name", std::string(161, 'n')},
                      {"key", std::string(121, 'k')}, {"providerVersionRef", std::string(513, 'v')},
                      {"providerMetadata", OrderedJson::array()}};
  BOOST_TEST(ImportIssues(Rows(1, over)) ==
             R"([{"origin":"string","code":"too_big","maximum":2048,"inclusive":true,"path":["secrets",0,"externalRef"],"message":"Too big: expected string to have <=2048 characters"},)"
             R"({"origin":"string","code":"too_big","maximum":160,"inclusive":true,"path":["secrets",0,"name"],"message":"Too big: expected string to have <=160 characters"},)"
             R"({"origin":"string","code":"too_big","maximum":120,"inclusive":true,"path":["secrets",0,"key"],"message":"Too big: expected string to have <=120 characters"},)"
             R"({"origin":"string","code":"too_big","maximum":512,"inclusive":true,"path":["secrets",0,"providerVersionRef"],"message":"Too big: expected string to have <=512 characters"},)"
             R"({"expected":"record","code":"invalid_type","path":["secrets",0,"providerMetadata"],"message":"Invalid input: expected record, received array"}])");
  const OrderedJson rows = J(R"([{"externalRef":" "},{"externalRef":"a","key":"a b","name":"","description":")" +
                             std::string(501, 'd') + R"(","providerVersionRef":""}])");
  BOOST_TEST(ImportIssues(rows) ==
             R"([{"origin":"string","code":"too_small","minimum":1,"inclusive":true,"path":["secrets",0,"externalRef"],"message":"Too small: expected string to have >=1 characters"},)"
             R"({"origin":"string","code":"too_small","minimum":1,"inclusive":true,"path":["secrets",1,"name"],"message":"Too small: expected string to have >=1 characters"},)"
             R"({"origin":"string","code":"invalid_format","format":"regex","pattern":"/^[a-zA-Z0-9_.-]+$/","path":["secrets",1,"key"],"message":"Invalid string: must match pattern /^[a-zA-Z0-9_.-]+$/"},)"
             R"({"origin":"string","code":"too_big","maximum":500,"inclusive":true,"path":["secrets",1,"description"],"message":"Too big: expected string to have <=500 characters"},)"
             R"({"origin":"string","code":"too_small","minimum":1,"inclusive":true,"path":["secrets",1,"providerVersionRef"],"message":"Too small: expected string to have >=1 characters"}])");
  auto parsed = ParseRemoteImportRequest(
      J(R"({"providerConfigId":")" + kGuid + R"(","secrets":[{"externalRef":" arn:x ","key":" k1 ","name":null}]})"));
  BOOST_TEST_REQUIRE(parsed.ok());
  BOOST_TEST(parsed.value->secrets[0].external_ref == "arn:x");
  BOOST_TEST(parsed.value->secrets[0].key.value_or("") == "k1");
  BOOST_TEST(!parsed.value->secrets[0].name.has_value());
}

BOOST_AUTO_TEST_CASE(list_secrets_page_is_read_like_paperclips_provider) {
  auto page = ParseAwsListSecretsPage(J(R"({"SecretList":[
    {"ARN":"arn:aws:secretsmanager:us-east-1:1:secret:prod/db-AbC123","Name":"prod/db","Description":"the prod db",
     "KmsKeyId":"alias/k","Tags":[{"Key":"team","Value":"x"},{"Key":"env","Value":"prod"}],
     "CreatedDate":1700000000.5,"LastChangedDate":"2024-02-03T04:05:06.789123+01:00","LastAccessedDate":"soon"},
    {"Name":"only-name"},
    {"ARN":"","Name":"skipped: empty ARN"},
    {"ARN":null,"Name":""},
    {"Description":"no ref at all"}],"NextToken":"page-2"})"));
  BOOST_TEST_REQUIRE(page.ok());
  BOOST_TEST_REQUIRE(page.value->secrets.size() == 2u);
  BOOST_TEST(page.value->next_token.value_or("") == "page-2");
  const RemoteSecretEntry& first = page.value->secrets[0];
  BOOST_TEST(first.name == "prod/db");
  BOOST_TEST(DumpJson(first.metadata) ==
             R"({"createdDate":"2023-11-14T22:13:20.500Z","lastAccessedDate":null,"lastChangedDate":"2024-02-03T03:05:06.789Z",)"
             R"("deletedDate":null,"hasDescription":true,"hasKmsKey":true,"tagCount":2})");
  BOOST_TEST(page.value->secrets[1].external_ref == "only-name");
  BOOST_TEST(page.value->secrets[1].name == "only-name");
  BOOST_TEST(ParseAwsListSecretsPage(J("{}")).value->secrets.empty());
  auto bad = ParseAwsListSecretsPage(J(R"({"SecretList":{}})"));
  BOOST_TEST(bad.diagnostics.at(0).code == Code::kRemoteInventoryInvalid);
  BOOST_TEST(bad.diagnostics.at(0).path == "/SecretList");
  BOOST_TEST(ParseAwsListSecretsPage(J(R"({"SecretList":[{"ARN":5}]})")).diagnostics.at(0).path == "/SecretList/0/ARN");
  BOOST_TEST(!ParseAwsListSecretsPage(J("[]")).ok());
  BOOST_TEST(AwsDateIso(J("0")).value_or("") == "1970-01-01T00:00:00.000Z");
  BOOST_TEST(AwsDateIso(J("-1.5")).value_or("") == "1969-12-31T23:59:58.500Z");
  BOOST_TEST(AwsDateIso(J(R"("2024-02-29T23:59:59Z")")).value_or("") == "2024-02-29T23:59:59.000Z");
  BOOST_TEST(!AwsDateIso(J(R"("2023-02-29T00:00:00Z")")).has_value());  // no such day
  BOOST_TEST(!AwsDateIso(J(R"("2023-01-01T00:00:00")")).has_value());   // no zone
  BOOST_TEST(!AwsDateIso(J("null")).has_value());
}
