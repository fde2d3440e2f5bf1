#include "clasp/master_key.h"

#include <array>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "clasp/utf8.h"

namespace clasp {
namespace {

// Key material passes through these scratch buffers; clear them before the
// memory goes back to the allocator. volatile keeps the stores from being
// optimised away as dead.
template <typename T>
void Wipe(std::vector<T>& v) {
  volatile T* p = v.data();
  for (std::size_t i = 0; i < v.size(); ++i) p[i] = T{};
}

// Node turns env values and utf8 files into JS strings with the WHATWG UTF-8
// decoder: each maximal invalid subpart becomes one U+FFFD. The same bytes
// must give the same key here, or secrets written by Paperclip won't decrypt.
std::vector<char32_t> DecodeUtf8Lossy(std::string_view s) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  char32_t cp = 0;
  int needed = 0;
  int seen = 0;
  unsigned lower = 0x80;
  unsigned upper = 0xBF;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned b = static_cast<unsigned char>(s[i]);
    if (needed == 0) {
      if (b <= 0x7F) {
        out.push_back(b);
      } else if (b >= 0xC2 && b <= 0xDF) {
        needed = 1, cp = b & 0x1F;
      } else if (b >= 0xE0 && b <= 0xEF) {
        if (b == 0xE0) lower = 0xA0;
        if (b == 0xED) upper = 0x9F;
        needed = 2, cp = b & 0x0F;
      } else if (b >= 0xF0 && b <= 0xF4) {
        if (b == 0xF0) lower = 0x90;
        if (b == 0xF4) upper = 0x8F;
        needed = 3, cp = b & 0x07;
      } else {
        out.push_back(0xFFFD);
      }
      continue;
    }
    if (b < lower || b > upper) {
      cp = 0, needed = 0, seen = 0, lower = 0x80, upper = 0xBF;
      out.push_back(0xFFFD);
      --i;  // the offending byte starts the next sequence
      continue;
    }
    lower = 0x80, upper = 0xBF;
    cp = (cp << 6) | (b & 0x3F);
    if (++seen == needed) {
      out.push_back(cp);
      cp = 0, needed = 0, seen = 0;
    }
  }
  if (needed != 0) out.push_back(0xFFFD);
  return out;
}

// String.prototype.trim on code points; returns [begin, end).
std::pair<std::size_t, std::size_t> TrimBounds(const std::vector<char32_t>& cps) {
  std::size_t begin = 0;
  std::size_t end = cps.size();
  while (begin < end && IsEcmaWhitespace(cps[begin])) ++begin;
  while (end > begin && IsEcmaWhitespace(cps[end - 1])) --end;
  return {begin, end};
}

