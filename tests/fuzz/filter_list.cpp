// Fuzz target: the filter-list parser and engine (EasyList/EasyPrivacy
// syntax). The input is a list's text: it is parsed and indexed, then fixed
// requests of every type, and every line of the input that is itself a URL
// (at most 16), are matched against it.
#include "harfact/sig/filter_list.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"

using namespace harfact;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_view(data, size);
  sig::filter_engine engine;
  engine.add_list("fuzz", "fuzz.txt", text);
  engine.build();
  static volatile std::size_t sink = 0;
  for (const auto& l : engine.lists()) sink = sink + l.rules + l.unsupported_by_reason.size();

  static const char* const fixed[] = {
      "https://www.example.com/",
      "https://ads.test/banner/ad-1.gif?x=1",
      "http://tracker.example.net/pixel.gif?id=1&utm_tracker=2",
      "https://cdn.test/tracker.js",
      "https://1.2.3.4/collect",
      "https://[2001:db8::1]:8443/a/b?c=d#e",
      "wss://stream.test/socket",
      "https://sub.domain.example.co.uk/track/x/event?q=%41",
      "https://xn--bcher-kva.example/%E2%82%AC?\xc3\xa9=1",
      "data:image/gif;base64,R0lGOD",
      "https://a.b.c.d.e.f.g.h.example/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  };
  std::vector<std::string> urls(std::begin(fixed), std::end(fixed));
  for (const auto line : fuzz::split(text, '\n', 4096)) {
    if (urls.size() >= std::size(fixed) + 16) break;
    if (line.starts_with("http") || line.starts_with("ws")) urls.emplace_back(line);
  }
  const char* const pages[] = {"", "www.example.com", "example.org", "[2001:db8::1]"};
  std::size_t n = 0;
  for (const auto& url : urls) {
    for (int t = 0; t <= static_cast<int>(sig::request_type::other); ++t, ++n) {
      sig::filter_request r;
      r.url = url;
      r.page_host = pages[n % std::size(pages)];
      r.type = static_cast<sig::request_type>(t);
      r.third_party = (n & 1U) != 0;
      if (const auto hit = engine.match(r)) sink = sink + hit->rule.size() + hit->line;
    }
  }
  return 0;
}
