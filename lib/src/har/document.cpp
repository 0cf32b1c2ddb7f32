#include "har/document.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstring>

#include "har/scan.hpp"

namespace harfact::har::detail {

void advance_lines(std::string_view text, line_cursor& c, std::size_t target,
                   const release_fn& release) {
  // Steps of 16 MiB: a minified capture is one line, and memchr over all of it
  // at once would make the whole file resident.
  constexpr std::size_t k_step = std::size_t{16} << 20;
  const std::size_t end = std::min(target, text.size());
  while (c.pos < end) {
    const std::size_t stop = std::min(end, c.pos + k_step);
    const void* p = std::memchr(text.data() + c.pos, '\n', stop - c.pos);
    if (p == nullptr) {
      c.pos = stop;
    } else {
      c.pos = static_cast<std::size_t>(static_cast<const char*>(p) - text.data()) + 1;
      ++c.line;
      c.line_start = c.pos;
    }
    if (release) c.released = release(c.released, c.pos);
  }
}

std::pair<std::uint32_t, std::uint32_t> line_column(std::string_view text, std::uint64_t offset,
                                                    const release_fn& release) {
  const std::size_t end = offset < text.size() ? static_cast<std::size_t>(offset) : text.size();
  line_cursor c;
  advance_lines(text, c, end, release);
  const std::uint64_t column = end - c.line_start + 1;
  auto clamp = [](std::uint64_t v) {
    return static_cast<std::uint32_t>(v > 0xffffffffu ? 0xffffffffu : v);
  };
  return {clamp(c.line), clamp(column)};
}

namespace {

constexpr std::uint64_t k_hash_step = std::uint64_t{8} << 20;

std::string_view json_type_word(char c) {
  switch (c) {
    case '{': return "an object";
    case '[': return "an array";
    case '"': return "a string";
    case 't':
    case 'f': return "a boolean";
    case 'n': return "null";
    default: return "a number";
  }
}

class document_pass {
 public:
  document_pass(std::string_view text, std::size_t begin, const std::string& label,
                const reader_options& options, diagnostics& diags,
                const std::function<void(std::uint64_t)>& hash_progress, const release_fn& release)
      : t_(text),
        sc_(text.data(), text.size()),
        begin_(begin),
        label_(label),
        options_(options),
        diags_(diags),
        hash_progress_(hash_progress),
        release_(release) {}

  result<layout> run();

 private:
  harfact::error make(errc code, std::string message, std::uint64_t offset,
                      std::string pointer = {}, std::string hint = {}) const {
    location where;
    where.file = label_;
    where.byte_offset = offset;
    if (offset != no_offset) {
      auto [line, column] = line_column(t_, offset, release_);
      where.line = line;
      where.column = column;
    }
    where.json_pointer = std::move(pointer);
    return make_error(code, std::move(message), std::move(where), std::move(hint));
  }

  void note(diag code, severity level, std::string message, std::uint64_t offset,
            std::string pointer) {
    diags_.add(diagnostic{code, level, std::move(message), no_entry, std::move(pointer), offset});
  }

  // Reads a member name at pos (which must be '"'); returns the position after
  // the closing quote or npos (failure recorded).
  std::size_t read_key(std::size_t pos, std::string& key);
  result<std::size_t> parse_top(std::size_t pos);
  // Returns the end of `log`, or npos when the entries ended early (pending set).
  result<std::size_t> parse_log(std::size_t pos);
  // Returns the end of the entries array, or npos when it ended early (pending set).
  std::size_t split_entries(std::size_t pos);
  std::size_t split_entries_exact(std::size_t pos);
  // Keeps a span unless max_entries are kept already (then only counts it).
  void keep_entry(const span& s);
  harfact::error describe_failure(std::size_t value_begin, const scan_failure& f,
                                  std::string_view what, std::string pointer) const;
  harfact::error not_a_har_error(std::size_t pos, bool saw_entry_keys) const;
  void set_pending(harfact::error e, read_status status, std::uint64_t cut) {
    if (!layout_.pending) {
      layout_.pending = std::move(e);
      layout_.status = status;
      layout_.cut_offset = cut;
    }
  }

