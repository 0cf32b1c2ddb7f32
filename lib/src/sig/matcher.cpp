#include "harfact/sig/matcher.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <string>
#include <unordered_map>

#include "core/ascii.hpp"
#include "harfact/net/url.hpp"
#include "sig/url_query.hpp"

namespace harfact::sig {

namespace {

struct candidate {
  std::uint32_t sig = 0;
  bool exact = false;
};

struct string_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

// A path pattern: a trailing '*' is a prefix; a '*' elsewhere stands for any
// characters within one segment. No allocation: this runs for every request.
bool glob_matches(std::string_view pattern, std::string_view path, bool prefix) {
  std::size_t p = 0;
  std::size_t i = 0;
  while (p < pattern.size()) {
    if (pattern[p] == '*') {
      // Try every split within the segment, longest first.
      const std::string_view rest = pattern.substr(p + 1);
      const std::size_t segment_end = std::min(path.find('/', i), path.size());
      for (std::size_t k = segment_end + 1; k-- > i;) {
        if (glob_matches(rest, path.substr(k), prefix)) return true;
      }
      return false;
    }
    if (i >= path.size() || path[i] != pattern[p]) return false;
    ++i;
    ++p;
  }
  return prefix || i == path.size();
}

bool path_matches(std::string_view pattern, std::string_view path) {
  const bool prefix = !pattern.empty() && pattern.back() == '*';
  if (prefix) pattern.remove_suffix(1);
  if (pattern.find('*') == std::string_view::npos) {
    return prefix ? path.substr(0, pattern.size()) == pattern : path == pattern;
  }
  return glob_matches(pattern, path, prefix);
}

bool value_matches(std::string_view pattern, std::string_view value) {
  if (!pattern.empty() && pattern.back() == '*') {
    pattern.remove_suffix(1);
    return value.substr(0, pattern.size()) == pattern;
  }
  return value == pattern;
}

// How specific a signature is, beyond its host: path, query, method, regex.
int rest_specificity(const signature& s) {
  const auto& m = s.match;
  int score = 0;
  if (!m.paths.empty()) {
    bool wildcard = false;
    for (const auto& p : m.paths) wildcard = wildcard || p.find('*') != std::string::npos;
    score += wildcard ? 8 : 12;
  }
  score += 4 * static_cast<int>(m.query_has.size());
  score += 6 * static_cast<int>(m.query_values.size());
  score += m.methods.empty() ? 0 : 3;
  score += m.url_regex.empty() ? 0 : 2;
  return score;
}

// How specific the host name that matched is: an exact host beats a suffix,
// a longer name beats a shorter one. Scored on the name that matched the
// request, not the longest name the rule lists (a rule listing
// "=livechat.s3.amazonaws.com" and "livechatinc.com" is no more specific for
// api.livechatinc.com than "livechatinc.com" alone).
int host_specificity(std::string_view name, bool exact) {
  const int labels = static_cast<int>(std::count(name.begin(), name.end(), '.')) + 1;
  return (exact ? 40 : 20) + 2 * labels;
}

}  // namespace

struct matcher::impl {
  explicit impl(const database& d) : db(d) {
    const auto& sigs = db.signatures();
    regex.resize(sigs.size());
    specificity.resize(sigs.size());
    for (std::uint32_t i = 0; i < sigs.size(); ++i) {
      const signature& s = sigs[i];
      specificity[i] = rest_specificity(s);
      if (!s.match.url_regex.empty()) {
        regex[i] = std::make_unique<RE2>(s.match.url_regex, RE2::Quiet);
      }
      if (s.match.any_host) any_host.push_back(i);
      for (const auto& h : s.match.hosts) by_host[h.name].push_back(candidate{i, h.exact});
    }
  }

  const database& db;
  std::unordered_map<std::string, std::vector<candidate>, string_hash, std::equal_to<>> by_host;
  std::vector<std::uint32_t> any_host;
  std::vector<std::unique_ptr<RE2>> regex;
  std::vector<int> specificity;

