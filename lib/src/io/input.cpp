#include "harfact/io/input.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "decompress.hpp"
#include "encoding.hpp"
#include "errors.hpp"
#include "mapped_file.hpp"
#include "padded_buffer.hpp"
#include "text_sink.hpp"

namespace harfact::io {

std::string_view compression_name(compression c) noexcept {
  switch (c) {
    case compression::none: return "none";
    case compression::gzip: return "gzip";
    case compression::zlib: return "zlib";
    case compression::zstd: return "zstd";
  }
  return "unknown";
}

std::string_view encoding_name(encoding e) noexcept {
  switch (e) {
    case encoding::utf8: return "utf-8";
    case encoding::utf8_bom: return "utf-8-bom";
    case encoding::utf16le: return "utf-16le";
    case encoding::utf16be: return "utf-16be";
  }
  return "unknown";
}

namespace {

using detail::file_error;

// Read and decompression step: large enough to amortise system calls, small
// enough to stay in cache between hashing and decompressing.
constexpr std::size_t k_chunk_size = std::size_t{256} << 10;

class unique_fd {
 public:
  explicit unique_fd(int fd) noexcept : fd_(fd) {}
  ~unique_fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  unique_fd(const unique_fd&) = delete;
  unique_fd& operator=(const unique_fd&) = delete;
  int get() const noexcept { return fd_; }

 private:
  int fd_;
};

// What reading an input into memory produced, before its encoding is looked at.
struct loaded {
  compression kind = compression::none;
  std::uint64_t input_bytes = 0;
  detail::padded_buffer text;
  digest256 input_digest{};
  digest256 text_digest{};
};

error empty_error(const std::string& label, bool decompressed) {
  return file_error(errc::empty_input, label,
                    decompressed ? fmt::format("'{}' decompresses to 0 bytes", label)
                                 : fmt::format("'{}' is empty (0 bytes)", label),
                    "the capture holds nothing; export it again (browser developer tools, "
                    "Network tab, \"Save all as HAR\")");
}

error open_error(const std::string& label, int err) {
  std::string hint = "check that the path names a readable file";
  if (err == ENOENT) hint = "check the path; a relative path starts in the current directory";
  if (err == EACCES || err == EPERM) hint = "check the file's permissions";
  if (err == EISDIR) hint = "pass a .har file (or .har.gz, .har.zst), not a directory";
  return file_error(errc::io_open, label,
                    fmt::format("cannot open '{}': {}", label, detail::os_reason(err)),
                    std::move(hint));
}

// One pass over the input: hashes the bytes as read and decompresses (or copies)
// them into the text buffer, which is hashed as it fills.
class pipeline {
 public:
  pipeline(std::string_view head, const input_options& options, const std::string& label,
           std::uint64_t input_size_hint)
      : kind_(detail::detect_compression(head)),
        decoder_(detail::make_decoder(kind_, label)),
        sink_(options, label, kind_ != compression::none,
              kind_ == compression::none ? input_size_hint : input_size_hint * 4,
              /*sniff=*/input_size_hint == 0) {}

  result<void> feed(std::string_view chunk) {
    input_hash_.update(chunk);
    const std::uint64_t offset = consumed_;
    consumed_ += chunk.size();
    if (!decoder_) return sink_.append(chunk);
    return decoder_->feed(chunk, offset, sink_);
  }

  result<loaded> finish() {
    if (decoder_) {
      if (auto r = decoder_->finish(consumed_); !r) return std::move(r).error();
    }
    loaded out;
    out.kind = kind_;
    out.input_bytes = consumed_;
    out.input_digest = input_hash_.finish();
    // Plain text is the input itself: hash it once.
    out.text_digest = decoder_ ? sink_.finish_hash() : out.input_digest;
    out.text = sink_.take();
    return out;
  }

