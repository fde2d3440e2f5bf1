// The URL standard's basic URL parser state machine (no base URL, no state
// override), working on UTF-8 bytes: every delimiter is ASCII, and encoding
// non-ASCII bytes one by one equals UTF-8 percent-encoding their code points.
#include "clasp/whatwg_url.h"

#include <string>

#include "clasp/utf8.h"
#include "whatwg_url_internal.h"

namespace clasp::whatwg {
namespace {

using internal::AppendEncoded;
using internal::EncodeSet;

enum class State {
  kSchemeStart, kScheme, kSpecialAuthoritySlashes, kSpecialAuthorityIgnoreSlashes, kPathOrAuthority,
  kAuthority, kHost, kPort, kFile, kFileSlash, kFileHost, kPathStart, kPath, kOpaquePath, kQuery, kFragment
};

constexpr int kEof = -1;

bool IsAsciiAlpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(int c) { return c >= '0' && c <= '9'; }
char ToLower(int c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 0x20 : c); }

std::optional<uint16_t> DefaultPort(std::string_view scheme) {
  if (scheme == "http" || scheme == "ws") return 80;
  if (scheme == "https" || scheme == "wss") return 443;
  if (scheme == "ftp") return 21;
  return std::nullopt;
}

bool EqualsFold(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ToLower(static_cast<unsigned char>(a[i])) != lower[i]) return false;
  }
  return true;
}

bool IsSingleDot(std::string_view s) { return s == "." || EqualsFold(s, "%2e"); }
bool IsDoubleDot(std::string_view s) {
  return s == ".." || EqualsFold(s, ".%2e") || EqualsFold(s, "%2e.") || EqualsFold(s, "%2e%2e");
}

bool IsWindowsDriveLetter(std::string_view s) {
  return s.size() == 2 && IsAsciiAlpha(static_cast<unsigned char>(s[0])) && (s[1] == ':' || s[1] == '|');
}
bool IsNormalizedWindowsDriveLetter(std::string_view s) { return IsWindowsDriveLetter(s) && s[1] == ':'; }

// A file: path never loses its drive letter ("file:///c:/.." stays "/c:/"),
// but "a:bc" is no drive letter and goes like any other segment.
void ShortenPath(Url& url) {
  if (url.scheme == "file" && url.path.size() == 1 && IsNormalizedWindowsDriveLetter(url.path[0])) return;
  if (!url.path.empty()) url.path.pop_back();
}

// JS strings hold code points, not bytes: read invalid UTF-8 as U+FFFD the way
// the WHATWG UTF-8 decoder does (one U+FFFD per maximal invalid subpart).
std::string ReplaceInvalidUtf8(std::string_view in) {
  std::string out;
  for (size_t i = 0; i < in.size();) {
    const auto b = static_cast<unsigned char>(in[i]);
    size_t need = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b < 0x80) {
      out.push_back(in[i++]);
      continue;
    }
    if (b >= 0xC2 && b <= 0xDF) need = 1;
    if (b >= 0xE0 && b <= 0xEF) need = 2;
    if (b >= 0xF0 && b <= 0xF4) need = 3;
    if (b == 0xE0) lo = 0xA0;
    if (b == 0xED) hi = 0x9F;
    if (b == 0xF0) lo = 0x90;
    if (b == 0xF4) hi = 0x8F;
    size_t j = i + 1;
    for (size_t k = 0; k < need && j < in.size(); ++k, ++j) {
      const auto c = static_cast<unsigned char>(in[j]);
      if (c < lo || c > hi) break;
      lo = 0x80;
      hi = 0xBF;
    }
    if (need > 0 && j - i == need + 1) {
      out.append(in.substr(i, need + 1));
    } else {
      out += "\xEF\xBF\xBD";
      if (need == 0) j = i + 1;
    }
    i = j;
  }
  return out;
}

// Strips leading/trailing C0 control or space and removes tab/LF/CR anywhere.
std::string Preprocess(std::string_view raw) {
  size_t begin = 0, end = raw.size();
  while (begin < end && static_cast<unsigned char>(raw[begin]) <= 0x20) ++begin;
  while (end > begin && static_cast<unsigned char>(raw[end - 1]) <= 0x20) --end;
  std::string out;
  out.reserve(end - begin);
  for (size_t i = begin; i < end; ++i) {
    if (raw[i] != '\t' && raw[i] != '\n' && raw[i] != '\r') out.push_back(raw[i]);
  }
  return out;
}

class Parser {
 public:
  explicit Parser(std::string input) : in_(std::move(input)) {}

  std::optional<Url> Run();

