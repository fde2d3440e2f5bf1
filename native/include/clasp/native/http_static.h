// clasp/native/http_static.h — the web demo's files under one root, as
// `clasp serve` (http_server.h) serves them.
//
// Whole files only: Range is ignored (2,000 ranges on one file once made an
// 819 MB answer), so every answer is 200 with the file or 404.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "clasp/native/status.h"

namespace clasp::native::http {

struct StaticFile {
  std::string content_type;
  std::string body;
};

class StaticRoot {
 public:
  // The root's realpath, taken once; fails with kFileIoError
  // "Cannot serve web files from DIR".
  static Result<StaticRoot> Open(const std::string& dir);

  // `path` is the decoded request path. Refused (nullopt, a 404):
  //   a NUL byte ("/index.html\0.png"), a ".." segment ("/a/../b"), a file
  //   whose realpath is outside the root (a symlink to /etc/passwd), a
  //   directory, anything unreadable.
  // Served: "/" as "/index.html", "/js/app.js" with its type by extension
  // (ContentTypeFor).
  std::optional<StaticFile> Find(std::string_view path) const;

 private:
  explicit StaticRoot(std::string real) : real_(std::move(real)) {}
  std::string real_;
};

// By extension from a fixed table, ignoring case:
//   "a.wasm" -> "application/wasm", "a.js" -> "text/javascript; charset=utf-8",
//   "a.bin" or "README" -> "application/octet-stream".
std::string ContentTypeFor(std::string_view path);

}  // namespace clasp::native::http