  std::string_view t_;
  scanner sc_;
  std::size_t begin_;
  const std::string& label_;
  const reader_options& options_;
  diagnostics& diags_;
  const std::function<void(std::uint64_t)>& hash_progress_;
  const release_fn& release_;
  layout layout_;
  std::uint64_t hashed_ = 0;
  bool seen_log_ = false;
  std::uint64_t over_limit_ = 0;          // entries found past options_.max_entries
  std::uint64_t first_over_ = no_offset;  // where the first of them starts
};

std::size_t document_pass::read_key(std::size_t pos, std::string& key) {
  bool escaped = false;
  const std::size_t end = sc_.skip_string(pos, &escaped);
  if (end == npos) return npos;
  const std::string_view raw = t_.substr(pos + 1, end - pos - 2);
  key.clear();
  if (escaped) {
    unescape_json(raw, key);
  } else {
    key.assign(raw);
  }
  return end;
}

harfact::error document_pass::describe_failure(std::size_t value_begin, const scan_failure& f,
                                               std::string_view what, std::string pointer) const {
  if (f.what == scan_failure::kind::eof) {
    return make(errc::truncated,
                fmt::format("the input ends at byte {} inside {} that starts at byte {}", t_.size(),
                            what, value_begin),
                t_.size(), std::move(pointer),
                "the capture was cut off; harfact read everything before the cut");
  }
  // Ask the strict checker where the text first goes wrong: it is never later
  // than where the scanner noticed.
  const auto check = check_json(t_.substr(value_begin), options_.max_depth + 64);
  const std::size_t at = check.ok ? f.offset : value_begin + check.offset;
  const std::string why = check.ok ? fmt::format("unexpected '{}'", f.found) : check.message;
  if (!check.ok && check.eof) {
    return make(errc::truncated,
                fmt::format("the input ends at byte {} inside {} that starts at byte {}", t_.size(),
                            what, value_begin),
                t_.size(), std::move(pointer));
  }
  return make(errc::invalid_json, fmt::format("invalid JSON in {}: {}", what, why), at,
              std::move(pointer), "the file is not well-formed JSON at this point");
}

harfact::error document_pass::not_a_har_error(std::size_t pos, bool saw_entry_keys) const {
  // Distinguish "not JSON" from "JSON, but not a HAR": check the whole text
  // (only on this error path).
  const auto check = check_json(t_.substr(begin_), options_.max_depth);
  if (!check.ok) {
    if (check.eof) {
      return make(
          errc::truncated,
          fmt::format("the input ends at byte {} before the JSON text is complete", t_.size()),
          t_.size());
    }
    return make(errc::invalid_json, fmt::format("invalid JSON: {}", check.message),
                begin_ + check.offset, {}, "the file is not well-formed JSON");
  }
  const char c = t_[pos];
  if (c != '{') {
    return make(errc::not_a_har,
                fmt::format("the JSON text is {}, not a HAR (a HAR is an object with a "
                            "\"log\" member)",
                            json_type_word(c)),
                pos);
  }
  if (saw_entry_keys) {
    return make(errc::not_a_har,
                "the JSON object has no \"log\" member; it looks like a single HAR entry, "
                "not a HAR file",
                pos, {},
                "wrap it as {\"log\":{\"version\":\"1.2\",\"creator\":...,\"entries\":[...]}}");
  }
  return make(errc::not_a_har, "the JSON object has no \"log\" member, so it is not a HAR", pos);
}

result<layout> document_pass::run() {
  std::size_t pos = sc_.skip_ws(begin_);
  if (pos >= t_.size()) {
    return make(errc::empty_input,
                t_.size() == begin_ ? "the input is empty" : "the input holds only whitespace",
                no_offset);
  }
  const char first = t_[pos];
  if (first == '<') {
    const std::string_view head = t_.substr(pos, 4096);
    // Burp Suite and Charles XML exports never get here: the reader converts
    // them to HAR text first (xml_import.hpp).
    std::string what;
    if (head.substr(0, 5) == "<?xml") {
      what = "an XML document";
    } else if (head.find("<html") != std::string_view::npos ||
               head.find("<HTML") != std::string_view::npos ||
               head.find("<!DOCTYPE") != std::string_view::npos ||
               head.find("<!doctype") != std::string_view::npos) {
      what = "an HTML or XML document";
    }
    if (!what.empty()) {
      return make(errc::unsupported_format, fmt::format("the input is {}, not a HAR", what), pos,
                  {},
                  "export the capture as HAR (harfact also reads Burp Suite and Charles XML "
                  "exports)");
    }
  }
  // JSONP / HARP: callback({...}); as written by HAR viewers.
  if (std::isalpha(static_cast<unsigned char>(first)) != 0 || first == '_' || first == '$') {
    std::size_t i = pos;
    while (i < t_.size() && (std::isalnum(static_cast<unsigned char>(t_[i])) != 0 || t_[i] == '_' ||
                             t_[i] == '$' || t_[i] == '.')) {
      ++i;
    }
    const std::size_t paren = sc_.skip_ws(i);
    const std::string_view name = t_.substr(pos, i - pos);
    if (paren < t_.size() && t_[paren] == '(' && name != "true" && name != "false" &&
        name != "null") {
      note(diag::jsonp_wrapper, severity::info,
           fmt::format("a JSONP wrapper '{}(...)' around the HAR was removed", name), pos, {});
      layout_.jsonp = true;
      pos = sc_.skip_ws(paren + 1);
    }
  }
  if (pos >= t_.size() || t_[pos] != '{') return not_a_har_error(pos, false);

  auto end = parse_top(pos);
  if (!end) return std::move(end).error();
  if (*end == npos) return std::move(layout_);  // ended early; pending holds why
  if (!layout_.has_entries) {
    return make(errc::not_a_har,
                "\"log\" has no \"entries\" array, so there is nothing to read (HAR 1.2 "
                "requires log.entries)",
                layout_.entries_open == 0 ? no_offset : layout_.entries_open, "/log/entries");
  }

  std::size_t i = sc_.skip_ws(*end);
  if (layout_.jsonp) {
    if (i < t_.size() && t_[i] == ')') {
      i = sc_.skip_ws(i + 1);
      if (i < t_.size() && t_[i] == ';') i = sc_.skip_ws(i + 1);
    } else {
      note(diag::trailing_data, severity::warning, "the JSONP wrapper has no closing ')'", i, {});
    }
  }
  if (i < t_.size()) {
    note(diag::trailing_data, severity::error,
         fmt::format("{} bytes of data follow the HAR document (from byte {})", t_.size() - i, i),
         i, {});
    if (layout_.status == read_status::complete) layout_.status = read_status::salvaged;
  }
  if (hash_progress_) hash_progress_(t_.size());
  return std::move(layout_);
}

result<std::size_t> document_pass::parse_top(std::size_t pos) {
  bool saw_entry_keys = false;
  std::string key;
  std::size_t i = sc_.skip_ws(pos + 1);
  if (i < t_.size() && t_[i] == '}') return not_a_har_error(pos, false);
  for (;;) {
    if (i >= t_.size()) {
      if (seen_log_) {
        set_pending(make(errc::truncated, "the input ends inside the top-level object", t_.size()),
                    read_status::truncated, t_.size());
        return npos;
      }
      return not_a_har_error(pos, saw_entry_keys);
    }
    if (t_[i] != '"') {
      if (seen_log_) {
        set_pending(make(errc::invalid_json, "expected a member name in the top-level object", i),
                    read_status::failed, i);
        return npos;
      }
      return not_a_har_error(pos, saw_entry_keys);
    }
    const std::size_t key_end = read_key(i, key);
    std::size_t v = key_end == npos ? npos : sc_.skip_ws(key_end);
    if (v == npos || v >= t_.size() || t_[v] != ':') return not_a_har_error(pos, saw_entry_keys);
    v = sc_.skip_ws(v + 1);
    if (v >= t_.size()) return not_a_har_error(pos, saw_entry_keys);
    std::size_t value_end = npos;
    if (key == "log") {
      if (t_[v] != '{') {
        return make(errc::not_a_har,
                    fmt::format("\"log\" is {}, not an object, so this is not a HAR",
                                json_type_word(t_[v])),
                    v, "/log");
      }
      if (seen_log_) {
        note(diag::duplicate_key, severity::error,
             "the top-level object has two \"log\" members; the last one is read (as most JSON "
             "readers do)",
             i, "/log");
        layout_ = layout{};
      }
      seen_log_ = true;
      auto end = parse_log(v);
      if (!end) return end;
      if (*end == npos) return npos;
      value_end = *end;
    } else {
      if (key == "request" || key == "response" || key == "startedDateTime") {
        saw_entry_keys = true;
      }
      scan_failure f;
      value_end = sc_.skip_value(v, f);
      if (value_end == npos) {
        if (!seen_log_) return not_a_har_error(pos, saw_entry_keys);
        set_pending(describe_failure(v, f, "a top-level member", "/" + key), read_status::failed,
                    f.offset);
        return npos;
      }
      std::string pointer;
      append_pointer_token(pointer, key);
      layout_.extras.emplace_back(std::move(pointer), span{v, value_end});
    }
    i = sc_.skip_ws(value_end);
    if (i < t_.size() && t_[i] == ',') {
      i = sc_.skip_ws(i + 1);
      continue;
    }
    if (i < t_.size() && t_[i] == '}') break;
    if (!seen_log_) return not_a_har_error(pos, saw_entry_keys);
    if (i >= t_.size()) {
      set_pending(make(errc::truncated,
                       fmt::format("the input ends at byte {} before the top-level object is "
                                   "closed; all entries were read",
                                   t_.size()),
                       t_.size()),
                  read_status::truncated, t_.size());
    } else {
      set_pending(make(errc::invalid_json, "expected ',' or '}' in the top-level object", i),
                  read_status::failed, i);
    }
    return npos;
  }
  if (!seen_log_) return not_a_har_error(pos, saw_entry_keys);
  return i + 1;
}

result<std::size_t> document_pass::parse_log(std::size_t pos) {
  std::string key;
  bool entries_seen = false;
  bool noted_after = false;
  std::size_t i = sc_.skip_ws(pos + 1);
  if (i < t_.size() && t_[i] == '}') return i + 1;
  // Before log.entries is found, a broken log means nothing can be read:
  // fail open(). After it, entries were found and the problem is pending.
  auto fail = [&](harfact::error e, read_status status, std::uint64_t cut) -> result<std::size_t> {
    if (!entries_seen) return e;
    set_pending(std::move(e), status, cut);
    return npos;
  };
  for (;;) {
    if (i >= t_.size()) {
      return fail(
          make(errc::truncated, fmt::format("the input ends at byte {} inside \"log\"", t_.size()),
               t_.size(), "/log"),
          read_status::truncated, t_.size());
    }
    if (t_[i] != '"') {
      return fail(
          make(errc::invalid_json,
               fmt::format("invalid JSON in \"log\": expected a member name, found '{}'", t_[i]), i,
               "/log"),
          read_status::failed, i);
    }
    const std::size_t key_start = i;
    const std::size_t key_end = read_key(i, key);
    std::size_t v = key_end == npos ? t_.size() : sc_.skip_ws(key_end);
    if (v >= t_.size()) {
      return fail(
          make(errc::truncated, fmt::format("the input ends at byte {} inside \"log\"", t_.size()),
               t_.size(), "/log"),
          read_status::truncated, t_.size());
    }
    if (t_[v] != ':') {
      return fail(
          make(errc::invalid_json, "invalid JSON in \"log\": expected ':' after a name", v, "/log"),
          read_status::failed, v);
    }
    v = sc_.skip_ws(v + 1);
    std::string pointer = "/log";
    append_pointer_token(pointer, key);
    layout_.member_order.push_back(key);

    if (key == "entries") {
      if (layout_.has_entries) {
        note(diag::duplicate_key, severity::error,
             "\"log\" has two \"entries\" members; the last one is read (as most JSON readers "
             "do)",
             key_start, pointer);
        layout_.entries.clear();
      }
      entries_seen = true;
      if (v < t_.size() && t_[v] == '[') {
        layout_.has_entries = true;
        layout_.entries_open = v;
        const std::size_t end = split_entries(v);
        if (end == npos) return npos;
        i = sc_.skip_ws(end);
      } else {
        scan_failure f;
        const std::size_t end = sc_.skip_value(v, f);
        if (end == npos) return describe_failure(v, f, "\"log.entries\"", pointer);
        note(diag::wrong_type, severity::error,
             fmt::format("log.entries is {}, not an array; no entries can be read",
                         v < t_.size() ? json_type_word(t_[v]) : "missing"),
             v, pointer);
        i = sc_.skip_ws(end);
      }
    } else {
      scan_failure f;
      const std::size_t end = sc_.skip_value(v, f);
      if (end == npos) {
        return fail(
            describe_failure(v, f, fmt::format("\"log.{}\"", key), pointer),
            f.what == scan_failure::kind::eof ? read_status::truncated : read_status::failed,
            f.what == scan_failure::kind::eof ? t_.size() : f.offset);
      }
      const span s{v, end};
      std::optional<span>* slot = nullptr;
      if (key == "version") slot = &layout_.version;
      if (key == "creator") slot = &layout_.creator;
      if (key == "browser") slot = &layout_.browser;
      if (key == "pages") slot = &layout_.pages;
      if (key == "comment") slot = &layout_.comment;
      if (slot != nullptr) {
        if (slot->has_value()) {
          note(diag::duplicate_key, severity::error,
               fmt::format("\"log\" has two \"{}\" members; the last one is read", key), key_start,
               pointer);
        }
        *slot = s;
        if (entries_seen && !noted_after && key != "comment") {
          noted_after = true;
          note(diag::info_after_entries, severity::info,
               fmt::format("\"log.{}\" comes after \"log.entries\" (the exporter's member "
                           "order); it was read before the entries",
                           key),
               v, pointer);
        }
      } else {
        layout_.extras.emplace_back(std::move(pointer), s);
      }
      i = sc_.skip_ws(end);
    }
    if (i < t_.size() && t_[i] == ',') {
      i = sc_.skip_ws(i + 1);
      continue;
    }
    if (i < t_.size() && t_[i] == '}') return i + 1;
    if (i >= t_.size()) {
      return fail(
          make(errc::truncated, fmt::format("the input ends at byte {} inside \"log\"", t_.size()),
               t_.size(), "/log"),
          read_status::truncated, t_.size());
    }
    return fail(
        make(errc::invalid_json,
             fmt::format("invalid JSON in \"log\": expected ',' or '}}', found '{}'", t_[i]), i,
             "/log"),
        read_status::failed, i);
  }
}

std::size_t document_pass::split_entries(std::size_t pos) {
  auto& spans = layout_.entries;
  // The block scanner handles the usual case (an array of objects) at memory
  // speed; anything unusual hands over to the exact loop below at `resume`.
  std::size_t resume = pos + 1;
  auto progress = [](void* self, std::uint64_t offset) {
    auto* pass = static_cast<document_pass*>(self);
    if (pass->hash_progress_) pass->hash_progress_(offset);
  };
  const std::size_t fast =
      sc_.split_array(pos, spans, resume, progress, this, k_hash_step, true, options_.max_entries);
  const std::size_t end = fast != npos ? fast : split_entries_exact(resume);
  if (over_limit_ != 0) {
    // Entries past the limit are only counted: a hostile file of millions of
    // tiny entries cannot make the reader hold a span for each.
    const std::uint64_t found = spans.size() + over_limit_;
    std::string message = fmt::format(
        "log.entries holds {}{} entries, over the limit of {} (--max-entries); entries {} and "
        "after were not read",
        found, end == npos ? " or more" : "", options_.max_entries, spans.size());
    diags_.add(diagnostic{diag::limit_exceeded, severity::error, std::move(message),
                          static_cast<std::int64_t>(spans.size()),
                          fmt::format("/log/entries/{}", spans.size()), first_over_});
    if (layout_.status == read_status::complete) layout_.status = read_status::salvaged;
    layout_.entries_over_limit = over_limit_;
  }
  return end;
}

void document_pass::keep_entry(const span& s) {
  if (layout_.entries.size() < options_.max_entries) {
    layout_.entries.push_back(s);
    return;
  }
  if (over_limit_++ == 0) first_over_ = s.begin;
}

std::size_t document_pass::split_entries_exact(std::size_t resume) {
  auto& spans = layout_.entries;
  std::size_t i = sc_.skip_ws(resume);
  bool after_element = !spans.empty();
  if (!after_element && i < t_.size() && t_[i] == ']') return i + 1;
  for (;;) {
    const std::size_t count = spans.size() + over_limit_;
    if (i >= t_.size()) {
      set_pending(make(errc::truncated,
                       fmt::format("the input ends at byte {} after entry {}; {} entries "
                                   "recovered",
                                   t_.size(), count == 0 ? 0 : count - 1, count),
                       t_.size(), "/log/entries"),
                  read_status::truncated, t_.size());
      return npos;
    }
    if (after_element) {
      if (t_[i] == ']') return i + 1;
      if (t_[i] != ',') {
        set_pending(make(errc::invalid_json,
                         fmt::format("invalid JSON after entry {}: expected ',' or ']', found "
                                     "'{}'; {} entries before it were read",
                                     count - 1, t_[i], count),
                         i, "/log/entries"),
                    read_status::failed, i);
        return npos;
      }
      i = sc_.skip_ws(i + 1);
      if (i < t_.size() && t_[i] == ']') {
        note(diag::trailing_data, severity::warning,
             "a trailing comma after the last entry (not valid JSON; ignored)", i, "/log/entries");
        return i + 1;
      }
      after_element = false;
      continue;
    }
    scan_failure f;
    std::uint32_t depth = 0;
    const std::size_t end = sc_.skip_value(i, f, &depth);
    if (end == npos) {
      std::string pointer = fmt::format("/log/entries/{}", count);
      if (f.what == scan_failure::kind::eof) {
        set_pending(
            make(errc::truncated,
                 fmt::format("the input ends at byte {} inside entry {} (which starts at byte "
                             "{}); {} complete entries recovered",
                             t_.size(), count, i, count),
                 t_.size(), std::move(pointer),
                 "the capture was cut off; results cover the entries before the cut"),
            read_status::truncated, t_.size());
        layout_.cut_offset = i;
      } else {
        auto e = describe_failure(i, f, fmt::format("entry {}", count), std::move(pointer));
        const auto status =
            e.code == errc::truncated ? read_status::truncated : read_status::failed;
        e.message += fmt::format("; {} complete entries before it were read", count);
        const std::uint64_t cut = e.where.byte_offset;
        set_pending(std::move(e), status, cut);
      }
      return npos;
    }
    keep_entry(span{i, end, depth});
    if (hash_progress_ && end - hashed_ >= k_hash_step) {
      hashed_ = end;
      hash_progress_(end);
    }
    i = sc_.skip_ws(end);
    after_element = true;
  }
}

}  // namespace

result<layout> scan_document(std::string_view text, std::size_t begin, const std::string& label,
                             const reader_options& options, diagnostics& diags,
                             const std::function<void(std::uint64_t)>& hash_progress,
                             const release_fn& release) {
  return document_pass(text, begin, label, options, diags, hash_progress, release).run();
}

}  // namespace harfact::har::detail
