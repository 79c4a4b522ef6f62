// Capture metadata embedded in image files: from the EXIF structure of JPEG (APP1 segment), PNG
// (eXIf chunk), WebP (EXIF chunk), HEIF (HEIC and AVIF: the Exif item) and TIFF files (and
// camera raw formats built on TIFF), when the picture was taken (DateTimeOriginal, else
// DateTime), the device (Make and Model) and where (GPS latitude and longitude). Video
// containers are not read. The parser reads
// untrusted bytes: every offset is bounds-checked, and anything malformed simply yields less
// metadata. Thread-safe.
#ifndef RECKON_EVIDENCE_EXIF_H_
#define RECKON_EVIDENCE_EXIF_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace reckon::evidence {

struct CaptureMetadata {
  std::string taken_at;             // "YYYY-MM-DDTHH:MM:SS" (camera local time, no zone), or empty.
  std::string device;               // "Make Model", or empty.
  std::optional<double> latitude;   // Degrees, south negative.
  std::optional<double> longitude;  // Degrees, west negative.

  [[nodiscard]] bool empty() const {
    return taken_at.empty() && device.empty() && !latitude && !longitude;
  }
  // A JSON object with the fields present ("{}" when none).
  [[nodiscard]] std::string ToJson() const;
};

// Reads `length` bytes of the file from `offset`; fewer (or none) when the file is shorter.
using ReadAt = std::function<std::string(std::uint64_t offset, std::size_t length)>;

// A HEIF Exif item larger than this is not read.
inline constexpr std::uint64_t kMaxExifItem = std::uint64_t{1} << 20;

// Reads the metadata from the first bytes of an image file (the format is recognised from them;
// other files give none). The EXIF of JPEG and PNG files sits near the start; a WebP file's
// EXIF chunk comes after its image data, so give the whole of a small file. A HEIF file says in
// its first boxes where its Exif item is; `read_at`, when given, fetches it from beyond `bytes`.
[[nodiscard]] CaptureMetadata ParseCaptureMetadata(std::string_view bytes,
                                                   const ReadAt& read_at = {});

}  // namespace reckon::evidence

#endif  // RECKON_EVIDENCE_EXIF_H_
