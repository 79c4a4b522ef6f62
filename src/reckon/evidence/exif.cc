#include "reckon/evidence/exif.h"

#include <cstdint>
#include <cstdio>

#include "reckon/core/text.h"

namespace reckon::evidence {
namespace {

// A TIFF structure inside the EXIF segment, read with its byte order and bounds checks.
class Tiff {
 public:
  explicit Tiff(std::string_view data) : data_(data) {
    if (data_.size() >= 8) little_ = data_.substr(0, 2) == "II";
  }
  bool Valid() const {
    return data_.size() >= 8 && (data_.substr(0, 2) == "II" || data_.substr(0, 2) == "MM") &&
           U16(2).value_or(0) == 42;
  }
  std::optional<std::uint16_t> U16(size_t at) const {
    if (at + 2 > data_.size()) return std::nullopt;
    auto b = [&](size_t i) {
      return static_cast<std::uint16_t>(static_cast<unsigned char>(data_[at + i]));
    };
    return little_ ? static_cast<std::uint16_t>(b(0) | (b(1) << 8))
                   : static_cast<std::uint16_t>((b(0) << 8) | b(1));
  }
  std::optional<std::uint32_t> U32(size_t at) const {
    if (at + 4 > data_.size()) return std::nullopt;
    auto b = [&](size_t i) {
      return static_cast<std::uint32_t>(static_cast<unsigned char>(data_[at + i]));
    };
    return little_ ? (b(0) | (b(1) << 8) | (b(2) << 16) | (b(3) << 24))
                   : ((b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3));
  }
  struct Entry {
    std::uint16_t tag;
    std::uint16_t type;
    std::uint32_t count;
    size_t value_at;  // Where the value is (inline or at its offset).
  };
  // The entries of the IFD at `offset` (at most 512; a malformed IFD gives fewer).
  std::vector<Entry> Entries(std::uint32_t offset) const {
    std::vector<Entry> entries;
    auto count = U16(offset);
    if (!count) return entries;
    for (std::uint16_t i = 0; i < *count && i < 512; ++i) {
      size_t at = offset + 2 + 12u * i;
      auto tag = U16(at);
      auto type = U16(at + 2);
      auto n = U32(at + 4);
      if (!tag || !type || !n) break;
      size_t unit = *type == 2 || *type == 1 || *type == 7 ? 1
                    : *type == 3                           ? 2
                    : *type == 5                           ? 8
                                                           : 4;
      std::uint64_t size = std::uint64_t{unit} * *n;
      size_t value_at = at + 8;
      if (size > 4) {
        auto pointer = U32(at + 8);
        if (!pointer) break;
        value_at = *pointer;
      }
      if (value_at + size > data_.size()) continue;
      entries.push_back({*tag, *type, *n, value_at});
    }
    return entries;
  }
  std::string Ascii(const Entry& entry) const {
    if (entry.type != 2) return "";
    std::string text(data_.substr(entry.value_at, entry.count));
    while (!text.empty() && (text.back() == '\0' || text.back() == ' ')) text.pop_back();
    if (FindInvalidUtf8(text)) return "";
    for (char& c : text) {
      if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    }
    return text;
  }
  // Degrees from three unsigned rationals (degrees, minutes, seconds).
  std::optional<double> Degrees(const Entry& entry) const {
    if (entry.type != 5 || entry.count != 3) return std::nullopt;
    double parts[3];
    for (int i = 0; i < 3; ++i) {
      auto numerator = U32(entry.value_at + 8u * static_cast<size_t>(i));
      auto denominator = U32(entry.value_at + 8u * static_cast<size_t>(i) + 4);
      if (!numerator || !denominator || *denominator == 0) return std::nullopt;
      parts[i] = static_cast<double>(*numerator) / static_cast<double>(*denominator);
    }
    double degrees = parts[0] + parts[1] / 60 + parts[2] / 3600;
    if (degrees > 180) return std::nullopt;
    return degrees;
  }
  std::uint32_t FirstIfd() const { return U32(4).value_or(0); }

