#include "harfact/io/atomic_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <string>

#include "errors.hpp"

namespace harfact::io {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_write_hint =
    "check that the directory exists and is writable and that the disk is not full";

error write_error(const fs::path& target, std::string_view what, int err) {
  return detail::file_error(
      errc::io_write, target.string(),
      fmt::format("cannot write '{}': {}: {}", target.string(), what, detail::os_reason(err)),
      std::string(k_write_hint));
}

// The process umask without changing it: umask(2) can only be read by setting it, which
// would race with other threads creating files. Linux reports it in /proc/self/status;
// when that is unavailable assume the most private one, leaving mkstemp's 0600.
mode_t current_umask() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Umask:", 0) == 0) {
      return static_cast<mode_t>(std::strtoul(line.c_str() + 6, nullptr, 8));
    }
  }
  return 077;
}

// mkstemp creates 0600 files; give the result the mode the target already has, or the
// mode a plain open(O_CREAT, 0666) would have given a new file.
mode_t target_mode(const fs::path& target) {
  struct stat st {};
  if (::stat(target.c_str(), &st) == 0) return st.st_mode & 07777;
  return 0666 & ~current_umask();
}

int write_all(int fd, std::string_view content) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

// Makes the rename durable. Some file systems cannot fsync a directory (EINVAL); the
// rename has happened by then, so that is not worth failing the write for.
int sync_directory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno;
  int err = ::fsync(fd) == 0 ? 0 : errno;
  ::close(fd);
  return err == EINVAL ? 0 : err;
}

// Fills the temporary file and closes it; returns an errno value and the step that failed.
std::pair<int, std::string_view> fill_temp(int fd, const fs::path& target,
                                           std::string_view content) {
  if (::fchmod(fd, target_mode(target)) != 0) return {errno, "cannot set the file mode"};
  if (int err = write_all(fd, content); err != 0) return {err, "write failed"};
  if (::fsync(fd) != 0) return {errno, "fsync failed"};
  return {0, {}};
}

}  // namespace

result<void> write_file_atomic(const std::filesystem::path& path, std::string_view content) {
  const fs::path name = path.filename();
  if (name.empty() || name == "." || name == "..") {
    return write_error(path, "the path names a directory", EISDIR);
  }
  // A device, FIFO or socket (/dev/null, /dev/stdout, a pipe set up by the caller)
  // is written to, never renamed over: renaming would replace the device node.
  if (struct stat st{};
      ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
    const int out = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (out < 0) return write_error(path, "cannot open it", errno);
    int err = write_all(out, content);
    if (::close(out) != 0 && err == 0) err = errno;
    if (err != 0) return write_error(path, "write failed", err);
    return {};
  }
  // The temp file must live in the target's directory: rename(2) is atomic only
  // within one file system.
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  // Built by appending: GCC 12 at -O3 misreports "." + string as overlapping.
  std::string temp_name(1, '.');
  temp_name += name.string();
  temp_name += ".tmp-XXXXXX";
  std::string temp = (dir / temp_name).string();
  const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) return write_error(path, "cannot create a temporary file", errno);

  auto [err, step] = fill_temp(fd, path, content);
  if (::close(fd) != 0 && err == 0) {
    err = errno;
    step = "close failed";
  }
  if (err == 0 && ::rename(temp.c_str(), path.c_str()) != 0) {
    err = errno;
    step = "cannot rename the temporary file over it";
  }
  if (err != 0) {
    ::unlink(temp.c_str());
    return write_error(path, step, err);
  }
  if (int dir_err = sync_directory(dir); dir_err != 0) {
    return write_error(path, "written, but its directory could not be synced", dir_err);
  }
  return {};
}

}  // namespace harfact::io
