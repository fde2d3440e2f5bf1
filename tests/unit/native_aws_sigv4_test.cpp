// SigV4 (clasp/native/aws/sigv4.h) on the AWS SigV4 test suite's vectors and
// its refusals, the URL helpers of http_transport.h, and Paperclip's AWS
// error classification (secrets_manager.h). The byte-for-byte comparison
// with botocore on generated requests is tests/aws/sigv4_botocore.py.
#define BOOST_TEST_MODULE native_aws_sigv4
#include <boost/test/unit_test.hpp>

#include "test_support.h"

#include "clasp/native/aws/http_transport.h"
#include "clasp/native/aws/secrets_manager.h"
#include "clasp/native/aws/sigv4.h"

using namespace clasp::native::aws;
using clasp::Code;

namespace {

const Credentials kExample{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};

SigV4Request Vanilla() {
  return {"GET", "/", {}, {{"Host", "example.amazonaws.com"}}, "", "20150830T123600Z", "us-east-1", "service"};
}

}  // namespace

BOOST_AUTO_TEST_CASE(get_vanilla_matches_the_aws_suite) {
  auto signed_request = SignV4(Vanilla(), kExample);
  BOOST_TEST_REQUIRE(signed_request.ok());
  BOOST_TEST(signed_request.value->authorization ==
             "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
             "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  BOOST_TEST(signed_request.value->headers_to_add.size() == 2u);
  BOOST_TEST(signed_request.value->headers_to_add[0].first == "X-Amz-Date");
}

BOOST_AUTO_TEST_CASE(get_vanilla_query_order_value_matches_the_aws_suite) {
  SigV4Request request = Vanilla();
  request.query = {{"Param1", "value2"}, {"Param1", "Value1"}};
  auto signed_request = SignV4(request, kExample);
  BOOST_TEST_REQUIRE(signed_request.ok());
  BOOST_TEST(signed_request.value->authorization.ends_with(
      "Signature=eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1"));
}

BOOST_AUTO_TEST_CASE(session_token_is_signed_and_added) {
  Credentials with_token = kExample;
  with_token.session_token = "token-123";
  auto signed_request = SignV4(Vanilla(), with_token);
  BOOST_TEST_REQUIRE(signed_request.ok());
  BOOST_TEST(signed_request.value->signed_headers == "host;x-amz-date;x-amz-security-token");
  BOOST_TEST(signed_request.value->headers_to_add[1].second == "token-123");
}

BOOST_AUTO_TEST_CASE(refusals_name_the_problem_not_the_credentials) {
  SigV4Request no_host = Vanilla();
  no_host.headers.clear();
  auto refused = SignV4(no_host, kExample);
  BOOST_TEST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.diagnostics[0].code == Code::kInputInvalidValue);
  BOOST_TEST(refused.diagnostics[0].message.find("host") != std::string::npos);
  BOOST_TEST(refused.diagnostics[0].message.find(kExample.secret_access_key) == std::string::npos);

  SigV4Request bad_date = Vanilla();
  bad_date.amz_date = "2015-08-30";
  BOOST_TEST(!SignV4(bad_date, kExample).ok());
  SigV4Request with_date = Vanilla();
  with_date.headers.emplace_back("Date", "Sun, 30 Aug 2015 12:36:00 GMT");
  BOOST_TEST(!SignV4(with_date, kExample).ok());
}

BOOST_AUTO_TEST_CASE(helpers_follow_their_examples) {
  BOOST_TEST(PayloadSha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  BOOST_TEST(UriEncode("a b/\xc3\xbc", "/") == "a%20b/%C3%BC");
  BOOST_TEST(UriEncode("a=b", "") == "a%3Db");
  BOOST_TEST(AmzDate(1440938160) == "20150830T123600Z");
  BOOST_TEST(*HostOfUrl("https://SecretsManager.us-east-1.amazonaws.com/") == "secretsmanager.us-east-1.amazonaws.com");
  BOOST_TEST(*HostOfUrl("http://127.0.0.1:4566") == "127.0.0.1:4566");
  BOOST_TEST(*HostOfUrl("https://user:pw@h:443/x") == "h");
  BOOST_TEST(*HostOfUrl("http://[::1]:8080/") == "[::1]:8080");
  BOOST_TEST(!HostOfUrl("ftp://h").has_value());
  BOOST_TEST(!HostOfUrl("no-scheme").has_value());
  BOOST_TEST(PathOfUrl("http://127.0.0.1:4566") == "/");
  BOOST_TEST(PathOfUrl("https://h/a/b?x=1") == "/a/b");
}

BOOST_AUTO_TEST_CASE(aws_errors_classify_as_paperclip_does) {
  BOOST_TEST(ClassifyAwsError("ResourceExistsException: exists") == Code::kProviderConflict);
  BOOST_TEST(ClassifyAwsError("ResourceNotFoundException: Secrets Manager can't find the specified secret.") ==
             Code::kProviderNotFound);
  BOOST_TEST(ClassifyAwsError("AccessDeniedException: no") == Code::kProviderAccessDenied);
  BOOST_TEST(ClassifyAwsError("UnrecognizedClientException: bad token") == Code::kProviderAccessDenied);
  BOOST_TEST(ClassifyAwsError("ThrottlingException: Rate exceeded") == Code::kProviderThrottled);
  BOOST_TEST(ClassifyAwsError("InvalidRequestException: marked for deletion") == Code::kProviderInvalidRequest);
  BOOST_TEST(ClassifyAwsError("InvalidNextTokenException: bad") == Code::kProviderError);
  BOOST_TEST(ClassifyAwsError("InternalServiceError: boom") == Code::kProviderError);
  // Paperclip's order: "NotFound" is tested before the network patterns, so
  // ENOTFOUND reads as not_found there too.
  BOOST_TEST(ClassifyAwsError("getaddrinfo ENOTFOUND host") == Code::kProviderNotFound);
  BOOST_TEST(ClassifyAwsError("request timeout") == Code::kProviderUnavailable);
  BOOST_TEST(AwsSafeMessage(Code::kProviderThrottled) == "AWS Secrets Manager throttled the request. Wait and try again.");
  BOOST_TEST(AwsSafeMessage(Code::kProviderError) == "AWS Secrets Manager request failed.");
}
