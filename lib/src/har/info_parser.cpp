// The members of `log` other than entries, read with simdjson's DOM: they are
// small, and the DOM validates them completely.
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <set>

#include "har/entry_parser.hpp"
#include "har/scan.hpp"

namespace harfact::har::detail {

namespace {

namespace dom = simdjson::dom;

std::string_view type_word(dom::element_type t) {
  switch (t) {
    case dom::element_type::ARRAY: return "an array";
    case dom::element_type::OBJECT: return "an object";
    case dom::element_type::INT64:
    case dom::element_type::UINT64:
    case dom::element_type::DOUBLE: return "a number";
    case dom::element_type::STRING: return "a string";
    case dom::element_type::BOOL: return "a boolean";
    case dom::element_type::NULL_VALUE: return "null";
  }
  return "a value";
}

class info_reader {
 public:
  info_reader(std::string_view text, const reader_options& options, diagnostics& diags)
      : text_(text), options_(options), diags_(diags) {}

  void run(const layout& l, log_info& info) {
    info.has_entries = l.has_entries;
    info.entries_offset = l.entries_open;
    info.member_order = l.member_order;
    if (l.version) {
      dom::element el;
      if (parse(*l.version, "/log/version", el)) {
        if (!as_string(el, "/log/version", l.version->begin, info.version)) info.version.clear();
      }
      if (!info.version.empty() && info.version != "1.2" && info.version != "1.1") {
        note(diag::unknown_version, severity::warning,
             fmt::format("log.version is \"{}\"; harfact reads HAR 1.1 and 1.2", info.version),
             "/log/version", l.version->begin);
      }
    } else {
      missing("/log/version", l.entries_open);
    }
    if (l.creator) {
      read_software(*l.creator, "/log/creator", info.creator);
    } else {
      missing("/log/creator", l.entries_open);
    }
    if (l.browser) read_software(*l.browser, "/log/browser", info.browser);
    if (l.pages) read_pages(*l.pages, info);
    if (l.comment) {
      dom::element el;
      if (parse(*l.comment, "/log/comment", el)) {
        as_string(el, "/log/comment", l.comment->begin, info.comment);
      }
    }
    if (!l.has_entries && !l.pending) missing("/log/entries", no_offset, severity::error);
    for (const auto& [pointer, s] : l.extras) {
      dom::element el;
      if (parse(s, pointer, el)) {
        info.extras.emplace_back(pointer, std::string(text_.substr(s.begin, s.size())));
      }
    }
  }

 private:
  void note(diag code, severity level, std::string message, std::string pointer,
            std::uint64_t offset) {
    diags_.add(diagnostic{code, level, std::move(message), no_entry, std::move(pointer), offset});
  }

  void missing(std::string pointer, std::uint64_t offset, severity level = severity::warning) {
    // The message first: the order in which arguments are evaluated is unspecified.
    std::string message = fmt::format("{} is missing (required by HAR 1.2)", pointer);
    note(diag::missing_field, level, std::move(message), std::move(pointer), offset);
  }

  bool parse(const span& s, const std::string& pointer, dom::element& out) {
    // A fresh padded copy: the DOM needs padding and the member is small.
    buffer_ = simdjson::padded_string(text_.substr(s.begin, s.size()));
    if (parser_.parse(buffer_).get(out) == simdjson::SUCCESS) return true;
    const auto check = check_json(text_.substr(s.begin, s.size()), options_.max_depth);
    if (check.too_deep) {
      note(diag::limit_exceeded, severity::error,
           fmt::format("{} nests more than {} levels deep, over the limit (--max-depth); it was "
                       "ignored",
                       pointer, options_.max_depth),
           pointer, s.begin + check.offset);
      return false;
    }
    note(diag::invalid_member, severity::error,
         fmt::format("{} is not valid JSON ({}); it was ignored", pointer,
                     check.ok ? "rejected by the JSON parser" : check.message),
         pointer, s.begin + (check.ok ? 0 : check.offset));
    return false;
  }

  bool as_string(dom::element el, const std::string& pointer, std::uint64_t offset,
                 std::string& out) {
    std::string_view sv;
    if (el.get_string().get(sv) == simdjson::SUCCESS) {
      out.assign(sv);
      return true;
    }
    if (el.type() != dom::element_type::NULL_VALUE) {
      note(diag::wrong_type, severity::warning,
           fmt::format("{} is {}, expected a string", pointer, type_word(el.type())), pointer,
           offset);
    }
    return false;
  }

  void optional_number(dom::object obj, std::string_view key, const std::string& pointer,
                       std::uint64_t offset, std::optional<double>& out) {
    dom::element el;
    if (obj.at_key(key).get(el) != simdjson::SUCCESS) return;
    double d = 0;
    if (el.get_double().get(d) == simdjson::SUCCESS) {
      out = d;
      return;
    }
    if (el.type() != dom::element_type::NULL_VALUE) {
      note(diag::wrong_type, severity::warning,
           fmt::format("{}/{} is {}, expected a number", pointer, key, type_word(el.type())),
           fmt::format("{}/{}", pointer, key), offset);
    }
  }

