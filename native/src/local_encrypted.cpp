#include "clasp/native/local_encrypted.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <array>
#include <optional>

#include "clasp/native/base64.h"
#include "clasp/sha256.h"

namespace clasp::native {
namespace {

constexpr std::string_view kInvalidMaterial = "Invalid local_encrypted secret material";
// Seal streams the value through SHA-256, AES-GCM and base64 in pieces this
// big (a multiple of 3 for base64 and of 16 for AES), and Open streams
// base64 and AES-GCM back, so each piece is still in L1 cache for the next
// step and no second value-sized buffer is needed.
constexpr std::size_t kPiece = 3072;

struct CtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
  void operator()(EVP_MD* md) const { EVP_MD_free(md); }
};
using CtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CtxFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, CtxFree>;
using MdPtr = std::unique_ptr<EVP_MD, CtxFree>;

bool IsString(const OrderedJson& obj, const char* name) {
  const auto it = obj.find(name);
  return it != obj.end() && it->is_string();
}

// Reads (after encryption) or sets (before the final decrypt step) the
// 16-byte GCM tag.
bool GcmTag(EVP_CIPHER_CTX* ctx, void* tag, bool get) {
  OSSL_PARAM params[] = {OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag, kGcmTagBytes),
                         OSSL_PARAM_construct_end()};
  return (get ? EVP_CIPHER_CTX_get_params(ctx, params) : EVP_CIPHER_CTX_set_params(ctx, params)) == 1;
}

Status OpenSslFailure(std::string_view what) {
  return FailStatus(Code::kDecryptFailed, "OpenSSL failed to " + std::string(what));
}

}  // namespace

// valueSha256 and the key fingerprint use OpenSSL's SHA-256 (SHA-NI where
// the CPU has it), several times faster than the core's portable one, which
// stays for the WASM build; both are FIPS 180-4, so the hex is identical.
struct LocalEncryptedCipher::Context {
  CtxPtr seal;
  CtxPtr open;
  MdPtr sha256;  // fetched once: an implicit fetch per digest costs a lookup
  MdCtxPtr digest;
};

namespace {

std::string HexSha256(EVP_MD_CTX* digest, const EVP_MD* sha256, std::string_view bytes) {
  Sha256Digest out{};
  unsigned int size = 0;
  if (EVP_DigestInit_ex2(digest, sha256, nullptr) != 1 || EVP_DigestUpdate(digest, bytes.data(), bytes.size()) != 1 ||
      EVP_DigestFinal_ex(digest, out.data(), &size) != 1 || size != out.size()) {
    return {};
  }
  return HexLower(out);
}

}  // namespace

Result<Material> MaterialFromJson(const OrderedJson& json) {
  const bool ok = json.is_object() && json.contains("scheme") && json["scheme"].is_string() &&
                  json["scheme"].get_ref<const std::string&>() == kLocalEncryptedScheme && IsString(json, "iv") &&
                  IsString(json, "tag") && IsString(json, "ciphertext");
  if (!ok) return FailResult<Material>(Code::kMaterialInvalid, std::string(kInvalidMaterial));
  return Result<Material>::Ok(Material{json["iv"].get<std::string>(), json["tag"].get<std::string>(),
                                       json["ciphertext"].get<std::string>()});
}

OrderedJson MaterialToJson(const Material& material) {
  OrderedJson out = OrderedJson::object();
  out["scheme"] = kLocalEncryptedScheme;
  out["iv"] = material.iv;
  out["tag"] = material.tag;
  out["ciphertext"] = material.ciphertext;
  return out;
}