 private:
  int At(size_t i) const { return i < in_.size() ? static_cast<unsigned char>(in_[i]) : kEof; }
  bool RemainingStartsWith(char c) const { return At(p_ + 1) == c; }
  bool Special() const { return IsSpecialScheme(url_.scheme); }
  // One step of the state machine for code point c; false means failure.
  bool Step(int c);
  bool StepAuthority(int c);
  bool StepHost(int c);
  bool StepPort(int c);
  bool StepFileHost(int c);
  void StepPath(int c);

  std::string in_;
  size_t p_ = 0;
  State state_ = State::kSchemeStart;
  Url url_;
  std::string buffer_;
  bool at_sign_seen_ = false, inside_brackets_ = false, password_token_seen_ = false;
};

std::optional<Url> Parser::Run() {
  // States only step back to characters they have seen, so p_ never wraps.
  for (;; ++p_) {
    if (!Step(At(p_))) return std::nullopt;
    if (p_ >= in_.size()) break;
  }
  return std::move(url_);
}

bool Parser::Step(int c) {
  switch (state_) {
    case State::kSchemeStart:
      if (IsAsciiAlpha(c)) {
        buffer_.push_back(ToLower(c));
        state_ = State::kScheme;
        return true;
      }
      return false;  // the "no scheme" state, which fails without a base
    case State::kScheme:
      if (IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '+' || c == '-' || c == '.') {
        buffer_.push_back(ToLower(c));
        return true;
      }
      if (c != ':') return false;  // "no scheme" again
      url_.scheme = std::move(buffer_);
      buffer_.clear();
      if (url_.scheme == "file") {
        state_ = State::kFile;
      } else if (Special()) {
        state_ = State::kSpecialAuthoritySlashes;
      } else if (RemainingStartsWith('/')) {
        state_ = State::kPathOrAuthority;
        ++p_;
      } else {
        url_.opaque_path = true;
        url_.path.emplace_back();
        state_ = State::kOpaquePath;
      }
      return true;
    case State::kSpecialAuthoritySlashes:
      state_ = State::kSpecialAuthorityIgnoreSlashes;
      if (c == '/' && RemainingStartsWith('/')) {
        ++p_;
      } else {
        --p_;
      }
      return true;
    case State::kSpecialAuthorityIgnoreSlashes:
      if (c != '/' && c != '\\') {
        state_ = State::kAuthority;
        --p_;
      }
      return true;
    case State::kPathOrAuthority:
      if (c == '/') {
        state_ = State::kAuthority;
      } else {
        state_ = State::kPath;
        --p_;
      }
      return true;
    case State::kAuthority: return StepAuthority(c);
    case State::kHost: return StepHost(c);
    case State::kPort: return StepPort(c);
    case State::kFile:
      url_.host = "";
      if (c == '/' || c == '\\') {
        state_ = State::kFileSlash;
      } else {
        state_ = State::kPath;
        --p_;
      }
      return true;
    case State::kFileSlash:
      if (c == '/' || c == '\\') {
        state_ = State::kFileHost;
      } else {
        state_ = State::kPath;
        --p_;
      }
      return true;
    case State::kFileHost: return StepFileHost(c);
    case State::kPathStart:
      if (Special()) {
        state_ = State::kPath;
        if (c != '/' && c != '\\') --p_;
      } else if (c == '?') {
        url_.query = "";
        state_ = State::kQuery;
      } else if (c == '#') {
        url_.fragment = "";
        state_ = State::kFragment;
      } else if (c != kEof) {
        state_ = State::kPath;
        if (c != '/') --p_;
      }
      return true;
    case State::kPath: StepPath(c); return true;
    case State::kOpaquePath:
      if (c == '?') {
        url_.query = "";
        state_ = State::kQuery;
      } else if (c == '#') {
        url_.fragment = "";
        state_ = State::kFragment;
      } else if (c == ' ' && (RemainingStartsWith('?') || RemainingStartsWith('#'))) {
        url_.path[0] += "%20";  // else the space would end the serialized path and be lost on reparse
      } else if (c != kEof) {
        AppendEncoded(url_.path[0], static_cast<unsigned char>(c), EncodeSet::kC0Control);
      }
      return true;
    case State::kQuery:
      if (c == '#' || c == kEof) {
        AppendEncoded(*url_.query, buffer_, Special() ? EncodeSet::kSpecialQuery : EncodeSet::kQuery);
        buffer_.clear();
        if (c == '#') {
          url_.fragment = "";
          state_ = State::kFragment;
        }
      } else {
        buffer_.push_back(static_cast<char>(c));
      }
      return true;
    case State::kFragment:
      if (c != kEof) AppendEncoded(*url_.fragment, static_cast<unsigned char>(c), EncodeSet::kFragment);
      return true;
  }
  return false;
}

