// Links every core rule into one wasm module, so that an unportable construct
// in core/ fails the build here rather than in the browser.
#include "clasp/conformance.h"

int main() { return static_cast<int>(clasp::conformance::CoreFamilies().size()) > 0 ? 0 : 1; }
