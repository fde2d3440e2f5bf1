// WASM-only stand-in for RE2's util/logging.h (re2@1.19.2 vendor/), found
// first on re2_vendored's include path by wasm/CMakeLists.txt.
//
// RE2 logs through std::ostringstream, which links all of libc++'s iostreams
// and locale facets (about 60 KB of wasm) for messages nobody reads in the
// browser: LOG(...) and VLOG(...) become a sink here, and CHECK failures still
// abort. No RE2 behaviour depends on logging, so verdicts are unchanged (the
// native/WASM parity test proves it).
#ifndef UTIL_LOGGING_H_
#define UTIL_LOGGING_H_

#include <assert.h>
#include <stdlib.h>

#include "util/util.h"

namespace re2_wasm_log {

struct Sink {
  template <typename T>
  Sink& operator<<(const T&) { return *this; }
};

struct Fatal {
  Sink sink;
  Sink& stream() { return sink; }
  [[noreturn]] ~Fatal() { abort(); }
};

struct Quiet {
  Sink sink;
  Sink& stream() { return sink; }
};

}  // namespace re2_wasm_log

#define DCHECK(condition) assert(condition)
#define DCHECK_EQ(val1, val2) assert((val1) == (val2))
#define DCHECK_NE(val1, val2) assert((val1) != (val2))
#define DCHECK_LE(val1, val2) assert((val1) <= (val2))
#define DCHECK_LT(val1, val2) assert((val1) < (val2))
#define DCHECK_GE(val1, val2) assert((val1) >= (val2))
#define DCHECK_GT(val1, val2) assert((val1) > (val2))

#define CHECK(x) if (x) {} else re2_wasm_log::Fatal().stream()
#define CHECK_LT(x, y) CHECK((x) < (y))
#define CHECK_GT(x, y) CHECK((x) > (y))
#define CHECK_LE(x, y) CHECK((x) <= (y))
#define CHECK_GE(x, y) CHECK((x) >= (y))
#define CHECK_EQ(x, y) CHECK((x) == (y))
#define CHECK_NE(x, y) CHECK((x) != (y))

#define LOG_INFO re2_wasm_log::Quiet()
#define LOG_WARNING re2_wasm_log::Quiet()
#define LOG_ERROR re2_wasm_log::Quiet()
#define LOG_FATAL re2_wasm_log::Fatal()
#define LOG_QFATAL LOG_FATAL
#ifdef NDEBUG
#define LOG_DFATAL LOG_ERROR
#else
#define LOG_DFATAL LOG_FATAL
#endif

#define LOG(severity) LOG_##severity.stream()
#define VLOG(x) if ((x) > 0) {} else LOG_INFO.stream()

#endif  // UTIL_LOGGING_H_
