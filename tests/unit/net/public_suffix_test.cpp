// Tests for harfact/net/public_suffix.hpp (libpsl underneath).
#include "harfact/net/public_suffix.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "test_support.hpp"

namespace harfact::net {
namespace {

constexpr const char* k_system_list = "/usr/share/publicsuffix/public_suffix_list.dat";

// The system list (Debian's publicsuffix package) or libpsl's built-in copy;
// both hold every ICANN and private rule these tests use.
const public_suffix& system_list() {
  static const public_suffix ps = [] {
    auto r = public_suffix::load();
    if (!r) {
      ADD_FAILURE() << "cannot load the default list: " << r.error().message;
      std::abort();
    }
    return std::move(r).value();
  }();
  return ps;
}

TEST(PublicSuffix, DefaultSource) {
  const public_suffix& ps = system_list();
  std::error_code ec;
  if (std::filesystem::exists(k_system_list, ec)) {
    EXPECT_EQ(ps.source(), k_system_list);
  } else {
    EXPECT_EQ(ps.source(), "libpsl-builtin");
  }
  ASSERT_EQ(ps.sha256().size(), 64u);
  EXPECT_EQ(ps.sha256().find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(PublicSuffix, RegistrableDomain) {
  const public_suffix& ps = system_list();
  EXPECT_EQ(ps.registrable_domain("www.bbc.co.uk"), "bbc.co.uk");
  EXPECT_EQ(ps.registrable_domain("bbc.co.uk"), "bbc.co.uk");
  EXPECT_EQ(ps.registrable_domain("a.b.example.com"), "example.com");
  EXPECT_EQ(ps.registrable_domain("example.com"), "example.com");
  EXPECT_EQ(ps.registrable_domain("cdn.example.co.uk"), "example.co.uk");
}

TEST(PublicSuffix, PublicSuffixItself) {
  const public_suffix& ps = system_list();
  EXPECT_EQ(ps.registrable_domain("co.uk"), "co.uk");
  EXPECT_EQ(ps.registrable_domain("com"), "com");
  EXPECT_EQ(ps.registrable_domain("github.io"), "github.io");
}

TEST(PublicSuffix, SingleLabel) {
  const public_suffix& ps = system_list();
  EXPECT_EQ(ps.registrable_domain("localhost"), "localhost");
  EXPECT_EQ(ps.registrable_domain("LOCALHOST."), "localhost");
  EXPECT_EQ(ps.registrable_domain("intranet"), "intranet");
}

TEST(PublicSuffix, IpLiterals) {
  const public_suffix& ps = system_list();
  // libpsl alone would answer "0.1" for 192.168.0.1.
  EXPECT_EQ(ps.registrable_domain("192.168.0.1"), "192.168.0.1");
  EXPECT_EQ(ps.registrable_domain("::1"), "::1");
  EXPECT_EQ(ps.registrable_domain("2001:DB8::1"), "2001:db8::1");
  EXPECT_EQ(ps.registrable_domain("::ffff:192.0.2.1"), "::ffff:192.0.2.1");
}

TEST(PublicSuffix, NormalisesFirst) {
  const public_suffix& ps = system_list();
  EXPECT_EQ(ps.registrable_domain("WWW.BBC.CO.UK"), "bbc.co.uk");
  EXPECT_EQ(ps.registrable_domain("www.bbc.co.uk."), "bbc.co.uk");
  EXPECT_EQ(ps.registrable_domain("Foo.Example.Com."), "example.com");
  EXPECT_EQ(ps.registrable_domain("CO.UK."), "co.uk");
}

TEST(PublicSuffix, PrivateSection) {
  const public_suffix& ps = system_list();
  // github.io is in the PSL's private section: each user is its own site.
  EXPECT_EQ(ps.registrable_domain("foo.github.io"), "foo.github.io");
  EXPECT_EQ(ps.registrable_domain("www.foo.github.io"), "foo.github.io");
  EXPECT_FALSE(ps.same_site("foo.github.io", "bar.github.io"));
}

TEST(PublicSuffix, WildcardAndException) {
  const public_suffix& ps = system_list();
  // "*.ck" with "!www.ck" in the ICANN section.
  EXPECT_EQ(ps.registrable_domain("a.b.ck"), "a.b.ck");
  EXPECT_EQ(ps.registrable_domain("www.ck"), "www.ck");
}

TEST(PublicSuffix, Unusual) {
  const public_suffix& ps = system_list();
  EXPECT_EQ(ps.registrable_domain(""), "");
  EXPECT_EQ(ps.registrable_domain("."), "");
  // An embedded NUL must not make libpsl look at a shorter name.
  const std::string with_nul("evil.com\0.bbc.co.uk", 19);
  EXPECT_EQ(ps.registrable_domain(with_nul), with_nul);
}

TEST(PublicSuffix, SameSite) {
  const public_suffix& ps = system_list();
  EXPECT_TRUE(ps.same_site("www.example.co.uk", "cdn.example.co.uk"));
  EXPECT_TRUE(ps.same_site("WWW.Example.com.", "static.example.com"));
  EXPECT_TRUE(ps.same_site("example.com", "a.b.c.example.com"));
  EXPECT_TRUE(ps.same_site("192.168.0.1", "192.168.0.1"));
  EXPECT_FALSE(ps.same_site("www.example.co.uk", "www.other.co.uk"));
  EXPECT_FALSE(ps.same_site("example.com", "example.net"));
  EXPECT_FALSE(ps.same_site("192.168.0.1", "192.168.0.2"));
  EXPECT_FALSE(ps.same_site("", ""));
  EXPECT_FALSE(ps.same_site("example.com", ""));
}

TEST(PublicSuffix, CustomListFile) {
  const test::temp_dir dir;
  const std::filesystem::path path = dir / "list.dat";
  test::write_file(path, "com\nexample.test\n*.wild.test\n");

  auto r = public_suffix::load(path);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const public_suffix& ps = *r;
  EXPECT_EQ(ps.source(), path.string());
  // sha256sum of the 29 bytes above, computed outside harfact.
  EXPECT_EQ(ps.sha256(), "34cb8d1a0b9cc51f47f6232b43173b62c383985aceb085df5af2a6ae6a866265");

  EXPECT_EQ(ps.registrable_domain("www.x.com"), "x.com");
  EXPECT_EQ(ps.registrable_domain("a.b.example.test"), "b.example.test");
  EXPECT_EQ(ps.registrable_domain("example.test"), "example.test");
  EXPECT_EQ(ps.registrable_domain("x.y.wild.test"), "x.y.wild.test");
  // Rules the real list has are absent here: co.uk is not a suffix, the
  // implicit "*" rule still makes every TLD one.
  EXPECT_EQ(ps.registrable_domain("www.bbc.co.uk"), "co.uk");
  EXPECT_EQ(ps.registrable_domain("foo.github.io"), "github.io");
  EXPECT_TRUE(ps.same_site("a.example.test", "b.a.example.test"));
  EXPECT_FALSE(ps.same_site("a.example.test", "b.example.test"));
}

TEST(PublicSuffix, BadPath) {
  const test::temp_dir dir;
  const std::filesystem::path missing = dir / "no-such-list.dat";
  auto r = public_suffix::load(missing);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::io_open);
  EXPECT_NE(r.error().message.find(missing.string()), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().where.file, missing.string());
  EXPECT_FALSE(r.error().hint.empty());
}

TEST(PublicSuffix, DirectoryPath) {
  const test::temp_dir dir;
  auto r = public_suffix::load(dir.path());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::io_open);
  EXPECT_NE(r.error().message.find(dir.path().string()), std::string::npos) << r.error().message;
}

TEST(PublicSuffix, EmptyFile) {
  const test::temp_dir dir;
  const std::filesystem::path path = dir / "empty.dat";
  test::write_file(path, "");
  auto r = public_suffix::load(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::empty_input);
  EXPECT_NE(r.error().message.find(path.string()), std::string::npos) << r.error().message;
}

TEST(PublicSuffix, SystemListHash) {
  std::error_code ec;
  if (!std::filesystem::exists(k_system_list, ec)) GTEST_SKIP() << "no system list";
  auto r = public_suffix::load(k_system_list);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->source(), k_system_list);
  EXPECT_EQ(r->sha256(), system_list().sha256());
  EXPECT_EQ(r->registrable_domain("www.bbc.co.uk"), "bbc.co.uk");
}

TEST(PublicSuffix, Move) {
  const test::temp_dir dir;
  const std::filesystem::path path = dir / "list.dat";
  test::write_file(path, "com\nexample.test\n*.wild.test\n");
  auto r = public_suffix::load(path);
  ASSERT_TRUE(r.ok());
  public_suffix moved(std::move(*r));
  EXPECT_EQ(moved.registrable_domain("a.b.example.test"), "b.example.test");

  auto other = public_suffix::load();
  ASSERT_TRUE(other.ok());
  *other = std::move(moved);
  EXPECT_EQ(other->registrable_domain("a.b.example.test"), "b.example.test");
  EXPECT_EQ(other->source(), path.string());
}

TEST(PublicSuffix, ConcurrentConstCalls) {
  const public_suffix& ps = system_list();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"www.bbc.co.uk", "bbc.co.uk"},
      {"a.b.example.com", "example.com"},
      {"co.uk", "co.uk"},
      {"localhost", "localhost"},
      {"192.168.0.1", "192.168.0.1"},
      {"foo.github.io", "foo.github.io"},
      {"WWW.BBC.CO.UK.", "bbc.co.uk"},
      {"::1", "::1"},
  };
  std::vector<int> failures(8, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < failures.size(); ++t) {
    threads.emplace_back([&ps, &cases, &failures, t] {
      for (int i = 0; i < 2000; ++i) {
        const auto& [host, expected] = cases[(t + static_cast<std::size_t>(i)) % cases.size()];
        if (ps.registrable_domain(host) != expected) ++failures[t];
        if (!ps.same_site(host, expected)) ++failures[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (std::size_t t = 0; t < failures.size(); ++t) EXPECT_EQ(failures[t], 0) << "thread " << t;
}

}  // namespace
}  // namespace harfact::net
