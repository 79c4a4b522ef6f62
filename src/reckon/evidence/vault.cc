#include "reckon/evidence/vault.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "reckon/core/sha256.h"
#include "reckon/core/text.h"

namespace reckon::evidence {
namespace {

constexpr size_t kPiece = 1 << 20;

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Closes a file descriptor when it goes out of scope.
struct Descriptor {
  int fd = -1;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

}  // namespace

std::string DetectMediaType(std::string_view head) {
  if (StartsWith(head, "\xFF\xD8\xFF")) return "image/jpeg";
  if (StartsWith(head, "\x89PNG\r\n\x1A\n")) return "image/png";
  if (StartsWith(head, "GIF87a") || StartsWith(head, "GIF89a")) return "image/gif";
  if (StartsWith(head, std::string_view("II*\x00", 4)) ||
      StartsWith(head, std::string_view("MM\x00*", 4))) {
    return "image/tiff";
  }
  if (StartsWith(head, "%PDF-")) return "application/pdf";
  if (StartsWith(head, "PK\x03\x04")) return "application/zip";
  if (head.size() >= 12 && head.substr(4, 4) == "ftyp") {
    const std::string_view brand = head.substr(8, 4);
    if (brand == "heic" || brand == "heix" || brand == "heim" || brand == "heis" ||
        brand == "hevc" || brand == "hevx") {
      return "image/heic";
    }
    if (brand == "mif1" || brand == "msf1") return "image/heif";
    if (brand == "avif" || brand == "avis") return "image/avif";
    return head.substr(8, 2) == "qt" ? "video/quicktime" : "video/mp4";
  }
  if (StartsWith(head, "RIFF") && head.size() >= 12 && head.substr(8, 4) == "WAVE") {
    return "audio/wav";
  }
  if (StartsWith(head, "RIFF") && head.size() >= 12 && head.substr(8, 4) == "WEBP") {
    return "image/webp";
  }
  if (StartsWith(head, "ID3") || (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0xFF &&
                                  (static_cast<unsigned char>(head[1]) & 0xE0) == 0xE0)) {
    return "audio/mpeg";
  }
  if (StartsWith(head, "OggS")) return "audio/ogg";
  if (StartsWith(head, "\x1A\x45\xDF\xA3")) return "video/webm";
  // Text: valid UTF-8 (a sequence cut at the end of the sample is allowed) without NUL bytes.
  if (head.find('\0') == std::string_view::npos) {
    auto bad = FindInvalidUtf8(head);
    if (!bad || *bad + 4 > head.size()) return "text/plain";
  }
  return "application/octet-stream";
}

std::string Vault::PathOf(std::string_view sha256) const {
  return directory_ + "/" + std::string(sha256.substr(0, 2)) + "/" + std::string(sha256.substr(2));
}

Result<StoredBlob> Vault::Add(const std::string& path) const {
  Descriptor source{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (source.fd < 0) return MakeError(ErrorCode::kNotFound, Errno(path + ": cannot open"));
  if (::mkdir(directory_.c_str(), 0755) != 0 && errno != EEXIST) {
    return MakeError(ErrorCode::kUnavailable, Errno(directory_ + ": cannot create the vault"));
  }
  std::string temporary = directory_ + "/.incoming-XXXXXX";
  Descriptor target{::mkstemp(temporary.data())};
  if (target.fd < 0) {
    return MakeError(ErrorCode::kUnavailable, Errno(directory_ + ": cannot write to the vault"));
  }
  auto discard = [&](Error error) {
    ::unlink(temporary.c_str());
    return tl::unexpected(std::move(error));
  };
  // Copy first, in the kernel where it can (copy_file_range), then hash what was stored: the
  // blob's name is the hash of its own bytes even if the source changes meanwhile.
  bool copied = false;
  for (loff_t offset = 0;;) {
    ssize_t moved = ::copy_file_range(source.fd, &offset, target.fd, nullptr, 1 << 30, 0);
    if (moved < 0) {
      if (errno == EINTR) continue;
      if (offset == 0 &&
          (errno == EXDEV || errno == ENOSYS || errno == EOPNOTSUPP || errno == EINVAL)) {
        break;  // Not supported here: copy through memory below.
      }
      return discard(Error{ErrorCode::kUnavailable, Errno(path + ": copy error")});
    }
    if (moved == 0) {
      copied = true;
      break;
    }
  }
  std::vector<char> buffer(kPiece);
  if (!copied) {
    // Through memory, one piece at a time: memory stays at one piece whatever the file's size.
    while (true) {
      ssize_t got = ::read(source.fd, buffer.data(), buffer.size());
      if (got < 0) {
        if (errno == EINTR) continue;
        return discard(Error{ErrorCode::kUnavailable, Errno(path + ": read error")});
      }
      if (got == 0) break;
      for (ssize_t written = 0; written < got;) {
        ssize_t put =
            ::write(target.fd, buffer.data() + written, static_cast<size_t>(got - written));
        if (put < 0) {
          if (errno == EINTR) continue;
          return discard(Error{ErrorCode::kUnavailable, Errno(directory_ + ": write error")});
        }
        written += put;
      }
    }
  }
  // Hash the stored copy.
  Sha256 hasher;
  StoredBlob blob;
  std::string head;
  ::posix_fadvise(target.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  for (off_t offset = 0;;) {
    ssize_t got = ::pread(target.fd, buffer.data(), buffer.size(), offset);
    if (got < 0) {
      if (errno == EINTR) continue;
      return discard(Error{ErrorCode::kUnavailable, Errno(directory_ + ": read error")});
    }
    if (got == 0) break;
    std::string_view piece(buffer.data(), static_cast<size_t>(got));
    if (head.size() < 512) head.append(piece.substr(0, 512 - head.size()));
    hasher.Update(piece);
    offset += got;
    blob.size += got;
  }
  blob.sha256 = HexOf(hasher.Finish());
  blob.media_type = DetectMediaType(head);
  const std::string final_path = PathOf(blob.sha256);
  struct stat info;
  if (::stat(final_path.c_str(), &info) == 0) {
    ::unlink(temporary.c_str());
    blob.already_stored = true;
    return blob;
  }
  if (::fsync(target.fd) != 0) {
    return discard(Error{ErrorCode::kUnavailable, Errno(directory_ + ": cannot sync")});
  }
  const std::string folder = directory_ + "/" + blob.sha256.substr(0, 2);
  if (::mkdir(folder.c_str(), 0755) != 0 && errno != EEXIST) {
    return discard(Error{ErrorCode::kUnavailable, Errno(folder + ": cannot create")});
  }
  ::fchmod(target.fd, 0444);
  if (::rename(temporary.c_str(), final_path.c_str()) != 0) {
    return discard(Error{ErrorCode::kUnavailable, Errno(final_path + ": cannot store")});
  }
  Descriptor directory{::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (directory.fd >= 0) ::fsync(directory.fd);
  return blob;
}

Status Vault::Check(std::string_view sha256, std::int64_t size) const {
  const std::string path = PathOf(sha256);
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) {
    return MakeError(ErrorCode::kNotFound,
                     "blob " + std::string(sha256) + " is missing from the vault");
  }
  if (info.st_size != size) {
    return MakeError(ErrorCode::kDataLoss, "blob " + std::string(sha256) + " has " +
                                               std::to_string(info.st_size) + " bytes, not " +
                                               std::to_string(size));
  }
  RECKON_ASSIGN_OR_RETURN(Digest digest, Sha256OfFile(path));
  if (HexOf(digest) != sha256) {
    return MakeError(ErrorCode::kDataLoss, "blob " + std::string(sha256) +
                                               " no longer hashes to its name: it was altered");
  }
  return {};
}

}  // namespace reckon::evidence
