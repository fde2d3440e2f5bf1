#define BOOST_TEST_MODULE sha256
#include <boost/test/unit_test.hpp>

#include "test_support.h"

#include <string>

#include "clasp/sha256.h"

using clasp::HexLower;
using clasp::Sha256;
using clasp::Sha256Of;
using clasp::ValueSha256;

// FIPS 180-4 / NIST CAVP example messages.
BOOST_AUTO_TEST_CASE(nist_abc) {
  BOOST_TEST(ValueSha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

BOOST_AUTO_TEST_CASE(nist_empty) {
  BOOST_TEST(ValueSha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

BOOST_AUTO_TEST_CASE(nist_448_bit_message) {
  BOOST_TEST(ValueSha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

BOOST_AUTO_TEST_CASE(nist_896_bit_message) {
  BOOST_TEST(ValueSha256("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu") ==
             "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

BOOST_AUTO_TEST_CASE(nist_one_million_a) {
  const std::string million(1000000, 'a');
  BOOST_TEST(ValueSha256(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // The same message fed in uneven pieces must give the same digest.
  Sha256 h;
  std::size_t pos = 0;
  for (std::size_t step = 1; pos < million.size(); step = step * 3 % 997 + 1) {
    const std::size_t n = std::min(step, million.size() - pos);
    h.Update(std::string_view(million).substr(pos, n));
    pos += n;
  }
  BOOST_TEST(HexLower(h.Final()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Padding boundaries: 55 bytes fit one block, 56..63 need a second one.
BOOST_AUTO_TEST_CASE(padding_boundaries) {
  BOOST_TEST(ValueSha256(std::string(55, 'a')) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  BOOST_TEST(ValueSha256(std::string(56, 'a')) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  BOOST_TEST(ValueSha256(std::string(64, 'a')) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

// KEY-5 fingerprints as Paperclip computes them (oracle values).
BOOST_AUTO_TEST_CASE(paperclip_value_fingerprints) {
  BOOST_TEST(ValueSha256("sk-test-value") == "928d882b42396230e7dd937a6a2245ec9401f6a078fe5b8d0cab98e88c8ed74d");
  BOOST_TEST(ValueSha256("p\xc3\xa4ss\xe2\x98\x83") == "755ddb91ac9673e66e75c084d536baf17a2704b316914a64a2ca58bea18d0fdb");
  BOOST_TEST(ValueSha256(std::string("\0", 1)) == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  BOOST_TEST(ValueSha256("emoji \xf0\x9f\x94\x91") == "6be7c6aea07abc89948135fe271a2c0f28071e51bc135e930891fa09b243ffcd");
  // No normalisation: case and trailing space change the digest.
  BOOST_TEST(ValueSha256("sk-TEST-value") != ValueSha256("sk-test-value"));
  BOOST_TEST(ValueSha256(" ") == "36a9e7f1c95b82ffb99743e0c5c4ce95d83c9a430aac59f84ef3cbfab6145068");
}

BOOST_AUTO_TEST_CASE(hostile_bytes_are_hashed_verbatim) {
  // Invalid UTF-8 never reaches Paperclip (JSON parsing rejects it), but the
  // digest must still be total: raw bytes in, digest out.
  const std::string bytes("\xff\xfe\x00\x80", 4);
  BOOST_TEST(ValueSha256(bytes).size() == 64u);
  BOOST_TEST(ValueSha256(bytes) == HexLower(Sha256Of(bytes)));
  BOOST_TEST(HexLower(std::string_view("\x01\xab\xff", 3)) == "01abff");
}

// KEY-5 fingerprintSha256: the provider's own fingerprint, else valueSha256.
BOOST_AUTO_TEST_CASE(fingerprint_fallback) {
  const std::string digest = ValueSha256("sk-test-value");
  BOOST_TEST(clasp::FingerprintSha256(digest, std::nullopt) == digest);
  BOOST_TEST(clasp::FingerprintSha256(digest, std::string("provider-fp")) == "provider-fp");
  BOOST_TEST(clasp::FingerprintSha256(digest, std::string()) == "");  // ?? only falls back on null
}
