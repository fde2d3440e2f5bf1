// clasp/whatwg_url.h — the WHATWG URL basic parser, as `new URL(input)` runs
// it (no base URL), for VLT-7 vault addresses.
//
// Paperclip validates a vault address with `new URL(v)` and stores its
// origin, so clasp must reproduce the parser's quirks exactly, including where
// it fails. Covered: leading/trailing C0-control-or-space stripping, tab and
// newline removal anywhere, special schemes (http https ws wss ftp file) and
// non-special ones with opaque hosts and paths, userinfo, "\" as a separator
// for special schemes, hosts (percent-decoding, IDNA, forbidden code points,
// IPv4 in decimal/hex/octal/shorthand, IPv6), ports, dot segments, query and
// fragment percent-encoding, and the serializers the URL API exposes.
//
// The oracle is Node 24.21.0's `new URL` (ada 4.0.0): Paperclip 2026.916.1
// requires Node >= 24, so that is the parser whose origins it stores. Node 24
// follows the current standard here: '^' is percent-encoded in paths, a space
// in an opaque path is encoded when '?' or '#' follows it ("a:b ?" gives
// "a:b%20?"), ".." always leaves an empty last segment ("foo://h/.." has
// pathname "/"), and ".." keeps a file: path's only segment just when it is a
// drive letter ("file:///c:/.." keeps "/c:/", "file:///a:bc/.." gives "/").
// Where its hosts depart from the standard, see idna.h.
//
//   auto u = ParseUrl("  HTTPS://Vault.Example.COM:443/a/../?#  ");
//   Origin(*u) == "https://vault.example.com", Pathname(*u) == "/",
//   Search(*u) == "", Hash(*u) == ""        (empty query/fragment serialize to "")
//   ParseUrl("http:vault")->host == "vault" (special scheme without slashes)
//   ParseUrl("host:8200")->scheme == "host" (not an authority: non-special scheme)
//   ParseUrl("https://h:65536")  == nullopt (port out of range)
//   ParseUrl("https://")         == nullopt (special scheme needs a host)
//   ParseUrl("no scheme")        == nullopt (no base URL to resolve against)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clasp::whatwg {

// A parsed URL record. Strings are UTF-8 and already percent-encoded the way
// the parser leaves them.
struct Url {
  std::string scheme;  // lower-case, without the ':'
  std::string username;
  std::string password;
  std::optional<std::string> host;  // serialized: "example.com", "127.0.0.1", "[::1]", "" or absent
  std::optional<uint16_t> port;     // absent when omitted or equal to the scheme's default
  bool opaque_path = false;         // "mailto:x": path is one opaque string
  std::vector<std::string> path;    // segments (or the single opaque path)
  std::optional<std::string> query;     // without '?'; "" differs from absent
  std::optional<std::string> fragment;  // without '#'
};

// The basic URL parser with no base and no state override. Bytes that are not
// valid UTF-8 are read as U+FFFD, as a JS string decoded from them would be.
std::optional<Url> ParseUrl(std::string_view input);

// The URL standard's host parser: the serialized host, or nullopt on failure.
// `is_opaque` is true for non-special schemes.
//   ParseHost("0x7f.1", false)    == "127.0.0.1"
//   ParseHost("[0:0::1]", false)  == "[::1]"
//   ParseHost("a b", false)       == nullopt  (forbidden domain code point)
std::optional<std::string> ParseHost(std::string_view input, bool is_opaque);

bool IsSpecialScheme(std::string_view scheme);

// The URL API getters: url.protocol, .username, .password, .host, .hostname,
// .port, .pathname, .search, .hash, .href, .origin.
std::string Protocol(const Url& url);  // "https:"
std::string HostWithPort(const Url& url);
std::string Port(const Url& url);
std::string Pathname(const Url& url);
std::string Search(const Url& url);  // "" for an absent or empty query
std::string Hash(const Url& url);    // "" for an absent or empty fragment
std::string Href(const Url& url);
// ASCII serialization of the origin: "https://h:8200", or "null" for an opaque
// origin (file:, non-special schemes, blob: not wrapping http(s)).
std::string Origin(const Url& url);

}  // namespace clasp::whatwg
