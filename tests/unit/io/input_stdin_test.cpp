// Tests for reading standard input ("-"): run in a child process whose fd 0 is
// a pipe fed by the parent, so the test runner's own stdin is never touched.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "harfact/io/input.hpp"
#include "io_test_helpers.hpp"

namespace harfact::io {
namespace {

using namespace harfact::io::test;

// What the child checks; its exit status says which check failed (0: all passed).
int check_stdin(const std::string& text, const std::string& packed, compression kind) {
  auto r = input::open("-");
  if (!r) return 10 + static_cast<int>(r.error().code);
  input& in = **r;
  if (in.label() != "-") return 2;
  if (in.mapped()) return 3;
  if (in.compression_kind() != kind) return 4;
  if (in.text() != text) return 5;
  if (in.input_bytes() != packed.size()) return 6;
  if (in.sha256_input() != sha256::of(packed)) return 7;
  if (in.sha256_text() != sha256::of(text)) return 8;
  if (!zero_padded(in)) return 9;
  return 0;
}

// Feeds `packed` through a pipe onto the child's stdin; returns the child's status.
int run_with_stdin(const std::string& text, const std::string& packed, compression kind) {
  int fds[2];
  if (::pipe(fds) != 0) return -1;
  const pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    ::close(fds[1]);
    ::dup2(fds[0], STDIN_FILENO);
    ::close(fds[0]);
    ::_exit(check_stdin(text, packed, kind));
  }
  ::close(fds[0]);
  // Small writes make the child see short reads, as from a slow producer.
  for (std::size_t at = 0; at < packed.size(); at += 3000) {
    const std::string_view part = std::string_view(packed).substr(at, 3000);
    if (::write(fds[1], part.data(), part.size()) != static_cast<ssize_t>(part.size())) break;
  }
  ::close(fds[1]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

std::string sample(std::size_t n) {
  std::string s = "{\"x\":\"";
  while (s.size() < n) s += std::to_string(s.size() * 31 % 97);
  return s + "\"}";
}

TEST(InputStdin, PlainTextFromAPipe) {
  const std::string text = sample(600'000);
  EXPECT_EQ(run_with_stdin(text, text, compression::none), 0);
}

TEST(InputStdin, GzipFromAPipeIsDetected) {
  const std::string text = sample(600'000);
  EXPECT_EQ(run_with_stdin(text, gzip(text), compression::gzip), 0);
}

TEST(InputStdin, ZstdFromAPipeIsDetected) {
  const std::string text = sample(600'000);
  EXPECT_EQ(run_with_stdin(text, zstd(text), compression::zstd), 0);
}

TEST(InputStdin, EmptyPipeIsEmptyInput) {
  // 10 + errc::empty_input (7): the child could not open the empty stream.
  EXPECT_EQ(run_with_stdin("", "", compression::none), 10 + static_cast<int>(errc::empty_input));
}

}  // namespace
}  // namespace harfact::io