 private:
  compression kind_;
  std::unique_ptr<detail::decoder> decoder_;
  detail::text_sink sink_;
  sha256 input_hash_;
  std::uint64_t consumed_ = 0;
};

// Reads into `buf` until it holds at least `min` bytes or the stream ends.
result<std::size_t> read_at_least(int fd, std::span<char> buf, std::size_t min,
                                  const std::string& label, std::uint64_t offset) {
  std::size_t got = 0;
  while (got < min) {
    const ssize_t n = ::read(fd, buf.data() + got, buf.size() - got);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      return file_error(errc::io_read, label,
                        fmt::format("reading '{}' failed after {} bytes: {}", label, offset + got,
                                    detail::os_reason(err)),
                        "check the device or the program writing to the pipe, then retry");
    }
    got += static_cast<std::size_t>(n);
  }
  return got;
}

// Reads a whole stream (stdin, a pipe, or a file not mapped) through a pipeline.
result<loaded> load_stream(int fd, const std::string& label, const input_options& options,
                           std::uint64_t size_hint) {
  const auto chunk = std::make_unique_for_overwrite<char[]>(k_chunk_size);
  const std::span<char> buf(chunk.get(), k_chunk_size);
  // The first read must see the magic bytes, even from a pipe that trickles.
  auto first = read_at_least(fd, buf, detail::k_magic_size, label, 0);
  if (!first) return std::move(first).error();
  if (*first == 0) return empty_error(label, false);
  pipeline pipe({chunk.get(), *first}, options, label, size_hint);
  std::uint64_t offset = 0;
  for (std::size_t n = *first; n != 0;) {
    if (auto r = pipe.feed({chunk.get(), n}); !r) return std::move(r).error();
    offset += n;
    auto next = read_at_least(fd, buf, 1, label, offset);
    if (!next) return std::move(next).error();
    n = *next;
  }
  return pipe.finish();
}

result<loaded> load_memory(std::string_view bytes, const std::string& label,
                           const input_options& options) {
  if (bytes.empty()) return empty_error(label, false);
  pipeline pipe(bytes.substr(0, detail::k_magic_size), options, label, bytes.size());
  // In chunks, like a file, so the limits trip before a bomb is fully expanded.
  for (std::size_t at = 0; at < bytes.size(); at += k_chunk_size) {
    if (auto r = pipe.feed(bytes.substr(at, k_chunk_size)); !r) return std::move(r).error();
  }
  return pipe.finish();
}

error utf16_refused(const std::string& label, bool big_endian) {
  return file_error(errc::unsupported_encoding, label,
                    fmt::format("'{}' is UTF-16 ({}-endian) text; harfact reads UTF-8 (UTF-16 "
                                "transcoding is turned off)",
                                label, big_endian ? "big" : "little"),
                    "re-save the file as UTF-8, e.g. iconv -f UTF-16 -t UTF-8 IN.har > OUT.har");
}

error utf32_refused(const std::string& label) {
  return file_error(errc::unsupported_encoding, label,
                    fmt::format("'{}' is UTF-32 text, which harfact does not read", label),
                    "re-save the file as UTF-8, e.g. iconv -f UTF-32 -t UTF-8 IN.har > OUT.har");
}

}  // namespace

struct input::impl {
  std::string label;
  compression kind = compression::none;
  encoding enc = encoding::utf8;
  std::size_t bom = 0;
  std::uint64_t input_bytes = 0;
  std::uint64_t text_bytes = 0;
  std::unique_ptr<detail::mapped_file> map;  // set while text() is the mapping
  detail::padded_buffer buffer;              // text() otherwise
  std::string_view text;
  std::size_t padded_size = 0;
  digest256 input_digest{};
  digest256 text_digest{};
  bool hashed = false;  // digests final

  result<void> open_path(const std::filesystem::path& path, const input_options& options);
  result<void> use_loaded(result<loaded> r, const input_options& options);
  void use_map(std::unique_ptr<detail::mapped_file> m);
  void use_buffer(detail::padded_buffer b);
  result<void> settle_encoding(const input_options& options);
  void finish_hash();
};

result<void> input::impl::open_path(const std::filesystem::path& path,
                                    const input_options& options) {
  if (path == "-") return use_loaded(load_stream(STDIN_FILENO, label, options, 0), options);
  const unique_fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
  struct stat st {};
  if (fd.get() < 0 || ::fstat(fd.get(), &st) != 0) return open_error(label, errno);
  // open(2) accepts a directory for reading; read(2) would fail later, less clearly.
  if (S_ISDIR(st.st_mode)) return open_error(label, EISDIR);
  // A device is never a capture, and some never end (/dev/zero, /dev/urandom).
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
    return file_error(errc::io_open, label,
                      fmt::format("cannot open '{}': a device, not a capture file", label),
                      "pass a .har file (or .har.gz, .har.zst); '-' reads standard input");
  }
  // Pipes, devices and files whose size the kernel does not know (/proc) are streamed.
  if (!S_ISREG(st.st_mode) || st.st_size <= 0) {
    return use_loaded(load_stream(fd.get(), label, options, 0), options);
  }
  const auto size = static_cast<std::uint64_t>(st.st_size);
  char head[detail::k_magic_size] = {};
  const ssize_t n = ::pread(fd.get(), head, sizeof head, 0);
  const auto found = detail::detect_compression({head, n > 0 ? static_cast<std::size_t>(n) : 0});
  if (found == compression::none && options.use_mmap) {
    if (auto m = detail::mapped_file::map(fd.get(), static_cast<std::size_t>(size))) {
      use_map(std::move(m));
      return settle_encoding(options);
    }
    // Not mappable (some special file systems): read it instead.
  }
  // Plain text read into memory is limited like stdin; refuse before reading it all.
  if (found == compression::none && size > options.max_bytes) {
    return detail::too_large_error(options, label, false);
  }
  return use_loaded(load_stream(fd.get(), label, options, size), options);
}

