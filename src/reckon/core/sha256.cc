#include "reckon/core/sha256.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace reckon {

namespace {
const EVP_MD* Sha256Method();
}  // namespace

struct Sha256::State {
  EVP_MD_CTX* context = nullptr;
};

Sha256::Sha256() : state_(std::make_unique<State>()) {
  state_->context = EVP_MD_CTX_new();
  EVP_DigestInit_ex(state_->context, Sha256Method(), nullptr);
}

Sha256::~Sha256() { EVP_MD_CTX_free(state_->context); }

void Sha256::Update(std::string_view bytes) {
  EVP_DigestUpdate(state_->context, bytes.data(), bytes.size());
}

Digest Sha256::Finish() {
  Digest digest{};
  unsigned int length = 0;
  EVP_DigestFinal_ex(state_->context, digest.data(), &length);
  EVP_DigestInit_ex(state_->context, Sha256Method(), nullptr);
  return digest;
}

namespace {

// The SHA-256 implementation, fetched from OpenSSL's provider once rather than on every call.
const EVP_MD* Sha256Method() {
  static EVP_MD* const kMethod = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return kMethod != nullptr ? kMethod : EVP_sha256();
}

}  // namespace

Digest Sha256Of(std::string_view bytes) {
  // One context per thread, reused: hashing many small records is the common case.
  thread_local std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> context(EVP_MD_CTX_new(),
                                                                          EVP_MD_CTX_free);
  Digest digest{};
  unsigned int length = 0;
  EVP_DigestInit_ex(context.get(), Sha256Method(), nullptr);
  EVP_DigestUpdate(context.get(), bytes.data(), bytes.size());
  EVP_DigestFinal_ex(context.get(), digest.data(), &length);
  return digest;
}

std::string HexOf(const Digest& digest) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(64, '0');
  for (size_t i = 0; i < digest.size(); ++i) {
    out[2 * i] = kHex[digest[i] >> 4];
    out[2 * i + 1] = kHex[digest[i] & 0xF];
  }
  return out;
}

std::string Sha256Hex(std::string_view bytes) { return HexOf(Sha256Of(bytes)); }

Result<Digest> Sha256OfFile(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return MakeError(ErrorCode::kNotFound, path + ": cannot open: " + std::strerror(errno));
  }
  Sha256 hasher;
  std::vector<char> buffer(1 << 20);
  size_t got;
  while ((got = std::fread(buffer.data(), 1, buffer.size(), file)) > 0) {
    hasher.Update(std::string_view(buffer.data(), got));
  }
  bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) return MakeError(ErrorCode::kUnavailable, path + ": read error");
  return hasher.Finish();
}

}  // namespace reckon
