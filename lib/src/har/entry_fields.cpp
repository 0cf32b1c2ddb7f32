// The HAR 1.2 parts of an entry: request, response, content, cookies, headers,
// postData, cache and timings.
#include "har/entry_parser_impl.hpp"

namespace harfact::har::detail {

bool entry_parser::impl::name_values(od::value& v, std::vector<name_value>& out,
                                     const path_node& at) {
  od::array arr;
  const got g = get_array(v, arr, at);
  if (g != got::ok) return g != got::fatal;
  return each_element(arr, &at, [&](od::value& item, const path_node& node) {
    od::object obj;
    const got gi = get_object(item, obj, node);
    if (gi != got::ok) return gi != got::fatal;
    name_value nv;
    static constexpr std::array<std::string_view, 3> names{"name", "value", "comment"};
    if (!known_members(obj, node, names, 2, offset_of(item.raw_json_token().data()),
                       [&](int k, od::value& mv, const path_node& mn) {
                         text* slots[] = {&nv.name, &nv.value, &nv.comment};
                         return read_text(mv, *slots[k], mn);
                       })) {
      return false;
    }
    out.push_back(nv);
    return true;
  });
}

bool entry_parser::impl::cookies(od::value& v, std::vector<cookie>& out, const path_node& at) {
  od::array arr;
  const got g = get_array(v, arr, at);
  if (g != got::ok) return g != got::fatal;
  return each_element(arr, &at, [&](od::value& item, const path_node& node) {
    od::object obj;
    const got gi = get_object(item, obj, node);
    if (gi != got::ok) return gi != got::fatal;
    cookie c;
    static constexpr std::array<std::string_view, 9> names{
        "name", "value", "path", "domain", "expires", "httpOnly", "secure", "comment", "sameSite"};
    if (!known_members(obj, node, names, 2, offset_of(item.raw_json_token().data()),
                       [&](int k, od::value& mv, const path_node& mn) {
                         switch (k) {
                           case 0: return read_text(mv, c.name, mn);
                           case 1: return read_text(mv, c.value, mn);
                           case 2: return read_text(mv, c.path, mn);
                           case 3: return read_text(mv, c.domain, mn);
                           case 4: return read_text(mv, c.expires, mn);
                           case 5: return read_bool(mv, c.http_only, mn);
                           case 6: return read_bool(mv, c.secure, mn);
                           case 7: return read_text(mv, c.comment, mn);
                           default: return read_text(mv, c.same_site, mn);
                         }
                       })) {
      return false;
    }
    out.push_back(c);
    return true;
  });
}

bool entry_parser::impl::post(od::value& v, post_data& out, const path_node& at) {
  od::object obj;
  const got g = get_object(v, obj, at);
  if (g != got::ok) return g != got::fatal;
  out.present = true;
  static constexpr std::array<std::string_view, 5> names{"mimeType", "params", "text", "comment",
                                                         "encoding"};
  if (!known_members(obj, at, names, 1, offset_of(v.raw_json_token().data()),
                     [&](int k, od::value& mv, const path_node& mn) {
                       switch (k) {
                         case 0: return read_text(mv, out.mime_type, mn);
                         case 1: return params(mv, out.params, mn);
                         case 2: return read_text(mv, out.body, mn);
                         case 3: return read_text(mv, out.comment, mn);
                         default: return read_text(mv, out.encoding, mn);
                       }
                     })) {
    return false;
  }
  return true;
}

bool entry_parser::impl::params(od::value& v, std::vector<post_param>& out, const path_node& at) {
  od::array arr;
  const got g = get_array(v, arr, at);
  if (g != got::ok) return g != got::fatal;
  return each_element(arr, &at, [&](od::value& item, const path_node& node) {
    od::object obj;
    const got gi = get_object(item, obj, node);
    if (gi != got::ok) return gi != got::fatal;
    post_param p;
    static constexpr std::array<std::string_view, 5> names{"name", "value", "fileName",
                                                           "contentType", "comment"};
    if (!known_members(
            obj, node, names, 1, offset_of(item.raw_json_token().data()),
            [&](int k, od::value& mv, const path_node& mn) {
              text* slots[] = {&p.name, &p.value, &p.file_name, &p.content_type, &p.comment};
              return read_text(mv, *slots[k], mn);
            })) {
      return false;
    }
    out.push_back(p);
    return true;
  });
}

bool entry_parser::impl::request(od::value& v, har::request& r, const path_node& at) {
  od::object obj;
  const got g = get_object(v, obj, at);
  if (g != got::ok) return g != got::fatal;
  static constexpr std::array<std::string_view, 11> names{
      "method",      "url",      "httpVersion", "cookies", "headers",      "queryString",
      "headersSize", "bodySize", "postData",    "comment", "_transferSize"};
  std::uint64_t seen = 0;
  const std::uint64_t at_offset = offset_of(v.raw_json_token().data());
  if (!each_member(obj, &at, [&](std::string_view key, od::value& mv, const path_node& mn) {
        const int k = key_index(key, names);
        if (k < 0 || k == 10) return extra(mv, mn);
        mark(seen, k, mn, mv);
        switch (k) {
          case 0: return read_text(mv, r.method, mn);
          case 1: return read_text(mv, r.url, mn);
          case 2: return read_text(mv, r.http_version, mn);
          case 3: return cookies(mv, r.cookies, mn);
          case 4: return name_values(mv, r.headers, mn);
          case 5: return name_values(mv, r.query_string, mn);
          case 6: return read_int(mv, r.headers_size, mn);
          case 7: return read_int(mv, r.body_size, mn);
          case 8: return post(mv, r.post, mn);
          default: return read_text(mv, r.comment, mn);
        }
      })) {
    return false;
  }
  require(seen, names, 8, &at, at_offset);
  return true;
}

bool entry_parser::impl::content(od::value& v, har::content& c, const path_node& at) {
  od::object obj;
  const got g = get_object(v, obj, at);
  if (g != got::ok) return g != got::fatal;
  static constexpr std::array<std::string_view, 6> names{"size", "mimeType", "compression",
                                                         "text", "encoding", "comment"};
  if (!known_members(obj, at, names, 2, offset_of(v.raw_json_token().data()),
                     [&](int k, od::value& mv, const path_node& mn) {
                       switch (k) {
                         case 0: return read_int(mv, c.size, mn);
                         case 1: return read_text(mv, c.mime_type, mn);
                         case 2: return read_int(mv, c.compression, mn);
                         case 3: return read_text(mv, c.body, mn);
                         case 4: return read_text(mv, c.encoding, mn);
                         default: return read_text(mv, c.comment, mn);
                       }
                     })) {
    return false;
  }
  return true;
}

bool entry_parser::impl::response(od::value& v, har::response& r, const path_node& at) {
  od::object obj;
  const got g = get_object(v, obj, at);
  if (g != got::ok) return g != got::fatal;
  static constexpr std::array<std::string_view, 13> names{"status",
                                                          "statusText",
                                                          "httpVersion",
                                                          "cookies",
                                                          "headers",
                                                          "content",
                                                          "redirectURL",
                                                          "headersSize",
                                                          "bodySize",
                                                          "comment",
                                                          "_transferSize",
                                                          "_error",
                                                          "_fetchedViaServiceWorker"};
  if (!known_members(obj, at, names, 9, offset_of(v.raw_json_token().data()),
                     [&](int k, od::value& mv, const path_node& mn) {
                       switch (k) {
                         case 0: {
                           od::json_type t;
                           if (type_of(mv, t, &mn) == got::fatal) return false;
                           if (t == od::json_type::null) {
                             note(diag::wrong_type, severity::warning,
                                  fmt::format("{} is null, expected the HTTP status number",
                                              pointer(&mn)),
                                  &mn, offset_of(mv.raw_json_token().data()));
                             return true;
                           }
                           return read_int(mv, r.status, mn);
                         }
                         case 1: return read_text(mv, r.status_text, mn);
                         case 2: return read_text(mv, r.http_version, mn);
                         case 3: return cookies(mv, r.cookies, mn);
                         case 4: return name_values(mv, r.headers, mn);
                         case 5: return content(mv, r.content, mn);
                         case 6: return read_text(mv, r.redirect_url, mn);
                         case 7: return read_int(mv, r.headers_size, mn);
                         case 8: return read_int(mv, r.body_size, mn);
                         case 9: return read_text(mv, r.comment, mn);
                         case 10: return read_int(mv, r.transfer_size, mn);
                         case 11: return read_text(mv, r.error, mn);
                         default: return read_bool(mv, r.fetched_via_service_worker, mn);
                       }
                     })) {
    return false;
  }
  return true;
}

bool entry_parser::impl::cache_item(od::value& v, har::cache_item& c, const path_node& at) {
  od::object obj;
  const got g = get_object(v, obj, at);
  if (g != got::ok) return g != got::fatal;
  c.present = true;
  static constexpr std::array<std::string_view, 5> names{"lastAccess", "eTag", "hitCount",
                                                         "expires", "comment"};
  return known_members(obj, at, names, 0, 0, [&](int k, od::value& mv, const path_node& mn) {
    switch (k) {
      case 0: return read_text(mv, c.last_access, mn);
      case 1: return read_text(mv, c.etag, mn);
      case 2: return read_int(mv, c.hit_count, mn);
      case 3: return read_text(mv, c.expires, mn);
      default: return read_text(mv, c.comment, mn);
    }
  });
}

bool entry_parser::impl::cache(od::value& v, har::cache& c, const path_node& at) {
  od::object obj;
  const got g = get_object(v, obj, at);
  if (g != got::ok) return g != got::fatal;
  static constexpr std::array<std::string_view, 3> names{"beforeRequest", "afterRequest",
                                                         "comment"};
  return known_members(obj, at, names, 0, 0, [&](int k, od::value& mv, const path_node& mn) {
    switch (k) {
      case 0: return cache_item(mv, c.before_request, mn);
      case 1: return cache_item(mv, c.after_request, mn);
      default: return read_text(mv, c.comment, mn);
    }
  });
}

bool entry_parser::impl::timings(od::value& v, har::timings& t, const path_node& at) {
  od::object obj;
  const got g = get_object(v, obj, at);
  if (g != got::ok) return g != got::fatal;
  // send, wait, receive are the required ones: keep them first.
  static constexpr std::array<std::string_view, 8> names{"send", "wait",    "receive", "blocked",
                                                         "dns",  "connect", "ssl",     "comment"};
  if (!known_members(obj, at, names, 3, offset_of(v.raw_json_token().data()),
                     [&](int k, od::value& mv, const path_node& mn) {
                       std::optional<double>* slots[] = {
                           &t.send, &t.wait, &t.receive, &t.blocked, &t.dns, &t.connect, &t.ssl};
                       if (k == 7) return read_text(mv, t.comment, mn);
                       return read_timing(mv, *slots[k], mn);
                     })) {
    return false;
  }
  return true;
}

}  // namespace harfact::har::detail