result<void> input::impl::use_loaded(result<loaded> r, const input_options& options) {
  if (!r) return std::move(r).error();
  loaded& l = *r;
  if (l.text.size() == 0) return empty_error(label, true);
  kind = l.kind;
  input_bytes = l.input_bytes;
  text_bytes = l.text.size();
  input_digest = l.input_digest;
  text_digest = l.text_digest;
  hashed = true;
  use_buffer(std::move(l.text));
  return settle_encoding(options);
}

void input::impl::use_map(std::unique_ptr<detail::mapped_file> m) {
  map = std::move(m);
  text = map->bytes();
  padded_size = text.size();  // nothing may be read past the end of the file
  input_bytes = text_bytes = text.size();
}

void input::impl::use_buffer(detail::padded_buffer b) {
  buffer = std::move(b);
  text = buffer.view();
  padded_size = buffer.size() + detail::k_text_padding;
}

// Looks at the text's encoding; UTF-16 is transcoded into a new buffer (so a
// mapped file is hashed and unmapped here: transcoding reads it in full anyway).
result<void> input::impl::settle_encoding(const input_options& options) {
  const detail::text_form form = detail::detect_text_form(text);
  switch (form) {
    case detail::text_form::utf8: return {};
    case detail::text_form::utf8_bom:
      enc = encoding::utf8_bom;
      bom = 3;
      return {};
    case detail::text_form::utf32le:
    case detail::text_form::utf32be: return utf32_refused(label);
    case detail::text_form::utf16le:
    case detail::text_form::utf16be: break;
  }
  const bool big_endian = form == detail::text_form::utf16be;
  if (!options.transcode_utf16) return utf16_refused(label, big_endian);
  enc = big_endian ? encoding::utf16be : encoding::utf16le;
  finish_hash();
  use_buffer(detail::transcode_utf16(text.substr(detail::bom_length(text, form)), big_endian));
  map.reset();
  return {};
}

void input::impl::finish_hash() {
  if (hashed) return;
  if (map) input_digest = text_digest = map->finish_hash();
  hashed = true;
}

input::input() : impl_(std::make_unique<impl>()) {}
input::~input() = default;

result<std::unique_ptr<input>> input::open(const std::filesystem::path& path,
                                           const input_options& options) {
  std::unique_ptr<input> in(new input());
  in->impl_->label = path.string();
  if (auto r = in->impl_->open_path(path, options); !r) return std::move(r).error();
  return in;
}

result<std::unique_ptr<input>> input::from_memory(std::string_view bytes, std::string label,
                                                  const input_options& options) {
  std::unique_ptr<input> in(new input());
  in->impl_->label = std::move(label);
  auto loaded_input = load_memory(bytes, in->impl_->label, options);
  if (auto r = in->impl_->use_loaded(std::move(loaded_input), options); !r) {
    return std::move(r).error();
  }
  return in;
}

std::string_view input::text() const noexcept { return impl_->text; }
std::size_t input::padded_size() const noexcept { return impl_->padded_size; }
std::size_t input::bom_size() const noexcept { return impl_->bom; }
const std::string& input::label() const noexcept { return impl_->label; }
compression input::compression_kind() const noexcept { return impl_->kind; }
encoding input::encoding_kind() const noexcept { return impl_->enc; }
bool input::mapped() const noexcept { return impl_->map != nullptr; }
std::uint64_t input::input_bytes() const noexcept { return impl_->input_bytes; }
std::uint64_t input::text_bytes() const noexcept { return impl_->text_bytes; }

void input::hash_through(std::uint64_t offset) {
  if (impl_->map && !impl_->hashed) impl_->map->hash_through(offset);
}

void input::hash_in_background(bool release_behind) {
  if (impl_->map && !impl_->hashed) impl_->map->hash_in_background(release_behind);
}

const digest256& input::sha256_input() {
  impl_->finish_hash();
  return impl_->input_digest;
}

const digest256& input::sha256_text() {
  impl_->finish_hash();
  return impl_->text_digest;
}

void input::release_before(std::uint64_t offset) {
  if (impl_->map) impl_->map->release_before(offset);
}

std::uint64_t input::release(std::uint64_t begin, std::uint64_t end) {
  return impl_->map ? impl_->map->release(begin, end) : begin;
}

std::uint64_t input::released_bytes() const noexcept {
  return impl_->map ? impl_->map->released_bytes() : 0;
}

}  // namespace harfact::io