int HexValue(char32_t c) {
  if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<int>(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return static_cast<int>(c - 'A' + 10);
  return -1;
}

// /^[A-Fa-f0-9]{64}$/ then Buffer.from(s, "hex").
bool DecodeHex(const char32_t* s, std::size_t n, MasterKey& key) {
  if (n != 64) return false;
  for (std::size_t i = 0; i < n; ++i) {
    if (HexValue(s[i]) < 0) return false;
  }
  for (std::size_t i = 0; i < 32; ++i) {
    key.bytes[i] = static_cast<std::uint8_t>(HexValue(s[2 * i]) * 16 + HexValue(s[2 * i + 1]));
  }
  key.encoding = MasterKeyEncoding::kHex;
  return true;
}

// Node's legacy decoder table: both alphabets; everything else (including
// '=') is "not a digit".
int Base64Value(unsigned c) {
  if (c >= 'A' && c <= 'Z') return static_cast<int>(c - 'A');
  if (c >= 'a' && c <= 'z') return static_cast<int>(c - 'a' + 26);
  if (c >= '0' && c <= '9') return static_cast<int>(c - '0' + 52);
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

// Buffer.from(s, "base64") where s is the string as UTF-16 code units.
// Output is capped by the size JS pre-allocates from the string length; the
// decoder itself streams through the units, skipping non-digits, stopping at
// '=' (compared after truncation to the low byte, as Node's C++ does).
bool DecodeNodeBase64(const char32_t* s, std::size_t n, MasterKey& key) {
  std::uint64_t units = 0;
  for (std::size_t i = 0; i < n; ++i) units += s[i] > 0xFFFF ? 2 : 1;
  std::uint64_t len = units;
  if (n >= 1 && s[n - 1] == '=') {
    --len;
    if (len > 1 && n >= 2 && s[n - 2] == '=') --len;
  }
  const std::uint64_t cap = (len * 3) >> 2;
  std::uint64_t written = 0;
  int in_group = 0;
  unsigned hi = 0;
  bool stop = false;
  const auto feed = [&](unsigned unit) {
    const unsigned c = unit & 0xFF;
    const int v = Base64Value(c);
    if (v < 0) {
      stop = c == '=';
      return;
    }
    const unsigned lo = static_cast<unsigned>(v);
    std::uint8_t byte = 0;
    switch (in_group) {
      case 1: byte = static_cast<std::uint8_t>(((hi & 0x3F) << 2) | ((lo & 0x30) >> 4)); break;
      case 2: byte = static_cast<std::uint8_t>(((hi & 0x0F) << 4) | ((lo & 0x3C) >> 2)); break;
      case 3: byte = static_cast<std::uint8_t>(((hi & 0x03) << 6) | (lo & 0x3F)); break;
      default: break;
    }
    if (in_group != 0) {
      if (written < key.bytes.size()) key.bytes[written] = byte;
      ++written;
      // Past 32 bytes the key is invalid whatever follows.
      stop = written >= cap || written > key.bytes.size();
    }
    hi = lo;
    in_group = (in_group + 1) & 3;
  };
  if (cap == 0) return false;
  for (std::size_t i = 0; i < n && !stop; ++i) {
    const char32_t cp = s[i];
    if (cp <= 0xFFFF) {
      feed(static_cast<unsigned>(cp));
    } else {
      feed(static_cast<unsigned>(0xD800 + ((cp - 0x10000) >> 10)));
      if (!stop) feed(static_cast<unsigned>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
    }
  }
  if (written != key.bytes.size()) return false;
  key.encoding = MasterKeyEncoding::kBase64;
  return true;
}

std::size_t Utf8Length(char32_t cp) { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; }

// Buffer.byteLength(s, "utf8") === 32, then the UTF-8 bytes themselves.
bool DecodeRaw(const char32_t* s, std::size_t n, MasterKey& key) {
  std::size_t total = 0;
  for (std::size_t i = 0; i < n && total <= key.bytes.size(); ++i) total += Utf8Length(s[i]);
  if (total != key.bytes.size()) return false;
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char32_t cp = s[i];
    const std::size_t len = Utf8Length(cp);
    if (len == 1) {
      key.bytes[k++] = static_cast<std::uint8_t>(cp);
      continue;
    }
    static constexpr std::uint8_t kLead[] = {0, 0, 0xC0, 0xE0, 0xF0};
    key.bytes[k] = static_cast<std::uint8_t>(kLead[len] | (cp >> (6 * (len - 1))));
    for (std::size_t j = 1; j < len; ++j) {
      key.bytes[k + j] = static_cast<std::uint8_t>(0x80 | ((cp >> (6 * (len - 1 - j))) & 0x3F));
    }
    k += len;
  }
  key.encoding = MasterKeyEncoding::kRaw;
  return true;
}

// Decodes already-trimmed code points; `key` may hold partial bytes on failure.
bool DecodeTrimmed(const char32_t* s, std::size_t n, MasterKey& key) {
  if (n == 0) return false;
  return DecodeHex(s, n, key) || DecodeNodeBase64(s, n, key) || DecodeRaw(s, n, key);
}

void WipeKey(MasterKey& key) {
  volatile std::uint8_t* p = key.bytes.data();
  for (std::size_t i = 0; i < key.bytes.size(); ++i) p[i] = 0;
}

// Copies the key straight into the Result (Ok() would leave an unwiped
// by-value temporary) and clears the source.
Result<MasterKey> TakeKey(MasterKey& key) {
  Result<MasterKey> result;
  result.value.emplace(key);
  WipeKey(key);
  return result;
}

bool IsBlank(std::string_view text) {
  std::vector<char32_t> cps = DecodeUtf8Lossy(text);
  const auto [begin, end] = TrimBounds(cps);
  Wipe(cps);
  return begin == end;
}

}  // namespace

std::string_view MasterKeyEncodingName(MasterKeyEncoding encoding) {
  switch (encoding) {
    case MasterKeyEncoding::kHex: return "hex";
    case MasterKeyEncoding::kBase64: return "base64";
    case MasterKeyEncoding::kRaw: return "raw";
  }
  return "raw";
}

std::optional<MasterKey> DecodeMasterKey(std::string_view text) {
  std::vector<char32_t> cps = DecodeUtf8Lossy(text);
  const auto [begin, end] = TrimBounds(cps);
  std::optional<MasterKey> key(std::in_place);
  const bool ok = DecodeTrimmed(cps.data() + begin, end - begin, *key);
  Wipe(cps);
  if (!ok) {
    WipeKey(*key);
    key.reset();
  }
  return key;
}

std::optional<Result<MasterKey>> DecodeEnvMasterKey(std::string_view env_value) {
  if (IsBlank(env_value)) return std::nullopt;
  std::optional<MasterKey> key = DecodeMasterKey(env_value);
  if (!key) {
    return Result<MasterKey>::Fail(MakeDiagnostic(
        Code::kMasterKeyInvalid, "",
        "Invalid PAPERCLIP_SECRETS_MASTER_KEY (expected 32-byte base64, 64-char hex, or raw 32-char string)"));
  }
  return TakeKey(*key);
}

Result<MasterKey> DecodeMasterKeyFile(std::string_view content, std::string_view path) {
  std::optional<MasterKey> key = DecodeMasterKey(content);
  if (!key) {
    std::string message = "Invalid secrets master key at ";
    message.append(path);
    return Result<MasterKey>::Fail(MakeDiagnostic(Code::kMasterKeyFileInvalid, "", std::move(message)));
  }
  return TakeKey(*key);
}

bool MasterKeyTooUniform(std::string_view key_bytes) {
  std::array<bool, 256> seen{};
  std::size_t distinct = 0;
  for (const char c : key_bytes) {
    bool& slot = seen[static_cast<unsigned char>(c)];
    distinct += !slot;
    slot = true;
  }
  return distinct < kMinDistinctKeyBytes;
}

KeyFileModeCheck KeyFileModeVerdict(std::uint32_t mode, std::string_view path) {
  KeyFileModeCheck check;
  const std::uint32_t permissions = mode & 0777;
  if ((permissions & 0077) == 0) return check;
  check.chmod_on_load = true;
  // Number.prototype.toString(8): no leading zeros ("44" for 0044).
  std::string octal;
  for (std::uint32_t v = permissions; v != 0; v >>= 3) octal.insert(octal.begin(), static_cast<char>('0' + (v & 7)));
  std::string message = "Secrets key file permissions are " + octal + "; run chmod 600 ";
  message.append(path);
  check.warning = MakeDiagnostic(Code::kMasterKeyFilePermissions, "", std::move(message), Severity::kWarning);
  return check;
}

}  // namespace clasp
