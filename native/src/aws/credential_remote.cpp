// The chain's network sources (credentials.h): STS AssumeRole and
// AssumeRoleWithWebIdentity, the container endpoint and IMDSv2.
#include <nlohmann/json.hpp>

#include <cctype>
#include <fstream>
#include <iterator>

#include "clasp/native/secret_bytes.h"
#include "clasp/native/status.h"
#include "clasp/native/wipe_json.h"
#include "credential_sources.h"

namespace clasp::native::aws::detail {
namespace {

std::string XmlUnescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out.push_back(text[i]);
      continue;
    }
    static constexpr std::pair<std::string_view, char> kEntities[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    bool matched = false;
    for (const auto& [entity, c] : kEntities) {
      if (text.substr(i, entity.size()) == entity) {
        out.push_back(c);
        i += entity.size() - 1;
        matched = true;
        break;
      }
    }
    if (!matched) out.push_back('&');
  }
  return out;
}

// The text of the first <tag>…</tag>: STS answers are flat enough.
std::optional<std::string> XmlText(std::string_view xml, std::string_view tag) {
  std::string open = "<" + std::string(tag) + ">";
  std::string close = "</" + std::string(tag) + ">";
  std::size_t start = xml.find(open);
  if (start == std::string_view::npos) return std::nullopt;
  start += open.size();
  std::size_t end = xml.find(close, start);
  if (end == std::string_view::npos) return std::nullopt;
  return XmlUnescape(xml.substr(start, end - start));
}

std::string FormEncode(const HeaderList& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out.push_back('&');
    out += UriEncode(name, "") + "=" + UriEncode(value, "");
  }
  return out;
}

std::string StsEndpoint(const ChainContext& context) {
  if (auto url = Var(context, "AWS_ENDPOINT_URL_STS")) return *url;
  if (auto url = Var(context, "AWS_ENDPOINT_URL")) return *url;
  return "https://sts." + context.region + ".amazonaws.com";
}

Code ClassOfStatus(long status) {
  if (status == 403 || status == 401) return Code::kProviderAccessDenied;
  if (status == 429) return Code::kProviderThrottled;
  if (status >= 500) return Code::kProviderUnavailable;
  return Code::kProviderError;
}

Result<ResolvedCredentials> StsCall(const ChainContext& context, const HeaderList& form,
                                    const Credentials* signer, const std::string& source) {
  std::string url = StsEndpoint(context);
  std::optional<std::string> host = HostOfUrl(url);
  if (!host) return SourceFailure<ResolvedCredentials>(Code::kProviderNotConfigured, source, "the STS endpoint is not an http(s) URL");
  HttpRequest request{"POST", url, {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}, {"Host", *host}},
                      FormEncode(form)};
  WipeOnExit forget_body(&request.body);
  if (signer != nullptr) {
    Result<SigV4Signature> signature = SignV4({"POST", PathOfUrl(url), {}, request.headers, request.body,
                                               AmzDate(context.clock_seconds()), context.region, "sts"},
                                              *signer);
    if (!signature.ok()) return Forward<ResolvedCredentials>(std::move(signature));
    for (auto& header : signature.value->headers_to_add) request.headers.push_back(std::move(header));
  }
  Result<HttpResponse> response = context.transport.Send(request);
  if (!response.ok()) {
    return SourceFailure<ResolvedCredentials>(Code::kProviderUnavailable, source, "STS did not answer: " + response.diagnostics[0].message);
  }
  std::string& body = response.value->body;
  if (response.value->status != 200) {
    std::string code = XmlText(body, "Code").value_or("no error code");
    WipeString(&body);
    return SourceFailure<ResolvedCredentials>(ClassOfStatus(response.value->status), source,
                                              "STS answered " + std::to_string(response.value->status) + " " + code);
  }
  auto key = XmlText(body, "AccessKeyId");
  auto secret = XmlText(body, "SecretAccessKey");
  auto token = XmlText(body, "SessionToken");
  auto expiration = XmlText(body, "Expiration");
  WipeString(&body);
  if (!key || !secret) return SourceFailure<ResolvedCredentials>(Code::kProviderError, source, "STS answered without credentials");
  return Result<ResolvedCredentials>::Ok(
      {{*key, *secret, token.value_or("")}, expiration ? ParseIso8601Seconds(*expiration) : std::nullopt, source});
}

bool IsLoopbackHost(std::string host) {
  if (std::size_t colon = host.rfind(':'); colon != std::string::npos && host.find(']', colon) == std::string::npos) {
    host.resize(colon);
  }
  return host == "localhost" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

// GET (or PUT) on a metadata endpoint; a body on 200, a reason otherwise.
Result<std::string> Fetch(const ChainContext& context, const std::string& method, const std::string& url,
                          HeaderList headers, const std::string& source) {
  Result<HttpResponse> response = context.transport.Send({method, url, std::move(headers), ""});
  if (!response.ok()) {
    return SourceFailure<std::string>(Code::kProviderUnavailable, source, "no answer: " + response.diagnostics[0].message);
  }
  if (response.value->status != 200) {
    WipeString(&response.value->body);
    return SourceFailure<std::string>(ClassOfStatus(response.value->status), source,
                                      method + " " + url + " answered " + std::to_string(response.value->status));
  }
  return Result<std::string>::Ok(std::move(response.value->body));
}

}  // namespace

