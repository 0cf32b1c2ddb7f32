// Helpers shared by harfact's tests.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace harfact::test {

/// testdata/ in the source tree.
std::filesystem::path testdata_dir();
/// A file under testdata/.
std::filesystem::path testdata(std::string_view relative);
/// The shared corpus: $HARFACT_CORPUS, else ../shared/corpus beside the source
/// tree. std::nullopt when it does not exist (tests then GTEST_SKIP()).
std::optional<std::filesystem::path> corpus_dir();
/// Whole file as bytes; throws std::runtime_error when unreadable.
std::string read_file(const std::filesystem::path& path);
/// Writes bytes to a file (creating parent directories).
void write_file(const std::filesystem::path& path, std::string_view bytes);

/// A fresh empty directory under the system temp dir, removed on destruction.
class temp_dir {
 public:
  temp_dir();
  ~temp_dir();
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace harfact::test
