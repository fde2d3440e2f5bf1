#define BOOST_TEST_MODULE master_key
#include <boost/test/unit_test.hpp>

#include "test_support.h"

#include <optional>
#include <string>

#include "clasp/master_key.h"
#include "clasp/sha256.h"

using clasp::Code;
using clasp::DecodeEnvMasterKey;
using clasp::DecodeMasterKey;
using clasp::DecodeMasterKeyFile;
using clasp::KeyFileModeVerdict;
using clasp::MasterKey;

namespace {

const char* const kKeyHex = "0b30557a9fc4e90e33587da2c7ec11365b80a5caef14395e83a8cdf2173c6186";
const char* const kKeyB64 = "CzBVep/E6Q4zWH2ix+wRNluApcrvFDleg6jN8hc8YYY=";

std::string Hex(const MasterKey& key) {
  return clasp::HexLower(std::string_view(reinterpret_cast<const char*>(key.bytes.data()), key.bytes.size()));
}

// "encoding:hex" or "invalid", so each expectation is one comparison.
std::string Decode(std::string_view text) {
  const std::optional<MasterKey> key = DecodeMasterKey(text);
  if (!key) return "invalid";
  return std::string(clasp::MasterKeyEncodingName(key->encoding)) + ":" + Hex(*key);
}

std::string B64(std::string_view hex) { return "base64:" + std::string(hex); }

}  // namespace

// KEY-2 step 1: exactly 64 hex digits, checked before base64.
BOOST_AUTO_TEST_CASE(hex_first) {
  BOOST_TEST(Decode(kKeyHex) == "hex:" + std::string(kKeyHex));
  BOOST_TEST(Decode("0B30557A9FC4E90E33587DA2C7EC11365B80A5CAEF14395E83A8CDF2173C6186") == "hex:" + std::string(kKeyHex));
  // 64 'a' is also valid base64 (48 bytes); hex wins.
  BOOST_TEST(Decode(std::string(64, 'a')) == "hex:" + std::string(64, 'a'));
  // Trim (including NBSP, which JS trim strips) happens before the check.
  BOOST_TEST(Decode("  " + std::string(kKeyHex) + "\xc2\xa0\n") == "hex:" + std::string(kKeyHex));
}

BOOST_AUTO_TEST_CASE(hex_lookalikes_are_not_hex) {
  BOOST_TEST(Decode(std::string(kKeyHex).substr(1)) == "invalid");        // 63 chars
  BOOST_TEST(Decode(std::string(kKeyHex) + "0") == "invalid");            // 65 chars: 48 base64 bytes
  BOOST_TEST(Decode("0x" + std::string(kKeyHex)) == "invalid");
  // NBSP inside is not trimmed; the string is neither hex nor 32 bytes.
  std::string inner(kKeyHex);
  inner.insert(32, "\xc2\xa0");
  BOOST_TEST(Decode(inner) == "invalid");
}

// KEY-2 step 2: Node's lenient base64, accepted only at exactly 32 bytes.
BOOST_AUTO_TEST_CASE(base64_lenient_forms) {
  BOOST_TEST(Decode(kKeyB64) == B64(kKeyHex));
  BOOST_TEST(Decode("CzBVep/E6Q4zWH2ix+wRNluApcrvFDleg6jN8hc8YYY") == B64(kKeyHex));     // no padding
  BOOST_TEST(Decode("CzBVep_E6Q4zWH2ix-wRNluApcrvFDleg6jN8hc8YYY=") == B64(kKeyHex));    // URL-safe
  BOOST_TEST(Decode("CzBVep/E6Q4\nzWH2ix+wRNl\nuApcrvFDleg\n6jN8hc8YYY=") == B64(kKeyHex));  // wrapped
  BOOST_TEST(Decode("CzBVep/E6Q4 zWH2ix+wRNluApcrvFDleg6jN8hc8YYY=") == B64(kKeyHex));   // space inside
  BOOST_TEST(Decode("CzBVep/E6Q4zWH2!ix+wRNluApcrvFDleg6jN8hc8YYY=") == B64(kKeyHex));   // junk skipped
  BOOST_TEST(Decode(std::string(kKeyB64) + "==") == B64(kKeyHex));                        // extra padding
  BOOST_TEST(Decode("\xef\xbb\xbf" + std::string(kKeyB64)) == B64(kKeyHex));              // BOM trimmed
  BOOST_TEST(Decode(std::string(43, '/')) == B64(std::string(64, 'f')));
  BOOST_TEST(Decode(std::string(43, 'a') + "=") == B64("69a69a69a69a69a69a69a69a69a69a69a69a69a69a69a69a69a69a69a69a69a6"));
}

