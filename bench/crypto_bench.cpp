// local_encrypted per-secret cost (KEY-5) at 32 B, 1 KiB and 64 KiB values:
// `crypto_seal/N` is LocalEncryptedCipher::Seal (fresh random IV from the
// system Random, AES-256-GCM encrypt with the 16-byte tag, OpenSSL SHA-256
// of the value, base64 of iv, tag and ciphertext), `crypto_open/N` is Open
// (base64 decode, decrypt, tag check). Both reuse one cipher context, as the
// service does. scripts/bench.sh puts their bytes_per_second beside
// `openssl speed -evp aes-256-gcm [-decrypt] -bytes N` at the same sizes
// (target: >= 80%). openssl speed times the cipher alone; the parts a
// secret adds around it are timed on their own here too:
// `crypto_sha256_openssl` (valueSha256 on the server), `crypto_sha256_core`
// (the core's portable SHA-256, what the WASM build uses), `crypto_random_iv`
// (12 bytes from the system Random) and `crypto_base64_encode` /
// `crypto_base64_decode` (the material's fields).
#include <benchmark/benchmark.h>

#include <openssl/evp.h>

#include <array>
#include <string>

#include "clasp/native/base64.h"
#include "clasp/native/local_encrypted.h"
#include "clasp/native/random.h"
#include "clasp/sha256.h"

namespace {

using namespace clasp::native;

std::unique_ptr<LocalEncryptedCipher> BenchCipher() {
  auto cipher = LocalEncryptedCipher::Create(SecretBytes::Copy(std::string(kMasterKeyBytes, 'k')));
  return cipher.ok() ? std::move(*cipher.value) : nullptr;
}

void BM_CryptoSeal(benchmark::State& state) {
  auto cipher = BenchCipher();
  const std::string value(static_cast<std::size_t>(state.range(0)), 'v');
  if (!cipher) return state.SkipWithError("cipher setup failed");
  for (auto _ : state) {
    auto sealed = cipher->Seal(value, SystemRandom());
    if (!sealed.ok()) return state.SkipWithError("seal failed");
    benchmark::DoNotOptimize(sealed.value->material.ciphertext.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_CryptoSeal)->Name("crypto_seal")->Arg(32)->Arg(1024)->Arg(65536);

void BM_CryptoOpen(benchmark::State& state) {
  auto cipher = BenchCipher();
  if (!cipher) return state.SkipWithError("cipher setup failed");
  auto sealed = cipher->Seal(std::string(static_cast<std::size_t>(state.range(0)), 'v'), SystemRandom());
  if (!sealed.ok()) return state.SkipWithError("seal failed");
  for (auto _ : state) {
    auto opened = cipher->Open(sealed.value->material);
    if (!opened.ok()) return state.SkipWithError("open failed");
    benchmark::DoNotOptimize(opened.value->data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_CryptoOpen)->Name("crypto_open")->Arg(32)->Arg(1024)->Arg(65536);

void BM_Sha256Core(benchmark::State& state) {
  const std::string value(static_cast<std::size_t>(state.range(0)), 'v');
  for (auto _ : state) benchmark::DoNotOptimize(clasp::Sha256Of(value));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Sha256Core)->Name("crypto_sha256_core")->Arg(32)->Arg(1024)->Arg(65536);

void BM_Sha256OpenSsl(benchmark::State& state) {
  const std::string value(static_cast<std::size_t>(state.range(0)), 'v');
  EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::array<unsigned char, 32> digest{};
  unsigned int size = 0;
  for (auto _ : state) {
    EVP_DigestInit_ex2(ctx, md, nullptr);
    EVP_DigestUpdate(ctx, value.data(), value.size());
    EVP_DigestFinal_ex(ctx, digest.data(), &size);
    benchmark::DoNotOptimize(digest.data());
  }
  EVP_MD_CTX_free(ctx);
  EVP_MD_free(md);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Sha256OpenSsl)->Name("crypto_sha256_openssl")->Arg(32)->Arg(1024)->Arg(65536);

void BM_RandomIv(benchmark::State& state) {
  std::array<unsigned char, kGcmIvBytes> iv{};
  for (auto _ : state) {
    if (!SystemRandom().Fill(iv.data(), iv.size()).ok()) return state.SkipWithError("random failed");
    benchmark::DoNotOptimize(iv.data());
  }
}
BENCHMARK(BM_RandomIv)->Name("crypto_random_iv");

void BM_Base64Encode(benchmark::State& state) {
  const std::string bytes(static_cast<std::size_t>(state.range(0)), 'v');
  for (auto _ : state) benchmark::DoNotOptimize(Base64Encode(bytes));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Base64Encode)->Name("crypto_base64_encode")->Arg(32)->Arg(1024)->Arg(65536);

void BM_Base64Decode(benchmark::State& state) {
  const std::string text = Base64Encode(std::string(static_cast<std::size_t>(state.range(0)), 'v'));
  for (auto _ : state) benchmark::DoNotOptimize(Base64DecodeStrict(text));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Base64Decode)->Name("crypto_base64_decode")->Arg(32)->Arg(1024)->Arg(65536);

}  // namespace
