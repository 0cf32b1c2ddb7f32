// Tests for harfact::io::input on files: mapping, hashing while parsing, page
// boundaries, and the errors for missing, empty and unreadable paths.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <string>

#include "harfact/io/input.hpp"
#include "io_test_helpers.hpp"
#include "test_support.hpp"

namespace harfact::io {
namespace {

namespace fs = std::filesystem;
using harfact::test::temp_dir;
using harfact::test::write_file;
using namespace harfact::io::test;

// JSON-looking text of exactly `size` bytes with varied content (so a hash of
// the wrong range cannot match by accident).
std::string json_of_size(std::size_t size) {
  std::string s = "{\"pad\":\"";
  for (std::size_t i = 0; s.size() < size - 2; ++i) s += static_cast<char>('a' + (i * 7) % 26);
  s += "\"}";
  return s;
}

std::unique_ptr<input> must_open(const fs::path& p, const input_options& o = {}) {
  auto r = input::open(p, o);
  if (!r) {
    ADD_FAILURE() << "open failed: " << r.error().message;
    return nullptr;
  }
  return std::move(r).value();
}

TEST(InputFile, PlainFileIsMappedNotCopied) {
  temp_dir dir;
  const std::string text = json_of_size(1000);
  write_file(dir / "a.har", text);
  auto in = must_open(dir / "a.har");
  ASSERT_TRUE(in);
  EXPECT_TRUE(in->mapped());
  EXPECT_EQ(in->text(), text);
  EXPECT_EQ(in->padded_size(), text.size());
  EXPECT_EQ(in->label(), (dir / "a.har").string());
  EXPECT_EQ(in->compression_kind(), compression::none);
  EXPECT_EQ(in->encoding_kind(), encoding::utf8);
  EXPECT_EQ(in->bom_size(), 0u);
  EXPECT_EQ(in->input_bytes(), text.size());
  EXPECT_EQ(in->text_bytes(), text.size());
  EXPECT_EQ(in->sha256_input(), sha256::of(text));
  EXPECT_EQ(in->sha256_text(), sha256::of(text));
}

TEST(InputFile, HashThroughInStepsEqualsOneShot) {
  temp_dir dir;
  const std::string text = json_of_size(300'000);
  write_file(dir / "a.har", text);
  auto in = must_open(dir / "a.har");
  ASSERT_TRUE(in);
  in->hash_through(10);
  in->hash_through(4096);
  in->hash_through(100);  // going back is ignored
  in->hash_through(200'001);
  in->hash_through(10'000'000);  // past the end clamps
  EXPECT_EQ(in->sha256_input(), sha256::of(text));
  EXPECT_EQ(in->sha256_text(), sha256::of(text));
}

TEST(InputFile, PartialHashThroughIsCompletedBySha256Input) {
  temp_dir dir;
  const std::string text = json_of_size(50'000);
  write_file(dir / "a.har", text);
  auto in = must_open(dir / "a.har");
  ASSERT_TRUE(in);
  in->hash_through(12'345);
  EXPECT_EQ(in->sha256_input(), sha256::of(text));
  in->hash_through(60'000);  // after the digest is final: no effect
  EXPECT_EQ(in->sha256_input(), sha256::of(text));
}

TEST(InputFile, HashInBackgroundEqualsOneShot) {
  temp_dir dir;
  const std::string text = json_of_size(9 << 20);  // several background steps
  write_file(dir / "big.har", text);
  auto in = must_open(dir / "big.har");
  ASSERT_TRUE(in);
  in->hash_through(1000);  // a start in the foreground is continued in the background
  in->hash_in_background();
  in->hash_in_background();     // second call is a no-op
  in->hash_through(5'000'000);  // ignored while the thread owns the hash
  EXPECT_EQ(in->text(), text);  // the caller "parses" meanwhile
  EXPECT_EQ(in->sha256_text(), sha256::of(text));
  EXPECT_EQ(in->sha256_input(), sha256::of(text));
}

TEST(InputFile, ReleaseBeforeKeepsContentAndBackgroundHashCorrect) {
  temp_dir dir;
  const std::string text = json_of_size(3 << 20);
  write_file(dir / "big.har", text);
  auto in = must_open(dir / "big.har");
  ASSERT_TRUE(in);
  in->hash_in_background();
  for (std::uint64_t at = 0; at <= text.size(); at += 100'000) in->release_before(at);
  in->release_before(text.size() + 5);
  // Released pages of a private, unmodified mapping come back from the file.
  EXPECT_EQ(in->text(), text);
  EXPECT_EQ(in->sha256_input(), sha256::of(text));
}

TEST(InputFile, DestroyingDuringBackgroundHashIsSafe) {
  temp_dir dir;
  write_file(dir / "big.har", json_of_size(16 << 20));
  auto in = must_open(dir / "big.har");
  ASSERT_TRUE(in);
  in->hash_in_background();
  in.reset();  // joins (or stops) the thread before unmapping
  SUCCEED();
}

class PageMultiple : public ::testing::TestWithParam<std::size_t> {};

TEST_P(PageMultiple, MapsAFileEndingOnAPageBoundary) {
  temp_dir dir;
  const std::size_t size = GetParam();
  const std::string text = json_of_size(size);
  ASSERT_EQ(text.size(), size);
  write_file(dir / "page.har", text);
  auto in = must_open(dir / "page.har");
  ASSERT_TRUE(in);
  EXPECT_TRUE(in->mapped());
  EXPECT_EQ(in->padded_size(), size);  // nothing past the end may be read
  EXPECT_EQ(in->text().back(), '}');
  in->hash_through(size);
  EXPECT_EQ(in->sha256_input(), sha256::of(text));
}

INSTANTIATE_TEST_SUITE_P(InputFile, PageMultiple, ::testing::Values(4096u, 8192u));

TEST(InputFile, WithoutMmapIsReadIntoAPaddedBuffer) {
  temp_dir dir;
  const std::string text = json_of_size(700'000);  // several read chunks
  write_file(dir / "a.har", text);
  input_options o;
  o.use_mmap = false;
  auto in = must_open(dir / "a.har", o);
  ASSERT_TRUE(in);
  EXPECT_FALSE(in->mapped());
  EXPECT_EQ(in->text(), text);
  EXPECT_TRUE(zero_padded(*in));
  EXPECT_EQ(in->sha256_input(), sha256::of(text));
  EXPECT_EQ(in->sha256_text(), sha256::of(text));
  in->hash_through(10);  // no-ops for in-memory inputs
  in->hash_in_background();
  in->release_before(500'000);
  EXPECT_EQ(in->text(), text);
}

TEST(InputFile, WithoutMmapPlainFileOverMaxBytesIsTooLarge) {
  temp_dir dir;
  write_file(dir / "a.har", json_of_size(5000));
  input_options o;
  o.use_mmap = false;
  o.max_bytes = 4999;
  auto r = input::open(dir / "a.har", o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::too_large);
  EXPECT_NE(r.error().message.find("4999"), std::string::npos) << r.error().message;
  o.max_bytes = 5000;
  EXPECT_TRUE(input::open(dir / "a.har", o));
}

TEST(InputFile, MappedFileIsNotLimitedByMaxBytes) {
  temp_dir dir;
  write_file(dir / "a.har", json_of_size(5000));
  input_options o;
  o.max_bytes = 10;
  auto in = must_open(dir / "a.har", o);
  ASSERT_TRUE(in);
  EXPECT_TRUE(in->mapped());
}

TEST(InputFile, CompressionIsDetectedByMagicBytesNotByName) {
  temp_dir dir;
  const std::string text = json_of_size(2000);
  write_file(dir / "looks-plain.har", gzip(text));
  write_file(dir / "looks-compressed.har.zst", text);
  auto gz = must_open(dir / "looks-plain.har");
  ASSERT_TRUE(gz);
  EXPECT_EQ(gz->compression_kind(), compression::gzip);
  EXPECT_FALSE(gz->mapped());
  EXPECT_EQ(gz->text(), text);
  auto plain = must_open(dir / "looks-compressed.har.zst");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->compression_kind(), compression::none);
  EXPECT_TRUE(plain->mapped());
}

TEST(InputFile, CompressedFilesAreHashedWhileRead) {
  temp_dir dir;
  const std::string text = json_of_size(1'500'000);
  const std::string packed = zstd(text);
  write_file(dir / "a.har.zst", packed);
  auto in = must_open(dir / "a.har.zst");
  ASSERT_TRUE(in);
  EXPECT_EQ(in->compression_kind(), compression::zstd);
  EXPECT_EQ(in->text(), text);
  EXPECT_TRUE(zero_padded(*in));
  EXPECT_EQ(in->input_bytes(), packed.size());
  EXPECT_EQ(in->text_bytes(), text.size());
  EXPECT_EQ(in->sha256_input(), sha256::of(packed));
  EXPECT_EQ(in->sha256_text(), sha256::of(text));
}

TEST(InputFile, EmptyFileIsEmptyInput) {
  temp_dir dir;
  write_file(dir / "empty.har", "");
  auto r = input::open(dir / "empty.har");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::empty_input);
  EXPECT_EQ(r.error().where.file, (dir / "empty.har").string());
}

TEST(InputFile, MissingFileIsIoOpenNamingThePath) {
  temp_dir dir;
  const fs::path p = dir / "nope.har";
  auto r = input::open(p);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::io_open);
  EXPECT_EQ(r.error().where.file, p.string());
  EXPECT_NE(r.error().message.find(p.string()), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find(std::strerror(ENOENT)), std::string::npos) << r.error().message;
  EXPECT_FALSE(r.error().hint.empty());
}

TEST(InputFile, DirectoryIsIoOpen) {
  temp_dir dir;
  auto r = input::open(dir.path());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::io_open);
  EXPECT_EQ(r.error().where.file, dir.path().string());
  EXPECT_NE(r.error().message.find(std::strerror(EISDIR)), std::string::npos) << r.error().message;
}

TEST(InputFile, UnreadableFileIsIoOpen) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads files regardless of permissions";
  temp_dir dir;
  write_file(dir / "secret.har", "{}");
  ASSERT_EQ(::chmod((dir / "secret.har").c_str(), 0), 0);
  auto r = input::open(dir / "secret.har");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::io_open);
  EXPECT_NE(r.error().message.find(std::strerror(EACCES)), std::string::npos);
}

TEST(InputFile, Utf16FileIsTranscodedAndNoLongerMapped) {
  temp_dir dir;
  const std::string bytes = utf16(u"{\"k\":\"\u00e9\"}", false, true);
  write_file(dir / "u16.har", bytes);
  auto in = must_open(dir / "u16.har");
  ASSERT_TRUE(in);
  EXPECT_FALSE(in->mapped());  // text() is the transcoded copy
  EXPECT_EQ(in->text(), "{\"k\":\"\xc3\xa9\"}");
  EXPECT_TRUE(zero_padded(*in));
  EXPECT_EQ(in->text_bytes(), bytes.size());
  EXPECT_EQ(in->sha256_input(), sha256::of(bytes));
  EXPECT_EQ(in->sha256_text(), sha256::of(bytes));
}

}  // namespace
}  // namespace harfact::io