BOOST_AUTO_TEST_CASE(base64_stops_and_caps) {
  // Decoding stops at the first '=' wherever it is.
  BOOST_TEST(Decode("=" + std::string(kKeyB64)) == "invalid");
  BOOST_TEST(Decode("CzBVep/E6Q4zWH2ix+wRNl=uApcrvFDleg6jN8hc8YYY=") == "invalid");
  // Two '=' at the end shrink the output cap to 31 bytes.
  BOOST_TEST(Decode("CzBVep/E6Q4zWH2ix+wRNluApcrvFDleg6jN8hc8YY==") == "invalid");
  // 45 digits give 33 bytes: too long. 43 digits + 2 junk chars: capped at 33, decodes 32.
  BOOST_TEST(Decode(std::string(45, 'A')) == "invalid");
  BOOST_TEST(Decode(std::string(43, 'A') + "!!") == B64(std::string(64, '0')));
  BOOST_TEST(Decode("AwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAw==") == "invalid");  // 31 bytes
  BOOST_TEST(Decode("AwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMD") == "invalid");  // 33 bytes
}

// Node truncates each UTF-16 unit to its low byte before the table lookup.
BOOST_AUTO_TEST_CASE(base64_non_latin1_truncation) {
  // U+0141 reads as 'A' (0x41): "Ł" replaces the leading 'C'.
  BOOST_TEST(Decode("\xc5\x81" + std::string(kKeyB64).substr(1)) ==
             B64("0330557a9fc4e90e33587da2c7ec11365b80a5caef14395e83a8cdf2173c6186"));
  // U+FF3D truncates to '=' and stops decoding.
  std::string s(kKeyB64);
  s.insert(17, "\xef\xbc\xbd");
  BOOST_TEST(Decode(s) == "invalid");
  // Latin-1 letters (é = 0xE9) are simply skipped.
  std::string e(kKeyB64);
  e.insert(5, "\xc3\xa9");
  BOOST_TEST(Decode(e) == B64(kKeyHex));
}

// KEY-2 step 3: the UTF-8 text itself when it is 32 bytes.
BOOST_AUTO_TEST_CASE(raw_utf8_bytes) {
  BOOST_TEST(Decode("abcdefghijklmnopqrstuvwxyz012345") == "raw:6162636465666768696a6b6c6d6e6f707172737475767778797a303132333435");
  std::string e16;
  for (int i = 0; i < 16; ++i) e16 += "\xc3\xa9";
  BOOST_TEST(Decode(e16) == "raw:" + clasp::HexLower(e16));
  BOOST_TEST(Decode(e16 + e16) == "invalid");  // 64 bytes
  BOOST_TEST(Decode("abcdefghijklmnopqrstuvwxyz01234") == "invalid");  // 31
  BOOST_TEST(Decode("edcxxtt\tfmuynzyjdcrscpwrkbludvus") == "raw:6564637878747409666d75796e7a796a64637273637077726b626c7564767573");
}

// Invalid UTF-8 becomes U+FFFD (EF BF BD) first, as Node reads env and files.
BOOST_AUTO_TEST_CASE(invalid_utf8_decodes_like_node) {
  const std::string a29(29, 'a');
  BOOST_TEST(Decode(a29 + "\xff") == "raw:" + clasp::HexLower(a29) + "efbfbd");
  BOOST_TEST(Decode(a29 + "\xf0\x9f\x94") == "raw:" + clasp::HexLower(a29) + "efbfbd");  // one maximal subpart
  BOOST_TEST(Decode(std::string(31, 'a') + "\x80") == "invalid");  // 31 + 3 bytes
  BOOST_TEST(Decode("\xff\xfe") == "invalid");
}

BOOST_AUTO_TEST_CASE(blank_and_garbage) {
  BOOST_TEST(Decode("") == "invalid");
  BOOST_TEST(Decode(" \t\r\n\xe3\x80\x80") == "invalid");
  BOOST_TEST(Decode("short") == "invalid");
  BOOST_TEST(Decode("0b:30:55:7a:9f:c4:e9:0e:33:58:7d:a2:c7:ec:11:36:5b:80:a5:ca:ef:14:39:5e:83:a8:cd:f2:17:3c:61:86") == "invalid");
  BOOST_TEST(Decode(std::string("\0\0\0", 3)) == "invalid");
  // 10 MB of base64 digits: far more than 32 bytes; must stay fast and total.
  BOOST_TEST(Decode(std::string(10 * 1024 * 1024, 'A')) == "invalid");
  BOOST_TEST(Decode(std::string(10 * 1024 * 1024, '\xff')) == "invalid");
}

