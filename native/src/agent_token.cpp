#include "clasp/native/agent_token.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <vector>

namespace clasp::native {
namespace {

constexpr std::string_view kPrefix = "clasp_agent_v1";

std::string RawHmac(std::string_view key, std::string_view message) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::vector<std::string_view> SplitDots(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '.') {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

Result<AgentTokenClaims> Refused() {
  return FailResult<AgentTokenClaims>(Code::kBindingNotAllowed, "Invalid agent token");
}

}  // namespace

AgentTokenSigner AgentTokenSigner::FromMasterKey(const SecretBytes& master_key) {
  std::string key = RawHmac(master_key.view(), "clasp agent token v1");
  return AgentTokenSigner(SecretBytes::Adopt(std::move(key)));
}

std::string AgentTokenSigner::Mac(std::string_view message) const {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::string raw = RawHmac(key_.view(), message);
  std::string hex;
  for (unsigned char c : raw) hex += kHex[c >> 4], hex += kHex[c & 15];
  return hex;
}

std::string AgentTokenSigner::Issue(const AgentTokenClaims& claims) const {
  const std::string body = std::string(kPrefix) + "." + claims.agent_id + "." + claims.company_id;
  return body + "." + Mac(body);
}

Result<AgentTokenClaims> AgentTokenSigner::Verify(std::string_view token) const {
  const auto parts = SplitDots(token);
  if (parts.size() != 4 || parts[0] != kPrefix || parts[1].empty() || parts[2].empty()) return Refused();
  const std::string_view body = token.substr(0, token.size() - parts[3].size() - 1);
  const std::string expected = Mac(body);
  if (parts[3].size() != expected.size() || CRYPTO_memcmp(parts[3].data(), expected.data(), expected.size()) != 0) {
    return Refused();
  }
  return Result<AgentTokenClaims>::Ok({std::string(parts[1]), std::string(parts[2])});
}

}  // namespace clasp::native
