// clasp/native/secret_bytes.h — byte buffers that forget their contents.
//
// Master keys and decrypted values live in SecretBytes so that every copy is
// wiped with OPENSSL_cleanse when it dies (an optimiser may elide a plain
// memset before free; OPENSSL_cleanse is specified not to be elided).
//
//   SecretBytes k = SecretBytes::Copy("0123...");   // k.size() == 32
//   k.view()                                         // read access
// After `k` goes out of scope its heap block holds zeros, not key bytes.
// Copies are explicit (Copy/Clone) so a key is never duplicated by accident.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace clasp::native {

// Overwrites `size` bytes at `data` in a way the compiler cannot remove.
void Wipe(void* data, std::size_t size);
// Wipes a std::string's bytes, up to its capacity, and clears it (keeping the block).
void WipeString(std::string* s);

class SecretBytes {
 public:
  SecretBytes() = default;
  static SecretBytes Copy(std::string_view bytes);
  // Takes ownership of `bytes`; the caller's string is left empty.
  static SecretBytes Adopt(std::string&& bytes);
  ~SecretBytes();

  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;

  SecretBytes Clone() const { return Copy(bytes_); }
  std::string_view view() const { return bytes_; }
  const unsigned char* data() const { return reinterpret_cast<const unsigned char*>(bytes_.data()); }
  std::size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }
  // Releases the bytes as a plain string for a caller that takes over the duty
  // to wipe them (the API boundary that hands a value to its consumer).
  std::string Release();

 private:
  std::string bytes_;
};

}  // namespace clasp::native
