#include "clasp/native/random.h"

#include <openssl/rand.h>

#include <array>
#include <climits>

#include "clasp/sha256.h"

namespace clasp::native {
namespace {

class OpenSslRandom final : public Random {
 public:
  Status Fill(unsigned char* out, std::size_t size) override {
    while (size > 0) {
      const int chunk = size > INT_MAX ? INT_MAX : static_cast<int>(size);
      if (RAND_bytes(out, chunk) != 1) {
        return FailStatus(Code::kRandomUnavailable, "The system random generator failed");
      }
      out += chunk;
      size -= static_cast<std::size_t>(chunk);
    }
    return OkStatus();
  }
};

}  // namespace

Random& SystemRandom() {
  static OpenSslRandom instance;
  return instance;
}

Result<std::string> NewUuid(Random& random) {
  std::array<unsigned char, 16> b{};
  if (auto s = random.Fill(b.data(), b.size()); !s.ok()) return Forward<std::string>(std::move(s));
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  const std::string hex = HexLower(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
  return Result<std::string>::Ok(hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
                                 hex.substr(16, 4) + "-" + hex.substr(20));
}

}  // namespace clasp::native
