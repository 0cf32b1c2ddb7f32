#include "report/report_view.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "harfact/har/timestamp.hpp"
#include "harfact/io/sha256.hpp"

namespace harfact::report {

namespace detail {

namespace {

// Length of the valid UTF-8 sequence at s[i], or 0.
std::size_t utf8_len(std::string_view s, std::size_t i) noexcept {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  std::uint32_t min = 0;
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) n = 2, min = 0x80;
  else if ((c & 0xF0) == 0xE0) n = 3, min = 0x800;
  else if ((c & 0xF8) == 0xF0) n = 4, min = 0x10000;
  else return 0;
  if (i + n > s.size()) return 0;
  std::uint32_t cp = c & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  // C1 controls (U+0080..U+009F) are replaced too.
  if (cp >= 0x80 && cp <= 0x9F) return 0;
  return n;
}

}  // namespace

std::string clean(std::string_view s, bool single_line) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) {
      if ((c == '\n' || c == '\t' || c == '\r') && single_line) {
        out += ' ';
      } else if (c == '\n' || c == '\t' || c == '\r') {
        out += static_cast<char>(c);
      } else {
        out += "\xEF\xBF\xBD";
      }
      ++i;
      continue;
    }
    const std::size_t n = utf8_len(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

std::string clip(std::string_view s, std::size_t n) {
  std::string c = clean(s);
  if (c.size() <= n) return c;
  std::size_t cut = n;
  while (cut > 0 && (static_cast<unsigned char>(c[cut]) & 0xC0) == 0x80) --cut;
  c.resize(cut);
  c += "\xE2\x80\xA6";
  return c;
}

view::view(const report_inputs& i) : in(i), ex(*i.exhibit), tl(i.exhibit->timeline) {
  for (const auto& f : tl.findings) {
    finding_ids.push_back(finding_id(f));
    ++by_severity[static_cast<std::size_t>(f.severity)];
  }
  unclassified_hosts = unclassified_third_party_hosts(tl);
  limitations = tl.not_establishable;
  // What a HAR cannot show (DESIGN.md): "not observable", never "absent".
  limitations.push_back(
      "State kept only in the browser (localStorage, sessionStorage, JavaScript calls such as "
      "gtag('consent', ...)) is not observable in a capture; where it matters it is reported as "
      "not observable, never as absent.");
  limitations.push_back(
      "Server-side tagging and server-to-server transfers (for example Meta's Conversions API) "
      "never pass through the browser and cannot appear in a capture.");
  limitations.push_back(
      "Trackers served from the site's own hosts (first-party proxies, CNAME-cloaked hosts) are "
      "recognised only where a signature describes them; other first-party traffic is not "
      "classified.");
  if (tl.trackers.capture.read.status != har::read_status::complete) {
    limitations.push_back(fmt::format(
        "The capture was not read completely (status {}): everything here covers only the {} "
        "entries read.",
        har::read_status_name(tl.trackers.capture.read.status), tl.trackers.capture.entries));
  }
  if (!unclassified_hosts.empty()) {
    limitations.push_back(fmt::format(
        "{} third-party host(s) were classified by no signature and no filter list; they are "
        "listed below and may include trackers harfact does not know.",
        unclassified_hosts.size()));
  }
  if (in.claims != nullptr) {
    for (const auto& c : *in.claims) {
      ++verdicts[static_cast<std::size_t>(c.verdict)];
      if (c.wrong_on_facts) ++wrong_on_facts;
    }
  }
}

std::string view::when(const timeline::time_point& t) const { return when_us(t.us); }

std::string view::when_us(std::optional<std::int64_t> us) const {
  if (!us) return "unknown";
  std::string s = har::format_rfc3339_utc(*us);
  if (in.local_time) s += fmt::format(" ({})", in.local_time(*us));
  return s;
}

std::string view::vendor_name(std::string_view vendor_id) const {
  if (vendor_id.empty()) return "-";
  for (const auto& v : tl.trackers.vendors) {
    if (v.vendor->vendor_id == vendor_id) return v.vendor->name;
  }
  return std::string(vendor_id);
}

std::string view::entries_text(const std::vector<std::uint64_t>& e, std::size_t max) {
  std::string s;
  for (std::size_t i = 0; i < e.size() && i < max; ++i) s += (i != 0 ? ", " : "") + std::to_string(e[i]);
  if (e.size() > max) s += fmt::format(", ... ({} in all)", e.size());
  return s;
}

}  // namespace detail

std::string finding_id(const timeline::finding& f) {
  std::string key = fmt::format("{}|{}", timeline::finding_kind_name(f.kind), f.vendor_id);
  for (const auto e : f.entries) key += fmt::format("|{}", e);
  return "F-" + io::to_hex(io::sha256::of(key)).substr(0, 8);
}

std::vector<std::string> unclassified_third_party_hosts(const timeline::result& r) {
  std::set<std::string> classified;
  for (const auto& h : r.trackers.hits) classified.insert(h.host);
  for (const auto& u : r.trackers.unclassified) classified.insert(u.host);
  std::set<std::string> out;
  for (const auto& p : r.trackers.capture.pages) {
    for (const auto& h : p.hosts) {
      if (h.party == inspect::party::third_party && !h.host.empty() &&
          classified.count(h.host) == 0) {
        out.insert(h.host);
      }
    }
  }
  return {out.begin(), out.end()};
}

}  // namespace harfact::report
