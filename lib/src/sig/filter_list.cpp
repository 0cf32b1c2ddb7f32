// The filter-list engine: loading lists and building the index.
//
// Why an index (as uBlock Origin and adblock-rust have): a request must be checked against
// a few rules, not the ~100,000 of EasyList and EasyPrivacy. Rules anchored to a host name
// ("||tracker.example^", nearly all of them) are looked up by the request's host and its
// parent domains; every other rule is filed under one piece of literal text that any URL it
// matches contains (see filter_index.hpp), the rarest among its candidates across all
// rules, with a penalty for tokens that most URLs contain ("https", "com").
#include "harfact/sig/filter_list.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <fstream>
#include <unordered_map>
#include <unordered_set>

#include "harfact/io/sha256.hpp"
#include "io/errors.hpp"
#include "sig/filter_engine.hpp"

namespace harfact::sig {

namespace detail {

std::vector<std::pair<std::uint64_t, std::uint32_t>> keys_of(const std::vector<std::string>& v) {
  std::vector<std::pair<std::uint64_t, std::uint32_t>> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    out.emplace_back(text_key(v[i]), static_cast<std::uint32_t>(i));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string_view anchored_host(const network_rule& rule) {
  if (rule.left != left_anchor::host || rule.is_regex || rule.match_case) return {};
  const std::string_view p = rule.pattern;
  std::size_t k = 0;
  if (!p.empty() && p[0] == '[') {  // an IPv6 literal, "||[::1]^"
    k = p.find(']');
    if (k == std::string_view::npos) return {};
    ++k;
  } else {
    while (k < p.size() && (is_token_char(static_cast<unsigned char>(p[k])) || p[k] == '.' ||
                            p[k] == '-' || p[k] == '_')) {
      ++k;
    }
    if (k == 0 || p[k - 1] == '.') return {};
  }
  if (k == p.size() ? !rule.right_anchor : p[k] == '*') return {};
  return p.substr(0, k);
}

hot_rule hot_of(const network_rule& rule, std::uint32_t id, std::int32_t offset) {
  hot_rule h;
  h.id = id;
  h.offset = offset;
  h.types = rule.types;
  h.applies_to = rule.applies_to;
  std::uint8_t f = 0;
  if (rule.left == left_anchor::start) f |= flag_left_start;
  if (rule.left == left_anchor::host) f |= flag_left_host;
  if (rule.right_anchor) f |= flag_right_anchor;
  if (rule.match_case) f |= flag_match_case;
  if (rule.important) f |= flag_important;
  if (!rule.domains_include.empty() || !rule.domains_exclude.empty()) f |= flag_domains;
  if (rule.is_regex) f |= flag_regex;
  if (rule.exception) f |= flag_exception;
  h.flags = f;
  if (std::endian::native == std::endian::little && offset >= 0 && !rule.match_case &&
      !rule.is_regex) {
    for (std::size_t i = 0; i < 8 && i < rule.pattern.size(); ++i) {
      const char c = rule.pattern[i];
      if (c == '*') break;
      if (c == '^') continue;
      h.probe |= std::uint64_t{static_cast<unsigned char>(c)} << (8 * i);
      h.probe_mask |= std::uint64_t{0xFF} << (8 * i);
    }
  }
  return h;
}

}  // namespace detail

namespace {

using namespace detail;  // NOLINT(google-build-using-namespace): the engine's own parts
namespace fs = std::filesystem;

// Tokens that nearly every URL contains: filing a rule under one means checking it for
// nearly every request.
// NOLINTNEXTLINE(modernize-avoid-c-arrays): a plain table
constexpr std::string_view k_common_tokens[] = {
    "http", "https",  "www",    "com", "net",    "org", "js", "html", "htm", "php", "css", "min",
    "cdn",  "static", "assets", "img", "images", "api", "v1", "v2",   "jpg", "png", "gif", "svg",
    "json", "ws",     "wss",    "co",  "uk",     "de",  "io", "id",   "s",   "t",   "v"};

std::string list_title(std::string_view text) {
  std::size_t pos = 0;
  for (int n = 0; n < 64 && pos < text.size(); ++n) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    constexpr std::string_view k_title = "! Title:";
    if (line.substr(0, k_title.size()) == k_title) {
      line.remove_prefix(k_title.size());
      while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
      while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
      return std::string(line);
    }
  }
  return {};
}

}  // namespace

filter_engine::filter_engine() : impl_(std::make_unique<impl>()) {}
filter_engine::~filter_engine() = default;
filter_engine::filter_engine(filter_engine&&) noexcept = default;
filter_engine& filter_engine::operator=(filter_engine&&) noexcept = default;

const std::vector<list_stats>& filter_engine::lists() const noexcept { return impl_->stats; }

void filter_engine::add_list(std::string name, std::string path, std::string_view text) {
  impl& d = *impl_;
  d.built = false;
  list_stats st;
  st.name = std::move(name);
  st.path = std::move(path);
  st.sha256 = io::to_hex(io::sha256::of(text));
  const auto list_index = static_cast<std::uint32_t>(d.parsed_stats.size());
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::uint32_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    const std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    parsed_line parsed = parse_filter_line(line);
    switch (parsed.kind) {
      case line_kind::blank:
      case line_kind::comment: continue;
      case line_kind::cosmetic:
        ++st.rules;
        ++st.cosmetic_skipped;
        continue;
      case line_kind::unsupported:
        ++st.rules;
        ++st.unsupported;
        ++st.unsupported_by_reason[parsed.reason];
        continue;
      case line_kind::network: break;
    }
    ++st.rules;
    compiled_rule cr;
    if (parsed.rule.is_regex) {
      RE2::Options options;
      options.set_log_errors(false);
      options.set_never_capture(true);
      options.set_case_sensitive(parsed.rule.match_case);
      cr.re = std::make_unique<RE2>(parsed.rule.regex, options);
      if (!cr.re->ok()) {
        ++st.unsupported;
        ++st.unsupported_by_reason["regex"];
        continue;
      }
    }
    ++st.network_rules;
    std::string_view trimmed = line;
    while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t')) {
      trimmed.remove_prefix(1);
    }
    while (!trimmed.empty() &&
           (trimmed.back() == ' ' || trimmed.back() == '\t' || trimmed.back() == '\r')) {
      trimmed.remove_suffix(1);
    }
    cr.text = &d.texts.emplace_back(trimmed);
    cr.rule = std::move(parsed.rule);
    cr.include_keys = keys_of(cr.rule.domains_include);
    cr.exclude_keys = keys_of(cr.rule.domains_exclude);
    cr.list = list_index;
    cr.line = line_no;
    d.rules.push_back(std::move(cr));
  }
  d.parsed_stats.push_back(st);
  d.stats = d.parsed_stats;
}

