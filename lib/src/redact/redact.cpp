// Redaction of a whole capture: entries masked one by one as the reader
// delivers them, then the capture's own text copied with the replacements, so
// every byte not masked is the input's (see redact.hpp, "Byte faithfulness").
#include "harfact/redact/redact.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "harfact/report/json_writer.hpp"
#include "redact/entry.hpp"
#include "redact/json_text.hpp"
#include "redact/masker.hpp"
#include "redact/rules.hpp"

namespace harfact::redact {

namespace {

constexpr std::array<std::string_view, 17> k_kind_names{
    "cookie",      "authorization", "api_key",    "token",         "session_id",       "jwt",
    "credentials", "email",         "phone",      "person_name",   "hashed_user_data", "user_data",
    "client_id",   "user_id",       "form_value", "typed_content", "known_secret"};

struct entry_span {
  std::uint64_t index = 0;
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
};

std::string stub(std::uint64_t index) {
  return fmt::format(
      "{{\"comment\": \"harfact redact: entry {} could not be read in the input; left out\"}}",
      index);
}

std::string stubs(std::uint64_t from, std::uint64_t to) {
  std::string out;
  for (std::uint64_t i = from; i < to; ++i) {
    if (i != from) out += ", ";
    out += stub(i);
  }
  return out;
}

// The offset of the ']' that closes the entries array, from inside it.
std::uint64_t array_close(std::string_view text, std::uint64_t from) {
  for (std::uint64_t i = from; i < text.size();) {
    const char c = text[i];
    if (c == ']') return i;
    if (c == '"' || c == '{' || c == '[') {
      i = detail::value_end(text, i);
      continue;
    }
    ++i;
  }
  return text.size();
}

// log.pages: a title can name the visitor ("Inbox - jane@example.com").
void redact_pages(const har::log_info& info, detail::rules& r, std::vector<detail::splice>& splices,
                  std::vector<change>& changes) {
  for (std::size_t k = 0; k < info.pages.size(); ++k) {
    const auto& p = info.pages[k];
    detail::masked_list found;
    auto member = [&](const std::string&, std::string_view key,
                      const std::string& value) -> std::optional<std::string> {
      if (key == "id" || key == "startedDateTime") return std::nullopt;
      return r.param(key, value, found);
    };
    auto now = detail::rewrite_json_strings(p.raw_json, member);
    if (!now || found.empty()) continue;
    splices.push_back({p.offset, p.offset + p.raw_json.size(), std::move(*now)});
    detail::record(changes, std::nullopt, fmt::format("/log/pages/{}", k), found);
  }
}

// The strings of the document outside log.entries and the page objects (which
// are redacted on their own): the creator's and browser's comments, log.comment,
// unknown members of log and of the top level, nested to any depth (members the
// reader ignored as too deep included). What the rules mask anywhere in a
// string is masked there too: emails, JWTs, values masked elsewhere. The scan
// keeps no per-level state past a few levels, so depth costs nothing.
void redact_outside(std::string_view text, std::uint64_t begin, std::uint64_t end,
                    std::vector<std::pair<std::uint64_t, std::uint64_t>> skip, detail::rules& r,
                    std::vector<detail::splice>& splices, std::vector<change>& changes) {
  struct level {
    bool array = false;
    std::uint64_t index = 0;
    std::string key;
  };
  constexpr std::size_t k_tracked = 16;  // pointer levels named; deeper ones are counted
  std::vector<level> levels;
  std::uint64_t depth = 0;
  std::sort(skip.begin(), skip.end());
  std::size_t next_skip = 0;
  const auto pointer = [&] {
    std::string p;
    for (const auto& l : levels) {
      p += '/';
      if (l.array) {
        p += std::to_string(l.index);
        continue;
      }
      for (const char c : l.key) {
        if (c == '~')
          p += "~0";
        else if (c == '/')
          p += "~1";
        else
          p += c;
      }
    }
    return p;
  };
  for (std::uint64_t i = begin; i < end && i < text.size(); ++i) {
    while (next_skip < skip.size() && skip[next_skip].second <= i) ++next_skip;
    if (next_skip < skip.size() && skip[next_skip].first == i) {
      i = skip[next_skip].second - 1;  // the skipped value; its separator comes next
      continue;
    }
    const char c = text[i];
    if (c == '{' || c == '[') {
      if (depth++ < k_tracked) levels.push_back(level{c == '[', 0, {}});
    } else if (c == '}' || c == ']') {
      if (depth > 0 && depth-- <= k_tracked) levels.pop_back();
    } else if (c == ',') {
      if (depth <= k_tracked && !levels.empty() && levels.back().array) ++levels.back().index;
    } else if (c == '"') {
      const std::uint64_t close = detail::value_end(text, i);  // after the closing quote
      if (close <= i + 1 || close > text.size()) break;
      std::uint64_t after = close;
      while (after < text.size() && (text[after] == ' ' || text[after] == '\t' ||
                                     text[after] == '\n' || text[after] == '\r')) {
        ++after;
      }
      const std::string_view raw = text.substr(i + 1, close - i - 2);
      har::text t;
      t.raw = raw;
      t.flags = har::text::k_present;
      if (raw.find('\\') != std::string_view::npos) t.flags |= har::text::k_escaped;
      std::string value = har::to_string(t);
      if (after < text.size() && text[after] == ':') {
        if (depth <= k_tracked && !levels.empty()) levels.back().key = std::move(value);
      } else {
        detail::masked_list found;
        if (r.free_text(value, found) && !found.empty()) {
          std::string escaped;
          detail::append_escaped(escaped, value);
          splices.push_back({i + 1, close - 1, std::move(escaped)});
          detail::record(changes, std::nullopt, pointer(), found);
        }
      }
      i = close - 1;
    }
  }
}

// Closes a document read in part: the entries array, then `log` (with
// version and creator when the exporter wrote them after the entries, so
// they were never reached), then the root.
std::string closing(const har::log_info& info) {
  std::string out = "\n  ]";
  const auto& order = info.member_order;
  const auto entries = std::find(order.begin(), order.end(), "entries");
  auto after = [&](std::string_view name) {
    return std::find(entries, order.end(), name) != order.end() ||
           std::find(order.begin(), order.end(), name) == order.end();
  };
  if (after("version")) {
    out += ",\n  \"version\": \"";
    detail::append_escaped(out, info.version.empty() ? std::string("1.2") : info.version);
    out += '"';
  }
  if (after("creator")) {
    out += ",\n  \"creator\": {\"name\": \"";
    detail::append_escaped(out, info.creator.name);
    out += "\", \"version\": \"";
    detail::append_escaped(out, info.creator.version);
    out += "\"}";
  }
  out += "\n}\n}\n";
  return out;
}

result<redaction> run(har::reader& rd, const options& opts, const sig::matcher* matcher) {
  redaction out;
  out.caller_key = !opts.key.empty();
  detail::masker mk(opts.key);
  detail::rules rules(mk);
  detail::counters count;
  std::vector<detail::splice> splices;
  std::vector<entry_span> spans;
  har::entry e;
  while (true) {
    auto more = rd.next(e);
    if (!more) {
      out.read_error = more.error();
      break;
    }
    if (!*more) break;
    spans.push_back({e.index, e.offset, e.offset + e.raw_json.size()});
    detail::redact_entry(e, rules, matcher, splices, out.changes, count);
  }
  rd.finish();
  const har::log_info& info = rd.info();
  redact_pages(info, rules, splices, out.changes);
  out.input = rd.summary();
  out.diagnostics = rd.diagnostics().kept();
  const std::string_view text = rd.text();
  const bool whole = out.input.status == har::read_status::complete ||
                     out.input.status == har::read_status::salvaged;
  {
    // Everything but the entries and the pages: up to the cut when read in part.
    std::uint64_t from = 0;
    if (out.input.jsonp_wrapped) from = std::min<std::uint64_t>(text.find('{'), text.size());
    const std::uint64_t to =
        whole ? detail::value_end(text, from)
              : (info.has_entries ? info.entries_offset : std::uint64_t{text.size()});
    std::vector<std::pair<std::uint64_t, std::uint64_t>> skip;
    if (info.has_entries) {
      skip.emplace_back(info.entries_offset, detail::value_end(text, info.entries_offset));
    }
    for (const auto& p : info.pages) skip.emplace_back(p.offset, p.offset + p.raw_json.size());
    redact_outside(text, from, to, std::move(skip), rules, splices, out.changes);
  }

  // Entries the reader skipped keep their index as stubs, so that entry
  // indexes in the copy are the original's.
  std::vector<std::uint64_t> left_out;
  std::uint64_t next = 0;
  std::uint64_t prev_end = info.entries_offset + 1;
  for (const auto& s : spans) {
    if (s.index > next) {
      std::string gap = next > 0 ? ", " : "";
      gap += stubs(next, s.index);
      gap += ", ";
      splices.push_back({prev_end, s.begin, std::move(gap)});
      for (std::uint64_t i = next; i < s.index; ++i) left_out.push_back(i);
    }
    next = s.index + 1;
    prev_end = s.end;
  }
  const std::uint64_t declared = out.input.entries_declared;
  // Entries past the reader's max_entries were never read, so never redacted:
  // they are left out of the copy (never copied as they are).
  const std::uint64_t over_limit = out.input.entries_over_limit;
  if (whole && info.has_entries && (declared > next || over_limit > 0)) {
    const std::uint64_t close = array_close(text, prev_end);
    const std::string tail = stubs(next, declared);
    splices.push_back({prev_end, close, tail.empty() ? "" : (next > 0 ? ", " : "") + tail});
    for (std::uint64_t i = next; i < declared; ++i) left_out.push_back(i);
    next = declared;
  }
  out.entries = next;

  std::uint64_t begin = 0;
  if (out.input.jsonp_wrapped) begin = std::min<std::uint64_t>(text.find('{'), text.size());
  std::uint64_t end = whole ? detail::value_end(text, begin) : prev_end;
  if (whole && end < text.size() && text[end] == '\n') ++end;
  std::sort(splices.begin(), splices.end(),
            [](const detail::splice& a, const detail::splice& b) { return a.begin < b.begin; });
  std::string& har = out.har;
  har.reserve(text.size());
  std::uint64_t at = begin;
  for (auto& s : splices) {
    if (s.begin < at || s.end > end) continue;  // overlapping or past the cut: never expected
    har.append(text.substr(at, s.begin - at));
    har += s.text;
    at = s.end;
  }
  har.append(text.substr(at, end - at));
  if (!whole) har += closing(info);

  if (!whole) {
    out.notes.push_back(fmt::format(
        "the input was read in part ({}): the copy holds the {} entries read before the problem "
        "and is closed there",
        har::read_status_name(out.input.status), spans.size()));
  }
  for (std::size_t i = 0; i < left_out.size() && i < 20; ++i) {
    out.notes.push_back(fmt::format(
        "entry {} could not be read and is replaced by a stub (a comment only)", left_out[i]));
  }
  if (left_out.size() > 20) {
    out.notes.push_back(fmt::format("{} more entries replaced by stubs", left_out.size() - 20));
  }
  if (over_limit != 0) {
    out.notes.push_back(fmt::format(
        "{} entries past the entry limit (--max-entries) were not read, so not redacted: they "
        "are left out of the copy",
        over_limit));
  }
  if (count.base64_bodies != 0) {
    out.notes.push_back(
        fmt::format("{} text bodies stored as base64 were not scanned: check them before sharing",
                    count.base64_bodies));
  }
  if (count.consent_entries != 0) {
    out.notes.push_back(fmt::format(
        "{} consent-platform requests keep their URLs and bodies (the consent evidence); only "
        "their cookies and credentials are masked",
        count.consent_entries));
  }
  if (count.sizes_kept != 0) {
    out.notes.push_back(
        fmt::format("{} sizes that did not match their body in the input were left as they were",
                    count.sizes_kept));
  }
  if (out.input.source != har::source_format::har) {
    out.notes.push_back(fmt::format("the input is a {} export; the copy is its HAR conversion",
                                    har::source_format_name(out.input.source)));
  }
  return out;
}

}  // namespace

std::string_view value_kind_name(value_kind k) noexcept {
  return k_kind_names[static_cast<std::size_t>(k)];
}

result<redaction> redact_file(const std::filesystem::path& path, const options& opts,
                              const sig::matcher* matcher) {
  auto opened = har::reader::open(path, opts.reader);
  if (!opened) return opened.error();
  return run(**opened, opts, matcher);
}

result<redaction> redact_memory(std::string_view bytes, std::string label, const options& opts,
                                const sig::matcher* matcher) {
  auto opened = har::reader::open_memory(bytes, std::move(label), opts.reader);
  if (!opened) return opened.error();
  return run(**opened, opts, matcher);
}

}  // namespace harfact::redact
