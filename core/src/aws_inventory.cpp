// An AWS ListSecrets page as remote import inventory (IMP-1/2).
#include "clasp/aws_inventory.h"

#include <cmath>
#include <cstdint>
#include <cstdio>

namespace clasp {
namespace {

constexpr std::int64_t kMsPerDay = 86'400'000;
// 0000-01-01 and 10000-01-01 in days since 1970-01-01: the years ISO text can show.
constexpr std::int64_t kFirstDay = -719'528;
constexpr std::int64_t kEndDay = 2'932'897;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t DaysFromCivil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::optional<std::string> FormatMs(std::int64_t ms) {
  std::int64_t days = ms >= 0 ? ms / kMsPerDay : -((-ms + kMsPerDay - 1) / kMsPerDay);
  if (days < kFirstDay || days >= kEndDay) return std::nullopt;
  std::int64_t rem = ms - days * kMsPerDay;
  // civil_from_days
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const std::int64_t y = yoe + era * 400 + (m <= 2);
  // Room for the format with any argument values (130 bytes), not only the
  // range-checked ones, so the compiler can see nothing is ever cut.
  char text[136];
  std::snprintf(text, sizeof text, "%04lld-%02d-%02dT%02lld:%02lld:%02lld.%03lldZ", static_cast<long long>(y), m, d,
                static_cast<long long>(rem / 3'600'000), static_cast<long long>(rem / 60'000 % 60),
                static_cast<long long>(rem / 1000 % 60), static_cast<long long>(rem % 1000));
  return std::string(text);
}

bool Digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// YYYY-MM-DD(T| )HH:MM:SS(.fraction)?(Z|±HH:MM|±HHMM), in milliseconds since the epoch.
std::optional<std::int64_t> ParseIso(std::string_view s) {
  int y, mo, d, h, mi, se;
  if (!Digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !Digits(s, 5, 2, mo) || s[7] != '-' ||
      !Digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' ') || !Digits(s, 11, 2, h) || s[13] != ':' ||
      !Digits(s, 14, 2, mi) || s[16] != ':' || !Digits(s, 17, 2, se)) {
    return std::nullopt;
  }
  static const int kMonthDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (mo < 1 || mo > 12 || d < 1 || d > kMonthDays[mo - 1] || (mo == 2 && d == 29 && !leap) || h > 23 || mi > 59 ||
      se > 59) {
    return std::nullopt;
  }
  std::size_t at = 19;
  int ms = 0;
  if (at < s.size() && s[at] == '.') {
    std::size_t digits = 0;
    for (++at; at < s.size() && s[at] >= '0' && s[at] <= '9'; ++at, ++digits) {
      if (digits < 3) ms = ms * 10 + (s[at] - '0');
    }
    if (digits == 0) return std::nullopt;
    for (std::size_t pad = digits; pad < 3; ++pad) ms *= 10;
  }
  int offset_minutes = 0;
  if (at < s.size() && s[at] == 'Z') {
    ++at;
  } else if (at < s.size() && (s[at] == '+' || s[at] == '-')) {
    const int sign = s[at] == '-' ? -1 : 1;
    int oh, om;
    if (!Digits(s, at + 1, 2, oh)) return std::nullopt;
    std::size_t next = at + 3;
    if (next < s.size() && s[next] == ':') ++next;
    if (!Digits(s, next, 2, om) || oh > 23 || om > 59) return std::nullopt;
    offset_minutes = sign * (oh * 60 + om);
    at = next + 2;
  } else {
    return std::nullopt;
  }
  if (at != s.size()) return std::nullopt;
  const std::int64_t days = DaysFromCivil(y, mo, d);
  return days * kMsPerDay + ((h * 60 + mi - offset_minutes) * 60 + se) * std::int64_t{1000} + ms;
}

// JS Boolean(value) on a JSON value.
bool Truthy(const OrderedJson* value) {
  if (value == nullptr || value->is_null()) return false;
  if (value->is_boolean()) return value->get<bool>();
  if (value->is_string()) return !value->get_ref<const std::string&>().empty();
  if (value->is_number()) return value->get<double>() != 0;
  return true;
}

const OrderedJson* Member(const OrderedJson& object, const char* name) {
  const auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

Diagnostic Invalid(std::string pointer, std::string message) {
  return MakeDiagnostic(Code::kRemoteInventoryInvalid, std::move(pointer), std::move(message));
}

// A member that must be a string when present and not null.
bool TextOrAbsent(const OrderedJson* value) { return value == nullptr || value->is_null() || value->is_string(); }

}  // namespace

std::optional<std::string> AwsDateIso(const OrderedJson& value) {
  if (value.is_number()) {
    const double seconds = value.get<double>();
    if (!std::isfinite(seconds) || std::fabs(seconds) > 4e11) return std::nullopt;
    return FormatMs(std::llround(seconds * 1000));
  }
  if (value.is_string()) {
    const auto ms = ParseIso(value.get_ref<const std::string&>());
    if (!ms) return std::nullopt;
    return FormatMs(*ms);
  }
  return std::nullopt;
}

Result<RemoteSecretPage> ParseAwsListSecretsPage(const OrderedJson& page) {
  using R = Result<RemoteSecretPage>;
  if (!page.is_object()) return R::Fail(Invalid("", "ListSecrets response must be a JSON object"));
  RemoteSecretPage out;
  const OrderedJson* token = Member(page, "NextToken");
  if (!TextOrAbsent(token)) return R::Fail(Invalid("/NextToken", "NextToken must be a string or null"));
  if (token != nullptr && token->is_string()) out.next_token = token->get<std::string>();
  const OrderedJson* list = Member(page, "SecretList");
  if (list == nullptr || list->is_null()) return R::Ok(std::move(out));
  if (!list->is_array()) return R::Fail(Invalid("/SecretList", "SecretList must be an array"));
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string at = "/SecretList/" + std::to_string(i);
    const OrderedJson& entry = (*list)[i];
    if (!entry.is_object()) return R::Fail(Invalid(at, "SecretList entries must be objects"));
    const OrderedJson* arn = Member(entry, "ARN");
    const OrderedJson* name = Member(entry, "Name");
    if (!TextOrAbsent(arn)) return R::Fail(Invalid(at + "/ARN", "ARN must be a string"));
    if (!TextOrAbsent(name)) return R::Fail(Invalid(at + "/Name", "Name must be a string"));
    const bool has_arn = arn != nullptr && !arn->is_null();
    const bool has_name = name != nullptr && !name->is_null();
    if (!Truthy(has_arn ? arn : name)) continue;
    RemoteSecretEntry e;
    e.external_ref = has_arn ? arn->get<std::string>() : name->get<std::string>();
    e.name = has_name ? name->get<std::string>() : arn->get<std::string>();
    e.metadata = OrderedJson::object();
    for (const auto& [field, aws] :
         {std::pair{"createdDate", "CreatedDate"}, std::pair{"lastAccessedDate", "LastAccessedDate"},
          std::pair{"lastChangedDate", "LastChangedDate"}, std::pair{"deletedDate", "DeletedDate"}}) {
      const OrderedJson* raw = Member(entry, aws);
      const std::optional<std::string> iso = raw ? AwsDateIso(*raw) : std::nullopt;
      e.metadata[field] = iso ? OrderedJson(*iso) : OrderedJson(nullptr);
    }
    e.metadata["hasDescription"] = Truthy(Member(entry, "Description"));
    e.metadata["hasKmsKey"] = Truthy(Member(entry, "KmsKeyId"));
    const OrderedJson* tags = Member(entry, "Tags");
    e.metadata["tagCount"] = tags != nullptr && tags->is_array() ? tags->size() : 0;
    out.secrets.push_back(std::move(e));
  }
  return R::Ok(std::move(out));
}

}  // namespace clasp