Result<std::unique_ptr<LocalEncryptedCipher>> LocalEncryptedCipher::Create(const SecretBytes& master_key) {
  using R = Result<std::unique_ptr<LocalEncryptedCipher>>;
  if (master_key.size() != kMasterKeyBytes) {
    return FailResult<std::unique_ptr<LocalEncryptedCipher>>(Code::kMasterKeyInvalid,
                                                             "The local_encrypted master key must be 32 bytes");
  }
  auto ctx = std::make_unique<Context>();
  ctx->seal.reset(EVP_CIPHER_CTX_new());
  ctx->open.reset(EVP_CIPHER_CTX_new());
  ctx->sha256.reset(EVP_MD_fetch(nullptr, "SHA256", nullptr));
  ctx->digest.reset(EVP_MD_CTX_new());
  // The key schedule is set up once per context; each value only sets an IV.
  const bool ok = ctx->seal && ctx->open && ctx->sha256 && ctx->digest &&
                  EVP_EncryptInit_ex(ctx->seal.get(), EVP_aes_256_gcm(), nullptr, master_key.data(), nullptr) == 1 &&
                  EVP_DecryptInit_ex(ctx->open.get(), EVP_aes_256_gcm(), nullptr, master_key.data(), nullptr) == 1;
  if (!ok) return Forward<std::unique_ptr<LocalEncryptedCipher>>(OpenSslFailure("set up AES-256-GCM"));
  std::string fingerprint = HexSha256(ctx->digest.get(), ctx->sha256.get(), master_key.view());
  if (fingerprint.empty()) return Forward<std::unique_ptr<LocalEncryptedCipher>>(OpenSslFailure("hash the key"));
  fingerprint.resize(12);
  return R::Ok(std::unique_ptr<LocalEncryptedCipher>(
      new LocalEncryptedCipher(master_key.Clone(), std::move(ctx), std::move(fingerprint))));
}

LocalEncryptedCipher::LocalEncryptedCipher(SecretBytes key, std::unique_ptr<Context> ctx, std::string fingerprint)
    : key_(std::move(key)), ctx_(std::move(ctx)), key_fingerprint_(std::move(fingerprint)) {}

LocalEncryptedCipher::~LocalEncryptedCipher() = default;

Result<SealedValue> LocalEncryptedCipher::Seal(std::string_view utf8_value, Random& random) {
  std::array<unsigned char, kGcmIvBytes> iv{};
  if (auto s = random.Fill(iv.data(), iv.size()); !s.ok()) return Forward<SealedValue>(std::move(s));
  EVP_CIPHER_CTX* c = ctx_->seal.get();
  EVP_MD_CTX* d = ctx_->digest.get();
  SealedValue out;
  out.material.ciphertext.resize(Base64EncodedLength(utf8_value.size()));
  char* text = out.material.ciphertext.data();
  std::array<unsigned char, kPiece> piece;
  std::array<unsigned char, kGcmTagBytes> tag{};
  Sha256Digest digest{};
  unsigned int digest_len = 0;
  int final_len = 0;
  // EVP_CipherInit_ex2 and the tag as an OSSL_PARAM skip the legacy
  // EVP_CIPHER_CTX_ctrl translation that OpenSSL 3 does on every call.
  bool ok = EVP_CipherInit_ex2(c, nullptr, nullptr, iv.data(), 1, nullptr) == 1 &&
            EVP_DigestInit_ex2(d, ctx_->sha256.get(), nullptr) == 1;
  for (std::size_t done = 0; ok && done < utf8_value.size(); done += kPiece) {
    const std::string_view in = utf8_value.substr(done, kPiece);
    int written = 0;
    ok = EVP_DigestUpdate(d, in.data(), in.size()) == 1 &&
         EVP_EncryptUpdate(c, piece.data(), &written, reinterpret_cast<const unsigned char*>(in.data()),
                           static_cast<int>(in.size())) == 1 &&
         written == static_cast<int>(in.size());
    if (ok) Base64EncodeTo(std::string_view(reinterpret_cast<const char*>(piece.data()), in.size()), text + done / 3 * 4);
  }
  ok = ok && EVP_EncryptFinal_ex(c, piece.data(), &final_len) == 1 && final_len == 0 &&
       GcmTag(c, tag.data(), /*get=*/true) &&
       EVP_DigestFinal_ex(d, digest.data(), &digest_len) == 1 && digest_len == digest.size();
  if (!ok) return Forward<SealedValue>(OpenSslFailure("encrypt"));
  out.material.iv = Base64Encode(std::string_view(reinterpret_cast<const char*>(iv.data()), iv.size()));
  out.material.tag = Base64Encode(std::string_view(reinterpret_cast<const char*>(tag.data()), tag.size()));
  out.value_sha256 = HexLower(digest);
  out.fingerprint_sha256 = out.value_sha256;
  return Result<SealedValue>::Ok(std::move(out));
}