 private:
  std::string_view data_;
  bool little_ = true;
};

// "2031:04:02 09:30:00" -> "2031-04-02T09:30:00", or "" when it is not that shape.
std::string IsoFromExif(const std::string& text) {
  if (text.size() < 19 || text[4] != ':' || text[7] != ':' || text[10] != ' ' || text[13] != ':' ||
      text[16] != ':') {
    return "";
  }
  std::string out = text.substr(0, 19);
  out[4] = '-';
  out[7] = '-';
  out[10] = 'T';
  return out;
}

std::string JsonText(const std::string& text) { return "\"" + JsonEscape(text) + "\""; }

}  // namespace

std::string CaptureMetadata::ToJson() const {
  std::string out = "{";
  auto add = [&](const std::string& key, const std::string& value) {
    out += (out.size() > 1 ? ", " : "") + JsonText(key) + ": " + value;
  };
  if (!taken_at.empty()) add("taken_at", JsonText(taken_at));
  if (!device.empty()) add("device", JsonText(device));
  char buffer[32];
  if (latitude) {
    std::snprintf(buffer, sizeof buffer, "%.6f", *latitude);
    add("latitude", buffer);
  }
  if (longitude) {
    std::snprintf(buffer, sizeof buffer, "%.6f", *longitude);
    add("longitude", buffer);
  }
  return out + "}";
}

namespace {

// Big-endian unsigned integer of `size` bytes (0, 4 or 8) at `at`, if it fits.
std::optional<std::uint64_t> BigEndian(std::string_view b, size_t at, size_t size) {
  if (size > 8 || at > b.size() || size > b.size() - at) return std::nullopt;
  std::uint64_t value = 0;
  for (size_t i = 0; i < size; ++i) value = (value << 8) | static_cast<unsigned char>(b[at + i]);
  return value;
}

std::uint32_t LittleEndian32(std::string_view b, size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24);
}

// JPEG: the APP1 segment "Exif\0\0", before the start of scan.
std::string_view JpegExif(std::string_view bytes) {
  size_t at = 2;
  while (at + 4 <= bytes.size() && static_cast<unsigned char>(bytes[at]) == 0xFF) {
    auto marker = static_cast<unsigned char>(bytes[at + 1]);
    size_t length = (static_cast<size_t>(static_cast<unsigned char>(bytes[at + 2])) << 8) |
                    static_cast<unsigned char>(bytes[at + 3]);
    if (length < 2 || at + 2 + length > bytes.size()) break;
    std::string_view body = bytes.substr(at + 4, length - 2);
    if (marker == 0xE1 && body.substr(0, 6) == std::string_view("Exif\0\0", 6)) {
      return body.substr(6);
    }
    if (marker == 0xDA) break;  // Start of scan: no metadata after it.
    at += 2 + length;
  }
  return {};
}

// PNG: the eXIf chunk (a TIFF structure), which comes before the image data.
std::string_view PngExif(std::string_view bytes) {
  size_t at = 8;
  while (at + 12 <= bytes.size()) {
    const std::uint64_t length = *BigEndian(bytes, at, 4);
    const std::string_view type = bytes.substr(at + 4, 4);
    if (length > bytes.size() - at - 12) break;
    if (type == "eXIf") return bytes.substr(at + 8, length);
    if (type == "IDAT" || type == "IEND") break;
    at += 12 + static_cast<size_t>(length);
  }
  return {};
}

// WebP: the EXIF chunk of the extended format (some writers start it with "Exif\0\0").
std::string_view WebpExif(std::string_view bytes) {
  size_t at = 12;
  while (at + 8 <= bytes.size()) {
    const std::string_view fourcc = bytes.substr(at, 4);
    const std::uint32_t length = LittleEndian32(bytes, at + 4);
    if (length > bytes.size() - at - 8) break;
    std::string_view body = bytes.substr(at + 8, length);
    if (fourcc == "EXIF") {
      if (body.substr(0, 6) == std::string_view("Exif\0\0", 6)) body.remove_prefix(6);
      return body;
    }
    at += 8 + static_cast<size_t>(length) + (length & 1U);  // Chunks are padded to even sizes.
  }
  return {};
}

// The ISO base media file format boxes in `bytes` (a file, or a box's body): type, and the body.
struct Box {
  std::string_view type;
  std::string_view body;
};
std::vector<Box> Boxes(std::string_view bytes) {
  std::vector<Box> boxes;
  size_t at = 0;
  while (at + 8 <= bytes.size() && boxes.size() < 4096) {
    std::uint64_t size = *BigEndian(bytes, at, 4);
    std::string_view type = bytes.substr(at + 4, 4);
    size_t header = 8;
    if (size == 1) {
      auto large = BigEndian(bytes, at + 8, 8);
      if (!large) break;
      size = *large;
      header = 16;
    } else if (size == 0) {
      size = bytes.size() - at;
    }
    if (size < header) break;
    // A box cut off by the end of what was read keeps what there is of its body.
    const size_t available = bytes.size() - at;
    const size_t length = size > available ? available : static_cast<size_t>(size);
    boxes.push_back({type, bytes.substr(at + header, length - header)});
    if (size > available) break;
    at += static_cast<size_t>(size);
  }
  return boxes;
}

// HEIF (HEIC, AVIF): the file offset and length of the Exif item, from the `meta` box's item
// information (iinf/infe) and item locations (iloc). Only items stored in the file itself
// (construction method 0) in one extent are read.
std::optional<std::pair<std::uint64_t, std::uint64_t>> HeifExifExtent(std::string_view bytes) {
  std::string_view meta;
  for (const Box& box : Boxes(bytes)) {
    if (box.type == "meta") meta = box.body;
  }
  if (meta.size() < 4) return std::nullopt;
  std::optional<std::uint64_t> exif_item;
  std::string_view iloc;
  for (const Box& box : Boxes(meta.substr(4))) {  // `meta` is a full box: version and flags.
    if (box.type == "iloc") iloc = box.body;
    if (box.type != "iinf" || box.body.size() < 6) continue;
    const size_t count_size = box.body[0] == 0 ? 2 : 4;
    for (const Box& entry : Boxes(box.body.substr(4 + count_size))) {
      if (entry.type != "infe" || entry.body.size() < 4) continue;
      const auto version = static_cast<unsigned char>(entry.body[0]);
      if (version < 2) continue;
      const size_t id_size = version == 2 ? 2 : 4;
      auto id = BigEndian(entry.body, 4, id_size);
      if (!id || entry.body.size() < 4 + id_size + 2 + 4) continue;
      if (entry.body.substr(4 + id_size + 2, 4) == "Exif") exif_item = *id;
    }
  }
  if (!exif_item || iloc.size() < 8) return std::nullopt;
  const auto version = static_cast<unsigned char>(iloc[0]);
  if (version > 2) return std::nullopt;
  const auto sizes = static_cast<unsigned char>(iloc[4]);
  const auto more = static_cast<unsigned char>(iloc[5]);
  const size_t offset_size = sizes >> 4;
  const size_t length_size = sizes & 0x0F;
  const size_t base_size = more >> 4;
  const size_t index_size = version >= 1 ? (more & 0x0F) : 0;
  for (size_t s : {offset_size, length_size, base_size, index_size}) {
    if (s != 0 && s != 4 && s != 8) return std::nullopt;
  }
  size_t at = 6;
  const size_t count_size = version < 2 ? 2 : 4;
  auto count = BigEndian(iloc, at, count_size);
  if (!count) return std::nullopt;
  at += count_size;
  for (std::uint64_t item = 0; item < *count && item < 65536; ++item) {
    auto id = BigEndian(iloc, at, count_size);
    if (!id) return std::nullopt;
    at += count_size;
    std::uint64_t method = 0;
    if (version >= 1) {
      auto field = BigEndian(iloc, at, 2);
      if (!field) return std::nullopt;
      method = *field & 0x0F;
      at += 2;
    }
    at += 2;  // Data reference index.
    auto base = BigEndian(iloc, at, base_size);
    if (!base) return std::nullopt;
    at += base_size;
    auto extents = BigEndian(iloc, at, 2);
    if (!extents) return std::nullopt;
    at += 2;
    std::optional<std::pair<std::uint64_t, std::uint64_t>> first;
    for (std::uint64_t e = 0; e < *extents && e < 1024; ++e) {
      at += index_size;
      auto offset = BigEndian(iloc, at, offset_size);
      auto length = BigEndian(iloc, at + offset_size, length_size);
      if (!offset || !length) return std::nullopt;
      at += offset_size + length_size;
      if (e == 0) first = std::pair{*base + *offset, *length};
    }
    if (*id == *exif_item) {
      if (method != 0 || *extents != 1 || !first || first->first < *base) return std::nullopt;
      return first;
    }
  }
  return std::nullopt;
}

// The TIFF structure in a HEIF Exif item: a 4-byte offset to the TIFF header, then the data.
std::string_view HeifExifTiff(std::string_view item) {
  auto offset = BigEndian(item, 0, 4);
  if (!offset || *offset > item.size() - 4) return {};
  return item.substr(4 + static_cast<size_t>(*offset));
}

}  // namespace

