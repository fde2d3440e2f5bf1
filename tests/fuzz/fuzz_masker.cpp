// Masker (masker.h): up to four values taken from the input, the rest a
// stream fed in chunks whose sizes come from the input too. The stream's
// output must not depend on the chunking, must hold back less than the
// longest form, must equal the naive reference (tests/unit/mask_reference.h)
// on inputs small enough for it, and no value of 6 bytes or more may survive
// (checked for values that share no byte with a marker, "***K0".."***K3",
// which could otherwise be spelt across a marker and the bytes beside it).
#include "../unit/mask_reference.h"
#include "clasp/masker.h"
#include "fuzz_support.h"

using namespace clasp;

namespace {

constexpr std::size_t kReferenceLimit = 2048;

bool SharesMarkerByte(const std::string& value) {
  return value.find_first_of("*K0123") != std::string::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2 || size > fuzz::kMaxInput) return 0;
  std::string_view in = fuzz::Bytes(data, size);
  const std::size_t count = 1 + static_cast<unsigned char>(in[0]) % 4;
  const unsigned char chunk_seed = static_cast<unsigned char>(in[1]);
  in.remove_prefix(2);
  std::vector<mask_reference::Secret> secrets;
  for (std::size_t i = 0; i < count && !in.empty(); ++i) {
    const std::size_t length = std::min<std::size_t>(4 + static_cast<unsigned char>(in[0]) % 16, in.size() - 1);
    secrets.push_back({"K" + std::to_string(i), std::string(in.substr(1, length))});
    in.remove_prefix(1 + length);
  }
  std::vector<MaskSecret> mask_secrets;
  for (const auto& s : secrets) mask_secrets.push_back(MaskSecret{s.key, s.value});
  auto built = Masker::Build(mask_secrets);
  fuzz::Require(built.ok(), "a few short values always build");
  const Masker& masker = *built.value;

  std::vector<std::uint64_t> counts;
  const std::string whole = MaskText(masker, in, &counts);
  MaskStream stream(masker);
  std::string streamed;
  std::size_t at = 0;
  for (std::size_t step = 1; at < in.size(); ++step) {
    const std::size_t n = std::min<std::size_t>(in.size() - at, 1 + (chunk_seed * step) % 97);
    stream.Feed(in.substr(at, n), streamed);
    fuzz::Require(stream.held() < std::max<std::size_t>(masker.max_pattern_length(), 1), "holds back less than the longest form");
    at += n;
  }
  stream.Finish(streamed);
  fuzz::Require(streamed == whole, "the output does not depend on the chunking");
  fuzz::Require(stream.counts() == counts, "the counts do not depend on the chunking");
  if (in.size() <= kReferenceLimit) {
    std::vector<std::uint64_t> expected_counts;
    fuzz::Require(whole == mask_reference::Mask(secrets, in, &expected_counts), "the output is the reference's");
    fuzz::Require(counts == expected_counts, "the counts are the reference's");
  }
  for (const auto& s : secrets) {
    if (s.value.size() < kMinMaskedValueLength || SharesMarkerByte(s.value)) continue;
    fuzz::Require(whole.find(s.value) == std::string::npos, "no value survives");
  }
  return 0;
}
