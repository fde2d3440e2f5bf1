// The passphrase envelope of backups (native/backup_envelope.h): the header
// as documented, a round trip, and every way to get it wrong — another
// passphrase, a flipped bit in the header, the ciphertext or the tag, a
// truncated or extended file, a cost outside the accepted range — refused
// without a byte of plaintext.
#define BOOST_TEST_MODULE native_backup_envelope
#include <boost/test/unit_test.hpp>

#include "clasp/native/backup_envelope.h"
#include "native_test_support.h"

using namespace clasp;
using namespace clasp::native;
namespace nt = clasp::native::test;

namespace {

// The cheapest accepted cost keeps the many derivations below fast.
constexpr ScryptCost kFast{14, 8, 1};
const std::string kPassphrase = "correct horse battery staple";
const std::string kPlain = "clasp-backup 1\nmanifest.json 2\n{}\nstore.sqlite3 5\nvalue\nend …\n";

std::string Seal(const std::string& plain = kPlain, ScryptCost cost = kFast) {
  auto sealed = SealBackupEnvelope(plain, kPassphrase, SystemRandom(), cost);
  BOOST_TEST_REQUIRE(sealed.ok());
  return *sealed.value;
}

std::string Flipped(std::string bytes, std::size_t at) {
  bytes[at] = static_cast<char>(bytes[at] ^ 0x01);
  return bytes;
}

// The outcome's code, or "ok"; a failure never carries plaintext.
std::string Outcome(const std::string& envelope, const std::string& passphrase = kPassphrase) {
  auto opened = OpenBackupEnvelope(envelope, passphrase);
  if (opened.ok()) return "ok";
  BOOST_TEST(!opened.value.has_value());
  return std::string(CodeName(opened.diagnostics.front().code));
}

std::uint32_t Big32(const std::string& bytes, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = v << 8 | static_cast<unsigned char>(bytes[at + i]);
  return v;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_default_cost_is_written_in_the_documented_header_and_round_trips) {
  const std::string sealed = Seal(kPlain, kBackupScryptCost);
  BOOST_TEST(sealed.size() == 64 + kPlain.size() + 16);
  BOOST_TEST(sealed.substr(0, 16) == "clasp-backup-enc");
  BOOST_TEST(IsBackupEnvelope(sealed));
  BOOST_TEST(!IsBackupEnvelope(kPlain));
  BOOST_TEST(int(sealed[16]) == 1);  // envelope version
  BOOST_TEST(int(sealed[17]) == 1);  // scrypt
  BOOST_TEST(int(sealed[18]) == 17);
  BOOST_TEST(int(sealed[19]) == 0);
  BOOST_TEST(Big32(sealed, 20) == 8u);
  BOOST_TEST(Big32(sealed, 24) == 1u);
  BOOST_TEST(Big32(sealed, 56) == 0u);  // high half of L
  BOOST_TEST(Big32(sealed, 60) == kPlain.size());
  auto cost = BackupEnvelopeCost(sealed);
  BOOST_TEST_REQUIRE(cost.ok());
  BOOST_TEST(cost.value->log2_n == 17);
  auto opened = OpenBackupEnvelope(sealed, kPassphrase);
  BOOST_TEST_REQUIRE(opened.ok());
  BOOST_TEST(opened.value->view() == kPlain);
}

BOOST_AUTO_TEST_CASE(the_ciphertext_shows_nothing_and_each_seal_is_fresh) {
  const std::string one = Seal();
  const std::string two = Seal();
  BOOST_TEST(one != two);
  BOOST_TEST(one.substr(28, 28) != two.substr(28, 28));  // salt and IV
  BOOST_TEST(one.find("value") == std::string::npos);
  BOOST_TEST(one.find("manifest") == std::string::npos);
  BOOST_TEST(one.find(kPassphrase) == std::string::npos);
  auto empty = OpenBackupEnvelope(Seal(""), kPassphrase);
  BOOST_TEST_REQUIRE(empty.ok());
  BOOST_TEST(empty.value->empty());
}

BOOST_AUTO_TEST_CASE(another_passphrase_is_refused) {
  const std::string sealed = Seal();
  BOOST_TEST(Outcome(sealed, "correct horse battery stapler") == "backup_auth_failed");
  BOOST_TEST(Outcome(sealed, "Correct horse battery staple") == "backup_auth_failed");
  BOOST_TEST(Outcome(sealed, "") == "backup_credential_required");
  BOOST_TEST(Outcome(sealed) == "ok");
}

BOOST_AUTO_TEST_CASE(a_flipped_bit_anywhere_in_the_header_is_refused) {
  const std::string sealed = Seal();
  for (std::size_t at = 0; at < kBackupEnvelopeHeaderBytes; ++at) {
    BOOST_TEST(Outcome(Flipped(sealed, at)) != "ok", "header byte " << at);
  }
  // Fields the KDF or GCM read fail authentication; a changed cost too,
  // since the header is the AAD (2^14 -> 2^15 is still accepted).
  BOOST_TEST(Outcome(Flipped(sealed, 18)) == "backup_auth_failed");
  BOOST_TEST(Outcome(Flipped(sealed, 30)) == "backup_auth_failed");  // salt
  BOOST_TEST(Outcome(Flipped(sealed, 50)) == "backup_auth_failed");  // IV
  // Fields checked before the KDF are named.
  auto version = OpenBackupEnvelope(Flipped(sealed, 16), kPassphrase);
  BOOST_TEST(version.diagnostics.front().message.find("unsupported envelope version") != std::string::npos);
  auto length = OpenBackupEnvelope(Flipped(sealed, 63), kPassphrase);
  BOOST_TEST(CodeName(length.diagnostics.front().code) == "backup_invalid");
}

BOOST_AUTO_TEST_CASE(a_flipped_bit_in_the_ciphertext_or_the_tag_is_refused) {
  const std::string sealed = Seal();
  for (std::size_t at : {std::size_t{64}, std::size_t{64} + kPlain.size() / 2, sealed.size() - 17}) {
    BOOST_TEST(Outcome(Flipped(sealed, at)) == "backup_auth_failed", "ciphertext byte " << at);
  }
  for (std::size_t at = sealed.size() - 16; at < sealed.size(); ++at) {
    BOOST_TEST(Outcome(Flipped(sealed, at)) == "backup_auth_failed", "tag byte " << at);
  }
}

BOOST_AUTO_TEST_CASE(a_truncated_or_extended_file_is_refused_before_the_kdf) {
  const std::string sealed = Seal();
  auto short_by_one = OpenBackupEnvelope(sealed.substr(0, sealed.size() - 1), kPassphrase);
  BOOST_TEST_REQUIRE(!short_by_one.ok());
  BOOST_TEST(short_by_one.diagnostics.front().message.find("truncated") != std::string::npos);
  BOOST_TEST(Outcome(sealed.substr(0, 80)) == "backup_invalid");
  BOOST_TEST(Outcome(sealed.substr(0, 64)) == "backup_invalid");
  BOOST_TEST(Outcome(sealed.substr(0, 10)) == "backup_invalid");
  auto longer = OpenBackupEnvelope(sealed + "x", kPassphrase);
  BOOST_TEST_REQUIRE(!longer.ok());
  BOOST_TEST(longer.diagnostics.front().message.find("trailing bytes") != std::string::npos);
  // Dropping a chunk in the middle and fixing L still fails: L is in the AAD.
  std::string cut = sealed.substr(0, 64) + sealed.substr(65);
  cut[63] = static_cast<char>(cut[63] - 1);
  BOOST_TEST(Outcome(cut) == "backup_auth_failed");
}

BOOST_AUTO_TEST_CASE(costs_outside_the_accepted_range_are_refused) {
  BOOST_TEST(!SealBackupEnvelope(kPlain, kPassphrase, SystemRandom(), ScryptCost{13, 8, 1}).ok());
  BOOST_TEST(!SealBackupEnvelope(kPlain, kPassphrase, SystemRandom(), ScryptCost{21, 8, 1}).ok());
  BOOST_TEST(!SealBackupEnvelope(kPlain, kPassphrase, SystemRandom(), ScryptCost{20, 16, 1}).ok());  // 2 GiB
  BOOST_TEST(!SealBackupEnvelope(kPlain, kPassphrase, SystemRandom(), ScryptCost{14, 8, 5}).ok());
  auto empty = SealBackupEnvelope(kPlain, "", SystemRandom(), kFast);
  BOOST_TEST_REQUIRE(!empty.ok());
  BOOST_TEST(CodeName(empty.diagnostics.front().code) == "backup_credential_required");
  // A header asking for 2^22 is refused before any memory is spent.
  std::string greedy = Seal();
  greedy[18] = 22;
  BOOST_TEST(Outcome(greedy) == "backup_invalid");
  BOOST_TEST(!BackupEnvelopeCost(greedy).ok());
}

BOOST_AUTO_TEST_CASE(a_failing_random_source_writes_nothing) {
  struct Broken final : Random {
    Status Fill(unsigned char*, std::size_t) override { return FailStatus(Code::kRandomUnavailable, "no entropy"); }
  } broken;
  auto sealed = SealBackupEnvelope(kPlain, kPassphrase, broken, kFast);
  BOOST_TEST_REQUIRE(!sealed.ok());
  BOOST_TEST(CodeName(sealed.diagnostics.front().code) == "random_unavailable");
  nt::CountingRandom counting;
  BOOST_TEST(SealBackupEnvelope(kPlain, kPassphrase, counting, kFast).ok());
}
