#include <algorithm>

#include "har/entry_parser_impl.hpp"

namespace harfact::har::detail {

void entry_parser::impl::check_started(const path_node& at) {
  if (!e->started_text.present()) return;
  std::string_view value = e->started_text.raw;
  std::string decoded;
  if (e->started_text.escaped()) {
    unescape_json(value, decoded);
    value = decoded;
  }
  std::string why;
  auto ts = parse_timestamp(value, &why);
  if (!ts) {
    note(diag::bad_timestamp, severity::error,
         fmt::format("{} \"{}\" is not a date-time: {}", pointer(&at), value.substr(0, 64), why),
         &at, e->started_text.offset);
    return;
  }
  e->started = *ts;
  // HAR dates from 2006; a capture dated before 2000 (often 1970, a clock that
  // was never set) or after 2100 comes from a wrong clock or an edited file.
  constexpr std::int64_t k_year_2000_us = std::int64_t{946'684'800} * 1'000'000;
  constexpr std::int64_t k_year_2100_us = std::int64_t{4'102'444'800} * 1'000'000;
  if (ts->us < k_year_2000_us || ts->us >= k_year_2100_us) {
    note(diag::absurd_value, severity::warning,
         fmt::format("{} \"{}\" is not between the years 2000 and 2100: the capturing "
                     "machine's clock was wrong or the entry was edited",
                     pointer(&at), value.substr(0, 64)),
         &at, e->started_text.offset);
  }
  if (!ts->has_zone) {
    note(diag::timestamp_no_zone, severity::warning,
         fmt::format("{} \"{}\" has no time zone; read as UTC", pointer(&at), value), &at,
         e->started_text.offset);
  }
}

// request.url must be an absolute URL; anything else is noted (the entry is
// still read: what the exporter wrote is evidence either way).
void entry_parser::impl::check_url(const path_node& at) {
  const text& url = e->request.url;
  if (!url.present()) return;
  const std::string_view value = e->str(url);
  const auto parts = net::split_url(value);
  const bool web = parts && (parts->scheme == "http" || parts->scheme == "https" ||
                             parts->scheme == "ws" || parts->scheme == "wss");
  if (!parts || (web && parts->host.empty())) {
    note(diag::invalid_url, severity::warning,
         fmt::format("{} \"{}\" is not an absolute URL", pointer(&at), value.substr(0, 200)), &at,
         url.offset);
  }
  // Chrome refuses URLs over 2 MiB (url::kMaxURLChars); Firefox and Safari
  // stop earlier in practice. A longer one was not sent by a browser.
  constexpr std::size_t k_max_browser_url = std::size_t{2} << 20;
  if (value.size() > k_max_browser_url) {
    note(diag::absurd_value, severity::warning,
         fmt::format("{} is {} bytes long, over the 2 MiB any browser sends", pointer(&at),
                     value.size()),
         &at, url.offset);
  }
}

void entry_parser::impl::check_pageref(const path_node& at) {
  if (!e->pageref.present()) return;
  const std::string_view id = e->str(e->pageref);
  if (!std::binary_search(page_ids.begin(), page_ids.end(), id)) {
    note(diag::unknown_pageref, severity::warning,
         fmt::format("{} \"{}\" names no page in log.pages", pointer(&at), id), &at,
         e->pageref.offset);
  }
}

bool entry_parser::impl::entry_object(od::object obj) {
  static constexpr std::array<std::string_view, 21> names{"startedDateTime",
                                                          "time",
                                                          "request",
                                                          "response",
                                                          "cache",
                                                          "timings",
                                                          "pageref",
                                                          "serverIPAddress",
                                                          "connection",
                                                          "comment",
                                                          "_initiator",
                                                          "_resourceType",
                                                          "_priority",
                                                          "_fromCache",
                                                          "_fromServiceWorker",
                                                          "_webSocketMessages",
                                                          "_securityDetails",
                                                          "_transferSize",
                                                          "_initiator_type",
                                                          "_initiator_line",
                                                          "_initiator_column"};
  std::uint64_t seen = 0;
  const path_node root{};
  path_node started_node{&root, "startedDateTime", -1};
  path_node pageref_node{&root, "pageref", -1};
  if (!each_member(obj, &root, [&](std::string_view key, od::value& v, const path_node& n) {
        const int k = key_index(key, names);
        if (k < 0) return extra(v, n);
        mark(seen, k, n, v);
        switch (k) {
          case 0: return read_text(v, e->started_text, n);
          case 1: {
            const char* p = v.raw_json_token().data();
            if (!read_double(v, e->time, n)) return false;
            if (e->time) check_timing(*e->time, n, offset_of(p));
            return true;
          }
          case 2: return request(v, e->request, n);
          case 3: return response(v, e->response, n);
          case 4: return cache(v, e->cache, n);
          case 5: return timings(v, e->timings, n);
          case 6: return read_text(v, e->pageref, n);
          case 7: return read_text(v, e->server_ip_address, n);
          case 8: return read_text(v, e->connection, n);
          case 9: return read_text(v, e->comment, n);
          case 10: return initiator(v, e->initiator, n);
          case 11: return read_text(v, e->resource_type, n);
          case 12: return read_text(v, e->priority, n);
          case 13: {
            od::json_type t;
            if (type_of(v, t, &n) == got::fatal) return false;
            if (t == od::json_type::boolean) return read_bool(v, e->from_cache_flag, n);
            return read_text(v, e->from_cache, n);
          }
          case 14: return read_bool(v, e->from_service_worker, n);
          case 15: return websocket(v, n);
          case 16: return security(v, e->security_details, n);
          case 17: return read_int(v, e->response.transfer_size, n);
          case 18: e->initiator.present = true; return read_text(v, e->initiator.type, n);
          case 19: {
            od::json_type t;
            if (type_of(v, t, &n) == got::fatal) return false;
            if (t == od::json_type::number) return read_int(v, e->initiator.line_number, n);
            return extra(v, n);
          }
          default: {
            od::json_type t;
            if (type_of(v, t, &n) == got::fatal) return false;
            if (t == od::json_type::number) return read_int(v, e->initiator.column_number, n);
            return extra(v, n);
          }
        }
      })) {
    return false;
  }
  require(seen, names, 6, &root, base_offset);
  check_started(started_node);
  check_pageref(pageref_node);
  const path_node request_node{&root, "request", -1};
  const path_node url_node{&request_node, "url", -1};
  check_url(url_node);
  check_nul(request_node);
  return true;
}

// HTTP has no NUL byte in a URL, a method, a header or a cookie (RFC 9110
// 5.5, RFC 6265 4.1.1), and a browser never sends one: JSON can only carry it
// escaped ("\u0000"), so only escaped strings are looked at.
void entry_parser::impl::check_nul(const path_node& request_node) {
  const auto has_nul = [](const text& t) {
    return t.escaped() && t.raw.find("\\u0000") != std::string_view::npos;
  };
  const auto flag = [&](const text& t, const path_node& at) {
    if (!has_nul(t)) return;
    note(diag::nul_character, severity::warning,
         fmt::format("{} holds a NUL character (U+0000), which HTTP does not allow and no browser "
                     "sends",
                     pointer(&at)),
         &at, t.offset);
  };
  const path_node response_node{request_node.parent, "response", -1};
  const path_node url_node{&request_node, "url", -1};
  const path_node method_node{&request_node, "method", -1};
  flag(e->request.url, url_node);
  flag(e->request.method, method_node);
  const auto pairs = [&](const std::vector<name_value>& list, const path_node& parent,
                         std::string_view key) {
    const path_node list_node{&parent, key, -1};
    for (std::size_t i = 0; i < list.size(); ++i) {
      const path_node item{&list_node, {}, static_cast<std::int64_t>(i)};
      flag(list[i].name, path_node{&item, "name", -1});
      flag(list[i].value, path_node{&item, "value", -1});
    }
  };
  const auto cookies = [&](const std::vector<cookie>& list, const path_node& parent) {
    const path_node list_node{&parent, "cookies", -1};
    for (std::size_t i = 0; i < list.size(); ++i) {
      const path_node item{&list_node, {}, static_cast<std::int64_t>(i)};
      flag(list[i].name, path_node{&item, "name", -1});
      flag(list[i].value, path_node{&item, "value", -1});
    }
  };
  pairs(e->request.headers, request_node, "headers");
  pairs(e->response.headers, response_node, "headers");
  cookies(e->request.cookies, request_node);
  cookies(e->response.cookies, response_node);
}

bool entry_parser::impl::parse(const span& s, std::uint64_t index, entry& out) {
  out.clear();
  out.index = index;
  out.offset = s.begin;
  out.raw_json = whole.substr(s.begin, s.size());
  e = &out;
  failed = false;
  may_escape = s.escapes;
  cached_parent_node = nullptr;
  base_offset = s.begin;
  base_len = s.size();
  if (whole[s.begin] != '{') {
    const path_node root{};
    note(diag::not_an_object, severity::error,
         fmt::format("entry {} is not an object; it was skipped", index), &root, s.begin);
    return false;
  }
  if (s.size() > options.max_entry_bytes) {
    const path_node root{};
    note(diag::limit_exceeded, severity::error,
         fmt::format("entry {} is {} bytes, over the limit of {} bytes (--max-entry-bytes); it "
                     "was skipped",
                     index, s.size(), options.max_entry_bytes),
         &root, s.begin);
    return false;
  }
  // Parse in place when simdjson's padding fits inside the input; else copy.
  std::size_t capacity = 0;
  if (s.end + simdjson::SIMDJSON_PADDING <= padded) {
    base = whole.data() + s.begin;
    capacity = padded - s.begin;
  } else {
    scratch.assign(whole.data() + s.begin, s.size());
    scratch.append(simdjson::SIMDJSON_PADDING, ' ');
    base = scratch.data();
    capacity = scratch.size();
  }
  // Nesting was measured by the first pass, before simdjson sees the entry.
  if (s.depth > options.max_depth) {
    const path_node root{};
    note(diag::limit_exceeded, severity::error,
         fmt::format("entry {} nests {} levels deep, over the limit of {} (--max-depth); it was "
                     "skipped",
                     index, s.depth, options.max_depth),
         &root, s.begin);
    return false;
  }
  od::document doc;
  if (auto ec = parser.iterate(base, base_len, capacity).get(doc)) return fail(ec, nullptr);
  od::object obj;
  if (auto ec = doc.get_object().get(obj)) return fail(ec, nullptr);
  if (!entry_object(obj)) return false;
  return !failed;
}

entry_parser::entry_parser(std::string_view text, std::size_t padded_size,
                           const reader_options& options, diagnostics& diags)
    : impl_(std::make_unique<impl>(text, padded_size, options, diags)) {}

entry_parser::~entry_parser() = default;

void entry_parser::set_page_ids(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  impl_->page_ids = std::move(ids);
}

bool entry_parser::parse(const span& s, std::uint64_t index, entry& e) {
  return impl_->parse(s, index, e);
}

}  // namespace harfact::har::detail
