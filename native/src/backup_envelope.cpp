// The passphrase envelope of a backup archive (backup_envelope.h).
#include "clasp/native/backup_envelope.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <array>
#include <memory>

#include "clasp/native/local_encrypted.h"

namespace clasp::native {
namespace {

constexpr unsigned char kVersion = 1;
constexpr unsigned char kKdfScrypt = 1;
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kSaltAt = 28;
constexpr std::size_t kIvAt = 44;
constexpr std::size_t kLengthAt = 56;
constexpr std::size_t kOverhead = kBackupEnvelopeHeaderBytes + kGcmTagBytes;
constexpr std::uint64_t kMaxScryptMemory = std::uint64_t{1} << 30;
// EVP_*Update take an int length: the blob goes through in pieces.
constexpr std::size_t kPiece = std::size_t{1} << 20;

using Key = std::array<unsigned char, 32>;

struct Free {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
  void operator()(EVP_KDF_CTX* c) const { EVP_KDF_CTX_free(c); }
};

// The derived key, wiped however the scope is left.
struct WipedKey {
  Key bytes{};
  ~WipedKey() { Wipe(bytes.data(), bytes.size()); }
};

void PutBig(std::string& out, std::size_t at, std::uint64_t value, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) out[at + i] = static_cast<char>(value >> (8 * (size - 1 - i)));
}

std::uint64_t GetBig(std::string_view in, std::size_t at, std::size_t size) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < size; ++i) value = value << 8 | static_cast<unsigned char>(in[at + i]);
  return value;
}

bool CostAccepted(const ScryptCost& cost) {
  if (cost.log2_n < 14 || cost.log2_n > 20 || cost.r < 1 || cost.r > 16 || cost.p < 1 || cost.p > 4) return false;
  return std::uint64_t{128} * cost.r * (std::uint64_t{1} << cost.log2_n) <= kMaxScryptMemory;
}

Status Invalid(const std::string& why) {
  return FailStatus(Code::kBackupInvalid, "Not a usable encrypted clasp backup: " + why);
}

Status DeriveKey(std::string_view passphrase, std::string_view salt, const ScryptCost& cost, Key& out) {
  std::unique_ptr<EVP_KDF, decltype(&EVP_KDF_free)> kdf(EVP_KDF_fetch(nullptr, "SCRYPT", nullptr), &EVP_KDF_free);
  std::unique_ptr<EVP_KDF_CTX, Free> ctx(kdf ? EVP_KDF_CTX_new(kdf.get()) : nullptr);
  if (!ctx) return FailStatus(Code::kBackupInvalid, "OpenSSL has no scrypt");
  std::uint64_t n = std::uint64_t{1} << cost.log2_n;
  std::uint32_t r = cost.r;
  std::uint32_t p = cost.p;
  // OpenSSL's own bound is B (128·r·p) plus V (128·r·(N+2)); exactly that.
  std::uint64_t maxmem = std::uint64_t{128} * r * (n + 2 + p);
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, const_cast<char*>(passphrase.data()),
                                        passphrase.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(salt.data()), salt.size()),
      OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
      OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
      OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
      OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem),
      OSSL_PARAM_construct_end()};
  if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) != 1) {
    return FailStatus(Code::kBackupInvalid, "scrypt failed (not enough memory for N = 2^" +
                                                std::to_string(cost.log2_n) + ", r = " + std::to_string(r) + "?)");
  }
  return OkStatus();
}

// Runs AES-256-GCM over `in` into `out` (same size), the header as AAD.
// Sealing reads the tag into `tag`; opening checks it against `tag`.
bool Gcm(bool seal, const Key& key, std::string_view header, std::string_view in, char* out, unsigned char* tag) {
  std::unique_ptr<EVP_CIPHER_CTX, Free> ctx(EVP_CIPHER_CTX_new());
  const auto* iv = reinterpret_cast<const unsigned char*>(header.data() + kIvAt);
  int n = 0;
  bool ok = ctx && EVP_CipherInit_ex2(ctx.get(), EVP_aes_256_gcm(), key.data(), iv, seal ? 1 : 0, nullptr) == 1 &&
            EVP_CipherUpdate(ctx.get(), nullptr, &n, reinterpret_cast<const unsigned char*>(header.data()),
                             static_cast<int>(header.size())) == 1;
  for (std::size_t done = 0; ok && done < in.size(); done += kPiece) {
    const std::string_view piece = in.substr(done, kPiece);
    ok = EVP_CipherUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out + done), &n,
                          reinterpret_cast<const unsigned char*>(piece.data()), static_cast<int>(piece.size())) == 1 &&
         n == static_cast<int>(piece.size());
  }
  OSSL_PARAM tag_param[] = {OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag, kGcmTagBytes),
                            OSSL_PARAM_construct_end()};
  if (ok && !seal) ok = EVP_CIPHER_CTX_set_params(ctx.get(), tag_param) == 1;
  unsigned char none[16];  // GCM's final step writes no bytes
  ok = ok && EVP_CipherFinal_ex(ctx.get(), none, &n) == 1 && n == 0;
  if (ok && seal) ok = EVP_CIPHER_CTX_get_params(ctx.get(), tag_param) == 1;
  return ok;
}

