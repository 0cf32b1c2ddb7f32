// Tests for harfact/io/atomic_file.hpp.
#include "harfact/io/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "test_support.hpp"

namespace harfact::io {
namespace {

namespace fs = std::filesystem;
using harfact::test::read_file;
using harfact::test::temp_dir;
using harfact::test::write_file;

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  return names;
}

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0);
  return st.st_mode & 07777;
}

// Sets the umask for one test and restores it.
class scoped_umask {
 public:
  explicit scoped_umask(mode_t m) : old_(::umask(m)) {}
  ~scoped_umask() { ::umask(old_); }

 private:
  mode_t old_;
};

TEST(AtomicFile, CreatesTheFile) {
  temp_dir dir;
  const fs::path target = dir / "out.json";
  ASSERT_TRUE(write_file_atomic(target, "{\"a\":1}\n"));
  EXPECT_EQ(read_file(target), "{\"a\":1}\n");
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"out.json"});
}

TEST(AtomicFile, ReplacesAnExistingFileAndLeavesNoTempFile) {
  temp_dir dir;
  const fs::path target = dir / "report.txt";
  write_file(target, std::string(10000, 'x'));
  ASSERT_TRUE(write_file_atomic(target, "short"));
  EXPECT_EQ(read_file(target), "short");
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"report.txt"});
}

TEST(AtomicFile, WritesEmptyAndBinaryContent) {
  temp_dir dir;
  const std::string binary("\0\x01\xff\n", 4);
  ASSERT_TRUE(write_file_atomic(dir / "empty", ""));
  ASSERT_TRUE(write_file_atomic(dir / "binary", binary));
  EXPECT_EQ(read_file(dir / "empty"), "");
  EXPECT_EQ(read_file(dir / "binary"), binary);
}

TEST(AtomicFile, RelativePathInCurrentDirectory) {
  temp_dir dir;
  const fs::path old_cwd = fs::current_path();
  fs::current_path(dir.path());
  const bool ok = write_file_atomic("relative.txt", "data").ok();
  fs::current_path(old_cwd);
  ASSERT_TRUE(ok);
  EXPECT_EQ(read_file(dir / "relative.txt"), "data");
  EXPECT_EQ(entries(dir.path()).size(), 1u);
}

TEST(AtomicFile, KeepsTheModeOfAReplacedFile) {
  temp_dir dir;
  const fs::path target = dir / "keep.txt";
  write_file(target, "old");
  ASSERT_EQ(::chmod(target.c_str(), 0640), 0);
  ASSERT_TRUE(write_file_atomic(target, "new"));
  EXPECT_EQ(mode_of(target), 0640u);
}

TEST(AtomicFile, NewFileFollowsTheUmask) {
  temp_dir dir;
  const scoped_umask mask(027);
  ASSERT_TRUE(write_file_atomic(dir / "new.txt", "x"));
  EXPECT_EQ(mode_of(dir / "new.txt"), 0640u);  // not mkstemp's 0600
}

TEST(AtomicFile, FailsCleanlyInAMissingDirectory) {
  temp_dir dir;
  const fs::path target = dir / "missing" / "out.json";
  auto r = write_file_atomic(target, "data");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::io_write);
  EXPECT_EQ(r.error().where.file, target.string());
  EXPECT_NE(r.error().message.find(target.string()), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("No such file or directory"), std::string::npos)
      << r.error().message;
  EXPECT_FALSE(r.error().hint.empty());
  EXPECT_FALSE(fs::exists(dir / "missing"));
  EXPECT_TRUE(entries(dir.path()).empty());
}

TEST(AtomicFile, FailureAfterTheTempFileRemovesItAndKeepsTheTarget) {
  // rename(2) cannot replace a non-empty directory: the failure comes after the
  // temporary file was written, so this checks the clean-up path.
  temp_dir dir;
  const fs::path target = dir / "taken";
  write_file(target / "inside.txt", "keep me");
  auto r = write_file_atomic(target, "data");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::io_write);
  EXPECT_EQ(r.error().where.file, target.string());
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"taken"});
  EXPECT_EQ(read_file(target / "inside.txt"), "keep me");
}

TEST(AtomicFile, RefusesAPathEndingInASlash) {
  temp_dir dir;
  auto r = write_file_atomic(dir.path() / "sub/", "data");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::io_write);
  EXPECT_TRUE(entries(dir.path()).empty());
}

// A FIFO stands for any special file (/dev/null, a pipe the caller set up): it
// is written through, and still a FIFO afterwards, not renamed over.
TEST(AtomicFile, WritesThroughASpecialFileInsteadOfReplacingIt) {
  temp_dir dir;
  const fs::path fifo = dir / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string got;
  std::thread reader([&] { got = read_file(fifo); });
  ASSERT_TRUE(write_file_atomic(fifo, "through the pipe"));
  reader.join();
  EXPECT_EQ(got, "through the pipe");
  struct stat st {};
  ASSERT_EQ(::stat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"pipe"});
}

}  // namespace
}  // namespace harfact::io
