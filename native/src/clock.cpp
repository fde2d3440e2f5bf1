#include "clasp/native/clock.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace clasp::native {
namespace {

class RealClock final : public Clock {
 public:
  std::string NowIso8601() override {
    using namespace std::chrono;
    const auto now = system_clock::now();
    const std::time_t secs = system_clock::to_time_t(now);
    const long long ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm utc{};
    gmtime_r(&secs, &utc);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03lldZ", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, ms);
    return buf;
  }
};

}  // namespace

Clock& SystemClock() {
  static RealClock instance;
  return instance;
}

}  // namespace clasp::native