Status CheckHeader(std::string_view envelope, ScryptCost& cost) {
  if (!IsBackupEnvelope(envelope)) return Invalid("no 'clasp-backup-enc' header");
  if (envelope.size() < kOverhead) return Invalid("the file is truncated (shorter than its header and tag)");
  if (static_cast<unsigned char>(envelope[16]) != kVersion) {
    return Invalid("unsupported envelope version " + std::to_string(static_cast<unsigned char>(envelope[16])));
  }
  if (static_cast<unsigned char>(envelope[17]) != kKdfScrypt || envelope[19] != 0) return Invalid("unknown KDF");
  cost.log2_n = static_cast<unsigned char>(envelope[18]);
  cost.r = static_cast<std::uint32_t>(GetBig(envelope, 20, 4));
  cost.p = static_cast<std::uint32_t>(GetBig(envelope, 24, 4));
  if (!CostAccepted(cost)) return Invalid("scrypt cost outside the accepted range");
  const std::uint64_t length = GetBig(envelope, kLengthAt, 8);
  const std::uint64_t body = envelope.size() - kOverhead;
  if (length > body) return Invalid("the file is truncated (" + std::to_string(body) + " of " +
                                    std::to_string(length) + " bytes)");
  if (length < body) return Invalid("trailing bytes after the tag");
  return OkStatus();
}

}  // namespace

bool IsBackupEnvelope(std::string_view bytes) { return bytes.substr(0, kBackupEnvelopeMagic.size()) == kBackupEnvelopeMagic; }

Result<std::string> SealBackupEnvelope(std::string_view plaintext, std::string_view passphrase, Random& random,
                                       ScryptCost cost) {
  if (passphrase.empty()) return FailResult<std::string>(Code::kBackupCredentialRequired, "A backup needs a passphrase");
  if (!CostAccepted(cost)) return FailResult<std::string>(Code::kBackupInvalid, "scrypt cost outside the accepted range");
  std::string out(kOverhead + plaintext.size(), '\0');
  out.replace(0, kBackupEnvelopeMagic.size(), kBackupEnvelopeMagic);
  out[16] = static_cast<char>(kVersion);
  out[17] = static_cast<char>(kKdfScrypt);
  out[18] = static_cast<char>(cost.log2_n);
  PutBig(out, 20, cost.r, 4);
  PutBig(out, 24, cost.p, 4);
  auto* fresh = reinterpret_cast<unsigned char*>(out.data() + kSaltAt);
  if (auto s = random.Fill(fresh, kSaltBytes + kGcmIvBytes); !s.ok()) return Forward<std::string>(std::move(s));
  PutBig(out, kLengthAt, plaintext.size(), 8);
  WipedKey key;
  const std::string_view header = std::string_view(out).substr(0, kBackupEnvelopeHeaderBytes);
  if (auto s = DeriveKey(passphrase, header.substr(kSaltAt, kSaltBytes), cost, key.bytes); !s.ok()) {
    return Forward<std::string>(std::move(s));
  }
  auto* tag = reinterpret_cast<unsigned char*>(out.data() + kBackupEnvelopeHeaderBytes + plaintext.size());
  if (!Gcm(true, key.bytes, header, plaintext, out.data() + kBackupEnvelopeHeaderBytes, tag)) {
    return FailResult<std::string>(Code::kBackupInvalid, "OpenSSL failed to encrypt the backup");
  }
  return Result<std::string>::Ok(std::move(out));
}

Result<SecretBytes> OpenBackupEnvelope(std::string_view envelope, std::string_view passphrase) {
  ScryptCost cost;
  if (auto s = CheckHeader(envelope, cost); !s.ok()) return Forward<SecretBytes>(std::move(s));
  if (passphrase.empty()) {
    return FailResult<SecretBytes>(Code::kBackupCredentialRequired, "This backup is encrypted: it needs its passphrase");
  }
  const std::string_view header = envelope.substr(0, kBackupEnvelopeHeaderBytes);
  const std::string_view body = envelope.substr(kBackupEnvelopeHeaderBytes, envelope.size() - kOverhead);
  std::array<unsigned char, kGcmTagBytes> tag{};
  envelope.substr(envelope.size() - kGcmTagBytes).copy(reinterpret_cast<char*>(tag.data()), tag.size());
  WipedKey key;
  if (auto s = DeriveKey(passphrase, header.substr(kSaltAt, kSaltBytes), cost, key.bytes); !s.ok()) {
    return Forward<SecretBytes>(std::move(s));
  }
  // GCM writes plaintext before it can check the tag: into wiped memory,
  // released only when the tag matched.
  std::string plain(body.size(), '\0');
  if (!Gcm(false, key.bytes, header, body, plain.data(), tag.data())) {
    WipeString(&plain);
    return FailResult<SecretBytes>(Code::kBackupAuthFailed,
                                   "The passphrase is wrong, or the archive was altered (authentication failed)");
  }
  return Result<SecretBytes>::Ok(SecretBytes::Adopt(std::move(plain)));
}

Result<ScryptCost> BackupEnvelopeCost(std::string_view envelope) {
  ScryptCost cost;
  if (auto s = CheckHeader(envelope, cost); !s.ok()) return Forward<ScryptCost>(std::move(s));
  return Result<ScryptCost>::Ok(cost);
}

}  // namespace clasp::native