void LocalEncryptedCipher::SetFallback(std::unique_ptr<LocalEncryptedCipher> fallback) {
  fallback_ = std::move(fallback);
}

Result<SecretBytes> LocalEncryptedCipher::Open(const Material& material) {
  Result<SecretBytes> opened = OpenWithOwnKey(material);
  if (opened.ok() || !fallback_ || opened.diagnostics.empty() || opened.diagnostics.front().code != Code::kDecryptFailed) {
    return opened;
  }
  Result<SecretBytes> second = fallback_->OpenWithOwnKey(material);
  return second.ok() ? std::move(second) : std::move(opened);
}

Result<SecretBytes> LocalEncryptedCipher::OpenWithOwnKey(const Material& material) {
  std::array<char, kGcmIvBytes> iv{};
  std::array<char, kGcmTagBytes> tag{};
  const std::string_view text = material.ciphertext;
  if (Base64DecodeStrictTo(material.iv, iv) != kGcmIvBytes || Base64DecodeStrictTo(material.tag, tag) != kGcmTagBytes ||
      text.size() % 4 != 0) {
    return FailResult<SecretBytes>(Code::kMaterialInvalid, std::string(kInvalidMaterial));
  }
  // Like Seal, piece by piece: each decoded piece is decrypted while still
  // in L1 cache, straight into the one value-sized buffer.
  EVP_CIPHER_CTX* c = ctx_->open.get();
  std::string plain(text.size() / 4 * 3, '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(plain.data());
  std::array<char, kPiece> piece;
  std::size_t size = 0;
  bool decoded = true;
  bool ok = EVP_CipherInit_ex2(c, nullptr, nullptr, reinterpret_cast<const unsigned char*>(iv.data()), 0, nullptr) == 1;
  for (std::size_t done = 0; ok && decoded && done < text.size(); done += kPiece / 3 * 4) {
    const std::string_view part = text.substr(done, kPiece / 3 * 4);
    // Padding belongs to the last piece only.
    const std::optional<std::size_t> n =
        done + part.size() < text.size() && part.back() == '=' ? std::nullopt : Base64DecodeStrictTo(part, piece);
    decoded = n.has_value();
    int written = 0;
    ok = !decoded || (EVP_DecryptUpdate(c, bytes + size, &written, reinterpret_cast<const unsigned char*>(piece.data()),
                                        static_cast<int>(*n)) == 1 &&
                      written == static_cast<int>(*n));
    if (decoded) size += *n;
  }
  if (!decoded) {
    WipeString(&plain);
    return FailResult<SecretBytes>(Code::kMaterialInvalid, std::string(kInvalidMaterial));
  }
  plain.resize(size);
  int final_len = 0;
  ok = ok && GcmTag(c, tag.data(), /*get=*/false) && EVP_DecryptFinal_ex(c, bytes, &final_len) == 1 && final_len == 0;
  if (!ok) {
    WipeString(&plain);
    return FailResult<SecretBytes>(
        Code::kDecryptFailed,
        "Secret decryption failed (master key fingerprint: " + key_fingerprint_ +
            "). This usually means the master key does not match the key used to encrypt the secret. "
            "Original error: Unsupported state or unable to authenticate data");
  }
  return Result<SecretBytes>::Ok(SecretBytes::Adopt(std::move(plain)));
}

}  // namespace clasp::native
