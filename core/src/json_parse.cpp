// The JSON text parser behind ParseJson (json_input.cpp): RFC 8259 into an
// OrderedJson, with nlohmann's verdicts and value types, but reading spans
// instead of nlohmann's lexer, which copies every byte twice (token buffer and
// error-message buffer) and, in the size-optimised WASM build, calls a
// function per byte for it: parsing was most of every WASM call.
//
// ParseJson has already checked the text (valid UTF-8, depth within limits),
// so strings copy raw bytes and the recursion is bounded. The differential
// fuzz target fuzz_json_parse holds this parser to nlohmann's, value for value.
#include "json_parse.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "clasp/decimal_to_double.h"
#include "clasp/utf8.h"

namespace clasp::json_internal {
namespace {

// Objects up to this many members find repeated keys by scanning.
constexpr std::size_t kScanLimit = 16;

class Parser {
 public:
  explicit Parser(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  // Where the parser stood when it gave up: the first byte it could not take.
  std::size_t Offset(std::string_view text) const { return static_cast<std::size_t>(p_ - text.data()); }

  bool Document(OrderedJson& out) {
    // nlohmann skips a UTF-8 byte order mark at the very start.
    if (end_ - p_ >= 3 && std::string_view(p_, 3) == "\xEF\xBB\xBF") p_ += 3;
    SkipSpace();
    if (!Value(out)) return false;
    SkipSpace();
    return p_ == end_;
  }

 private:
  bool At(char c) const { return p_ != end_ && *p_ == c; }

  void SkipSpace() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }

  bool Value(OrderedJson& out) {
    if (p_ == end_) return false;
    switch (*p_) {
      case '{': return Object(out);
      case '[': return Array(out);
      case '"': {
        std::string s;
        if (!String(s)) return false;
        out = std::move(s);
        return true;
      }
      case 't': return Literal("true", out, OrderedJson(true));
      case 'f': return Literal("false", out, OrderedJson(false));
      case 'n': return Literal("null", out, OrderedJson(nullptr));
      default: return Number(out);
    }
  }

  bool Literal(std::string_view word, OrderedJson& out, OrderedJson value) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
    p_ += word.size();
    out = std::move(value);
    return true;
  }

  // Members are collected first, then moved into an ordered_map reserved to
  // size (see ObjectMembers).
  bool Object(OrderedJson& out) {
    ++p_;
    std::vector<std::pair<std::string, OrderedJson>> parsed;
    SkipSpace();
    if (At('}')) {
      ++p_;
    } else {
      while (true) {
        SkipSpace();
        auto& [key, value] = parsed.emplace_back();
        if (!At('"') || !String(key)) return false;
        SkipSpace();
        if (!At(':')) return false;
        ++p_;
        SkipSpace();
        if (!Value(value)) return false;
        SkipSpace();
        if (At(',')) {
          ++p_;
        } else if (At('}')) {
          ++p_;
          break;
        } else {
          return false;
        }
      }
    }
    out = OrderedJson::object();
    auto& members = ObjectMembers(out);
    members.reserve(parsed.size());
    // A repeated key keeps its first position and takes the last value, as in
    // nlohmann and JSON.parse. Past a few members, keys are looked up in an
    // index (views of the stored keys: `members` never reallocates) instead
    // of a scan per member: 10,000 members took 150 ms that way.
    const bool indexed = parsed.size() > kScanLimit;
    std::unordered_map<std::string_view, std::size_t> index;
    if (indexed) index.reserve(parsed.size());
    for (auto& member : parsed) {
      std::size_t at = members.size();
      if (indexed) {
        if (const auto hit = index.find(member.first); hit != index.end()) at = hit->second;
      } else {
        at = std::find_if(members.begin(), members.end(), [&](const auto& m) { return m.first == member.first; }) -
             members.begin();
      }
      if (at < members.size()) {
        members[at].second = std::move(member.second);
      } else {
        members.emplace_back(std::move(member.first), std::move(member.second));
        if (indexed) index.emplace(members.back().first, at);
      }
    }
    return true;
  }

  bool Array(OrderedJson& out) {
    ++p_;
    out = OrderedJson::array();
    auto& items = out.get_ref<OrderedJson::array_t&>();
    SkipSpace();
    if (At(']')) {
      ++p_;
      return true;
    }
    while (true) {
      SkipSpace();
      items.emplace_back();
      if (!Value(items.back())) return false;
      SkipSpace();
      if (At(',')) {
        ++p_;
      } else if (At(']')) {
        ++p_;
        return true;
      } else {
        return false;
      }
    }
  }

  bool String(std::string& out) {
    ++p_;
    const char* run = p_;
    while (p_ != end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        out.append(run, p_);
        ++p_;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        out.append(run, p_);
        ++p_;
        if (!Escape(out)) return false;
        run = p_;
      } else {
        ++p_;
      }
    }
    return false;
  }

  bool Escape(std::string& out) {
    if (p_ == end_) return false;
    switch (*p_++) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case '/': out += '/'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': break;
      default: return false;
    }
    long cp = Hex4();
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
      p_ += 2;
      const long low = Hex4();
      if (low < 0xDC00 || low > 0xDFFF) return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    } else if (cp < 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) {
      return false;
    }
    AppendUtf8(out, static_cast<char32_t>(cp));
    return true;
  }

  // Four hex digits, or -1.
  long Hex4() {
    if (end_ - p_ < 4) return -1;
    long v = 0;
    for (int i = 0; i < 4; ++i, ++p_) {
      const char c = *p_;
      const int digit = c >= '0' && c <= '9'   ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                               : -1;
      if (digit < 0) return -1;
      v = v * 16 + digit;
    }
    return v;
  }

  bool Digits() {
    const char* start = p_;
    while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    return p_ != start;
  }

  // The RFC 8259 number grammar; then nlohmann's types: an integer that fits
  // is unsigned (no sign) or signed (a minus), anything else a finite double.
  bool Number(OrderedJson& out) {
    const char* start = p_;
    const bool minus = At('-');
    if (minus) ++p_;
    if (At('0')) {
      ++p_;
    } else if (p_ == end_ || *p_ < '1' || *p_ > '9' || !Digits()) {
      return false;
    }
    bool integer = true;
    if (At('.')) {
      ++p_;
      if (!Digits()) return false;
      integer = false;
    }
    if (At('e') || At('E')) {
      ++p_;
      if (At('+') || At('-')) ++p_;
      if (!Digits()) return false;
      integer = false;
    }
    const std::string token(start, p_);  // NUL-terminated for strto*
    char* parsed_end = nullptr;
    errno = 0;
    if (integer && minus) {
      const long long v = std::strtoll(token.c_str(), &parsed_end, 10);
      if (errno == 0) {
        out = static_cast<OrderedJson::number_integer_t>(v);
        return true;
      }
    } else if (integer) {
      const unsigned long long v = std::strtoull(token.c_str(), &parsed_end, 10);
      if (errno == 0) {
        out = static_cast<OrderedJson::number_unsigned_t>(v);
        return true;
      }
    }
    // The grammar is checked above, so there is always a value; were there
    // none, infinity makes it a refusal like overflow.
    const double v = DecimalToDouble(token).value_or(std::numeric_limits<double>::infinity());
    if (!std::isfinite(v)) return false;
    out = v;
    return true;
  }

  const char* p_;
  const char* end_;
};

}  // namespace

bool ParseJsonText(std::string_view text, OrderedJson& out, std::size_t& error_offset) {
  Parser parser(text);
  if (parser.Document(out)) return true;
  error_offset = parser.Offset(text);
  return false;
}

}  // namespace clasp::json_internal
