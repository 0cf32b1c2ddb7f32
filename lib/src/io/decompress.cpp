#include "decompress.hpp"

#include <fmt/format.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <climits>
#include <new>

#include "errors.hpp"

namespace harfact::io::detail {

namespace {

unsigned byte_at(std::string_view s, std::size_t i) { return static_cast<unsigned char>(s[i]); }

error corrupt(const std::string& label, std::string_view format, std::uint64_t offset,
              std::string_view reason) {
  return file_error(
      errc::decompress, label,
      fmt::format("'{}': corrupt {} data near byte {} of the compressed file: {}", label, format,
                  offset, reason),
      fmt::format("the file is damaged; check it with `{} -t FILE` and recover "
                  "what you can with `{} -dc FILE > out.har`",
                  format == "zstd" ? "zstd" : "gzip", format == "zstd" ? "zstd" : "zcat"));
}

error truncated(const std::string& label, std::string_view format, std::uint64_t total) {
  return file_error(errc::decompress, label,
                    fmt::format("'{}': the {} stream ends at byte {} before the end of the "
                                "compressed data (truncated file?)",
                                label, format, total),
                    "the file was cut short (an interrupted download or copy?); fetch or "
                    "export it again");
}

// gzip (RFC 1952, possibly several members back to back, as `cat a.gz b.gz`
// produces) and zlib (RFC 1950, mitmproxy's .zhar) through zlib's inflate.
class zlib_decoder final : public decoder {
 public:
  zlib_decoder(bool gzip, const std::string& label) : gzip_(gzip), label_(label) {
    // 15 + 32: zlib detects the gzip header itself; 15: a raw zlib stream.
    if (inflateInit2(&zs_, gzip ? 15 + 32 : 15) != Z_OK) throw std::bad_alloc();
  }
  ~zlib_decoder() override { inflateEnd(&zs_); }
  zlib_decoder(const zlib_decoder&) = delete;
  zlib_decoder& operator=(const zlib_decoder&) = delete;

  result<void> feed(std::string_view chunk, std::uint64_t offset, text_sink& sink) override {
    while (!chunk.empty()) {
      // inflate takes at most UINT_MAX bytes at a time.
      const std::string_view part = chunk.substr(0, UINT_MAX);
      if (auto r = feed_part(part, offset, sink); !r) return r;
      chunk.remove_prefix(part.size());
      offset += part.size();
    }
    return {};
  }

  result<void> finish(std::uint64_t total) override {
    if (!ended_) return truncated(label_, name(), total);
    return {};
  }

 private:
  std::string_view name() const { return gzip_ ? "gzip" : "zlib"; }

  result<void> feed_part(std::string_view part, std::uint64_t offset, text_sink& sink) {
    zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(part.data()));
    zs_.avail_in = static_cast<uInt>(part.size());
    for (;;) {
      const std::uint64_t at = offset + (part.size() - zs_.avail_in);
      if (ended_) {
        if (zs_.avail_in == 0) return {};
        if (auto r = after_end(at); !r) return r;
        if (ended_) return {};  // only zero padding was left
      }
      const std::span<char> room = sink.space();
      zs_.next_out = reinterpret_cast<Bytef*>(room.data());
      zs_.avail_out = static_cast<uInt>(std::min<std::size_t>(room.size(), UINT_MAX));
      const uInt offered = zs_.avail_out;
      const int rc = inflate(&zs_, Z_NO_FLUSH);
      const std::uint64_t consumed = offset + (part.size() - zs_.avail_in);
      if (auto r = sink.commit(offered - zs_.avail_out, consumed); !r) return r;
      if (rc == Z_STREAM_END) {
        ended_ = true;
      } else if (rc == Z_BUF_ERROR && zs_.avail_in == 0) {
        return {};  // no progress possible without more input
      } else if (rc != Z_OK) {
        return corrupt(label_, name(), consumed, zs_.msg != nullptr ? zs_.msg : zError(rc));
      } else if (zs_.avail_in == 0 && zs_.avail_out != 0) {
        return {};  // chunk consumed and all pending output flushed
      }
    }
  }

