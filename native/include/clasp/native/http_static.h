// clasp/native/http_static.h — the web demo's files, as `clasp serve`
// (http_server.h) serves them: from a directory (--web-root) or from the
// copy compiled into the binary (cmake/EmbedPage.cmake).
//
// Whole files only: Range is ignored (2,000 ranges on one file once made an
// 819 MB answer), so every answer is 200 with the file or 404.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "clasp/native/status.h"

namespace clasp::native::http {

struct StaticFile {
  std::string content_type;
  std::string body;
};

// One file of a page held in memory: `path` as requested ("/index.html",
// "/js/app.js"), `body` its bytes. The table outlives the server (static
// storage: the generated embedded_page.cpp).
struct EmbeddedFile {
  std::string_view path;
  std::string_view body;
};

class StaticRoot {
 public:
  // The root's realpath, taken once; fails with kFileIoError
  // "Cannot serve web files from DIR".
  static Result<StaticRoot> Open(const std::string& dir);
  // The files of `files`, by exact path, under the same rules as Find below
  // ("/" is "/index.html"; "/js/" is "/js/index.html"; NUL and ".." refused).
  static StaticRoot InMemory(std::span<const EmbeddedFile> files);

  // `path` is the decoded request path. Refused (nullopt, a 404):
  //   a NUL byte ("/index.html\0.png"), a ".." segment ("/a/../b"), a file
  //   whose realpath is outside the root (a symlink to /etc/passwd), a
  //   directory, anything unreadable.
  // Served: "/" as "/index.html", "/js/app.js" with its type by extension
  // (ContentTypeFor).
  std::optional<StaticFile> Find(std::string_view path) const;

 private:
  StaticRoot(std::string real, std::span<const EmbeddedFile> files) : real_(std::move(real)), files_(files) {}
  std::optional<StaticFile> FindOnDisk(const std::string& relative) const;
  std::optional<StaticFile> FindInMemory(const std::string& relative) const;
  std::string real_;                     // "" for an in-memory root
  std::span<const EmbeddedFile> files_;  // empty for a directory
};

// By extension from a fixed table, ignoring case:
//   "a.wasm" -> "application/wasm", "a.js" -> "text/javascript; charset=utf-8",
//   "a.bin" or "README" -> "application/octet-stream".
std::string ContentTypeFor(std::string_view path);

}  // namespace clasp::native::http
