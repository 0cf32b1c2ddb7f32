// The filter engine's fast paths against plain references: the one-pass URL scan
// (lowercasing and token bitmap), the word-at-a-time token walk, the host span found 16 bytes
// at a time, the padded keys, and match() as a whole against a check of every rule without
// the index (detail::engine_access::match_by_scan).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/ascii.hpp"
#include "filter_test_support.hpp"
#include "harfact/har/reader.hpp"
#include "harfact/sig/filter_list.hpp"
#include "sig/filter_engine.hpp"
#include "sig/filter_index.hpp"
#include "sig/filter_tokens.hpp"
#include "test_support.hpp"

namespace harfact::sig {
namespace {

using namespace filter_test;  // NOLINT(google-build-using-namespace): test helpers
namespace fs = std::filesystem;
using rt = request_type;

// --- the URLs tested -----------------------------------------------------------------------

// Request URLs of the HAR files under `dir` (every file that reads), at most `limit`.
void collect_urls(const fs::path& dir, std::vector<std::string>& out, std::size_t limit) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (it->is_regular_file() && name.size() > 4 && name.substr(name.size() - 4) == ".har") {
      files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto r = har::reader::open(f);
    if (!r) continue;
    har::entry e;
    for (;;) {
      auto more = (*r)->next(e);
      if (!more || !*more) break;
      if (out.size() >= limit) return;
      out.emplace_back(e.str(e.request.url));
    }
  }
}

// Hand-made URLs for the corners: case, percent escapes, ports, userinfo, IPv6, IDN and
// punycode, empty hosts, long URLs and hosts, bytes >= 0x80 and NUL, other schemes.
std::vector<std::string> edge_urls() {
  std::vector<std::string> v = {
      "HTTPS://WWW.GOOGLE-ANALYTICS.COM/G/COLLECT?V=2&TID=G-1",
      "https://user:pw@ads.example.com:8080/x",
      "https://a@b@ads.example.com/x@y",
      "https://user@[2001:db8::1]:443/ads/x.js",
      "https://[2001:db8::1]/banner.gif?",
      "https://[::1/no-close",
      "https://[::1]x:80/",
      "http://xn--80ak6aa92e.com/ad/",
      "https://xn--bcher-kva.example/track?x=%41%2f%E2%82%AC",
      "https://b\xC3\xBC"
      "cher.example/ads/\xC3\xA9.js",
      "https://",
      "http://a",
      "https:///path",
      "https://:80/",
      "https://@/",
      "https://?q",
      "https://#f",
      "wss://beacon.krxd.net/x",
      "WS://x.test:/a",
      "https://x.test?ad=1",
      "https://x.test#ads",
      "https://ads.example.com.",
      "https://ADS.Example.COM./x",
      "data:text/html,ads",
      "blob:https://x/",
      "about:blank",
      "ftp://ads.example.com/",
      "httpx://ads.example.com/",
      "",
      "h",
  };
  using namespace std::string_literals;  // NOLINT(google-build-using-namespace): NUL bytes
  v.push_back("https://x.test/\0/ads.js"s);
  v.push_back("https://x.test/a\0b/pixel.gif?"s);
  v.emplace_back("https://example.com/" + std::string(17000, 'a') + "/ads.js");
  v.emplace_back("https://example.com/" + std::string(5000, 'Z') + "?pixel=1");
  std::string many = "https://example.com/";
  for (int i = 0; i < 3000; ++i) many += "ab/";
  v.push_back(many + "pixel.gif?");
  std::string labels = "https://";
  for (int i = 0; i < 40; ++i) labels += "l" + std::to_string(i) + ".";
  v.push_back(labels + "doubleclick.net/x");
  v.emplace_back("https://" + std::string(70, 'h') + ".example:99/p");
  v.emplace_back("https://" + std::string(15, 'h') + ":1");
  v.emplace_back("https://" + std::string(16, 'h') + "@" + std::string(16, 'g') + ":2/");
  return v;
}

// URLs a rule is meant to meet: its pattern with '*' and '^' filled in, after "||" a host,
// after "|" a URL, else a path; and variants (upper case, a port, a subdomain).
std::vector<std::string> urls_for_rule(std::string_view line) {
  std::string_view p = line;
  if (p.substr(0, 2) == "@@") p.remove_prefix(2);
  if (const std::size_t dollar = p.rfind('$'); dollar != std::string_view::npos) {
    p = p.substr(0, dollar);
  }
  if (p.size() > 2 && p.front() == '/' && p.back() == '/') return {};
  const bool right = p.size() > 2 && p.back() == '|';
  if (right) p.remove_suffix(1);
  const auto fill = [](std::string_view s, std::string_view star, char sep) {
    std::string out;
    for (const char c : s) {
      if (c == '*') {
        out += star;
      } else if (c == '^') {
        out += sep;
      } else {
        out += c;
      }
    }
    return out;
  };
  std::vector<std::string> out;
  if (p.substr(0, 2) == "||") {
    const std::string_view body = p.substr(2);
    out.push_back("https://" + fill(body, "abc", '/'));
    out.push_back("http://sub." + fill(body, "", '?') + (right ? "" : "x=1"));
    std::string upper = "https://user@" + fill(body, "Q", ':');
    for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    out.push_back(upper);
  } else if (p.substr(0, 1) == "|") {
    out.push_back(fill(p.substr(1), "zz", '/'));
  } else {
    out.push_back("https://example.org/" + fill(p, "abc", '/'));
    out.push_back("https://example.org:8443/x" + fill(p, "", '&') + (right ? "" : "y"));
  }
  return out;
}

// The network rules of a list file, as written.
std::vector<std::string> rule_lines(const fs::path& list) {
  std::vector<std::string> out;
  const std::string text = test::read_file(list);
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    std::string line = text.substr(pos, eol - pos);
    pos = eol + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty() || line[0] == '!' || line[0] == '[' || line.find('#') != std::string::npos) {
      continue;
    }
    out.push_back(std::move(line));
  }
  return out;
}

