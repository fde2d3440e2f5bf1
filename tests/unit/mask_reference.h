// tests/unit/mask_reference.h — a naive masker to check clasp's against.
//
// Written apart from core/src/masker*.cpp: the forms from their definitions
// (base64 by encoding the value behind 0, 1 or 2 bytes and keeping the
// characters that only the value decides), matches by trying every form at
// every end position, runs by merging overlapping matches. Quadratic; for
// test inputs only. Shared by masker_test and fuzz_masker.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace clasp::mask_reference {

inline std::string Percent(std::string_view v, std::string_view keep, bool plus, bool upper) {
  const char* hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  for (unsigned char c : v) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (alnum || keep.find(static_cast<char>(c)) != std::string_view::npos) {
      out += static_cast<char>(c);
    } else if (plus && c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += hex[c / 16];
      out += hex[c % 16];
    }
  }
  return out;
}

inline std::string Json(std::string_view v, bool slash) {
  std::string out;
  for (unsigned char c : v) {
    const char* named = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == 8 ? "\\b" : c == 12 ? "\\f" : c == 10 ? "\\n"
                      : c == 13 ? "\\r" : c == 9 ? "\\t" : (slash && c == '/') ? "\\/" : nullptr;
    if (named) {
      out += named;
    } else if (c < 0x20) {
      out += "\\u00";
      out += "0123456789abcdef"[c / 16];
      out += "0123456789abcdef"[c % 16];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

inline std::string Hex(std::string_view v, bool upper) {
  std::string out;
  for (unsigned char c : v) {
    out += (upper ? "0123456789ABCDEF" : "0123456789abcdef")[c / 16];
    out += (upper ? "0123456789ABCDEF" : "0123456789abcdef")[c % 16];
  }
  return out;
}

// Plain RFC 4648 base64 with padding; url: the §5 alphabet.
inline std::string Base64(std::string_view v, bool url) {
  std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  alphabet += url ? "-_" : "+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 3 <= v.size(); i += 3) {
    const unsigned n = (static_cast<unsigned char>(v[i]) << 16) | (static_cast<unsigned char>(v[i + 1]) << 8) |
                       static_cast<unsigned char>(v[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += alphabet[(n >> s) & 63];
  }
  if (i < v.size()) {
    unsigned n = static_cast<unsigned char>(v[i]) << 16;
    if (i + 1 < v.size()) n |= static_cast<unsigned char>(v[i + 1]) << 8;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += i + 1 < v.size() ? alphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// The characters of base64(`lead` + v + `tail`) that v alone decides.
inline std::string Base64Core(std::string_view lead, std::string_view v, std::string_view tail, bool url) {
  const std::string all = Base64(std::string(lead) + std::string(v) + std::string(tail), url);
  const std::size_t first = (8 * lead.size() + 5) / 6;
  const std::size_t last = 8 * (lead.size() + v.size()) / 6;
  return all.substr(first, last - first);
}

inline std::vector<std::string> Forms(std::string_view v) {
  std::vector<std::string> all = {std::string(v), Percent(v, "-_.!~*'()", false, true),
                                  Percent(v, "-_.!~*'()", false, false), Percent(v, "*-._", true, true),
                                  Json(v, false), Json(v, true), Hex(v, false), Hex(v, true)};
  for (bool url : {false, true}) {
    for (std::string lead : {"", "\x01", "\x01\x02"}) all.push_back(Base64Core(lead, v, "\x03\x04\x05", url));
  }
  std::vector<std::string> distinct;
  for (std::string& f : all) {
    if (std::find(distinct.begin(), distinct.end(), f) == distinct.end()) distinct.push_back(std::move(f));
  }
  return distinct;
}

struct Secret {
  std::string key;
  std::string value;
};

// Masks `text`; counts per secret when asked.
inline std::string Mask(const std::vector<Secret>& secrets, std::string_view text,
                        std::vector<std::uint64_t>* counts = nullptr) {
  std::vector<std::pair<std::string, std::size_t>> forms;
  for (std::size_t i = 0; i < secrets.size(); ++i) {
    if (secrets[i].value.size() < 6) continue;
    for (std::string& f : Forms(secrets[i].value)) {
      bool seen = false;
      for (const auto& g : forms) seen = seen || g.first == f;
      if (!seen) forms.emplace_back(std::move(f), i);
    }
  }
  struct Run {
    std::size_t start, end;
    std::vector<std::pair<std::size_t, std::size_t>> members;  // (start, secret)
  };
  std::vector<Run> runs;
  for (std::size_t end = 1; end <= text.size(); ++end) {
    const std::pair<std::string, std::size_t>* best = nullptr;
    for (const auto& f : forms) {
      if (f.first.size() <= end && text.substr(end - f.first.size(), f.first.size()) == f.first &&
          (!best || f.first.size() > best->first.size())) {
        best = &f;
      }
    }
    if (!best) continue;
    Run run{end - best->first.size(), end, {{end - best->first.size(), best->second}}};
    while (!runs.empty() && runs.back().end > run.start) {
      run.start = std::min(run.start, runs.back().start);
      run.members.insert(run.members.begin(), runs.back().members.begin(), runs.back().members.end());
      runs.pop_back();
    }
    runs.push_back(std::move(run));
  }
  if (counts) counts->assign(secrets.size(), 0);
  std::string out;
  std::size_t at = 0;
  for (Run& run : runs) {
    out.append(text.substr(at, run.start - at));
    std::sort(run.members.begin(), run.members.end());
    std::vector<std::size_t> named;
    for (const auto& [start, secret] : run.members) {
      if (std::find(named.begin(), named.end(), secret) != named.end()) continue;
      named.push_back(secret);
      out += "***" + secrets[secret].key;
      if (counts) ++(*counts)[secret];
    }
    at = run.end;
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace clasp::mask_reference
