// Reads SigV4 cases on stdin, one a line, and prints clasp's Authorization
// header for each (or "ERROR <message>"): tests/aws/sigv4_botocore.py feeds
// it the cases it also signs with botocore and compares the lines.
//
// A line is 11 tab-separated fields, each hex-encoded bytes: method, path,
// query, headers, body, amz_date, region, service, access key id, secret
// key, session token. query and headers are lists: items joined by ",",
// each item "hexname:hexvalue".
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "clasp/native/aws/sigv4.h"

namespace {

using clasp::native::aws::HeaderList;

std::optional<std::string> Unhex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int value = 0;
    for (char c : hex.substr(i, 2)) {
      int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (digit < 0) return std::nullopt;
      value = value * 16 + digit;
    }
    out.push_back(static_cast<char>(value));
  }
  return out;
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  if (text.empty()) return parts;
  std::size_t start = 0;
  while (true) {
    std::size_t at = text.find(separator, start);
    parts.push_back(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

std::optional<HeaderList> UnhexList(std::string_view field) {
  HeaderList out;
  for (std::string_view item : Split(field, ',')) {
    std::size_t colon = item.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    auto name = Unhex(item.substr(0, colon));
    auto value = Unhex(item.substr(colon + 1));
    if (!name || !value) return std::nullopt;
    out.emplace_back(*name, *value);
  }
  return out;
}

std::string SignLine(std::string_view line) {
  std::vector<std::string_view> fields = Split(line, '\t');
  if (fields.size() != 11) return "ERROR the line has " + std::to_string(fields.size()) + " fields, not 11";
  std::vector<std::string> plain;
  for (std::size_t i : {0, 1, 4, 5, 6, 7, 8, 9, 10}) {
    auto value = Unhex(fields[i]);
    if (!value) return "ERROR field " + std::to_string(i) + " is not hex";
    plain.push_back(*value);
  }
  auto query = UnhexList(fields[2]);
  auto headers = UnhexList(fields[3]);
  if (!query || !headers) return "ERROR a list field is malformed";
  clasp::native::aws::SigV4Request request{plain[0], plain[1], *query, *headers, plain[2], plain[3], plain[4], plain[5]};
  auto signature = clasp::native::aws::SignV4(request, {plain[6], plain[7], plain[8]});
  if (!signature.ok()) return "ERROR " + signature.diagnostics.front().message;
  return signature.value->authorization;
}

}  // namespace

int main() {
  std::string line;
  while (std::getline(std::cin, line)) std::cout << SignLine(line) << '\n';
  return 0;
}