  void string_member(dom::object obj, std::string_view key, const std::string& pointer,
                     std::uint64_t offset, std::string& out, bool required) {
    dom::element el;
    const std::string member = fmt::format("{}/{}", pointer, key);
    if (obj.at_key(key).get(el) != simdjson::SUCCESS) {
      if (required) missing(member, offset);
      return;
    }
    as_string(el, member, offset, out);
  }

  void read_software(const span& s, const std::string& pointer, software& out) {
    dom::element el;
    if (!parse(s, pointer, el)) return;
    dom::object obj;
    if (el.get_object().get(obj) != simdjson::SUCCESS) {
      note(diag::wrong_type, severity::warning,
           fmt::format("{} is {}, expected an object", pointer, type_word(el.type())), pointer,
           s.begin);
      return;
    }
    out.present = true;
    string_member(obj, "name", pointer, s.begin, out.name, true);
    string_member(obj, "version", pointer, s.begin, out.version, true);
    string_member(obj, "comment", pointer, s.begin, out.comment, false);
  }

  void read_pages(const span& s, log_info& info) {
    if (text_[s.begin] != '[') {
      note(diag::wrong_type, severity::warning,
           fmt::format("/log/pages is not an array; pages ignored"), "/log/pages", s.begin);
      return;
    }
    info.has_pages = true;
    // Split the array with the scanner so each page keeps its own offset.
    const scanner sc(text_.data(), s.end);
    std::size_t i = sc.skip_ws(s.begin + 1);
    std::set<std::string, std::less<>> ids;
    std::size_t index = 0;
    while (i < s.end && text_[i] != ']') {
      scan_failure f;
      const std::size_t end = sc.skip_value(i, f);
      if (end == npos) break;
      read_page(span{i, end, 0}, index++, info, ids);
      i = sc.skip_ws(end);
      if (i < s.end && text_[i] == ',') i = sc.skip_ws(i + 1);
    }
  }

  void read_page(const span& s, std::size_t index, log_info& info,
                 std::set<std::string, std::less<>>& ids) {
    const std::string pointer = fmt::format("/log/pages/{}", index);
    dom::element el;
    if (!parse(s, pointer, el)) return;
    dom::object obj;
    if (el.get_object().get(obj) != simdjson::SUCCESS) {
      note(diag::not_an_object, severity::warning,
           fmt::format("{} is {}, not an object; ignored", pointer, type_word(el.type())), pointer,
           s.begin);
      return;
    }
    page p;
    p.offset = s.begin;
    p.raw_json.assign(text_.substr(s.begin, s.size()));
    string_member(obj, "id", pointer, s.begin, p.id, true);
    string_member(obj, "title", pointer, s.begin, p.title, true);
    string_member(obj, "comment", pointer, s.begin, p.comment, false);
    string_member(obj, "startedDateTime", pointer, s.begin, p.started_text, true);
    if (!p.started_text.empty()) {
      std::string why;
      if (auto ts = parse_timestamp(p.started_text, &why)) {
        p.started = *ts;
        if (!ts->has_zone) {
          note(diag::timestamp_no_zone, severity::warning,
               fmt::format("{}/startedDateTime \"{}\" has no time zone; read as UTC", pointer,
                           p.started_text),
               pointer + "/startedDateTime", s.begin);
        }
      } else {
        note(diag::bad_timestamp, severity::error,
             fmt::format("{}/startedDateTime \"{}\" is not a date-time: {}", pointer,
                         p.started_text.substr(0, 64), why),
             pointer + "/startedDateTime", s.begin);
      }
    }
    dom::element timings;
    if (obj.at_key("pageTimings").get(timings) == simdjson::SUCCESS) {
      dom::object t;
      if (timings.get_object().get(t) == simdjson::SUCCESS) {
        const std::string tp = pointer + "/pageTimings";
        optional_number(t, "onContentLoad", tp, s.begin, p.timings.on_content_load);
        optional_number(t, "onLoad", tp, s.begin, p.timings.on_load);
        string_member(t, "comment", tp, s.begin, p.timings.comment, false);
      }
    } else {
      missing(pointer + "/pageTimings", s.begin);
    }
    if (!p.id.empty() && !ids.insert(p.id).second) {
      note(diag::duplicate_page_id, severity::warning,
           fmt::format("{} repeats page id \"{}\"", pointer, p.id), pointer + "/id", s.begin);
    }
    info.pages.push_back(std::move(p));
  }

  std::string_view text_;
  const reader_options& options_;
  diagnostics& diags_;
  dom::parser parser_;
  simdjson::padded_string buffer_;
};

}  // namespace

void parse_info(std::string_view text, const layout& l, const reader_options& options,
                diagnostics& diags, log_info& info) {
  info_reader(text, options, diags).run(l, info);
}

}  // namespace harfact::har::detail
