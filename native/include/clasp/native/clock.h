// clasp/native/clock.h — wall-clock time for row timestamps.
//
// Rows carry Paperclip's created_at / updated_at / last_resolved_at columns.
// Time comes through this seam so tests can pin it and so the store never
// calls the clock itself.
#pragma once

#include <string>

namespace clasp::native {

class Clock {
 public:
  virtual ~Clock() = default;
  // UTC, ISO 8601 with milliseconds, as JavaScript's Date#toISOString:
  //   "2026-11-22T12:15:26.177Z"
  virtual std::string NowIso8601() = 0;
};

// The system's real-time clock.
Clock& SystemClock();

}  // namespace clasp::native