  // Everything but the host.
  bool rest_matches(std::uint32_t i, const net::url_parts& parts, std::string_view url,
                    std::string_view method, detail::query_params& query) const {
    const signature& s = db.signatures()[i];
    const match_rule& m = s.match;
    if (!m.schemes.empty() &&
        std::none_of(m.schemes.begin(), m.schemes.end(), [&](const std::string& sc) {
          return harfact::detail::iequals_ascii(sc, parts.scheme);
        })) {
      return false;
    }
    if (!m.paths.empty()) {
      const std::string_view path = parts.path.empty() ? std::string_view("/") : parts.path;
      if (std::none_of(m.paths.begin(), m.paths.end(),
                       [&](const std::string& p) { return path_matches(p, path); })) {
        return false;
      }
    }
    if (!m.query_has.empty() || !m.query_values.empty()) {
      query.parse(parts.query);
      for (const auto& name : m.query_has) {
        if (query.find(name) == nullptr) return false;
      }
      for (const auto& [name, pattern] : m.query_values) {
        const std::string* v = query.find(name);
        if (v == nullptr || !value_matches(pattern, *v)) return false;
      }
    }
    if (!m.methods.empty() &&
        std::none_of(m.methods.begin(), m.methods.end(), [&](const std::string& x) {
          return harfact::detail::iequals_ascii(x, method);
        })) {
      return false;
    }
    if (regex[i] && !RE2::PartialMatch(re2::StringPiece(url.data(), url.size()), *regex[i])) {
      return false;
    }
    return true;
  }

  void find(std::string_view url, std::string_view method, std::vector<match>& out) const {
    out.clear();
    const auto parts = net::split_url(url);
    if (!parts) return;
    const std::string_view scheme = parts->scheme;
    if (!harfact::detail::iequals_ascii(scheme, "http") &&
        !harfact::detail::iequals_ascii(scheme, "https") &&
        !harfact::detail::iequals_ascii(scheme, "ws") &&
        !harfact::detail::iequals_ascii(scheme, "wss")) {
      return;
    }
    const std::string host = net::normalize_host(parts->host);
    detail::query_params query;
    // Suffixes are walked longest first, so a signature's first match is on
    // its most specific host name.
    auto add = [&](std::uint32_t i, int host_score) {
      for (const auto& m : out) {
        if (m.sig == &db.signatures()[i]) return;
      }
      const signature& s = db.signatures()[i];
      out.push_back(match{&s, &db.vendor_of(s), host_score + specificity[i]});
    };
    // Walk the host's suffixes: "a.b.example.com", "b.example.com", ...
    std::string_view h = host;
    while (!h.empty()) {
      if (const auto it = by_host.find(h); it != by_host.end()) {
        for (const candidate& c : it->second) {
          if (c.exact && h.size() != host.size()) continue;
          if (rest_matches(c.sig, *parts, url, method, query)) {
            add(c.sig, host_specificity(h, c.exact));
          }
        }
      }
      const std::size_t dot = h.find('.');
      if (dot == std::string_view::npos) break;
      h.remove_prefix(dot + 1);
    }
    for (const std::uint32_t i : any_host) {
      if (rest_matches(i, *parts, url, method, query)) add(i, 0);
    }
    std::stable_sort(out.begin(), out.end(), [](const match& a, const match& b) {
      if (a.specificity != b.specificity) return a.specificity > b.specificity;
      return a.sig < b.sig;
    });
  }
};

matcher::matcher(const database& db) : impl_(std::make_unique<impl>(db)) {}
matcher::~matcher() = default;
matcher::matcher(matcher&&) noexcept = default;
matcher& matcher::operator=(matcher&&) noexcept = default;

void matcher::find(std::string_view url, std::string_view method, std::vector<match>& out) const {
  impl_->find(url, method, out);
}

bool matcher::matches(const signature& sig, std::string_view url, std::string_view method) const {
  std::vector<match> all;
  impl_->find(url, method, all);
  return std::any_of(all.begin(), all.end(), [&](const match& m) { return m.sig == &sig; });
}

}  // namespace harfact::sig
