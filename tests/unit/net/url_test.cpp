// Tests for harfact/net/url.hpp.
#include "harfact/net/url.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace harfact::net {
namespace {

url_parts split_ok(std::string_view url) {
  auto p = split_url(url);
  EXPECT_TRUE(p.has_value()) << "'" << url << "' refused";
  return p.value_or(url_parts{});
}

// The parts must be views into the original text, never copies.
bool inside(std::string_view part, std::string_view whole) {
  if (part.empty()) return true;
  return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

TEST(SplitUrl, HeaderExample) {
  const std::string_view url = "https://user@Host.Example:8443/p/a?q=1#f";
  const url_parts p = split_ok(url);
  EXPECT_EQ(p.scheme, "https");
  EXPECT_EQ(p.userinfo, "user");
  EXPECT_EQ(p.host, "Host.Example");
  EXPECT_EQ(p.port, "8443");
  EXPECT_EQ(p.path, "/p/a");
  EXPECT_EQ(p.query, "q=1");
  EXPECT_EQ(p.fragment, "f");
  EXPECT_TRUE(p.has_query);
  EXPECT_TRUE(p.has_fragment);
  for (std::string_view part :
       {p.scheme, p.userinfo, p.host, p.port, p.path, p.query, p.fragment}) {
    EXPECT_TRUE(inside(part, url)) << part;
  }
}

TEST(SplitUrl, Plain) {
  const url_parts p = split_ok("https://www.example.com/index.html");
  EXPECT_EQ(p.scheme, "https");
  EXPECT_EQ(p.userinfo, "");
  EXPECT_EQ(p.host, "www.example.com");
  EXPECT_EQ(p.port, "");
  EXPECT_EQ(p.path, "/index.html");
  EXPECT_FALSE(p.has_query);
  EXPECT_FALSE(p.has_fragment);
}

TEST(SplitUrl, NoPath) {
  const url_parts p = split_ok("https://example.com");
  EXPECT_EQ(p.host, "example.com");
  EXPECT_EQ(p.path, "");
  EXPECT_FALSE(p.has_query);
  EXPECT_FALSE(p.has_fragment);
}

TEST(SplitUrl, QueryWithoutPath) {
  const url_parts p = split_ok("https://a.com?x=1");
  EXPECT_EQ(p.host, "a.com");
  EXPECT_EQ(p.path, "");
  EXPECT_TRUE(p.has_query);
  EXPECT_EQ(p.query, "x=1");
  EXPECT_FALSE(p.has_fragment);
}

TEST(SplitUrl, QueryMayHoldSlashAndAt) {
  const url_parts p = split_ok("https://a.com?next=/login@x#top");
  EXPECT_EQ(p.host, "a.com");
  EXPECT_EQ(p.userinfo, "");
  EXPECT_EQ(p.path, "");
  EXPECT_EQ(p.query, "next=/login@x");
  EXPECT_EQ(p.fragment, "top");
}

TEST(SplitUrl, FragmentOnly) {
  const url_parts p = split_ok("https://a.com#section?not-a-query");
  EXPECT_EQ(p.host, "a.com");
  EXPECT_EQ(p.path, "");
  EXPECT_FALSE(p.has_query);
  EXPECT_TRUE(p.has_fragment);
  EXPECT_EQ(p.fragment, "section?not-a-query");
}

TEST(SplitUrl, EmptyQueryAndFragmentAreStillPresent) {
  const url_parts p = split_ok("https://a.com/p?#");
  EXPECT_EQ(p.path, "/p");
  EXPECT_TRUE(p.has_query);
  EXPECT_EQ(p.query, "");
  EXPECT_TRUE(p.has_fragment);
  EXPECT_EQ(p.fragment, "");
}

TEST(SplitUrl, Ports) {
  EXPECT_EQ(split_ok("http://example.com:8080/").port, "8080");
  EXPECT_EQ(split_ok("http://example.com:8080/").host, "example.com");
  EXPECT_EQ(split_ok("http://example.com:443").port, "443");
  EXPECT_EQ(split_ok("http://example.com:443?q").port, "443");
  // RFC 3986: port = *DIGIT, so an empty port is allowed (and means none).
  const url_parts empty = split_ok("http://example.com:/x");
  EXPECT_EQ(empty.host, "example.com");
  EXPECT_EQ(empty.port, "");
  EXPECT_EQ(empty.path, "/x");
}

TEST(SplitUrl, BadPorts) {
  EXPECT_FALSE(split_url("http://example.com:80a/"));
  EXPECT_FALSE(split_url("http://example.com:-1/"));
  EXPECT_FALSE(split_url("http://example.com: 80/"));
}

TEST(SplitUrl, Userinfo) {
  const url_parts p = split_ok("ftp://user:pa@ss@files.example.org:21/pub");
  // The last '@' ends the userinfo.
  EXPECT_EQ(p.userinfo, "user:pa@ss");
  EXPECT_EQ(p.host, "files.example.org");
  EXPECT_EQ(p.port, "21");
  EXPECT_EQ(p.path, "/pub");

  const url_parts empty_user = split_ok("http://@example.com/");
  EXPECT_EQ(empty_user.userinfo, "");
  EXPECT_EQ(empty_user.host, "example.com");
}

TEST(SplitUrl, Ipv6) {
  const url_parts p = split_ok("http://[2001:db8::1]:8080/x?y");
  EXPECT_EQ(p.host, "2001:db8::1");
  EXPECT_EQ(p.port, "8080");
  EXPECT_EQ(p.path, "/x");
  EXPECT_EQ(p.query, "y");

  const url_parts loopback = split_ok("https://[::1]/");
  EXPECT_EQ(loopback.host, "::1");
  EXPECT_EQ(loopback.port, "");
  EXPECT_EQ(loopback.path, "/");

  const url_parts bare = split_ok("http://[::ffff:192.0.2.1]");
  EXPECT_EQ(bare.host, "::ffff:192.0.2.1");
  EXPECT_EQ(bare.path, "");

  const url_parts with_user = split_ok("http://u:p@[fe80::1]:1/");
  EXPECT_EQ(with_user.userinfo, "u:p");
  EXPECT_EQ(with_user.host, "fe80::1");
  EXPECT_EQ(with_user.port, "1");
}

TEST(SplitUrl, MalformedIpv6) {
  EXPECT_FALSE(split_url("http://[::1/"));      // unclosed '['
  EXPECT_FALSE(split_url("http://[::1"));       // unclosed '[' at the end
  EXPECT_FALSE(split_url("http://[::1]x/"));    // junk after ']'
  EXPECT_FALSE(split_url("http://[::1]:8a/"));  // bad port after ']'
  EXPECT_FALSE(split_url("http://::1/"));       // IPv6 without brackets
  EXPECT_FALSE(split_url("http://a]b.com/"));   // stray ']'
}

TEST(SplitUrl, NonHierarchical) {
  const url_parts data = split_ok("data:text/plain,hi");
  EXPECT_EQ(data.scheme, "data");
  EXPECT_EQ(data.host, "");
  EXPECT_EQ(data.path, "text/plain,hi");

  const url_parts about = split_ok("about:blank");
  EXPECT_EQ(about.scheme, "about");
  EXPECT_EQ(about.host, "");
  EXPECT_EQ(about.path, "blank");

  const url_parts blob = split_ok("blob:https://x/y");
  EXPECT_EQ(blob.scheme, "blob");
  EXPECT_EQ(blob.host, "");
  EXPECT_EQ(blob.path, "https://x/y");

  const url_parts mailto = split_ok("mailto:someone@example.com?subject=hi");
  EXPECT_EQ(mailto.host, "");
  EXPECT_EQ(mailto.userinfo, "");
  EXPECT_EQ(mailto.path, "someone@example.com");
  EXPECT_EQ(mailto.query, "subject=hi");

  const url_parts scheme_only = split_ok("about:");
  EXPECT_EQ(scheme_only.scheme, "about");
  EXPECT_EQ(scheme_only.path, "");
}

TEST(SplitUrl, EmptyAuthority) {
  const url_parts file = split_ok("file:///etc/hosts");
  EXPECT_EQ(file.scheme, "file");
  EXPECT_EQ(file.host, "");
  EXPECT_EQ(file.path, "/etc/hosts");
}

TEST(SplitUrl, SchemeCharacters) {
  EXPECT_EQ(split_ok("chrome-extension://abc/x.js").scheme, "chrome-extension");
  EXPECT_EQ(split_ok("chrome-extension://abc/x.js").host, "abc");
  EXPECT_EQ(split_ok("svn+ssh://h/r").scheme, "svn+ssh");
  EXPECT_EQ(split_ok("x.y-z+1:rest").scheme, "x.y-z+1");
  EXPECT_EQ(split_ok("HTTPS://A.COM/").scheme, "HTTPS");
}

TEST(SplitUrl, NoScheme) {
  EXPECT_FALSE(split_url(""));
  EXPECT_FALSE(split_url("example.com/path"));
  EXPECT_FALSE(split_url("//example.com/path"));
  EXPECT_FALSE(split_url("/relative/path"));
  EXPECT_FALSE(split_url(":no-scheme"));
  EXPECT_FALSE(split_url("1http://example.com"));
  EXPECT_FALSE(split_url("ht tp://example.com"));
  EXPECT_FALSE(split_url(" https://example.com"));
  EXPECT_FALSE(split_url("https"));
}

TEST(SplitUrl, EmbeddedNulDoesNotCrash) {
  const std::string_view url("https://a.com/\0x", 16);
  const url_parts p = split_ok(url);
  EXPECT_EQ(p.host, "a.com");
  EXPECT_EQ(p.path.size(), 3u);
}

TEST(NormalizeHost, LowercaseAndTrailingDot) {
  EXPECT_EQ(normalize_host("WWW.Example.COM"), "www.example.com");
  EXPECT_EQ(normalize_host("example.com."), "example.com");
  EXPECT_EQ(normalize_host("Example.Com."), "example.com");
  EXPECT_EQ(normalize_host("example.com.."), "example.com.");  // only one dot
  EXPECT_EQ(normalize_host("."), "");
  EXPECT_EQ(normalize_host(""), "");
  EXPECT_EQ(normalize_host("xn--BCHER-KVA.example"), "xn--bcher-kva.example");
  // Non-ASCII bytes are left alone (only ASCII is case-folded).
  EXPECT_EQ(normalize_host("B\u00DCCHER.de"), "b\u00DCcher.de");
  EXPECT_EQ(normalize_host("2001:DB8::1"), "2001:db8::1");
}

TEST(IsIpLiteral, Ipv4) {
  EXPECT_TRUE(is_ip_literal("192.168.0.1"));
  EXPECT_TRUE(is_ip_literal("0.0.0.0"));
  EXPECT_TRUE(is_ip_literal("255.255.255.255"));
  EXPECT_FALSE(is_ip_literal("256.1.1.1"));
  EXPECT_FALSE(is_ip_literal("1.2.3"));
  EXPECT_FALSE(is_ip_literal("1.2.3.4.5"));
  EXPECT_FALSE(is_ip_literal("1.2.3."));
  EXPECT_FALSE(is_ip_literal(".1.2.3"));
  EXPECT_FALSE(is_ip_literal("1..2.3"));
  EXPECT_FALSE(is_ip_literal("1.2.3.4."));
  EXPECT_FALSE(is_ip_literal("1.2.3.0004"));
  EXPECT_FALSE(is_ip_literal("1.2.3.a"));
  EXPECT_FALSE(is_ip_literal("1.2.3.4a"));
  EXPECT_FALSE(is_ip_literal("example.com"));
  EXPECT_FALSE(is_ip_literal("1.example"));
  EXPECT_FALSE(is_ip_literal(""));
}

TEST(IsIpLiteral, Ipv6) {
  EXPECT_TRUE(is_ip_literal("::1"));
  EXPECT_TRUE(is_ip_literal("2001:db8::1"));
  EXPECT_TRUE(is_ip_literal("2001:DB8:0:0:8:800:200C:417A"));
  EXPECT_TRUE(is_ip_literal("::ffff:192.0.2.1"));
  EXPECT_FALSE(is_ip_literal("[::1]"));  // brackets are not part of the host
  EXPECT_FALSE(is_ip_literal("fe80::1%eth0"));
  EXPECT_FALSE(is_ip_literal("g::1"));
}

}  // namespace
}  // namespace harfact::net
