#include "harfact/har/model.hpp"

#include "core/ascii.hpp"
#include "har/scan.hpp"

namespace harfact::har {

namespace {

const name_value* find_header(const std::vector<name_value>& headers, std::string_view name) {
  for (const auto& h : headers) {
    // Header names practically never carry escapes; compare raw first.
    if (!h.name.escaped()) {
      if (::harfact::detail::iequals_ascii(h.name.raw, name)) return &h;
    } else if (::harfact::detail::iequals_ascii(to_string(h.name), name)) {
      return &h;
    }
  }
  return nullptr;
}

}  // namespace

bool decode(const text& t, std::string& out) {
  if (!t.escaped()) {
    out.append(t.raw);
    return true;
  }
  return detail::unescape_json(t.raw, out);
}

std::string to_string(const text& t) {
  std::string out;
  decode(t, out);
  return out;
}

std::string extra_field::pointer() const {
  std::string out(parent);
  detail::append_pointer_token(out, name);
  return out;
}

std::string_view entry::str(const text& t) {
  if (!t.escaped()) return t.raw;
  std::string decoded;
  decode(t, decoded);
  return keep(std::move(decoded));
}

std::string_view entry::keep(std::string s) {
  if (arena_used < arena.size()) {
    arena[arena_used] = std::move(s);
  } else {
    arena.push_back(std::move(s));
  }
  return arena[arena_used++];
}

const name_value* entry::request_header(std::string_view name) const {
  return find_header(request.headers, name);
}

const name_value* entry::response_header(std::string_view name) const {
  return find_header(response.headers, name);
}

void entry::clear() {
  // Reassigning sub-objects keeps the vectors' capacity where we clear() them.
  auto keep_vectors = [](auto& v) { v.clear(); };
  index = 0;
  offset = 0;
  raw_json = {};
  pageref = {};
  started_text = {};
  started = {};
  time.reset();
  keep_vectors(request.cookies);
  keep_vectors(request.headers);
  keep_vectors(request.query_string);
  keep_vectors(request.post.params);
  request.method = request.url = request.http_version = request.comment = {};
  request.post.present = false;
  request.post.mime_type = request.post.body = request.post.comment = request.post.encoding = {};
  request.headers_size.reset();
  request.body_size.reset();
  keep_vectors(response.cookies);
  keep_vectors(response.headers);
  response.status.reset();
  response.status_text = response.http_version = response.redirect_url = response.comment = {};
  response.content = {};
  response.headers_size.reset();
  response.body_size.reset();
  response.transfer_size.reset();
  response.error = {};
  response.fetched_via_service_worker.reset();
  cache = {};
  timings = {};
  server_ip_address = connection = comment = {};
  initiator = {};
  keep_vectors(stacks);
  keep_vectors(call_frames);
  resource_type = priority = from_cache = {};
  from_cache_flag.reset();
  from_service_worker.reset();
  keep_vectors(websocket_messages);
  keep_vectors(security_details.san_list);
  {
    auto sans = std::move(security_details.san_list);
    security_details = {};
    security_details.san_list = std::move(sans);
  }
  keep_vectors(extras);
  arena_used = 0;
}

}  // namespace harfact::har