std::vector<std::string> every_test_url() {
  std::vector<std::string> urls = edge_urls();
  collect_urls(test::testdata_dir(), urls, 20000);
  if (const auto corpus = test::corpus_dir()) collect_urls(*corpus, urls, 20000);
  return urls;
}

// --- the URL scan --------------------------------------------------------------------------

struct scanned {
  std::string lower;
  std::vector<std::uint64_t> bits;
};

scanned scan(std::string_view url, bool portable) {
  scanned s;
  s.lower.assign(detail::scan_buffer_size(url.size()), '\x7f');  // not what it must become
  s.bits.assign(detail::scan_bitmap_words(url.size()), ~std::uint64_t{0});
  (portable ? detail::scan_url_portable : detail::scan_url)(url.data(), url.size(), s.lower.data(),
                                                            s.bits.data());
  return s;
}

void expect_scan_is_reference(std::string_view url) {
  for (const bool portable : {false, true}) {
    const scanned s = scan(url, portable);
    for (std::size_t i = 0; i < s.lower.size(); ++i) {
      const char expected = i < url.size() ? ::harfact::detail::ascii_lower(url[i]) : '\0';
      ASSERT_EQ(s.lower[i], expected) << "byte " << i << (portable ? " (portable)" : "");
    }
    for (std::size_t i = 0; i < s.bits.size() * 64; ++i) {
      const bool token =
          i < url.size() && detail::is_token_char(static_cast<unsigned char>(url[i]));
      ASSERT_EQ(((s.bits[i / 64] >> (i % 64)) & 1) != 0, token) << "bit " << i;
    }
  }
}

TEST(FilterScan, LowercaseAndTokenBitsMatchReference) {
  for (const auto& url : every_test_url()) expect_scan_is_reference(url);
  // Every length around the 16- and 64-byte blocks, every byte value.
  std::mt19937 rng(42);  // NOLINT(cert-msc51-cpp): reproducible on purpose
  for (std::size_t n = 0; n <= 300; ++n) {
    std::string s(n, '\0');
    for (char& c : s) c = static_cast<char>(rng() & 0xFF);
    expect_scan_is_reference(s);
    for (char& c : s) c = "aZ09./%-_?&=:@"[rng() % 14];
    expect_scan_is_reference(s);
  }
}

// --- tokens --------------------------------------------------------------------------------

std::vector<std::pair<std::size_t, std::size_t>> tokens(const std::vector<std::uint64_t>& bits,
                                                        bool bitwise) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  const auto add = [&](std::size_t b, std::size_t e) { out.emplace_back(b, e); };
  if (bitwise) {
    detail::for_each_token_bitwise(bits.data(), bits.size(), add);
  } else {
    detail::for_each_token(bits.data(), bits.size(), add);
  }
  return out;
}