// KEY-1 / KEY-3 for the environment variable.
BOOST_AUTO_TEST_CASE(env_variable) {
  BOOST_TEST(!DecodeEnvMasterKey("").has_value());
  BOOST_TEST(!DecodeEnvMasterKey("  \n\t").has_value());
  const auto ok = DecodeEnvMasterKey("CzBVep_E6Q4zWH2ix-wRNluApcrvFDleg6jN8hc8YYY");
  BOOST_REQUIRE(ok.has_value());
  BOOST_REQUIRE(ok->ok());
  BOOST_TEST(Hex(*ok->value) == kKeyHex);
  BOOST_TEST(clasp::MasterKeyEncodingName(ok->value->encoding) == "base64");
  const auto bad = DecodeEnvMasterKey("short");
  BOOST_REQUIRE(bad.has_value());
  BOOST_TEST(!bad->ok());
  BOOST_REQUIRE(bad->diagnostics.size() == 1u);
  BOOST_TEST(bad->diagnostics[0].code == Code::kMasterKeyInvalid);
  BOOST_TEST(bad->diagnostics[0].http_status == 400);
  BOOST_TEST(bad->diagnostics[0].message ==
             "Invalid PAPERCLIP_SECRETS_MASTER_KEY (expected 32-byte base64, 64-char hex, or raw 32-char string)");
  // The message never echoes the offending key text.
  const auto leak = DecodeEnvMasterKey("my-secret-material");
  BOOST_REQUIRE(leak.has_value());
  BOOST_TEST(leak->diagnostics[0].message.find("my-secret") == std::string::npos);
}

// KEY-3 for the key file: blank content is an error, not a fall-through.
BOOST_AUTO_TEST_CASE(key_file) {
  const auto ok = DecodeMasterKeyFile(std::string(kKeyB64) + "\n", "/k/master.key");
  BOOST_REQUIRE(ok.ok());
  BOOST_TEST(Hex(*ok.value) == kKeyHex);
  for (const std::string content : {"", "\n", "short"}) {
    const auto bad = DecodeMasterKeyFile(content, "/k/master.key");
    BOOST_TEST(!bad.ok());
    BOOST_REQUIRE(bad.diagnostics.size() == 1u);
    BOOST_TEST(bad.diagnostics[0].code == Code::kMasterKeyFileInvalid);
    BOOST_TEST(bad.diagnostics[0].http_status == 400);
    BOOST_TEST(bad.diagnostics[0].message == "Invalid secrets master key at /k/master.key");
  }
}

// KEY-4: group/other bits warn and trigger chmod; the octal has no leading zero.
BOOST_AUTO_TEST_CASE(key_file_mode) {
  for (const std::uint32_t mode : {0600u, 0400u, 0700u, 0u, 0100600u}) {
    const auto check = KeyFileModeVerdict(mode, "/k/master.key");
    BOOST_TEST(!check.chmod_on_load);
    BOOST_TEST(!check.warning.has_value());
  }
  const auto open = KeyFileModeVerdict(0100644u, "/k/master.key");  // file-type bits ignored
  BOOST_TEST(open.chmod_on_load);
  BOOST_REQUIRE(open.warning.has_value());
  BOOST_TEST(open.warning->code == Code::kMasterKeyFilePermissions);
  BOOST_TEST((open.warning->severity == clasp::Severity::kWarning));
  BOOST_TEST(open.warning->message == "Secrets key file permissions are 644; run chmod 600 /k/master.key");
  BOOST_TEST(KeyFileModeVerdict(0604u, "/k").warning->message == "Secrets key file permissions are 604; run chmod 600 /k");
  BOOST_TEST(KeyFileModeVerdict(0610u, "/k").warning->message == "Secrets key file permissions are 610; run chmod 600 /k");
  BOOST_TEST(KeyFileModeVerdict(044u, "/k").warning->message == "Secrets key file permissions are 44; run chmod 600 /k");
  BOOST_TEST(KeyFileModeVerdict(07777u, "/k").warning->message == "Secrets key file permissions are 777; run chmod 600 /k");
}
