// Tests for harfact/io/sha256.hpp against FIPS 180-2 test vectors.
#include "harfact/io/sha256.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace harfact::io {
namespace {

constexpr const char* k_empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr const char* k_abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
// FIPS 180-2, appendix B.2 (two blocks).
constexpr const char* k_two_block_text = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
constexpr const char* k_two_block =
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";

TEST(Sha256, EmptyInputVector) { EXPECT_EQ(to_hex(sha256::of("")), k_empty); }

TEST(Sha256, AbcVector) { EXPECT_EQ(to_hex(sha256::of("abc")), k_abc); }

TEST(Sha256, TwoBlockVector) { EXPECT_EQ(to_hex(sha256::of(k_two_block_text)), k_two_block); }

TEST(Sha256, IncrementalUpdatesEqualOneShot) {
  const std::string text = k_two_block_text;
  sha256 h;
  for (std::size_t i = 0; i < text.size(); i += 7) h.update(std::string_view(text).substr(i, 7));
  EXPECT_EQ(to_hex(h.finish()), k_two_block);
}

TEST(Sha256, FinishResetsForReuse) {
  sha256 h;
  h.update("something else");
  (void)h.finish();
  h.update("abc");
  EXPECT_EQ(to_hex(h.finish()), k_abc);
  EXPECT_EQ(to_hex(h.finish()), k_empty);
}

TEST(Sha256, MoveKeepsTheRunningState) {
  sha256 a;
  a.update("ab");
  sha256 b(std::move(a));
  b.update("c");
  EXPECT_EQ(to_hex(b.finish()), k_abc);
  sha256 c;
  c = std::move(b);
  c.update("abc");
  EXPECT_EQ(to_hex(c.finish()), k_abc);
}

TEST(Sha256, HexIsLowercaseAndPadded) {
  digest256 d{};
  d[0] = 0x0a;
  d[31] = 0xff;
  const std::string hex = to_hex(d);
  ASSERT_EQ(hex.size(), 64u);
  EXPECT_EQ(hex.substr(0, 2), "0a");
  EXPECT_EQ(hex.substr(62), "ff");
  EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos);
}

}  // namespace
}  // namespace harfact::io
