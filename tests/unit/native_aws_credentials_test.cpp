// The credential chain (clasp/native/aws/credentials.h) without AWS: the
// environment, the shared files with AWS_PROFILE (static keys, the
// credentials file winning, credential_process), the container endpoint
// and IMDSv2 on a loopback stub, the order, the cache (5 minutes before
// expiry, one refresh for concurrent callers), and that no failure carries
// a credential. STS (role_arn, web identity) is in native_aws_moto_test.
#define BOOST_TEST_MODULE native_aws_credentials
#include <boost/test/unit_test.hpp>

#include "test_support.h"

#include <filesystem>
#include <fstream>

#include "clasp/native/aws/credentials.h"
#include "clasp/native/aws/http_transport.h"
#include "native_aws_stub.h"

using namespace clasp::native::aws;
using clasp::Code;
using clasp::Result;
using clasp::native::test::LoopbackStub;
using clasp::native::test::StubRequest;
using clasp::native::test::StubResponse;

namespace {

namespace fs = std::filesystem;

struct Home {
  fs::path dir = fs::temp_directory_path() / ("clasp-aws-creds-" + std::to_string(::getpid()) + "-" +
                                              std::to_string(reinterpret_cast<std::uintptr_t>(this)));
  Home() { fs::create_directories(dir / ".aws"); }
  ~Home() { fs::remove_all(dir); }
  void Write(const std::string& relative, const std::string& text) const {
    std::ofstream(dir / relative) << text;
  }
};

// Every variable the chain reads, with IMDS off unless a test turns it on:
// no test may reach 169.254.169.254.
std::map<std::string, std::string> Env(const Home& home, std::map<std::string, std::string> extra = {}) {
  std::map<std::string, std::string> env = {{"HOME", home.dir.string()}, {"AWS_EC2_METADATA_DISABLED", "true"}};
  for (auto& [k, v] : extra) env[k] = v;
  return env;
}

long long fixed_now = 1'800'000'000;
long long Now() { return fixed_now; }

std::string Iso(long long seconds) {
  std::time_t t = seconds;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

Result<ResolvedCredentials> Resolve(const std::map<std::string, std::string>& env) {
  auto transport = MakeCurlTransport({2'000, 5'000, 1 << 20});
  return ResolveCredentialChain(MapEnvironment(env), *transport, Now, "us-east-1");
}

std::string CredentialJson(const std::string& key, long long expires) {
  return R"({"Code":"Success","AccessKeyId":")" + key + R"(","SecretAccessKey":"secret-)" + key +
         R"(","Token":"token-)" + key + R"(","Expiration":")" + Iso(expires) + R"("})";
}

void ExpectNoCredentialIn(const Result<ResolvedCredentials>& result, const std::vector<std::string>& secrets) {
  BOOST_TEST_REQUIRE(!result.ok());
  for (const auto& secret : secrets) BOOST_TEST(result.diagnostics[0].message.find(secret) == std::string::npos);
}

}  // namespace

