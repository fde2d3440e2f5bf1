#include "clasp/native/secret_bytes.h"

#include <openssl/crypto.h>

#include <utility>

namespace clasp::native {

void Wipe(void* data, std::size_t size) {
  if (data != nullptr && size > 0) OPENSSL_cleanse(data, size);
}

void WipeString(std::string* s) {
  // The whole capacity: bytes past size() may still hold an earlier, longer
  // text (a moved-from short string keeps its inline bytes, a shrunk one its
  // tail). resize() reaches them without reallocating; short strings live
  // inside the object (SSO), long ones on the heap, data() covers both.
  s->resize(s->capacity());
  Wipe(s->data(), s->size());
  s->clear();
}

SecretBytes SecretBytes::Copy(std::string_view bytes) {
  SecretBytes out;
  out.bytes_.assign(bytes.data(), bytes.size());
  return out;
}

SecretBytes SecretBytes::Adopt(std::string&& bytes) {
  SecretBytes out;
  // A move of a heap string transfers the block; of an SSO string it copies
  // the inline bytes, so the source is wiped either way.
  out.bytes_ = std::move(bytes);
  WipeString(&bytes);
  return out;
}

SecretBytes::~SecretBytes() { WipeString(&bytes_); }

SecretBytes::SecretBytes(SecretBytes&& other) noexcept : bytes_(std::move(other.bytes_)) {
  WipeString(&other.bytes_);
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    WipeString(&bytes_);
    bytes_ = std::move(other.bytes_);
    WipeString(&other.bytes_);
  }
  return *this;
}

std::string SecretBytes::Release() {
  std::string out = std::move(bytes_);
  WipeString(&bytes_);
  return out;
}

}  // namespace clasp::native
