// clasp/native/random.h — the one source of randomness the engine uses.
//
// IVs, generated master keys and row ids all come from a Random, so the
// production engine draws from the OS CSPRNG (OpenSSL's RAND_bytes) while a
// test can substitute a scripted sequence and get byte-identical material.
// A Random that cannot deliver must say so: an IV made of zeros because the
// pool failed would silently reuse a nonce under the same key.
#pragma once

#include <cstddef>
#include <string>

#include "clasp/native/status.h"

namespace clasp::native {

class Random {
 public:
  virtual ~Random() = default;
  // Fills `size` bytes at `out`; an error leaves them unspecified.
  virtual Status Fill(unsigned char* out, std::size_t size) = 0;
};

// The process-wide CSPRNG (RAND_bytes). Stateless, so one instance serves all.
Random& SystemRandom();

// A random RFC 4122 version-4 UUID in lower case, the text form PostgreSQL's
// gen_random_uuid() gives Paperclip's id columns.
//   "3f1c2a9e-6b0d-4c47-9a51-0e6f2d7b8c13"  (13th hex digit 4, 17th in 8..b)
Result<std::string> NewUuid(Random& random);

}  // namespace clasp::native
