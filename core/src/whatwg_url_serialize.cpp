// The URL API's getters over a parsed URL record, and origin serialization.
#include "clasp/whatwg_url.h"

namespace clasp::whatwg {

std::string Protocol(const Url& url) { return url.scheme + ":"; }

std::string Port(const Url& url) { return url.port ? std::to_string(*url.port) : std::string(); }

std::string HostWithPort(const Url& url) {
  if (!url.host) return "";
  return url.port ? *url.host + ":" + Port(url) : *url.host;
}

std::string Pathname(const Url& url) {
  if (url.opaque_path) return url.path.empty() ? std::string() : url.path[0];
  std::string out;
  for (const std::string& segment : url.path) {
    out.push_back('/');
    out += segment;
  }
  return out;
}

std::string Search(const Url& url) {
  return url.query && !url.query->empty() ? "?" + *url.query : std::string();
}

std::string Hash(const Url& url) {
  return url.fragment && !url.fragment->empty() ? "#" + *url.fragment : std::string();
}

std::string Href(const Url& url) {
  std::string out = Protocol(url);
  if (url.host) {
    out += "//";
    if (!url.username.empty() || !url.password.empty()) {
      out += url.username;
      if (!url.password.empty()) out += ":" + url.password;
      out.push_back('@');
    }
    out += HostWithPort(url);
  } else if (!url.opaque_path && url.path.size() > 1 && url.path[0].empty()) {
    out += "/.";  // keeps "web+demo:/.//p" from reparsing "//p" as a host
  }
  out += Pathname(url);
  if (url.query) out += "?" + *url.query;
  if (url.fragment) out += "#" + *url.fragment;
  return out;
}

std::string Origin(const Url& url) {
  if (url.scheme == "blob") {
    const auto inner = ParseUrl(Pathname(url));
    if (inner && (inner->scheme == "http" || inner->scheme == "https")) return Origin(*inner);
    return "null";
  }
  if (url.scheme == "http" || url.scheme == "https" || url.scheme == "ws" || url.scheme == "wss" ||
      url.scheme == "ftp") {
    return url.scheme + "://" + HostWithPort(url);
  }
  return "null";
}

}  // namespace clasp::whatwg
