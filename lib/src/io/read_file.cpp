#include "harfact/io/read_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <memory>

#include "io/errors.hpp"

namespace harfact::io {

namespace {

struct file_closer {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};

error too_large(const std::string& label, std::uint64_t max_bytes, std::string_view what) {
  return detail::file_error(
      errc::too_large, label,
      fmt::format("'{}' is not a {} of at most {} bytes (reading stopped there)", label, what,
                  max_bytes),
      "check that the path names the intended file; a device or pipe that never ends is "
      "refused the same way");
}

}  // namespace

result<std::string> read_file_bounded(const std::filesystem::path& path, std::uint64_t max_bytes,
                                      std::string_view what) {
  const std::string label = path.string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return detail::file_error(errc::io_open, label,
                              fmt::format("cannot open {} '{}': is a directory", what, label),
                              "pass the path of a file");
  }
  std::unique_ptr<std::FILE, file_closer> f(std::fopen(label.c_str(), "rb"));
  if (!f) {
    const int err = errno;
    return detail::file_error(
        errc::io_open, label,
        fmt::format("cannot open {} '{}': {}", what, label, detail::os_reason(err)),
        "check the path; a relative path starts in the current directory");
  }
  std::string data;
  char buf[1 << 16];
  for (;;) {
    const std::size_t n = std::fread(buf, 1, sizeof buf, f.get());
    data.append(buf, n);
    if (data.size() > max_bytes) return too_large(label, max_bytes, what);
    if (n < sizeof buf) break;
  }
  if (std::ferror(f.get()) != 0) {
    return detail::file_error(errc::io_read, label, fmt::format("cannot read {} '{}'", what, label),
                              "");
  }
  return data;
}

result<std::string> read_stream_bounded(std::istream& in, std::uint64_t max_bytes,
                                        std::string_view what, const std::string& label) {
  std::string data;
  char buf[1 << 16];
  while (in) {
    in.read(buf, sizeof buf);
    data.append(buf, static_cast<std::size_t>(in.gcount()));
    if (data.size() > max_bytes) return too_large(label, max_bytes, what);
  }
  if (in.bad()) {
    return detail::file_error(errc::io_read, label, fmt::format("cannot read {} '{}'", what, label),
                              "");
  }
  return data;
}

}  // namespace harfact::io
