// The Secrets Manager client (clasp/native/aws/secrets_manager.h) over the
// libcurl transport against moto_server: Paperclip's calls and what they
// leave in AWS (names, tags, KMS key id, version stages), its error classes
// with its texts, ListSecrets filters and paging, and a self-signed https
// server refused. Skipped (77) without CLASP_TEST_AWS_ENDPOINT.
#define BOOST_TEST_MODULE native_aws_moto
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include "test_support.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "native_aws_support.h"

using namespace clasp::native::aws;
using clasp::Code;
using clasp::native::test::UniqueName;

namespace {

struct Moto {
  std::unique_ptr<HttpTransport> transport = MakeCurlTransport();
  StaticCredentialProvider credentials{clasp::native::test::MotoCredentials()};
  SecretsManagerClient client{{*clasp::native::test::TestAwsEndpoint(), "us-east-1"}, *transport, credentials,
                              clasp::native::test::NowSeconds};

  SecretWrite Create(const std::string& name, std::string_view value) {
    auto created = client.CreateSecret({name, value, std::nullopt, std::nullopt, {}});
    BOOST_TEST_REQUIRE(created.ok());
    return *created.value;
  }

  std::string Value(GetSecretValueInput input) {
    auto got = client.GetSecretValue(input);
    BOOST_TEST_REQUIRE(got.ok(), (got.diagnostics.empty() ? "" : got.diagnostics[0].message));
    return std::string(got.value->secret_string.view());
  }