TEST(FilterScan, TokenWalkMatchesBitwiseWalk) {
  // Runs across word boundaries, whole words of token characters, single bits at the ends.
  std::vector<std::vector<std::uint64_t>> cases = {
      {0},
      {1, 0},
      {~std::uint64_t{0}, 0},
      {~std::uint64_t{0}, ~std::uint64_t{0}, 1, 0},
      {std::uint64_t{1} << 63, 1, 0},
      {std::uint64_t{1} << 63, 0, 1, 0},
      {0x5555555555555555ULL, 0xAAAAAAAAAAAAAAAAULL, 0},
      {0, 0, std::uint64_t{1} << 63, ~std::uint64_t{0}, 0x7FFFFFFFFFFFFFFFULL, 0},
      {~std::uint64_t{0} - 1, ~std::uint64_t{0}, 0},
  };
  std::mt19937_64 rng(7);  // NOLINT(cert-msc51-cpp): reproducible on purpose
  for (int k = 0; k < 2000; ++k) {
    std::vector<std::uint64_t> bits(1 + rng() % 6);
    for (auto& w : bits) {
      switch (rng() % 4) {
        case 0: w = rng(); break;
        case 1: w = ~std::uint64_t{0}; break;
        case 2: w = 0; break;
        default: w = rng() & rng() & rng(); break;
      }
    }
    bits.push_back(0);
    cases.push_back(std::move(bits));
  }
  for (const auto& url : every_test_url()) cases.push_back(scan(url, false).bits);
  for (const auto& bits : cases) EXPECT_EQ(tokens(bits, false), tokens(bits, true));
}

// --- the host span -------------------------------------------------------------------------

// The engine's host rule before the fast path, verbatim: after "//" and any userinfo, before
// the port, path, query or fragment; an IPv6 literal keeps its brackets.
detail::host_span reference_host(std::string_view url) {
  const std::size_t authority = url.find("//") + 2;
  std::size_t authority_end = url.find_first_of("/?#", authority);
  if (authority_end == std::string_view::npos) authority_end = url.size();
  detail::host_span h;
  h.begin = authority;
  const std::size_t at = url.substr(0, authority_end).rfind('@');
  if (at != std::string_view::npos && at >= authority) h.begin = at + 1;
  h.end = authority_end;
  if (h.begin < h.end && url[h.begin] == '[') {
    const std::size_t close = url.find(']', h.begin);
    if (close != std::string_view::npos && close < authority_end) h.end = close + 1;
  } else {
    const std::size_t colon = url.find(':', h.begin);
    if (colon != std::string_view::npos && colon < authority_end) h.end = colon;
  }
  return h;
}

TEST(FilterScan, HostSpanMatchesReference) {
  std::size_t checked = 0;
  for (const auto& url : every_test_url()) {
    const scanned s = scan(url, false);
    const std::string_view lower = std::string_view(s.lower).substr(0, url.size());
    std::size_t authority = 0;
    for (const std::string_view scheme : {"http://", "https://", "ws://", "wss://"}) {
      if (lower.substr(0, scheme.size()) == scheme) authority = scheme.size();
    }
    if (authority == 0) continue;
    const detail::host_span expected = reference_host(lower);
    const detail::host_span plain = detail::find_host(lower, authority);
    const detail::host_span padded = detail::find_host_padded(lower, authority);
    EXPECT_EQ(plain.begin, expected.begin) << url;
    EXPECT_EQ(plain.end, expected.end) << url;
    EXPECT_EQ(padded.begin, expected.begin) << url;
    EXPECT_EQ(padded.end, expected.end) << url;
    // The dots the parent domains start after, 16 bytes at a time.
    std::vector<std::size_t> dots;
    detail::for_each_dot(s.lower.data(), padded.begin, padded.end,
                         [&](std::size_t i) { dots.push_back(i); });
    std::vector<std::size_t> expected_dots;
    for (std::size_t i = expected.begin; i < expected.end; ++i) {
      if (lower[i] == '.') expected_dots.push_back(i);
    }
    EXPECT_EQ(dots, expected_dots) << url;
    ++checked;
  }
  EXPECT_GT(checked, 30U);
}

// --- keys ----------------------------------------------------------------------------------

TEST(FilterScan, PaddedKeysEqualTextKey) {
  std::string text = "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnop";
  text.append(16, '\0');  // the padding the padded forms may read
  for (std::size_t from = 0; from < 8; ++from) {
    for (std::size_t n = 0; from + n <= 44; ++n) {
      EXPECT_EQ(detail::text_key_padded(text.data() + from, n),
                detail::text_key(std::string_view(text).substr(from, n)))
          << from << "+" << n;
    }
    EXPECT_EQ(detail::chunk_key_padded(text.data() + from),
              detail::text_key(std::string_view(text).substr(from, detail::chunk_size)));
    for (std::size_t n = 1; from + n <= 44; ++n) {
      const detail::token_keys keys = detail::token_keys_padded(text.data() + from, n);
      EXPECT_EQ(keys.whole, detail::text_key(std::string_view(text).substr(from, n)));
      EXPECT_EQ(keys.first_chunk,
                detail::text_key(std::string_view(text).substr(from, detail::chunk_size)));
    }
  }
}