result<void> filter_engine::add_file(const std::filesystem::path& path, std::string name) {
  const std::string label = path.string();
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    return io::detail::file_error(
        errc::io_open, label, fmt::format("cannot open filter list '{}': is a directory", label),
        "pass the path of a list file such as easyprivacy.txt");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    return io::detail::file_error(
        errc::io_open, label,
        fmt::format("cannot open filter list '{}': {}", label, io::detail::os_reason(err)),
        "check the path; Debian's webext-ublock-origin-firefox or -chromium package installs "
        "EasyPrivacy and EasyList");
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    return io::detail::file_error(errc::io_read, label,
                                  fmt::format("cannot read filter list '{}'", label),
                                  "check that the file is readable");
  }
  if (name.empty()) name = list_title(text);
  if (name.empty()) name = path.filename().string();
  add_list(std::move(name), label, text);
  return {};
}

void filter_engine::build() {
  impl& d = *impl_;
  d.stats = d.parsed_stats;

  // $badfilter: cancel every rule with a cancelling rule's identity.
  std::unordered_set<std::string> cancelled_ids;
  for (const auto& cr : d.rules) {
    if (cr.rule.badfilter) cancelled_ids.insert(cr.rule.identity);
  }
  for (auto& cr : d.rules) {
    cr.cancelled = !cr.rule.badfilter && cancelled_ids.count(cr.rule.identity) != 0;
    if (cr.cancelled) {
      list_stats& st = d.stats[cr.list];
      --st.network_rules;
      ++st.unsupported;
      ++st.unsupported_by_reason["cancelled_by_badfilter"];
    }
  }

  // Candidate keys, and how many rules each is a candidate of.
  struct keyed_candidate {
    std::uint64_t key;
    std::int32_t offset;
    std::uint32_t penalty;
    bool chunk;
  };
  std::vector<std::vector<keyed_candidate>> candidates(d.rules.size());
  std::unordered_map<std::uint64_t, std::uint32_t> frequency;
  frequency.reserve(d.rules.size() * 2);
  std::vector<std::uint64_t> keys;
  for (std::size_t i = 0; i < d.rules.size(); ++i) {
    const compiled_rule& cr = d.rules[i];
    if (cr.cancelled || cr.rule.badfilter || !anchored_host(cr.rule).empty()) continue;
    const auto found = cr.rule.is_regex ? regex_tokens(cr.rule.regex) : pattern_tokens(cr.rule);
    keys.clear();
    for (const auto& c : found) {
      std::uint32_t penalty = 0;
      if (std::find(std::begin(k_common_tokens), std::end(k_common_tokens), c.token) !=
          std::end(k_common_tokens)) {
        penalty += 1U << 20;
      }
      if (c.token.size() < 3) penalty += 4096;
      if (c.kind != token_kind::whole) penalty += 64;  // also met inside longer URL tokens
      if (c.offset < 0) penalty += 8;  // prefer texts that fix where the match starts
      const std::uint64_t key = text_key(c.token);
      candidates[i].push_back({key, c.offset, penalty, c.kind != token_kind::whole});
      keys.push_back(key);
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (const std::uint64_t key : keys) ++frequency[key];
  }

  std::vector<std::pair<std::uint64_t, hot_rule>> host_entries;
  std::vector<std::pair<std::uint64_t, hot_rule>> entries;
  std::vector<std::pair<std::uint64_t, hot_rule>> untokenized;
  std::vector<std::uint64_t> chunk_keys;
  for (std::size_t i = 0; i < d.rules.size(); ++i) {
    const compiled_rule& cr = d.rules[i];
    if (cr.cancelled || cr.rule.badfilter) continue;
    const auto id = static_cast<std::uint32_t>(i);
    if (const std::string_view host = anchored_host(cr.rule); !host.empty()) {
      host_entries.emplace_back(text_key(host), hot_of(cr.rule, id, 0));
      continue;
    }
    const keyed_candidate* best = nullptr;
    std::uint64_t best_score = 0;
    for (const auto& c : candidates[i]) {
      const std::uint64_t score = std::uint64_t{frequency[c.key]} * 16 + c.penalty;
      if (best == nullptr || score < best_score) {
        best = &c;
        best_score = score;
      }
    }
    if (best == nullptr) {
      untokenized.emplace_back(0, hot_of(cr.rule, id, -1));
    } else {
      entries.emplace_back(best->key, hot_of(cr.rule, id, best->offset));
      if (best->chunk) chunk_keys.push_back(best->key);
    }
  }
  candidates = {};
  frequency = {};

  // Buckets: block rules, then exceptions, each in rule order; the arena holds each
  // bucket's patterns together, in the same order.
  const auto order = [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    const bool ea = (a.second.flags & flag_exception) != 0;
    const bool eb = (b.second.flags & flag_exception) != 0;
    return ea != eb ? eb : a.second.id < b.second.id;
  };
  std::sort(host_entries.begin(), host_entries.end(), order);
  std::sort(entries.begin(), entries.end(), order);
  std::sort(untokenized.begin(), untokenized.end(), order);
  d.patterns.clear();
  for (auto* list : {&host_entries, &entries, &untokenized}) {
    for (auto& [key, h] : *list) {
      const std::string& pattern = d.rules[h.id].rule.pattern;
      h.pattern_begin = static_cast<std::uint32_t>(d.patterns.size());
      h.pattern_size = static_cast<std::uint32_t>(pattern.size());
      d.patterns += pattern;
    }
  }
  std::sort(chunk_keys.begin(), chunk_keys.end());
  chunk_keys.erase(std::unique(chunk_keys.begin(), chunk_keys.end()), chunk_keys.end());
  d.host_index.build(host_entries, {});
  d.index.build(entries, chunk_keys);
  d.block_untokenized.clear();
  d.exception_untokenized.clear();
  for (const auto& [key, h] : untokenized) {
    ((h.flags & flag_exception) != 0 ? d.exception_untokenized : d.block_untokenized).push_back(h);
  }
  d.built = true;
}

std::vector<std::filesystem::path> filter_engine::default_list_paths() {
  // Debian 12 (bookworm): webext-ublock-origin-firefox and -chromium ship identical copies.
  static constexpr std::array<std::string_view, 2> k_dirs{
      "/usr/share/mozilla/extensions/{ec8030f7-c20a-464f-9b0e-13a3a9e97384}/"
      "uBlock0@raymondhill.net/assets/thirdparties/easylist",
      "/usr/share/chromium/extensions/ublock-origin/assets/thirdparties/easylist"};
  std::vector<fs::path> out;
  for (const std::string_view file : {"easyprivacy.txt", "easylist.txt"}) {
    for (const std::string_view dir : k_dirs) {
      fs::path p = fs::path(dir) / file;
      std::error_code ec;
      if (fs::is_regular_file(p, ec)) {
        out.push_back(std::move(p));
        break;
      }
    }
  }
  return out;
}

}  // namespace harfact::sig
