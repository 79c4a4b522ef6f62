// SHA-256 through OpenSSL (which uses the CPU's SHA instructions where present). Sha256 hashes
// a stream in pieces; the free functions hash a buffer or a whole file without loading it.
// Digests are shown as lower-case hex. A Sha256 object is not thread-safe; use one per thread.
#ifndef RECKON_CORE_SHA256_H_
#define RECKON_CORE_SHA256_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "reckon/core/result.h"

namespace reckon {

using Digest = std::array<std::uint8_t, 32>;

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::string_view bytes);
  // Returns the digest and resets the object for a new message.
  [[nodiscard]] Digest Finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

[[nodiscard]] Digest Sha256Of(std::string_view bytes);
[[nodiscard]] std::string HexOf(const Digest& digest);
[[nodiscard]] std::string Sha256Hex(std::string_view bytes);
// Streams the file at `path` through SHA-256 in 1 MiB pieces. Returns kNotFound when it cannot
// be opened, kUnavailable on a read error.
[[nodiscard]] Result<Digest> Sha256OfFile(const std::string& path);

}  // namespace reckon

#endif  // RECKON_CORE_SHA256_H_
