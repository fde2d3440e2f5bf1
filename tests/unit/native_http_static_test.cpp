#define BOOST_TEST_MODULE native_http_static
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "clasp/native/http_static.h"

using namespace clasp::native::http;
namespace fs = std::filesystem;

namespace {

// dir/root holds the files; dir/outside.txt is beside it.
struct WebRoot {
  fs::path dir;
  fs::path root;
  WebRoot() {
    std::string pattern = (fs::temp_directory_path() / "clasp-static-XXXXXX").string();
    dir = mkdtemp(pattern.data());
    root = dir / "root";
    fs::create_directories(root / "js");
    fs::create_directories(root / "sub");
    Write(root / "index.html", "<!doctype html>");
    Write(root / "js" / "app.js", "export {};");
    Write(root / "sub" / "index.html", "sub page");
    Write(dir / "outside.txt", "OUTSIDE");
    fs::create_symlink(dir / "outside.txt", root / "leak.txt");
    fs::create_symlink(root / "index.html", root / "alias.html");
    fs::create_symlink(dir, root / "up");
  }
  ~WebRoot() { fs::remove_all(dir); }
  static void Write(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }
};

}  // namespace

BOOST_AUTO_TEST_CASE(content_types_come_from_a_fixed_table) {
  BOOST_TEST(ContentTypeFor("/clasp.wasm") == "application/wasm");
  BOOST_TEST(ContentTypeFor("/js/app.JS") == "text/javascript; charset=utf-8");
  BOOST_TEST(ContentTypeFor("/index.html") == "text/html; charset=utf-8");
  BOOST_TEST(ContentTypeFor("/a.map") == "application/json; charset=utf-8");
  BOOST_TEST(ContentTypeFor("/a.bin") == "application/octet-stream");
  BOOST_TEST(ContentTypeFor("/README") == "application/octet-stream");
  BOOST_TEST(ContentTypeFor("/dir.html/file") == "application/octet-stream");
}

BOOST_AUTO_TEST_CASE(a_missing_root_or_a_file_as_root_is_refused) {
  WebRoot web;
  BOOST_TEST(!StaticRoot::Open((web.dir / "nope").string()).ok());
  BOOST_TEST(!StaticRoot::Open((web.root / "index.html").string()).ok());
}

BOOST_AUTO_TEST_CASE(files_inside_the_root_are_served_whole) {
  WebRoot web;
  auto root = StaticRoot::Open(web.root.string());
  BOOST_TEST_REQUIRE(root.ok());
  auto index = root.value->Find("/");
  BOOST_TEST_REQUIRE(index.has_value());
  BOOST_TEST(index->body == "<!doctype html>");
  BOOST_TEST(index->content_type == "text/html; charset=utf-8");
  BOOST_TEST(root.value->Find("/js/app.js")->content_type == "text/javascript; charset=utf-8");
  BOOST_TEST(root.value->Find("/sub/")->body == "sub page");
  BOOST_TEST(root.value->Find("/alias.html")->body == "<!doctype html>");  // a symlink that stays inside
}

BOOST_AUTO_TEST_CASE(escapes_nul_bytes_and_directories_are_404) {
  WebRoot web;
  auto root = StaticRoot::Open(web.root.string());
  BOOST_TEST_REQUIRE(root.ok());
  const std::vector<std::string> refused = {"/leak.txt",  "/up/outside.txt", "/../outside.txt", "/js/../index.html",
                                            "/up",        "/sub",            "/missing.js",     "",
                                            "index.html", std::string("/index.html\0.png", 16)};
  for (const std::string& path : refused) {
    BOOST_TEST(!root.value->Find(path).has_value(), path);
  }
}

// The page compiled into clasp: the same paths served, the same refused.
BOOST_AUTO_TEST_CASE(an_in_memory_root_serves_its_table_under_the_same_rules) {
  static constexpr std::string_view kWasm("\0asm\x01\0\0\0", 8);
  static constexpr EmbeddedFile kFiles[] = {
      {"/index.html", "<!doctype html>"},
      {"/clasp.wasm", kWasm},
      {"/js/app.js", "export {};"},
      {"/sub/index.html", "sub page"},
  };
  const StaticRoot root = StaticRoot::InMemory(kFiles);
  auto index = root.Find("/");
  BOOST_TEST_REQUIRE(index.has_value());
  BOOST_TEST(index->body == "<!doctype html>");
  BOOST_TEST(index->content_type == "text/html; charset=utf-8");
  auto wasm = root.Find("/clasp.wasm");
  BOOST_TEST_REQUIRE(wasm.has_value());
  BOOST_TEST(wasm->body == std::string(kWasm), "NUL bytes inside a file are kept");
  BOOST_TEST(wasm->content_type == "application/wasm");
  BOOST_TEST(root.Find("/js/app.js")->content_type == "text/javascript; charset=utf-8");
  BOOST_TEST(root.Find("/sub/")->body == "sub page");
  const std::vector<std::string> refused = {"/js/../index.html", "/../index.html", "/js", "/js/", "/missing.js", "",
                                            "index.html", "/INDEX.HTML", std::string("/index.html\0.png", 16)};
  for (const std::string& path : refused) {
    BOOST_TEST(!root.Find(path).has_value(), path);
  }
  BOOST_TEST(!StaticRoot::InMemory({}).Find("/").has_value(), "no table: every path is 404");
}
