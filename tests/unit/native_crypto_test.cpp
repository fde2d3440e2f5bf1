#define BOOST_TEST_MODULE native_crypto
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>

#include "clasp/master_key.h"
#include "clasp/native/base64.h"
#include "clasp/native/local_encrypted.h"
#include "clasp/sha256.h"
#include "native_test_support.h"
#include "shared_material.h"
#include "test_support.h"

using namespace clasp;
using namespace clasp::native;
namespace nt = clasp::native::test;
using clasp::test::J;
using namespace std::string_literals;

namespace {

SecretBytes TestKey(char fill = 'k') { return SecretBytes::Copy(std::string(32, fill)); }

std::unique_ptr<LocalEncryptedCipher> MakeCipher(const SecretBytes& key) {
  auto c = LocalEncryptedCipher::Create(key);
  BOOST_TEST_REQUIRE(c.ok());
  return std::move(*c.value);
}

std::string FlipBit(const std::string& b64, std::size_t byte, unsigned bit) {
  std::string raw = *Base64DecodeStrict(b64);
  raw[byte] = static_cast<char>(raw[byte] ^ (1u << bit));
  return Base64Encode(raw);
}

}  // namespace

BOOST_AUTO_TEST_CASE(base64_is_standard_padded_and_strict) {
  BOOST_TEST(Base64Encode("") == "");
  BOOST_TEST(Base64Encode("x") == "eA==");
  BOOST_TEST(Base64Encode("xy") == "eHk=");
  BOOST_TEST(Base64Encode("\xff\xfe\xfd") == "//79");
  for (const std::string& s : std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\x80\xff", 3)}) {
    BOOST_TEST(*Base64DecodeStrict(Base64Encode(s)) == s);
  }
  BOOST_TEST(!Base64DecodeStrict("eA"));      // no padding
  BOOST_TEST(!Base64DecodeStrict("eB=="));    // non-zero pad bits
  BOOST_TEST(!Base64DecodeStrict("-_8="));    // URL-safe alphabet
  BOOST_TEST(!Base64DecodeStrict("eA==eA==")); // padding mid-stream
  BOOST_TEST(!Base64DecodeStrict(" eA="));    // whitespace
  BOOST_TEST(!Base64DecodeStrict("e=A="));
}

namespace {

// The reference the table-driven and AVX2 codecs are checked against: one
// sextet at a time, straight from RFC 4648.
std::string NaiveBase64(const std::string& bytes) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t n = 0;
    const std::size_t take = std::min<std::size_t>(3, bytes.size() - i);
    for (std::size_t j = 0; j < 3; ++j) n = n << 8 | (j < take ? static_cast<unsigned char>(bytes[i + j]) : 0u);
    for (std::size_t j = 0; j < 4; ++j) out += j <= take ? kAlphabet[(n >> (18 - 6 * j)) & 63] : '=';
  }
  return out;
}

