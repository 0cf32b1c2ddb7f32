// Inputs that never end or are far too large for their kind: devices are
// refused when opened, a pipe of junk as soon as its first bytes are in, and
// small inputs (claims, lists, keys, manifests) are read with a limit.
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>

#include "harfact/io/input.hpp"
#include "harfact/io/read_file.hpp"
#include "test_support.hpp"

namespace harfact::io {
namespace {

namespace fs = std::filesystem;

TEST(ReadBounded, ReadsAFileWhole) {
  test::temp_dir t;
  test::write_file(t / "claims.json", "{\"format_version\": 1}");
  auto r = read_file_bounded(t / "claims.json", 1024, "claims file");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, "{\"format_version\": 1}");
}

TEST(ReadBounded, ExactlyTheLimitIsRead) {
  test::temp_dir t;
  test::write_file(t / "f", std::string(100, 'x'));
  EXPECT_TRUE(read_file_bounded(t / "f", 100, "list"));
  auto over = read_file_bounded(t / "f", 99, "list");
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, errc::too_large);
  EXPECT_EQ(over.error().where.file, (t / "f").string());
  EXPECT_EQ(
      over.error().message,
      "'" + (t / "f").string() + "' is not a list of at most 99 bytes (reading stopped there)");
}

TEST(ReadBounded, ADeviceThatNeverEndsStopsAtTheLimit) {
  const auto start = std::chrono::steady_clock::now();
  auto r = read_file_bounded("/dev/zero", std::uint64_t{1} << 20, "manifest");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::too_large);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
}

TEST(ReadBounded, MissingFilesAndDirectoriesAreIoOpen) {
  test::temp_dir t;
  auto missing = read_file_bounded(t / "nope", 10, "key file");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, errc::io_open);
  EXPECT_NE(missing.error().message.find("cannot open key file"), std::string::npos);
  auto dir = read_file_bounded(t.path(), 10, "key file");
  ASSERT_FALSE(dir);
  EXPECT_EQ(dir.error().code, errc::io_open);
  EXPECT_NE(dir.error().message.find("is a directory"), std::string::npos);
}

TEST(ReadBounded, Streams) {
  std::istringstream small("abc");
  auto ok = read_stream_bounded(small, 3, "value", "-");
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, "abc");
  std::istringstream big(std::string(1000, 'a'));
  auto over = read_stream_bounded(big, 999, "value", "-");
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, errc::too_large);
}

TEST(InputDevices, ADeviceIsNotACaptureFile) {
  for (const char* dev : {"/dev/zero", "/dev/urandom", "/dev/null"}) {
    auto r = input::open(dev);
    ASSERT_FALSE(r) << dev;
    EXPECT_EQ(r.error().code, errc::io_open);
    EXPECT_EQ(r.error().message,
              fmt::format("cannot open '{}': a device, not a capture file", dev));
  }
}

// A FIFO fed by a thread: `junk` repeated until the reader closes its end.
class fifo_writer {
 public:
  fifo_writer(const fs::path& path, std::string chunk, bool forever)
      : thread_([path, chunk = std::move(chunk), forever] {
          const int fd = ::open(path.c_str(), O_WRONLY);
          if (fd < 0) return;
          do {
            if (::write(fd, chunk.data(), chunk.size()) < 0) break;  // EPIPE: reader gone
          } while (forever);
          ::close(fd);
        }) {}
  ~fifo_writer() { thread_.join(); }
  fifo_writer(const fifo_writer&) = delete;
  fifo_writer& operator=(const fifo_writer&) = delete;

 private:
  std::thread thread_;
};

class InputPipes : public ::testing::Test {
 protected:
  void SetUp() override {
    std::signal(SIGPIPE, SIG_IGN);  // the writers see EPIPE instead
    ASSERT_EQ(::mkfifo((t_ / "fifo").c_str(), 0600), 0);
  }
  fs::path fifo() const { return t_ / "fifo"; }
  test::temp_dir t_;
};

TEST_F(InputPipes, APipeOfJunkThatNeverEndsIsRefusedAtOnce) {
  for (const std::string& junk : {std::string(4096, '\0'), std::string(4096, '\xa6'),
                                  std::string("hello world\n") + std::string(4084, 'x')}) {
    fifo_writer w(fifo(), junk, true);
    const auto start = std::chrono::steady_clock::now();
    auto r = input::open(fifo());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, errc::invalid_json) << r.error().message;
    EXPECT_EQ(r.error().where.byte_offset, 0U);
    EXPECT_EQ(r.error().where.line, 1U);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  }
}

TEST_F(InputPipes, APipeOfWhitespaceIsRefusedAfter64MiB) {
  fifo_writer w(fifo(), std::string(1 << 16, ' '), true);
  auto r = input::open(fifo());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::invalid_json);
  EXPECT_NE(r.error().message.find("bytes of whitespace and nothing else"), std::string::npos)
      << r.error().message;
}

TEST_F(InputPipes, ACaptureOrAJsonpWrapperThroughAPipeIsRead) {
  const std::string har =
      R"({"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[]}})";
  for (const std::string& text :
       {std::string("  \n") + har, "callback(" + har + ");", std::string("\xEF\xBB\xBF") + har}) {
    fifo_writer w(fifo(), text, false);
    auto r = input::open(fifo());
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ((*r)->text_bytes(), text.size());
  }
}

}  // namespace
}  // namespace harfact::io