BOOST_AUTO_TEST_CASE(iso_dates_read_as_unix_seconds) {
  BOOST_TEST(*ParseIso8601Seconds("1970-01-01T00:01:00Z") == 60);
  BOOST_TEST(*ParseIso8601Seconds("2026-12-08T02:00:00.5+01:00") == *ParseIso8601Seconds("2026-12-08T01:00:00Z"));
  BOOST_TEST(*ParseIso8601Seconds(Iso(1'800'000'000)) == 1'800'000'000);
  BOOST_TEST(!ParseIso8601Seconds("tomorrow").has_value());
  BOOST_TEST(!ParseIso8601Seconds("2026-12-08T02:00:00").has_value());
}

BOOST_AUTO_TEST_CASE(environment_comes_first) {
  Home home;
  home.Write(".aws/credentials", "[default]\naws_access_key_id = FROMFILE\naws_secret_access_key = file-secret\n");
  auto got = Resolve(Env(home, {{"AWS_ACCESS_KEY_ID", "AKIAENV"}, {"AWS_SECRET_ACCESS_KEY", "env-secret"},
                                {"AWS_SESSION_TOKEN", "env-token"}}));
  BOOST_TEST_REQUIRE(got.ok());
  BOOST_TEST(got.value->source == "environment");
  BOOST_TEST(got.value->credentials.access_key_id == "AKIAENV");
  BOOST_TEST(got.value->credentials.session_token == "env-token");
  BOOST_TEST(!got.value->expires_at.has_value());
  // A key without its secret is not the environment source: the file answers.
  auto partial = Resolve(Env(home, {{"AWS_ACCESS_KEY_ID", "AKIAENV"}}));
  BOOST_TEST_REQUIRE(partial.ok());
  BOOST_TEST(partial.value->credentials.access_key_id == "FROMFILE");
}

BOOST_AUTO_TEST_CASE(profiles_from_both_files_the_credentials_file_winning) {
  Home home;
  home.Write(".aws/config",
             "# comment\n[default]\nregion = us-east-1\n[profile dev]\naws_access_key_id = FROMCONFIG\n"
             "aws_secret_access_key = config-secret\ns3 =\n  max_concurrent_requests = 10\n[sso-session x]\n"
             "aws_access_key_id = NOTAPROFILE\n");
  home.Write(".aws/credentials", "[dev]\naws_access_key_id = FROMCREDENTIALS\n; comment\n");
  auto dev = Resolve(Env(home, {{"AWS_PROFILE", "dev"}}));
  BOOST_TEST_REQUIRE(dev.ok());
  BOOST_TEST(dev.value->source == "profile dev (static keys)");
  BOOST_TEST(dev.value->credentials.access_key_id == "FROMCREDENTIALS");
  BOOST_TEST(dev.value->credentials.secret_access_key == "config-secret");

  auto missing = Resolve(Env(home, {{"AWS_PROFILE", "prod"}}));
  BOOST_TEST_REQUIRE(!missing.ok());
  BOOST_TEST(missing.diagnostics[0].code == Code::kProviderNotConfigured);
  BOOST_TEST(missing.diagnostics[0].message.find("profile prod") != std::string::npos);
  // The default profile has only a region: it holds no credentials.
  auto bare = Resolve(Env(home));
  ExpectNoCredentialIn(bare, {"config-secret"});
  BOOST_TEST(bare.diagnostics[0].message.find("profile default") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(custom_file_locations) {
  Home home;
  home.Write("elsewhere", "[team]\naws_access_key_id = CUSTOM\naws_secret_access_key = s\naws_session_token = t\n");
  auto got = Resolve(Env(home, {{"AWS_PROFILE", "team"},
                                {"AWS_SHARED_CREDENTIALS_FILE", (home.dir / "elsewhere").string()},
                                {"AWS_CONFIG_FILE", (home.dir / "absent").string()}}));
  BOOST_TEST_REQUIRE(got.ok());
  BOOST_TEST(got.value->credentials.session_token == "t");
}

BOOST_AUTO_TEST_CASE(credential_process_json_version_1) {
  Home home;
  home.Write("creds.sh", "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"AKIAPROC\", \"SecretAccessKey\": "
                         "\"proc-secret\", \"SessionToken\": \"proc-token\", \"Expiration\": \"2027-01-15T00:00:00Z\"}'\n");
  home.Write("bad.sh", "#!/bin/sh\necho 'proc-secret-leak' >&1\nexit 3\n");
  home.Write("v2.sh", "#!/bin/sh\necho '{\"Version\": 2, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"v2-secret\"}'\n");
  home.Write(".aws/config", "[profile proc]\ncredential_process = sh " + (home.dir / "creds.sh").string() +
                                 "\n[profile bad]\ncredential_process = sh " + (home.dir / "bad.sh").string() +
                                 "\n[profile v2]\ncredential_process = sh " + (home.dir / "v2.sh").string() + "\n");
  auto got = Resolve(Env(home, {{"AWS_PROFILE", "proc"}}));
  BOOST_TEST_REQUIRE(got.ok());
  BOOST_TEST(got.value->source == "profile proc (credential_process)");
  BOOST_TEST(got.value->credentials.session_token == "proc-token");
  BOOST_TEST(*got.value->expires_at == *ParseIso8601Seconds("2027-01-15T00:00:00Z"));

  auto bad = Resolve(Env(home, {{"AWS_PROFILE", "bad"}}));
  ExpectNoCredentialIn(bad, {"proc-secret-leak"});
  BOOST_TEST(bad.diagnostics[0].message.find("exit status 3") != std::string::npos);
  auto v2 = Resolve(Env(home, {{"AWS_PROFILE", "v2"}}));
  ExpectNoCredentialIn(v2, {"v2-secret"});
  BOOST_TEST(v2.diagnostics[0].message.find("Version") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(source_profile_loops_are_refused) {
  Home home;
  home.Write(".aws/config", "[profile a]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = b\n"
                            "[profile b]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = a\n");
  auto got = Resolve(Env(home, {{"AWS_PROFILE", "a"}}));
  BOOST_TEST_REQUIRE(!got.ok());
  BOOST_TEST(got.diagnostics[0].message.find("loops") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(container_endpoint_with_its_token) {
  Home home;
  LoopbackStub stub([](const StubRequest& request) -> StubResponse {
    if (request.path != "/creds" || request.headers.count("authorization") == 0 ||
        request.headers.at("authorization") != "container-token") {
      return {401, "no"};
    }
    return {200, CredentialJson("AKIACONTAINER", fixed_now + 3600)};
  });
  home.Write("token", "container-token\n");
  auto got = Resolve(Env(home, {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", stub.Url() + "/creds"},
                                {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", (home.dir / "token").string()}}));
  BOOST_TEST_REQUIRE(got.ok());
  BOOST_TEST(got.value->source == "container endpoint");
  BOOST_TEST(got.value->credentials.session_token == "token-AKIACONTAINER");
  BOOST_TEST(*got.value->expires_at == fixed_now + 3600);

  auto denied = Resolve(Env(home, {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", stub.Url() + "/creds"},
                                   {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "wrong-token"}}));
  ExpectNoCredentialIn(denied, {"wrong-token"});
  BOOST_TEST(denied.diagnostics[0].code == Code::kProviderAccessDenied);
  // Plain http to a non-loopback host is refused before any request.
  auto remote = Resolve(Env(home, {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://192.0.2.1/creds"}}));
  BOOST_TEST_REQUIRE(!remote.ok());
  BOOST_TEST(remote.diagnostics[0].message.find("loopback") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(imds_v2_token_then_role_then_credentials) {
  Home home;
  LoopbackStub stub([](const StubRequest& request) -> StubResponse {
    if (request.method == "PUT" && request.path == "/latest/api/token") {
      return request.headers.count("x-aws-ec2-metadata-token-ttl-seconds") ? StubResponse{200, "imds-session"}
                                                                           : StubResponse{400, ""};
    }
    if (request.headers.count("x-aws-ec2-metadata-token") == 0 ||
        request.headers.at("x-aws-ec2-metadata-token") != "imds-session") {
      return {401, ""};
    }
    if (request.path == "/latest/meta-data/iam/security-credentials/") return {200, "clasp-role\n"};
    if (request.path == "/latest/meta-data/iam/security-credentials/clasp-role") {
      return {200, CredentialJson("AKIAIMDS", fixed_now + 6 * 3600)};
    }
    return {404, ""};
  });
  auto env = Env(home, {{"AWS_EC2_METADATA_SERVICE_ENDPOINT", stub.Url() + "/"}});
  env.erase("AWS_EC2_METADATA_DISABLED");
  auto got = Resolve(env);
  BOOST_TEST_REQUIRE(got.ok(), (got.diagnostics.empty() ? "" : got.diagnostics[0].message));
  BOOST_TEST(got.value->source == "instance metadata (IMDSv2)");
  BOOST_TEST(got.value->credentials.access_key_id == "AKIAIMDS");
  BOOST_TEST(stub.Requests().size() == 3u);

  auto none = Resolve(Env(home));
  BOOST_TEST_REQUIRE(!none.ok());
  BOOST_TEST(none.diagnostics[0].message.find("no AWS credentials found") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(cache_until_five_minutes_before_expiry_one_refresh_for_many_callers) {
  Home home;
  std::atomic<int> served{0};
  LoopbackStub stub([&](const StubRequest&) -> StubResponse {
    int n = ++served;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return {200, CredentialJson("AKIA" + std::to_string(n), fixed_now + 3600)};
  });
  auto transport = MakeCurlTransport({2'000, 5'000, 1 << 20});
  long long now = fixed_now;
  DefaultCredentialChain chain(MapEnvironment(Env(home, {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", stub.Url() + "/c"}})),
                               *transport, [&] { return now; }, "us-east-1");
  std::vector<std::thread> callers;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) callers.emplace_back([&] { ok += chain.Get().ok() ? 1 : 0; });
  for (auto& caller : callers) caller.join();
  BOOST_TEST(ok.load() == 8);
  BOOST_TEST(chain.refreshes() == 1);
  BOOST_TEST(served.load() == 1);
  BOOST_TEST(chain.source() == "container endpoint");

  now = fixed_now + 3600 - kCredentialRefreshMarginSeconds - 1;
  BOOST_TEST(chain.Get().value->access_key_id == "AKIA1");
  now = fixed_now + 3600 - kCredentialRefreshMarginSeconds;
  BOOST_TEST(chain.Get().value->access_key_id == "AKIA2");
  BOOST_TEST(chain.refreshes() == 2);
}