std::string PseudoRandomBytes(std::size_t size, std::uint32_t seed) {
  std::string out(size, '\0');
  for (char& c : out) c = static_cast<char>((seed = seed * 1664525u + 1013904223u) >> 24);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(base64_matches_the_rfc_at_every_length) {
  // Lengths on both sides of the 24-byte vector step, the 48-character
  // decode threshold and the seal's 3072-byte pieces.
  std::vector<std::size_t> sizes;
  for (std::size_t n = 0; n <= 200; ++n) sizes.push_back(n);
  for (std::size_t n : {1023u, 1024u, 3071u, 3072u, 3073u, 6144u, 6145u, 65535u, 65536u, 65537u}) sizes.push_back(n);
  for (std::size_t n : sizes) {
    const std::string bytes = PseudoRandomBytes(n, static_cast<std::uint32_t>(n));
    const std::string text = Base64Encode(bytes);
    BOOST_TEST_REQUIRE(text == NaiveBase64(bytes), "length " << n);
    BOOST_TEST_REQUIRE(*Base64DecodeStrict(text) == bytes, "length " << n);
  }
}

BOOST_AUTO_TEST_CASE(base64_refuses_a_bad_byte_at_every_position) {
  // 96 characters: positions inside vector blocks, in scalar groups and in
  // the final group are all covered.
  const std::string good = Base64Encode(PseudoRandomBytes(72, 7));
  BOOST_TEST_REQUIRE(good.size() == 96u);
  for (std::size_t pos = 0; pos < good.size(); ++pos) {
    for (char bad : {'-', '_', ' ', '\n', '\r', '\t', '=', '.', '\0', '\x80', '\xff', '@', '[', '`', '{'}) {
      std::string text = good;
      text[pos] = bad;
      BOOST_TEST_REQUIRE(!Base64DecodeStrict(text), "byte " << int(bad) << " at " << pos);
    }
  }
  BOOST_TEST(!Base64DecodeStrict(good + "\n"));           // trailing newline (length not a multiple of 4)
  BOOST_TEST(!Base64DecodeStrict(good + "\r\n\r\n"));  // a multiple of 4, still whitespace
  BOOST_TEST(!Base64DecodeStrict(good.substr(0, 48) + "\n" + good.substr(48, 47)));
}

BOOST_AUTO_TEST_CASE(base64_padding_edges) {
  BOOST_TEST(*Base64DecodeStrict("eHk=") == "xy");
  BOOST_TEST(!Base64DecodeStrict("eHl="));  // non-zero pad bits under one '='
  BOOST_TEST(!Base64DecodeStrict("===="));
  BOOST_TEST(!Base64DecodeStrict("A==="));
  BOOST_TEST(!Base64DecodeStrict("eA=A"));
  BOOST_TEST(!Base64DecodeStrict("eA=="s + "eHk="));      // padding before the last group
  BOOST_TEST(!Base64DecodeStrict(std::string(64, 'A') + "eA==" + std::string(60, 'A')));
  BOOST_TEST(*Base64DecodeStrict(std::string(64, 'A') + "eA==") == std::string(48, '\0') + "x");
}

BOOST_AUTO_TEST_CASE(base64_decodes_into_caller_memory) {
  std::array<char, 16> buf{};
  BOOST_TEST(Base64DecodeStrictTo("eA==", buf).value_or(99) == 1u);
  BOOST_TEST(buf[0] == 'x');
  BOOST_TEST(Base64DecodeStrictTo("", buf).value_or(99) == 0u);
  BOOST_TEST(!Base64DecodeStrictTo("eHl6", std::span<char>(buf.data(), 2)));  // 3 bytes do not fit
  BOOST_TEST(Base64DecodeStrictTo("eHl6", std::span<char>(buf.data(), 3)).value_or(99) == 3u);
  BOOST_TEST(!Base64DecodeStrictTo("eB==", buf));
  BOOST_TEST(Base64EncodedLength(0) == 0u);
  BOOST_TEST(Base64EncodedLength(1) == 4u);
  BOOST_TEST(Base64EncodedLength(3) == 4u);
  BOOST_TEST(Base64EncodedLength(4) == 8u);
}

BOOST_AUTO_TEST_CASE(seal_hashes_and_round_trips_across_piece_boundaries) {
  // Seal streams 3072-byte pieces through SHA-256 (OpenSSL), AES-GCM and
  // base64; the digest must equal the core's portable one at every cut.
  auto cipher = MakeCipher(TestKey());
  for (std::size_t n : {0u, 1u, 31u, 32u, 3071u, 3072u, 3073u, 6144u, 6145u, 100000u}) {
    const std::string value = PseudoRandomBytes(n, static_cast<std::uint32_t>(n) + 1);
    auto sealed = cipher->Seal(value, SystemRandom());
    BOOST_TEST_REQUIRE(sealed.ok());
    BOOST_TEST(sealed.value->value_sha256 == ValueSha256(value), "length " << n);
    BOOST_TEST(sealed.value->material.ciphertext.size() == Base64EncodedLength(n));
    auto opened = cipher->Open(sealed.value->material);
    BOOST_TEST_REQUIRE(opened.ok());
    BOOST_TEST(opened.value->view() == value, "length " << n);
  }
}

BOOST_AUTO_TEST_CASE(seal_then_open_round_trips_and_hashes_like_paperclip) {
  auto cipher = MakeCipher(TestKey());
  nt::CountingRandom rng;
  for (const std::string& value : std::vector<std::string>{"x", "sk-test-9627d85fa3764457ae4d03c9", "ünïcødé ✓ 秘密 🔑", std::string(65536, 'v')}) {
    auto sealed = cipher->Seal(value, rng);
    BOOST_TEST_REQUIRE(sealed.ok());
    BOOST_TEST(Base64DecodeStrict(sealed.value->material.iv)->size() == 12u);
    BOOST_TEST(Base64DecodeStrict(sealed.value->material.tag)->size() == 16u);
    BOOST_TEST(Base64DecodeStrict(sealed.value->material.ciphertext)->size() == value.size());
    BOOST_TEST(sealed.value->value_sha256 == ValueSha256(value));
    BOOST_TEST(sealed.value->fingerprint_sha256 == sealed.value->value_sha256);
    auto opened = cipher->Open(sealed.value->material);
    BOOST_TEST_REQUIRE(opened.ok());
    BOOST_TEST(opened.value->view() == value);
  }
}

BOOST_AUTO_TEST_CASE(each_seal_uses_a_fresh_iv) {
  auto cipher = MakeCipher(TestKey());
  auto a = cipher->Seal("same", SystemRandom());
  auto b = cipher->Seal("same", SystemRandom());
  BOOST_TEST(a.value->material.iv != b.value->material.iv);
  BOOST_TEST(a.value->material.ciphertext != b.value->material.ciphertext);
}

BOOST_AUTO_TEST_CASE(material_json_has_paperclip_shape) {
  const Material m{"aXY=", "dGFn", "Y3Q="};
  BOOST_TEST(DumpJson(MaterialToJson(m)) ==
             R"({"scheme":"local_encrypted_v1","iv":"aXY=","tag":"dGFn","ciphertext":"Y3Q="})");
  BOOST_TEST(MaterialFromJson(MaterialToJson(m)).ok());
  for (const char* bad : {R"({"scheme":"local_encrypted_v2","iv":"a","tag":"b","ciphertext":"c"})",
                          R"({"iv":"a","tag":"b","ciphertext":"c"})",
                          R"({"scheme":"local_encrypted_v1","iv":1,"tag":"b","ciphertext":"c"})",
                          R"({"scheme":"local_encrypted_v1","iv":"a","tag":"b"})", R"("text")", "null", "[]"}) {
    auto r = MaterialFromJson(J(bad));
    BOOST_TEST_REQUIRE(!r.ok());
    BOOST_TEST(r.diagnostics[0].code == Code::kMaterialInvalid);
    BOOST_TEST(r.diagnostics[0].message == "Invalid local_encrypted secret material");
    BOOST_TEST(r.diagnostics[0].http_status == 400);
  }
}

BOOST_AUTO_TEST_CASE(every_flipped_bit_is_rejected_without_output) {
  const std::string value = "sk-live-do-not-leak-0123456789";
  auto cipher = MakeCipher(TestKey());
  auto sealed = cipher->Seal(value, SystemRandom());
  const Material& m = sealed.value->material;
  for (int field = 0; field < 3; ++field) {
    const std::string& text = field == 0 ? m.iv : field == 1 ? m.tag : m.ciphertext;
    const std::size_t size = Base64DecodeStrict(text)->size();
    for (std::size_t byte = 0; byte < size; ++byte) {
      for (unsigned bit = 0; bit < 8; ++bit) {
        Material t = m;
        (field == 0 ? t.iv : field == 1 ? t.tag : t.ciphertext) = FlipBit(text, byte, bit);
        auto opened = cipher->Open(t);
        BOOST_TEST_REQUIRE(!opened.ok());
        BOOST_TEST(!opened.value.has_value());
        BOOST_TEST(opened.diagnostics[0].code == Code::kDecryptFailed);
        BOOST_TEST(opened.diagnostics[0].message.find(value) == std::string::npos);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(wrong_key_fails_naming_only_the_key_fingerprint) {
  auto sealed = MakeCipher(TestKey('a'))->Seal("value", SystemRandom());
  auto other = MakeCipher(TestKey('b'));
  auto opened = other->Open(sealed.value->material);
  BOOST_TEST_REQUIRE(!opened.ok());
  BOOST_TEST(other->key_fingerprint() == HexLower(Sha256Of(std::string(32, 'b'))).substr(0, 12));
  BOOST_TEST(opened.diagnostics[0].message.rfind("Secret decryption failed (master key fingerprint: " +
                                                     other->key_fingerprint() + ").", 0) == 0);
}

BOOST_AUTO_TEST_CASE(malformed_fields_are_invalid_material) {
  auto cipher = MakeCipher(TestKey());
  auto sealed = cipher->Seal("value", SystemRandom());
  const Material good = sealed.value->material;
  std::vector<Material> bad(6, good);
  bad[0].iv = "AAAAAAAAAAAAAAAA" "AAAA";  // 15 bytes
  bad[1].tag = "AAAAAAAAAAAA";            // 9-byte tag
  bad[2].ciphertext = "not base64!";
  bad[3].iv = good.iv.substr(0, good.iv.size() - 1);
  bad[4].tag = "";
  bad[5].iv = "";
  for (const Material& m : bad) {
    auto r = cipher->Open(m);
    BOOST_TEST_REQUIRE(!r.ok());
    BOOST_TEST(r.diagnostics[0].code == Code::kMaterialInvalid);
  }
}

BOOST_AUTO_TEST_CASE(cipher_requires_a_32_byte_key) {
  for (std::size_t n : {0u, 16u, 31u, 33u}) {
    auto c = LocalEncryptedCipher::Create(SecretBytes::Copy(std::string(n, 'k')));
    BOOST_TEST_REQUIRE(!c.ok());
    BOOST_TEST(c.diagnostics[0].code == Code::kMasterKeyInvalid);
  }
}

// ../shared/conformance/local_encrypted_material.json: ciphertexts written by
// Paperclip's own provider under each KEY-2 key encoding.
const std::string kPaperclipMaterial = std::string(CLASP_SHARED_DIR) + "/conformance/local_encrypted_material.json";

BOOST_AUTO_TEST_CASE(opens_every_material_paperclip_wrote, *nt::NeedsShared({kPaperclipMaterial})) {
  const std::string text = nt::ReadAll(kPaperclipMaterial);
  BOOST_TEST_REQUIRE(!text.empty());
  const OrderedJson cases = J(text);
  BOOST_TEST_REQUIRE(cases.size() > 0u);
  for (const auto& c : cases) {
    auto key = DecodeEnvMasterKey(c["key_env"].get<std::string>());
    BOOST_TEST_REQUIRE((key && key->ok()));
    auto cipher = MakeCipher(SecretBytes::Copy(std::string(key->value->bytes.begin(), key->value->bytes.end())));
    auto material = MaterialFromJson(c["material"]);
    BOOST_TEST_REQUIRE(material.ok());
    auto opened = cipher->Open(*material.value);
    BOOST_TEST_REQUIRE(opened.ok());
    BOOST_TEST(opened.value->view() == c["value"].get<std::string>());
    BOOST_TEST(ValueSha256(opened.value->view()) == c["valueSha256"].get<std::string>());
    Material tampered = *material.value;
    tampered.tag = FlipBit(tampered.tag, 15, 7);
    BOOST_TEST(cipher->Open(tampered).diagnostics.at(0).code == Code::kDecryptFailed);
  }
}

BOOST_AUTO_TEST_CASE(secret_bytes_wipe_and_move) {
  SecretBytes a = SecretBytes::Copy("secret-bytes-longer-than-sso-buffer");
  SecretBytes b = std::move(a);
  BOOST_TEST(a.empty());
  BOOST_TEST(b.view() == "secret-bytes-longer-than-sso-buffer");
  std::string s = "plain";
  SecretBytes c = SecretBytes::Adopt(std::move(s));
  BOOST_TEST(s.empty());
  BOOST_TEST(c.Release() == "plain");
  BOOST_TEST(c.empty());
}
