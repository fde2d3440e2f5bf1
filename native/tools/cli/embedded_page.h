// embedded_page.h — the web page compiled into `clasp` (build/web-demo at
// build time; cmake/EmbedPage.cmake writes the definition), which `clasp
// serve` serves from memory unless --web-root names a directory.
#pragma once

#include <span>

#include "clasp/native/http_static.h"

namespace clasp::cli {

// Every file of the page, "/index.html" among them, in path order; empty
// when the binary was built before the WASM page was assembled.
std::span<const native::http::EmbeddedFile> EmbeddedPage();

}  // namespace clasp::cli