CaptureMetadata ParseCaptureMetadata(std::string_view bytes, const ReadAt& read_at) {
  CaptureMetadata metadata;
  std::string_view exif;
  std::string heif_item;  // Holds a HEIF Exif item read from beyond `bytes`.
  if (bytes.substr(0, 2) == "\xFF\xD8") {
    exif = JpegExif(bytes);
  } else if (bytes.substr(0, 8) == "\x89PNG\r\n\x1A\n") {
    exif = PngExif(bytes);
  } else if (bytes.size() >= 12 && bytes.substr(0, 4) == "RIFF" && bytes.substr(8, 4) == "WEBP") {
    exif = WebpExif(bytes);
  } else if (bytes.size() >= 12 && bytes.substr(4, 4) == "ftyp") {
    if (auto extent = HeifExifExtent(bytes); extent && extent->second <= kMaxExifItem) {
      const std::uint64_t offset = extent->first;
      const auto length = static_cast<size_t>(extent->second);
      if (offset <= bytes.size() && length <= bytes.size() - offset) {
        exif = HeifExifTiff(bytes.substr(static_cast<size_t>(offset), length));
      } else if (read_at) {
        heif_item = read_at(offset, length);
        if (heif_item.size() == length) exif = HeifExifTiff(heif_item);
      }
    }
  } else if (bytes.substr(0, 4) == std::string_view("II*\0", 4) ||
             bytes.substr(0, 4) == std::string_view("MM\0*", 4)) {
    exif = bytes;  // A TIFF file (and camera raw formats built on TIFF) is itself the structure.
  }
  Tiff tiff(exif);
  if (!tiff.Valid()) return metadata;
  std::string make, model, date_time, original;
  std::uint32_t exif_ifd = 0, gps_ifd = 0;
  for (const auto& entry : tiff.Entries(tiff.FirstIfd())) {
    if (entry.tag == 0x010F) make = tiff.Ascii(entry);
    if (entry.tag == 0x0110) model = tiff.Ascii(entry);
    if (entry.tag == 0x0132) date_time = tiff.Ascii(entry);
    if (entry.tag == 0x8769 && entry.count == 1) exif_ifd = tiff.U32(entry.value_at).value_or(0);
    if (entry.tag == 0x8825 && entry.count == 1) gps_ifd = tiff.U32(entry.value_at).value_or(0);
  }
  if (exif_ifd != 0) {
    for (const auto& entry : tiff.Entries(exif_ifd)) {
      if (entry.tag == 0x9003) original = tiff.Ascii(entry);
    }
  }
  metadata.taken_at = IsoFromExif(original.empty() ? date_time : original);
  metadata.device = Trim(make + " " + model);
  if (gps_ifd != 0) {
    std::string latitude_ref, longitude_ref;
    std::optional<double> latitude, longitude;
    for (const auto& entry : tiff.Entries(gps_ifd)) {
      if (entry.tag == 1) latitude_ref = tiff.Ascii(entry);
      if (entry.tag == 2) latitude = tiff.Degrees(entry);
      if (entry.tag == 3) longitude_ref = tiff.Ascii(entry);
      if (entry.tag == 4) longitude = tiff.Degrees(entry);
    }
    if (latitude && *latitude <= 90 && (latitude_ref == "N" || latitude_ref == "S")) {
      metadata.latitude = latitude_ref == "S" ? -*latitude : *latitude;
    }
    if (longitude && (longitude_ref == "E" || longitude_ref == "W")) {
      metadata.longitude = longitude_ref == "W" ? -*longitude : *longitude;
    }
  }
  return metadata;
}

}  // namespace reckon::evidence
