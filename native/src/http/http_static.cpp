#include "clasp/native/http_static.h"

#include <sys/stat.h>

#include <array>
#include <cctype>
#include <climits>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <utility>

namespace clasp::native::http {
namespace {

std::optional<std::string> RealPath(const std::string& path) {
  char buffer[PATH_MAX];
  if (!realpath(path.c_str(), buffer)) return std::nullopt;
  return std::string(buffer);
}

bool HasDotDotSegment(std::string_view path) {
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = std::min(path.find('/', start), path.size());
    if (path.substr(start, slash - start) == "..") return true;
    start = slash + 1;
  }
  return false;
}

}  // namespace

std::string ContentTypeFor(std::string_view path) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kTypes = {{
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"wasm", "application/wasm"},
      {"json", "application/json; charset=utf-8"},
      {"map", "application/json; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"ico", "image/x-icon"},
      {"txt", "text/plain; charset=utf-8"},
  }};
  const std::size_t slash = path.rfind('/');
  const std::size_t dot = path.rfind('.');
  if (dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash)) {
    std::string ext(path.substr(dot + 1));
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& [known, type] : kTypes) {
      if (ext == known) return std::string(type);
    }
  }
  return "application/octet-stream";
}

Result<StaticRoot> StaticRoot::Open(const std::string& dir) {
  auto real = RealPath(dir);
  struct stat st{};
  if (!real || stat(real->c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return FailResult<StaticRoot>(Code::kFileIoError, "Cannot serve web files from " + dir);
  }
  return Result<StaticRoot>::Ok(StaticRoot(std::move(*real), {}));
}

StaticRoot StaticRoot::InMemory(std::span<const EmbeddedFile> files) { return StaticRoot("", files); }

std::optional<StaticFile> StaticRoot::Find(std::string_view path) const {
  if (path.empty() || path.front() != '/' || path.find('\0') != std::string_view::npos || HasDotDotSegment(path)) {
    return std::nullopt;
  }
  std::string relative(path);
  if (relative.back() == '/') relative += "index.html";
  return real_.empty() ? FindInMemory(relative) : FindOnDisk(relative);
}

std::optional<StaticFile> StaticRoot::FindInMemory(const std::string& relative) const {
  for (const EmbeddedFile& file : files_) {
    if (file.path == relative) return StaticFile{ContentTypeFor(relative), std::string(file.body)};
  }
  return std::nullopt;
}

std::optional<StaticFile> StaticRoot::FindOnDisk(const std::string& relative) const {
  const auto real = RealPath(real_ + relative);
  if (!real || real->compare(0, real_.size() + 1, real_ + "/") != 0) return std::nullopt;
  struct stat st{};
  if (stat(real->c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  std::ifstream in(*real, std::ios::binary);
  if (!in) return std::nullopt;
  StaticFile file{ContentTypeFor(*real), std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>())};
  if (in.bad()) return std::nullopt;
  return file;
}

}  // namespace clasp::native::http
