// The filter-list engine: loading lists and building the index.
//
// Why an index (as uBlock Origin and adblock-rust have): a request must be checked against
// a few rules, not the ~100,000 of EasyList and EasyPrivacy. Rules anchored to a host name
// ("||tracker.example^", nearly all of them) are looked up by the request's host and its
// parent domains; every other rule is filed under one piece of literal text that any URL it
// matches contains (see filter_index.hpp), the rarest among its candidates across all
// rules, with a penalty for tokens that most URLs contain ("https", "com").
//
// Loading is cheap per rule: a rule is a fixed-size record whose texts (the rule as written,
// its normalised pattern, its `domain=` names) are views into the list's text or offsets
// into arenas of the engine; the parser reuses one scratch space. build() parses the lists
// added and indexes them on a worker thread, so that a caller can do other work meanwhile
// (`harfact trackers` reads the capture); whatever needs the result waits for it.
#include "harfact/sig/filter_list.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <fstream>
#include <system_error>
#include <unordered_set>

#include "core/ascii.hpp"
#include "harfact/io/read_file.hpp"
#include "harfact/io/sha256.hpp"
#include "io/errors.hpp"
#include "sig/filter_engine.hpp"

namespace harfact::sig {

namespace detail {

std::string_view anchored_host(const compiled_rule& rule, std::string_view p) {
  if (rule.left != left_anchor::host || rule.is_regex || rule.match_case) return {};
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

hot_rule hot_of(const compiled_rule& rule, std::string_view pattern, std::uint32_t id,
                std::int32_t offset) {
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
  if (rule.has_domains()) f |= flag_domains;
  if (rule.is_regex) f |= flag_regex;
  if (rule.exception) f |= flag_exception;
  h.flags = f;
  if (std::endian::native == std::endian::little && offset >= 0 && !rule.match_case &&
      !rule.is_regex) {
    for (std::size_t i = 0; i < 8 && i < pattern.size(); ++i) {
      const char c = pattern[i];
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

// Counts per key, in a flat table (keys are text_key()s, never 0).
class key_counts {
 public:
  explicit key_counts(std::size_t keys) {
    std::size_t n = 16;
    while (n < keys * 2) n *= 2;
    slots_.assign(n, {0, 0});
    mask_ = n - 1;
  }
  std::uint32_t& operator[](std::uint64_t key) {
    std::size_t s = (key >> 17) & mask_;
    while (slots_[s].first != 0 && slots_[s].first != key) s = (s + 1) & mask_;
    slots_[s].first = key;
    return slots_[s].second;
  }

 private:
  std::vector<std::pair<std::uint64_t, std::uint32_t>> slots_;
  std::size_t mask_ = 0;
};

}  // namespace

filter_engine::impl::~impl() {
  if (worker.joinable()) worker.join();
}

void filter_engine::impl::settle() {
  if (!settled.load(std::memory_order_acquire)) {
    const std::lock_guard<std::mutex> lock(worker_mutex);
    if (!settled.load(std::memory_order_relaxed)) {
      if (worker.joinable()) worker.join();
      settled.store(true, std::memory_order_release);
    }
  }
  if (worker_error) std::rethrow_exception(worker_error);
}

void filter_engine::impl::parse_pending() {
  parse_scratch scratch;
  // Room for the rules at once: growing would copy them and touch twice the memory. Rules
  // take 20 to 30 bytes of text each in the lists; pages reserved and not used cost nothing.
  std::size_t bytes = 0;
  for (const pending_list& p : pending) bytes += p.text->size();
  rules.reserve(rules.size() + bytes / 16 + 16);
  rule_patterns.reserve(rule_patterns.size() + bytes);
  for (pending_list& p : pending) {
    list_stats st;
    st.name = std::move(p.name);
    st.path = std::move(p.path);
    std::string_view text = *p.text;
    st.sha256 = io::to_hex(io::sha256::of(text));
    const auto list_index = static_cast<std::uint32_t>(parsed_stats.size());
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::uint32_t line_no = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
      std::size_t eol = text.find('\n', pos);
      if (eol == std::string_view::npos) eol = text.size();
      const std::string_view line = text.substr(pos, eol - pos);
      pos = eol + 1;
      ++line_no;
      const parsed_line parsed = parse_filter_line(line, scratch);
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
          ++st.unsupported_by_reason[std::string(parsed.reason)];
          continue;
        case line_kind::network: break;
      }
      ++st.rules;
      const network_rule& nr = parsed.rule;
      compiled_rule cr;
      if (nr.is_regex) {
        RE2::Options options;
        options.set_log_errors(false);
        options.set_never_capture(true);
        options.set_case_sensitive(nr.match_case);
        auto re =
            std::make_unique<RE2>(re2::StringPiece(nr.regex.data(), nr.regex.size()), options);
        if (!re->ok()) {
          ++st.unsupported;
          ++st.unsupported_by_reason["regex"];
          continue;
        }
        cr.regex = static_cast<std::uint32_t>(regexes.size());
        regexes.push_back(std::move(re));
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
      cr.text = trimmed;
      // A regex rule keeps its source where a pattern rule keeps its pattern.
      const std::string_view pattern = nr.is_regex ? nr.regex : nr.pattern;
      cr.pattern_begin = static_cast<std::uint32_t>(rule_patterns.size());
      cr.pattern_size = static_cast<std::uint32_t>(pattern.size());
      rule_patterns += pattern;
      cr.domains_begin = static_cast<std::uint32_t>(domains.size());
      cr.include_count = static_cast<std::uint32_t>(scratch.include.size());
      cr.exclude_count = static_cast<std::uint32_t>(scratch.exclude.size());
      for (const auto* names : {&scratch.include, &scratch.exclude}) {
        const std::size_t first = domains.size();
        for (const parse_scratch::name n : *names) {
          const std::string_view name = scratch.domain(n);
          domains.push_back(domain_entry{text_key(name),
                                         static_cast<std::uint32_t>(domain_names.size()),
                                         static_cast<std::uint32_t>(name.size())});
          domain_names += name;
        }
        std::sort(domains.begin() + static_cast<std::ptrdiff_t>(first), domains.end(),
                  [](const domain_entry& a, const domain_entry& b) { return a.key < b.key; });
      }
      cr.list = list_index;
      cr.line = line_no;
      cr.types = nr.types;
      cr.left = nr.left;
      cr.applies_to = nr.applies_to;
      cr.right_anchor = nr.right_anchor;
      cr.exception = nr.exception;
      cr.important = nr.important;
      cr.match_case = nr.match_case;
      cr.is_regex = nr.is_regex;
      cr.badfilter = nr.badfilter;
      rules.push_back(cr);
    }
    parsed_stats.push_back(std::move(st));
  }
  pending.clear();
  stats = parsed_stats;
}

filter_engine::filter_engine() : impl_(std::make_unique<impl>()) {}
filter_engine::~filter_engine() = default;
filter_engine::filter_engine(filter_engine&&) noexcept = default;
filter_engine& filter_engine::operator=(filter_engine&&) noexcept = default;

const std::vector<list_stats>& filter_engine::lists() const noexcept {
  impl& d = *impl_;
  try {
    d.settle();
    if (!d.pending.empty()) {  // added, never built: parsed now, for their counts
      const std::lock_guard<std::mutex> lock(d.worker_mutex);
      if (!d.pending.empty()) d.parse_pending();
    }
  } catch (...) {  // NOLINT(bugprone-empty-catch): match() reports it (see settle())
  }
  return d.stats;
}

void filter_engine::add_list(std::string name, std::string path, std::string_view text) {
  impl& d = *impl_;
  d.settle();
  d.built = false;
  d.texts.emplace_back(text);
  d.pending.push_back(impl::pending_list{std::move(name), std::move(path), &d.texts.back()});
}

result<void> filter_engine::add_file(const std::filesystem::path& path, std::string name) {
  const std::string label = path.string();
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    return io::detail::file_error(
        errc::io_open, label, fmt::format("cannot open filter list '{}': is a directory", label),
        "pass the path of a list file such as easyprivacy.txt");
  }
  // EasyList and EasyPrivacy together are about 3 MB; 256 MiB is room for any list.
  constexpr std::uint64_t k_max_list_bytes = std::uint64_t{256} << 20;
  auto read = io::read_file_bounded(path, k_max_list_bytes, "filter list");
  if (!read) {
    harfact::error e = std::move(read).error();
    if (e.code == errc::io_open) {
      e.hint =
          "check the path; Debian's webext-ublock-origin-firefox or -chromium package "
          "installs EasyPrivacy and EasyList";
    }
    return e;
  }
  std::string text = std::move(*read);
  if (name.empty()) name = list_title(text);
  if (name.empty()) name = path.filename().string();
  impl& d = *impl_;
  d.settle();
  d.built = false;
  d.texts.push_back(std::move(text));
  d.pending.push_back(impl::pending_list{std::move(name), label, &d.texts.back()});
  return {};
}

void filter_engine::build() {
  impl& d = *impl_;
  d.settle();
  d.built = false;
  const auto work = [&d] {
    try {
      d.parse_pending();
      d.build_index();
    } catch (...) {
      d.worker_error = std::current_exception();
    }
  };
  d.settled.store(false, std::memory_order_relaxed);
  try {
    d.worker = std::thread(work);
  } catch (const std::system_error&) {
    work();  // no thread available: here, now
    d.settled.store(true, std::memory_order_relaxed);
  }
}

void filter_engine::impl::build_index() {
  stats = parsed_stats;

  // $badfilter: cancel every rule with a cancelling rule's identity. Identities are built
  // only for the rules whose pattern as written is that of a $badfilter rule.
  struct cancelling_pattern {
    bool exception;
    std::string_view pattern;
  };
  std::vector<cancelling_pattern> cancelling_patterns;
  std::unordered_set<std::string> cancelled_ids;
  for (const auto& cr : rules) {
    if (!cr.badfilter) continue;
    cancelling_pattern c{};
    c.pattern = rule_pattern_as_written(cr.text, c.exception);
    cancelling_patterns.push_back(c);
    cancelled_ids.insert(rule_identity(cr.text));
  }
  for (auto& cr : rules) {
    cr.cancelled = false;
    if (cr.badfilter || cancelling_patterns.empty()) continue;
    // A rule starts with its pattern as written: a prefix compare first, the exact split only
    // for the rare rule that passes it.
    const bool candidate =
        std::any_of(cancelling_patterns.begin(), cancelling_patterns.end(), [&](const auto& c) {
          const std::size_t at = c.exception ? 2 : 0;
          if (cr.exception != c.exception ||
              !harfact::detail::iequals_ascii(cr.text.substr(at, c.pattern.size()), c.pattern)) {
            return false;
          }
          bool exception = false;
          const std::string_view pattern = rule_pattern_as_written(cr.text, exception);
          return exception == c.exception && harfact::detail::iequals_ascii(c.pattern, pattern);
        });
    cr.cancelled = candidate && cancelled_ids.count(rule_identity(cr.text)) != 0;
    if (cr.cancelled) {
      list_stats& st = stats[cr.list];
      --st.network_rules;
      ++st.unsupported;
      ++st.unsupported_by_reason["cancelled_by_badfilter"];
    }
  }

  // Candidate keys of each rule not anchored to a host, and how many rules each is a
  // candidate of.
  std::vector<token_candidate> candidates;
  candidates.reserve(rules.size() * 2);
  std::vector<std::uint32_t> first_candidate(rules.size() + 1, 0);
  std::vector<std::uint64_t> host_key(rules.size(), 0);  // the rules anchored to a host
  std::vector<std::uint64_t> keys;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    first_candidate[i] = static_cast<std::uint32_t>(candidates.size());
    const compiled_rule& cr = rules[i];
    if (cr.cancelled || cr.badfilter) continue;
    const std::string_view pattern = pattern_of(cr);
    if (const std::string_view host = anchored_host(cr, pattern); !host.empty()) {
      host_key[i] = text_key(host);
      continue;
    }
    if (cr.is_regex) {
      regex_tokens(pattern, candidates);
    } else {
      pattern_tokens(pattern, cr.left, cr.right_anchor, cr.match_case, candidates);
    }
  }
  first_candidate[rules.size()] = static_cast<std::uint32_t>(candidates.size());
  key_counts frequency(candidates.size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    keys.clear();
    for (std::uint32_t c = first_candidate[i]; c < first_candidate[i + 1]; ++c) {
      keys.push_back(candidates[c].key);
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (const std::uint64_t key : keys) ++frequency[key];
  }

  // Each rule under its rarest candidate, in rule order. Patterns stay where they are: a
  // record points into rule_patterns (empty for a regex).
  std::vector<std::uint64_t> host_keys;
  std::vector<hot_rule> host_records;
  std::vector<std::uint64_t> token_keys;
  std::vector<hot_rule> token_records;
  std::vector<std::uint64_t> chunk_keys;
  block_untokenized.clear();
  exception_untokenized.clear();
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const compiled_rule& cr = rules[i];
    if (cr.cancelled || cr.badfilter) continue;
    const auto id = static_cast<std::uint32_t>(i);
    const std::string_view pattern = cr.is_regex ? std::string_view() : pattern_of(cr);
    const auto record = [&](std::int32_t offset) {
      hot_rule h = hot_of(cr, pattern, id, offset);
      h.pattern_begin = cr.pattern_begin;
      h.pattern_size = static_cast<std::uint32_t>(pattern.size());
      return h;
    };
    if (host_key[i] != 0) {
      host_keys.push_back(host_key[i]);
      host_records.push_back(record(0));
      continue;
    }
    const token_candidate* best = nullptr;
    std::uint64_t best_score = 0;
    for (std::uint32_t k = first_candidate[i]; k < first_candidate[i + 1]; ++k) {
      const token_candidate& c = candidates[k];
      std::uint32_t penalty = 0;
      if (c.common) penalty += 1U << 20;
      if (c.short_text) penalty += 4096;
      if (c.kind != token_kind::whole) penalty += 64;  // also met inside longer URL tokens
      if (c.offset < 0) penalty += 8;  // prefer texts that fix where the match starts
      const std::uint64_t score = std::uint64_t{frequency[c.key]} * 16 + penalty;
      if (best == nullptr || score < best_score) {
        best = &c;
        best_score = score;
      }
    }
    if (best == nullptr) {
      (cr.exception ? exception_untokenized : block_untokenized).push_back(record(-1));
    } else {
      token_keys.push_back(best->key);
      token_records.push_back(record(best->offset));
      if (best->kind != token_kind::whole) chunk_keys.push_back(best->key);
    }
  }
  candidates = {};
  host_index.build(host_keys, host_records, {});
  index.build(token_keys, token_records, chunk_keys);

  // Every domain some `domain=` option names, for page_domains::compute().
  std::size_t named = 0;
  for (const auto& cr : rules) named += cr.include_count + cr.exclude_count;
  named_domains.reset(named);
  for (const auto& cr : rules) {
    if (cr.cancelled || cr.badfilter) continue;
    for (const domain_entry& e : includes(cr)) named_domains.add(e.key);
    for (const domain_entry& e : excludes(cr)) named_domains.add(e.key);
  }
  built = true;
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