  // The raw DescribeSecret answer, to see what a call left in AWS.
  clasp::OrderedJson Describe(const std::string& secret_id);
};

clasp::OrderedJson Moto::Describe(const std::string& secret_id) {
  std::string endpoint = *clasp::native::test::TestAwsEndpoint();
  std::string body = clasp::OrderedJson{{"SecretId", secret_id}}.dump();
  HttpRequest request{"POST", endpoint, {{"Content-Type", "application/x-amz-json-1.1"},
                                         {"Host", *HostOfUrl(endpoint)},
                                         {"X-Amz-Target", "secretsmanager.DescribeSecret"}}, body};
  auto signature = SignV4({"POST", "/", {}, request.headers, body, AmzDate(clasp::native::test::NowSeconds()),
                           "us-east-1", "secretsmanager"}, clasp::native::test::MotoCredentials());
  for (auto& header : signature.value->headers_to_add) request.headers.push_back(header);
  auto response = transport->Send(request);
  BOOST_TEST_REQUIRE(response.ok());
  BOOST_TEST_REQUIRE(response.value->status == 200);
  return clasp::OrderedJson::parse(response.value->body);
}

void ExpectFailure(const clasp::Result<auto>& result, Code code, const std::string& message) {
  BOOST_TEST_REQUIRE(!result.ok());
  BOOST_TEST(result.diagnostics[0].code == code);
  BOOST_TEST(result.diagnostics[0].message == message);
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(secrets_manager, Moto)

BOOST_AUTO_TEST_CASE(create_leaves_name_tags_description_and_kms_key) {
  std::string name = UniqueName("paperclip/dep-1/company-1/openai");
  auto created = client.CreateSecret({name, "sk-first", std::string("alias/paperclip-test"),
                                      std::string("Paperclip secret OpenAI"),
                                      {{"paperclip:managed-by", "paperclip"}, {"paperclip:company-id", "company-1"}}});
  BOOST_TEST_REQUIRE(created.ok());
  BOOST_TEST(created.value->name == name);
  BOOST_TEST(created.value->arn.find(":secret:" + name + "-") != std::string::npos);
  BOOST_TEST(!created.value->version_id.empty());
  auto described = Describe(created.value->arn);
  BOOST_TEST(described["Description"] == "Paperclip secret OpenAI");
  BOOST_TEST(described["KmsKeyId"] == "alias/paperclip-test");
  BOOST_TEST(described["Tags"].size() == 2u);
  BOOST_TEST(described["Tags"][0]["Key"] == "paperclip:managed-by");
  BOOST_TEST(Value({created.value->arn, std::nullopt, std::string("AWSCURRENT")}) == "sk-first");
}

BOOST_AUTO_TEST_CASE(put_moves_awscurrent_and_old_versions_stay_readable) {
  SecretWrite first = Create(UniqueName("rotate"), "v1");
  auto second = client.PutSecretValue({first.arn, "v2", {}});
  BOOST_TEST_REQUIRE(second.ok());
  BOOST_TEST(second.value->version_id != first.version_id);
  BOOST_TEST(Value({first.arn, std::nullopt, std::string("AWSCURRENT")}) == "v2");
  BOOST_TEST(Value({first.arn, first.version_id, std::nullopt}) == "v1");
  BOOST_TEST(Value({first.arn, std::nullopt, std::string("AWSPREVIOUS")}) == "v1");
  auto current = client.GetSecretValue({first.arn, second.value->version_id, std::nullopt});
  BOOST_TEST_REQUIRE(current.ok());
  BOOST_TEST((std::find(current.value->version_stages.begin(), current.value->version_stages.end(), "AWSCURRENT") !=
              current.value->version_stages.end()));
}

BOOST_AUTO_TEST_CASE(put_with_a_pending_stage_keeps_awscurrent) {
  SecretWrite first = Create(UniqueName("pending"), "v1");
  auto pending = client.PutSecretValue({first.arn, "v2", {"PAPERCLIP_PENDING"}});
  BOOST_TEST_REQUIRE(pending.ok());
  BOOST_TEST(Value({first.arn, std::nullopt, std::string("AWSCURRENT")}) == "v1");
  BOOST_TEST(Value({first.arn, pending.value->version_id, std::nullopt}) == "v2");
  BOOST_TEST(Value({first.arn, std::nullopt, std::string("PAPERCLIP_PENDING")}) == "v2");
}

BOOST_AUTO_TEST_CASE(errors_carry_paperclips_class_and_text) {
  std::string name = UniqueName("dup");
  Create(name, "v");
  ExpectFailure(client.CreateSecret({name, "v", std::nullopt, std::nullopt, {}}), Code::kProviderConflict,
                "AWS Secrets Manager reported that the requested secret already exists.");
  ExpectFailure(client.GetSecretValue({UniqueName("missing"), std::nullopt, std::string("AWSCURRENT")}),
                Code::kProviderNotFound, "AWS Secrets Manager could not find the requested secret.");
  ExpectFailure(client.GetSecretValue({name, std::string("00000000-0000-0000-0000-000000000000"), std::nullopt}),
                Code::kProviderNotFound, "AWS Secrets Manager could not find the requested secret.");
}

BOOST_AUTO_TEST_CASE(delete_keeps_the_recovery_window) {
  SecretWrite created = Create(UniqueName("delete"), "v");
  long long before = clasp::native::test::NowSeconds();
  auto deleted = client.DeleteSecret({created.arn, 7});
  BOOST_TEST_REQUIRE(deleted.ok());
  BOOST_TEST(deleted.value->arn == created.arn);
  BOOST_TEST(deleted.value->deletion_date >= before + 7 * 86400 - 5);
  BOOST_TEST(deleted.value->deletion_date <= before + 7 * 86400 + 60);
  // Scheduled for deletion: AWS (and moto) refuse reads as an invalid request.
  ExpectFailure(client.GetSecretValue({created.arn, std::nullopt, std::string("AWSCURRENT")}),
                Code::kProviderInvalidRequest, "AWS Secrets Manager rejected the request.");
  ExpectFailure(client.DeleteSecret({UniqueName("never-created"), 7}), Code::kProviderNotFound,
                "AWS Secrets Manager could not find the requested secret.");
}

BOOST_AUTO_TEST_CASE(list_secrets_filters_and_pages) {
  // AWS's "all" filter matches word prefixes (words split at "-", "/", …),
  // so the query is one word.
  std::string stem = UniqueName("listing");
  stem.erase(std::remove(stem.begin(), stem.end(), '-'), stem.end());
  for (int i = 0; i < 5; ++i) Create(stem + "/s" + std::to_string(i), "v");
  std::vector<std::string> seen;
  std::optional<std::string> token;
  int pages = 0;
  do {
    auto page = client.ListSecrets({2, token, stem});
    BOOST_TEST_REQUIRE(page.ok());
    for (const auto& entry : (*page.value)["SecretList"]) {
      seen.push_back(entry["Name"].get<std::string>());
      BOOST_TEST(!entry.contains("SecretString"));
    }
    token.reset();
    if (auto next = page.value->find("NextToken"); next != page.value->end() && next->is_string()) token = *next;
    ++pages;
  } while (token && pages < 10);
  std::sort(seen.begin(), seen.end());
  BOOST_TEST_REQUIRE(seen.size() == 5u);
  BOOST_TEST(seen.front() == stem + "/s0");
  BOOST_TEST(pages >= 3);
  auto none = client.ListSecrets({10, std::nullopt, UniqueName("nothing-like-this")});
  BOOST_TEST_REQUIRE(none.ok());
  BOOST_TEST((*none.value)["SecretList"].empty());
}

BOOST_AUTO_TEST_CASE(no_answer_is_provider_unavailable) {
  std::string closed = "http://127.0.0.1:" + std::to_string(clasp::native::test::FreeLoopbackPort());
  SecretsManagerClient nowhere{{closed, "us-east-1"}, *transport, credentials, clasp::native::test::NowSeconds};
  ExpectFailure(nowhere.GetSecretValue({"x", std::nullopt, std::string("AWSCURRENT")}), Code::kProviderUnavailable,
                "AWS Secrets Manager is unavailable right now.");
}

BOOST_AUTO_TEST_CASE(response_size_is_capped) {
  std::string name = UniqueName("large");
  std::string big(6000, 'x');
  Create(name, big);
  auto small = MakeCurlTransport({5'000, 30'000, 4096});
  SecretsManagerClient capped{{*clasp::native::test::TestAwsEndpoint(), "us-east-1"}, *small, credentials,
                              clasp::native::test::NowSeconds};
  ExpectFailure(capped.GetSecretValue({name, std::nullopt, std::string("AWSCURRENT")}), Code::kProviderError,
                "AWS Secrets Manager request failed.");
  auto direct = small->Send({"POST", *clasp::native::test::TestAwsEndpoint(), {}, ""});
  BOOST_TEST(direct.ok());  // a small answer (moto's error page) still fits
}

BOOST_AUTO_TEST_SUITE_END()

// moto_server -s serves https with a self-signed certificate: the transport
// must refuse it (verification stays on), and say it was TLS.
BOOST_AUTO_TEST_CASE(self_signed_https_is_refused) {
  int port = clasp::native::test::FreeLoopbackPort();
  std::string port_text = std::to_string(port);
  const char* argv[] = {"moto_server", "-s", "-H", "127.0.0.1", "-p", port_text.c_str(), nullptr};
  pid_t pid = 0;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  BOOST_TEST_REQUIRE(posix_spawnp(&pid, "moto_server", &actions, nullptr, const_cast<char**>(argv), environ) == 0);
  posix_spawn_file_actions_destroy(&actions);
  auto transport = MakeCurlTransport({2'000, 5'000, 1 << 20});
  std::string url = "https://127.0.0.1:" + port_text + "/moto-api/";
  clasp::Result<HttpResponse> answer = transport->Send({"GET", url, {}, ""});
  for (int attempt = 0; attempt < 100 && !answer.ok() &&
                        answer.diagnostics[0].message.find("onnect") != std::string::npos; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    answer = transport->Send({"GET", url, {}, ""});
  }
  ::kill(pid, SIGTERM);
  ::waitpid(pid, nullptr, 0);
  BOOST_TEST_REQUIRE(!answer.ok());
  BOOST_TEST(answer.diagnostics[0].code == Code::kProviderUnavailable);
  const std::string& message = answer.diagnostics[0].message;
  BOOST_TEST((message.find("certificate") != std::string::npos || message.find("SSL") != std::string::npos), message);
}

// STS through moto: role_arn + source_profile (AssumeRole signed with the
// source profile's keys) and web identity (AssumeRoleWithWebIdentity,
// unsigned), both with an expiry, and usable against Secrets Manager.
BOOST_AUTO_TEST_CASE(sts_assume_role_and_web_identity) {
  namespace fs = std::filesystem;
  fs::path home = fs::temp_directory_path() / UniqueName("clasp-aws-sts");
  fs::create_directories(home / ".aws");
  std::ofstream(home / ".aws/config") << "[profile base]\naws_access_key_id = AKIABASE\naws_secret_access_key = base-secret\n"
                                         "[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/clasp-deploy\n"
                                         "source_profile = base\nrole_session_name = clasp-test\n";
  std::ofstream(home / "token") << "eyJhbGciOiJSUzI1NiJ9.e30.c2ln\n";
  std::string endpoint = *clasp::native::test::TestAwsEndpoint();
  auto transport = MakeCurlTransport();
  std::map<std::string, std::string> base = {{"HOME", home.string()}, {"AWS_EC2_METADATA_DISABLED", "true"},
                                             {"AWS_ENDPOINT_URL_STS", endpoint}};
  auto with = [&](std::map<std::string, std::string> extra) {
    for (auto& [k, v] : base) extra.emplace(k, v);
    return MapEnvironment(extra);
  };
  auto role = ResolveCredentialChain(with({{"AWS_PROFILE", "deploy"}}), *transport, clasp::native::test::NowSeconds,
                                     "us-east-1");
  BOOST_TEST_REQUIRE(role.ok(), (role.diagnostics.empty() ? "" : role.diagnostics[0].message));
  BOOST_TEST(role.value->source == "profile deploy (assume role)");
  BOOST_TEST(role.value->credentials.access_key_id != "AKIABASE");
  BOOST_TEST(!role.value->credentials.session_token.empty());
  BOOST_TEST(role.value->expires_at.has_value());
  BOOST_TEST(*role.value->expires_at > clasp::native::test::NowSeconds());

  auto web = ResolveCredentialChain(with({{"AWS_WEB_IDENTITY_TOKEN_FILE", (home / "token").string()},
                                          {"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/clasp-web"},
                                          {"AWS_PROFILE", "deploy"}}),
                                    *transport, clasp::native::test::NowSeconds, "us-east-1");
  BOOST_TEST_REQUIRE(web.ok(), (web.diagnostics.empty() ? "" : web.diagnostics[0].message));
  BOOST_TEST(web.value->source == "web identity");
  BOOST_TEST(!web.value->credentials.session_token.empty());

  DefaultCredentialChain chain(with({{"AWS_PROFILE", "deploy"}}), *transport, clasp::native::test::NowSeconds, "us-east-1");
  SecretsManagerClient client{{endpoint, "us-east-1"}, *transport, chain, clasp::native::test::NowSeconds};
  auto created = client.CreateSecret({UniqueName("sts"), "v", std::nullopt, std::nullopt, {}});
  BOOST_TEST(created.ok());
  BOOST_TEST(chain.refreshes() == 1);

  auto unreadable = ResolveCredentialChain(with({{"AWS_WEB_IDENTITY_TOKEN_FILE", (home / "absent").string()},
                                                 {"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/clasp-web"}}),
                                           *transport, clasp::native::test::NowSeconds, "us-east-1");
  BOOST_TEST(!unreadable.ok());
  fs::remove_all(home);
}

CLASP_AWS_TEST_MAIN()