// --- match() against every rule checked in turn ---------------------------------------------

struct variation {
  std::string_view page;
  bool third_party;
  rt type;
};

// Compares match() with match_by_scan() for every URL in a few request contexts, one of
// them the URL's own host as the page (first party), so that `domain=` and party options
// are met both ways. Returns the number of requests compared.
std::size_t expect_match_equals_scan(const filter_engine& e, const std::vector<std::string>& urls,
                                     const std::vector<variation>& variations) {
  std::vector<std::string> own_hosts;  // kept alive for the requests' views
  own_hosts.reserve(urls.size());
  std::vector<filter_request> requests;
  for (const auto& url : urls) {
    std::string own_host;
    if (url.find("//") != std::string::npos) {
      const detail::host_span h = reference_host(url);
      own_host = url.substr(h.begin, h.end - h.begin);
    }
    own_hosts.push_back(std::move(own_host));
    for (const auto& v : variations) requests.push_back({url, v.page, v.type, v.third_party});
    requests.push_back({url, own_hosts.back(), rt::subdocument, false});
  }
  const auto reference = detail::engine_access::match_by_scan(e, requests);
  for (std::size_t k = 0; k < requests.size(); ++k) {
    const filter_request& r = requests[k];
    const auto fast = e.match(r);
    const std::string context = std::string(r.url) + " page '" + std::string(r.page_host) + "'";
    EXPECT_EQ(fast.has_value(), reference[k].has_value()) << context;
    if (!fast || !reference[k]) continue;
    EXPECT_EQ(fast->list, reference[k]->list) << context;
    EXPECT_EQ(fast->line, reference[k]->line) << context;
    EXPECT_EQ(fast->exception, reference[k]->exception) << context;
    EXPECT_EQ(fast->rule, reference[k]->rule) << context;
  }
  return requests.size();
}

TEST(FilterIndex, TeamListsMatchEqualsScanOfEveryRule) {
  const std::vector<fs::path> lists = {basic_list(), test::testdata("lists/exhibit_rules.txt"),
                                       test::testdata("lists/team_unsupported.txt")};
  filter_engine e;
  std::vector<std::string> urls = edge_urls();
  for (const auto& list : lists) {
    ASSERT_TRUE(e.add_file(list).ok()) << list;
    for (const auto& line : rule_lines(list)) {
      for (auto& u : urls_for_rule(line)) urls.push_back(std::move(u));
    }
  }
  e.build();
  collect_urls(test::testdata_dir(), urls, 5000);
  const std::vector<variation> variations = {{"www.example.com", true, rt::script},
                                             {"news.test", true, rt::image},
                                             {"", false, rt::xmlhttprequest},
                                             {"EXAMPLE.DE.", true, rt::document},
                                             {"::1", true, rt::other}};
  EXPECT_GT(expect_match_equals_scan(e, urls, variations), 1000U);
}

TEST(FilterIndex, DebianListsMatchEqualsScanOfEveryRule) {
  const auto paths = filter_engine::default_list_paths();
  if (paths.size() < 2) {
    GTEST_SKIP() << "EasyPrivacy and EasyList not installed (apt-get install "
                    "webext-ublock-origin-firefox)";
  }
  filter_engine e;
  std::vector<std::string> urls = edge_urls();
  for (const auto& p : paths) {
    ASSERT_TRUE(e.add_file(p).ok()) << p;
    // URLs made for a sample of the rules (a scan checks all 100,000 of them per request).
    const auto lines = rule_lines(p);
    for (std::size_t i = 0; i < lines.size(); i += 1201) {
      for (auto& u : urls_for_rule(lines[i])) urls.push_back(std::move(u));
    }
  }
  e.build();
  std::vector<std::string> captured;
  collect_urls(test::testdata_dir(), captured, 100000);
  if (const auto corpus = test::corpus_dir()) collect_urls(*corpus, captured, 100000);
  for (std::size_t i = 0; i < captured.size(); i += 41) urls.push_back(captured[i]);
  const std::vector<variation> variations = {{"www.youtube.com", true, rt::xmlhttprequest}};
  EXPECT_GT(expect_match_equals_scan(e, urls, variations), 300U);
}

}  // namespace
}  // namespace harfact::sig