Result<ResolvedCredentials> CredentialsFromJson(std::string_view body, const std::string& source) {
  nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  auto text = [&](const char* name) -> std::optional<std::string> {
    if (!json.is_object()) return std::nullopt;
    auto it = json.find(name);
    if (it == json.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) return std::nullopt;
    return it->get<std::string>();
  };
  auto key = text("AccessKeyId");
  auto secret = text("SecretAccessKey");
  auto token = text("SessionToken");
  if (!token) token = text("Token");
  auto expiration = text("Expiration");
  bool version_ok = !json.is_object() || !json.contains("Version") || json["Version"] == 1;
  if (json.is_object()) {
    for (auto& [name, value] : json.items()) {
      if (value.is_string()) WipeString(&value.get_ref<std::string&>());
    }
  }
  if (json.is_discarded() || !json.is_object()) {
    return SourceFailure<ResolvedCredentials>(Code::kProviderError, source, "the answer is not a JSON object");
  }
  if (!version_ok) return SourceFailure<ResolvedCredentials>(Code::kProviderError, source, "Version is not 1");
  if (!key || !secret) {
    return SourceFailure<ResolvedCredentials>(Code::kProviderError, source, "AccessKeyId or SecretAccessKey is missing");
  }
  return Result<ResolvedCredentials>::Ok(
      {{*key, *secret, token.value_or("")}, expiration ? ParseIso8601Seconds(*expiration) : std::nullopt, source});
}

Result<ResolvedCredentials> StsAssumeRole(const ChainContext& context, const Credentials& source_credentials,
                                          const std::string& role_arn, const std::string& session_name,
                                          const std::string& source) {
  return StsCall(context,
                 {{"Action", "AssumeRole"}, {"Version", "2011-06-15"}, {"RoleArn", role_arn}, {"RoleSessionName", session_name}},
                 &source_credentials, source);
}

Result<ResolvedCredentials> StsAssumeRoleWithWebIdentity(const ChainContext& context, const std::string& role_arn,
                                                         const std::string& session_name, const std::string& token,
                                                         const std::string& source) {
  // Unsigned: the token is the proof.
  return StsCall(context,
                 {{"Action", "AssumeRoleWithWebIdentity"}, {"Version", "2011-06-15"}, {"RoleArn", role_arn},
                  {"RoleSessionName", session_name}, {"WebIdentityToken", token}},
                 nullptr, source);
}

SourceResult FromContainer(const ChainContext& context) {
  std::optional<std::string> full = Var(context, "AWS_CONTAINER_CREDENTIALS_FULL_URI");
  std::optional<std::string> relative = Var(context, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  if (!full && !relative) return std::nullopt;
  const std::string source = "container endpoint";
  std::string url = relative ? "http://169.254.170.2" + *relative : *full;
  if (!relative) {
    std::optional<std::string> host = HostOfUrl(url);
    bool https = url.rfind("https://", 0) == 0;
    // The SDKs' rule: plain http only to the loopback or the ECS/EKS agents.
    if (!host || (!https && !IsLoopbackHost(*host) && *host != "169.254.170.2" && *host != "169.254.170.23")) {
      return SourceFailure<ResolvedCredentials>(Code::kProviderNotConfigured, source,
                                                "AWS_CONTAINER_CREDENTIALS_FULL_URI must be https or a loopback http URL");
    }
  }
  HeaderList headers;
  std::optional<std::string> token = Var(context, "AWS_CONTAINER_AUTHORIZATION_TOKEN");
  if (auto token_file = Var(context, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
    std::ifstream in(*token_file);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in && text.empty()) {
      return SourceFailure<ResolvedCredentials>(Code::kProviderNotConfigured, source,
                                                "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + *token_file);
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    token = text;
    WipeString(&text);
  }
  if (token) headers.emplace_back("Authorization", *token);
  Result<std::string> body = Fetch(context, "GET", url, headers, source);
  if (!body.ok()) return Forward<ResolvedCredentials>(std::move(body));
  Result<ResolvedCredentials> out = CredentialsFromJson(*body.value, source);
  WipeString(&*body.value);
  return out;
}

SourceResult FromInstanceMetadata(const ChainContext& context) {
  std::string disabled = Var(context, "AWS_EC2_METADATA_DISABLED").value_or("");
  for (char& c : disabled) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (disabled == "true") return std::nullopt;
  const std::string source = "instance metadata (IMDSv2)";
  std::string base = Var(context, "AWS_EC2_METADATA_SERVICE_ENDPOINT").value_or("http://169.254.169.254");
  while (!base.empty() && base.back() == '/') base.pop_back();
  Result<std::string> token =
      Fetch(context, "PUT", base + "/latest/api/token", {{"X-aws-ec2-metadata-token-ttl-seconds", "21600"}}, source);
  if (!token.ok()) return Forward<ResolvedCredentials>(std::move(token));
  HeaderList with_token = {{"X-aws-ec2-metadata-token", *token.value}};
  Result<std::string> role = Fetch(context, "GET", base + "/latest/meta-data/iam/security-credentials/", with_token, source);
  if (!role.ok()) {
    WipeString(&*token.value);
    return Forward<ResolvedCredentials>(std::move(role));
  }
  std::string role_name = role.value->substr(0, role.value->find('\n'));
  Result<std::string> body =
      Fetch(context, "GET", base + "/latest/meta-data/iam/security-credentials/" + UriEncode(role_name, ""), with_token, source);
  WipeString(&*token.value);
  WipeString(&with_token[0].second);
  if (!body.ok()) return Forward<ResolvedCredentials>(std::move(body));
  Result<ResolvedCredentials> out = CredentialsFromJson(*body.value, source);
  WipeString(&*body.value);
  return out;
}

}  // namespace clasp::native::aws::detail
