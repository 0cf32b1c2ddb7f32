#include "harfact/har/exporter.hpp"

#include <array>

#include "core/ascii.hpp"

namespace harfact::har {

namespace {

struct known {
  std::string_view creator;  // creator.name, compared case-insensitively as a prefix
  exporter who;
};

// Creator names as the exporters write them (see signals.md C.2 and the
// exporters' sources). Longer prefixes first where one is a prefix of another.
constexpr std::array<known, 24> k_known{{
    {"WebKit Web Inspector", {"safari_web_inspector", "Safari Web Inspector", true}},
    {"WebInspector", {"chrome_devtools", "Chrome DevTools (or another Chromium browser's)", true}},
    {"Firefox", {"firefox_devtools", "Firefox DevTools", true}},
    {"Internet Explorer Network Inspector", {"ie_f12", "Internet Explorer F12 tools", true}},
    {"Firebug", {"firebug", "Firebug (NetExport)", true}},
    {"Charles Proxy", {"charles", "Charles Proxy", false}},
    {"Fiddler", {"fiddler", "Fiddler", false}},
    {"mitmproxy", {"mitmproxy", "mitmproxy", false}},
    {"Playwright", {"playwright", "Playwright (recordHar)", false}},
    {"WebPagetest", {"webpagetest", "WebPageTest", false}},
    {"Browsertime", {"browsertime", "Browsertime (sitespeed.io)", false}},
    {"chrome-har", {"chrome_har", "chrome-har (sitespeed.io library)", false}},
    {"PhantomJS", {"phantomjs", "PhantomJS netsniff", false}},
    {"Insomnia", {"insomnia", "Insomnia REST client", false}},
    {"Polly.JS", {"pollyjs", "Polly.JS", false}},
    {"capture-har", {"capture_har", "capture-har", false}},
    {"BrowserMob Proxy", {"browsermob", "BrowserMob Proxy", false}},
    {"OWASP ZAP", {"zap", "OWASP ZAP", false}},
    {"ZAP", {"zap", "OWASP ZAP", false}},
    {"Burp Suite", {"burp", "Burp Suite", false}},
    {"HTTP Toolkit", {"http_toolkit", "HTTP Toolkit", false}},
    {"Proxyman", {"proxyman", "Proxyman", false}},
    {"puppeteer-har", {"puppeteer_har", "puppeteer-har", false}},
    {"Selenium Wire", {"selenium_wire", "Selenium Wire", false}},
}};

}  // namespace

exporter identify_exporter(const log_info& info) noexcept {
  if (!info.creator.present || info.creator.name.empty()) return {"none", "no creator", false};
  for (const auto& k : k_known) {
    if (detail::istarts_with_ascii(info.creator.name, k.creator)) return k.who;
  }
  return {"other", "unknown exporter", false};
}

}  // namespace harfact::har