  // After a complete stream. gzip: another member may follow, or zero padding
  // (which gzip(1) ignores too); zlib: nothing may follow.
  result<void> after_end(std::uint64_t at) {
    if (!gzip_) {
      return file_error(errc::decompress, label_,
                        fmt::format("'{}': unexpected data at byte {} after the end of the "
                                    "zlib stream",
                                    label_, at),
                        "the file has junk appended; remove it or re-export the capture");
    }
    while (zs_.avail_in != 0 && *zs_.next_in == 0) {
      ++zs_.next_in;
      --zs_.avail_in;
      zero_padding_ = true;
    }
    if (zs_.avail_in == 0) return {};
    if (zero_padding_) return corrupt(label_, "gzip", at, "data after the trailing zero bytes");
    // Later members must be gzip too (no auto-detection of a zlib header).
    if (inflateReset2(&zs_, 15 + 16) != Z_OK) throw std::bad_alloc();
    ended_ = false;
    return {};
  }

  z_stream zs_{};
  bool gzip_;
  bool ended_ = false;
  bool zero_padding_ = false;
  const std::string& label_;
};

class zstd_decoder final : public decoder {
 public:
  explicit zstd_decoder(const std::string& label) : ds_(ZSTD_createDStream()), label_(label) {
    if (ds_ == nullptr) throw std::bad_alloc();
  }
  ~zstd_decoder() override { ZSTD_freeDStream(ds_); }
  zstd_decoder(const zstd_decoder&) = delete;
  zstd_decoder& operator=(const zstd_decoder&) = delete;

  result<void> feed(std::string_view chunk, std::uint64_t offset, text_sink& sink) override {
    ZSTD_inBuffer in{chunk.data(), chunk.size(), 0};
    for (;;) {
      const std::span<char> room = sink.space();
      ZSTD_outBuffer out{room.data(), room.size(), 0};
      // Decodes successive frames (and skips skippable ones) on its own.
      const std::size_t rc = ZSTD_decompressStream(ds_, &out, &in);
      if (auto r = sink.commit(out.pos, offset + in.pos); !r) return r;
      if (ZSTD_isError(rc)) return failure(rc, offset + in.pos);
      pending_ = rc;
      // Output room left over means everything decodable so far was flushed.
      if (in.pos == in.size && out.pos < out.size) return {};
    }
  }

  result<void> finish(std::uint64_t total) override {
    // 0 means the last frame was completely decoded and flushed.
    if (pending_ != 0) return truncated(label_, "zstd", total);
    return {};
  }

 private:
  error failure(std::size_t rc, std::uint64_t at) const {
    error e = corrupt(label_, "zstd", at, ZSTD_getErrorName(rc));
    if (ZSTD_getErrorCode(rc) == ZSTD_error_frameParameter_windowTooLarge) {
      e.hint =
          "it was compressed with a window over 128 MiB (zstd --long); decompress it with "
          "`zstd -d --long=31 FILE` and open the plain file";
    }
    return e;
  }

  ZSTD_DStream* ds_;
  std::size_t pending_ = 1;  // nothing decoded yet: an empty input is incomplete
  const std::string& label_;
};

}  // namespace

compression detect_compression(std::string_view head) noexcept {
  if (head.size() >= 2 && byte_at(head, 0) == 0x1f && byte_at(head, 1) == 0x8b) {
    return compression::gzip;
  }
  if (head.size() >= 4 && byte_at(head, 0) == 0x28 && byte_at(head, 1) == 0xb5 &&
      byte_at(head, 2) == 0x2f && byte_at(head, 3) == 0xfd) {
    return compression::zstd;
  }
  // zlib: deflate with a 32 KiB window (CMF 0x78) and the header checksum
  // (CMF * 256 + FLG a multiple of 31). No JSON text starts with 'x'.
  if (head.size() >= 2 && byte_at(head, 0) == 0x78 &&
      (byte_at(head, 0) * 256 + byte_at(head, 1)) % 31 == 0) {
    return compression::zlib;
  }
  return compression::none;
}

std::unique_ptr<decoder> make_decoder(compression kind, const std::string& label) {
  switch (kind) {
    case compression::gzip: return std::make_unique<zlib_decoder>(true, label);
    case compression::zlib: return std::make_unique<zlib_decoder>(false, label);
    case compression::zstd: return std::make_unique<zstd_decoder>(label);
    case compression::none: break;
  }
  return nullptr;
}

}  // namespace harfact::io::detail