bool Parser::StepAuthority(int c) {
  if (c == '@') {
    if (at_sign_seen_) buffer_.insert(0, "%40");
    at_sign_seen_ = true;
    for (char b : buffer_) {
      if (b == ':' && !password_token_seen_) {
        password_token_seen_ = true;
        continue;
      }
      AppendEncoded(password_token_seen_ ? url_.password : url_.username, static_cast<unsigned char>(b),
                    EncodeSet::kUserinfo);
    }
    buffer_.clear();
  } else if (c == kEof || c == '/' || c == '?' || c == '#' || (Special() && c == '\\')) {
    if (at_sign_seen_ && buffer_.empty()) return false;  // "https://user@" has no host
    p_ -= buffer_.size() + 1;
    buffer_.clear();
    state_ = State::kHost;
  } else {
    buffer_.push_back(static_cast<char>(c));
  }
  return true;
}

bool Parser::StepHost(int c) {
  if (c == ':' && !inside_brackets_) {
    if (buffer_.empty()) return false;
    auto host = ParseHost(buffer_, !Special());
    if (!host) return false;
    url_.host = std::move(*host);
    buffer_.clear();
    state_ = State::kPort;
  } else if (c == kEof || c == '/' || c == '?' || c == '#' || (Special() && c == '\\')) {
    --p_;
    if (Special() && buffer_.empty()) return false;
    auto host = ParseHost(buffer_, !Special());
    if (!host) return false;
    url_.host = std::move(*host);
    buffer_.clear();
    state_ = State::kPathStart;
  } else {
    if (c == '[') inside_brackets_ = true;
    if (c == ']') inside_brackets_ = false;
    buffer_.push_back(static_cast<char>(c));
  }
  return true;
}

bool Parser::StepPort(int c) {
  if (IsAsciiDigit(c)) {
    buffer_.push_back(static_cast<char>(c));
    return true;
  }
  if (c != kEof && c != '/' && c != '?' && c != '#' && !(Special() && c == '\\')) return false;
  if (!buffer_.empty()) {
    uint32_t port = 0;
    for (char d : buffer_) {
      port = port * 10 + static_cast<uint32_t>(d - '0');
      if (port > 65535) return false;
    }
    const auto default_port = DefaultPort(url_.scheme);
    if (default_port && *default_port == port) {
      url_.port.reset();
    } else {
      url_.port = static_cast<uint16_t>(port);
    }
    buffer_.clear();
  }
  state_ = State::kPathStart;
  --p_;
  return true;
}

bool Parser::StepFileHost(int c) {
  if (c != kEof && c != '/' && c != '\\' && c != '?' && c != '#') {
    buffer_.push_back(static_cast<char>(c));
    return true;
  }
  --p_;
  if (IsWindowsDriveLetter(buffer_)) {
    state_ = State::kPath;  // the drive letter quirk: buffer becomes the first path segment
  } else if (buffer_.empty()) {
    url_.host = "";
    state_ = State::kPathStart;
  } else {
    auto host = ParseHost(buffer_, false);
    if (!host) return false;
    url_.host = *host == "localhost" ? "" : std::move(*host);
    buffer_.clear();
    state_ = State::kPathStart;
  }
  return true;
}

void Parser::StepPath(int c) {
  const bool slash = c == '/' || (Special() && c == '\\');
  if (c == kEof || slash || c == '?' || c == '#') {
    if (IsDoubleDot(buffer_)) {
      ShortenPath(url_);
      if (!slash) url_.path.emplace_back();
    } else if (IsSingleDot(buffer_)) {
      if (!slash) url_.path.emplace_back();
    } else {
      if (url_.scheme == "file" && url_.path.empty() && IsWindowsDriveLetter(buffer_)) buffer_[1] = ':';
      url_.path.push_back(std::move(buffer_));
    }
    buffer_.clear();
    if (c == '?') {
      url_.query = "";
      state_ = State::kQuery;
    } else if (c == '#') {
      url_.fragment = "";
      state_ = State::kFragment;
    }
    return;
  }
  AppendEncoded(buffer_, static_cast<unsigned char>(c), EncodeSet::kPath);
}

}  // namespace

bool IsSpecialScheme(std::string_view scheme) {
  return scheme == "http" || scheme == "https" || scheme == "ws" || scheme == "wss" || scheme == "ftp" ||
         scheme == "file";
}

std::optional<Url> ParseUrl(std::string_view input) {
  std::string text = IsValidUtf8(input) ? Preprocess(input) : Preprocess(ReplaceInvalidUtf8(input));
  return Parser(std::move(text)).Run();
}

}  // namespace clasp::whatwg
