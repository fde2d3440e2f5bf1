// The chain's order, its cache and the environment seams (credentials.h).
#include <cstdlib>
#include <ctime>

#include "clasp/native/secret_bytes.h"
#include "clasp/native/status.h"
#include "credential_sources.h"

namespace clasp::native::aws {
namespace detail {

std::optional<std::string> Var(const ChainContext& context, std::string_view name) {
  std::optional<std::string> value = context.env(name);
  if (!value) return std::nullopt;
  std::size_t start = value->find_first_not_of(" \t\r\n");
  if (start == std::string::npos) return std::nullopt;
  std::size_t end = value->find_last_not_of(" \t\r\n");
  return value->substr(start, end - start + 1);
}

SourceResult FromEnvironment(const ChainContext& context) {
  std::optional<std::string> key = Var(context, "AWS_ACCESS_KEY_ID");
  std::optional<std::string> secret = Var(context, "AWS_SECRET_ACCESS_KEY");
  if (!key || !secret) return std::nullopt;
  ResolvedCredentials out{{*key, *secret, Var(context, "AWS_SESSION_TOKEN").value_or("")}, std::nullopt, "environment"};
  if (auto expiration = Var(context, "AWS_CREDENTIAL_EXPIRATION")) out.expires_at = ParseIso8601Seconds(*expiration);
  return Result<ResolvedCredentials>::Ok(std::move(out));
}

}  // namespace detail

EnvLookup ProcessEnvironment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

EnvLookup MapEnvironment(std::map<std::string, std::string> variables) {
  return [variables = std::move(variables)](std::string_view name) -> std::optional<std::string> {
    auto it = variables.find(std::string(name));
    if (it == variables.end()) return std::nullopt;
    return it->second;
  };
}

Result<ResolvedCredentials> ResolveCredentialChain(const EnvLookup& env, HttpTransport& transport,
                                                   const std::function<long long()>& clock_seconds,
                                                   std::string_view region) {
  detail::ChainContext context{env, transport, clock_seconds, std::string(region)};
  if (context.region.empty()) {
    context.region = detail::Var(context, "AWS_REGION").value_or(detail::Var(context, "AWS_DEFAULT_REGION").value_or("us-east-1"));
  }
  for (auto source : {detail::FromEnvironment, detail::FromWebIdentity, detail::FromProfile, detail::FromContainer,
                      detail::FromInstanceMetadata}) {
    if (detail::SourceResult answer = source(context)) return std::move(*answer);
  }
  return FailResult<ResolvedCredentials>(
      Code::kProviderNotConfigured,
      "no AWS credentials found (environment, web identity, AWS_PROFILE/shared files, container endpoint, instance "
      "metadata)");
}

Result<Credentials> DefaultCredentialChain::Get() {
  std::lock_guard<std::mutex> lock(mutex_);
  long long now = clock_();
  if (cached_ && (!cached_->expires_at || *cached_->expires_at - kCredentialRefreshMarginSeconds > now)) {
    return Result<Credentials>::Ok(cached_->credentials);
  }
  ++refreshes_;
  Result<ResolvedCredentials> resolved = ResolveCredentialChain(env_, transport_, clock_, region_);
  if (!resolved.ok()) {
    cached_.reset();
    return Forward<Credentials>(std::move(resolved));
  }
  cached_ = std::move(*resolved.value);
  return Result<Credentials>::Ok(cached_->credentials);
}

std::string DefaultCredentialChain::source() {
  std::lock_guard<std::mutex> lock(mutex_);
  return cached_ ? cached_->source : "";
}

int DefaultCredentialChain::refreshes() {
  std::lock_guard<std::mutex> lock(mutex_);
  return refreshes_;
}

std::optional<long long> ParseIso8601Seconds(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]
  auto digits = [&](std::size_t at, std::size_t count) -> std::optional<int> {
    if (at + count > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  auto year = digits(0, 4), month = digits(5, 2), day = digits(8, 2), hour = digits(11, 2), minute = digits(14, 2),
       second = digits(17, 2);
  if (!year || !month || !day || !hour || !minute || !second || text.size() < 20 || text[4] != '-' ||
      text[7] != '-' || (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  std::size_t at = 19;
  if (at < text.size() && text[at] == '.') {
    ++at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
  }
  long long offset = 0;
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    auto oh = digits(at + 1, 2), om = digits(at + 4, 2);
    if (!oh || !om || text[at + 3] != ':') return std::nullopt;
    offset = (text[at] == '+' ? 1 : -1) * (*oh * 3600LL + *om * 60LL);
    at += 6;
  } else {
    return std::nullopt;
  }
  if (at != text.size() || *month < 1 || *month > 12 || *day < 1 || *day > 31) return std::nullopt;
  // Days from civil (Howard Hinnant's algorithm), proleptic Gregorian.
  int y = *year - (*month <= 2 ? 1 : 0);
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (*month + (*month > 2 ? -3 : 9)) + 2) / 5 + *day - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  long long days = era * 146097LL + doe - 719468;
  return days * 86400 + *hour * 3600LL + *minute * 60LL + *second - offset;
}

}  // namespace clasp::native::aws
