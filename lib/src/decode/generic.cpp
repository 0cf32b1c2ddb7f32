// The generic decoders: where the data of a hit is (query, form body, JSON
// body, text lines, base64, gzip, WebSocket frames).
#include "decode/generic.hpp"

#include <simdjson.h>
#include <zlib.h>

#include <algorithm>

#include "harfact/net/url.hpp"
#include "sig/url_query.hpp"

namespace harfact::decode::detail {

namespace {

constexpr std::size_t k_max_fields = 2000;
constexpr std::size_t k_max_inflated = std::size_t{64} << 20;

void add_params(context& ctx, std::string_view encoded, const std::string& source) {
  sig::detail::query_params q;
  q.parse(encoded);
  for (const auto& [name, value] : q.all()) {
    if (ctx.out.fields.size() >= k_max_fields) {
      ctx.out.notes.push_back("more than 2000 fields: the rest were not listed");
      return;
    }
    ctx.add(name, value, source);
  }
}

std::string scalar_text(simdjson::dom::element el) {
  std::string_view sv;
  if (el.get_string().get(sv) == simdjson::SUCCESS) return std::string(sv);
  return simdjson::minify(el);
}

void flatten(context& ctx, simdjson::dom::element el, std::string& path, const std::string& source,
             int depth) {
  if (ctx.out.fields.size() >= k_max_fields) return;
  if (depth > 64) {
    ctx.out.notes.push_back("JSON nested deeper than 64 levels: not listed below " + path);
    return;
  }
  const std::size_t mark = path.size();
  switch (el.type()) {
    case simdjson::dom::element_type::OBJECT:
      for (auto [key, value] : simdjson::dom::object(el)) {
        if (!path.empty()) path += '.';
        path.append(key);
        flatten(ctx, value, path, source, depth + 1);
        path.resize(mark);
      }
      return;
    case simdjson::dom::element_type::ARRAY: {
      std::size_t i = 0;
      for (auto value : simdjson::dom::array(el)) {
        if (!path.empty()) path += '.';
        path += std::to_string(i++);
        flatten(ctx, value, path, source, depth + 1);
        path.resize(mark);
      }
      return;
    }
    default: ctx.add(path.empty() ? std::string("(value)") : path, scalar_text(el), source);
  }
}

bool looks_base64(std::string_view s) {
  if (s.size() < 8 || s.size() % 4 == 1) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/' || c == '=' || c == '-' || c == '_' || c == '\r' || c == '\n';
  });
}

bool is_text(std::string_view s) {
  std::size_t control = 0;
  for (const char c : s.substr(0, 4096)) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && u != '\n' && u != '\r' && u != '\t') ++control;
  }
  return control == 0;
}

}  // namespace

bool parse_json_into(context& ctx, std::string_view text, const std::string& source) {
  simdjson::dom::parser parser;
  const simdjson::padded_string copy(text);
  simdjson::dom::element root;
  if (parser.parse(copy).get(root) != simdjson::SUCCESS) return false;
  std::string path;
  flatten(ctx, root, path, source, 0);
  return true;
}

bool base64_decode(std::string_view in, std::string& out) {
  out.clear();
  std::uint32_t acc = 0;
  int bits = 0;
  for (const char c : in) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    if (c >= '0' && c <= '9') v = c - '0' + 52;
    if (c == '+' || c == '-') v = 62;
    if (c == '/' || c == '_') v = 63;
    if (c == '=') break;
    if (c == '\r' || c == '\n') continue;
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return true;
}

void query(context& ctx) {
  const auto parts = net::split_url(ctx.e.str(ctx.e.request.url));
  if (parts && parts->has_query) add_params(ctx, parts->query, "query");
}

void form(context& ctx) {
  const auto& post = ctx.e.request.post;
  if (!post.params.empty()) {
    for (const auto& p : post.params) {
      ctx.add(std::string(ctx.e.str(p.name)), ctx.e.str(p.value), "body");
    }
    return;
  }
  const std::string& body = ctx.request_body();
  if (body.empty() || ctx.body_binary) return;
  add_params(ctx, body, "body");
}

void json(context& ctx) {
  const std::string& body = ctx.request_body();
  if (body.empty() || ctx.body_binary) return;
  if (!parse_json_into(ctx, body, "body")) {
    ctx.out.notes.push_back("the body is not valid JSON; not decoded as JSON");
  }
}

void text_lines(context& ctx) {
  const std::string& body = ctx.request_body();
  if (body.empty() || ctx.body_binary) return;
  std::size_t start = 0;
  std::size_t line = 1;
  while (start < body.size()) {
    std::size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    std::string_view text(body.data() + start, end - start);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (!text.empty()) add_params(ctx, text, "body line " + std::to_string(line));
    ++line;
    start = end + 1;
  }
}

void base64(context& ctx) {
  ctx.request_body();
  std::string decoded;
  if (!looks_base64(ctx.body) || !base64_decode(ctx.body, decoded)) return;
  ctx.body = std::move(decoded);
  ctx.body_binary = !is_text(ctx.body);
}

void gzip(context& ctx) {
  ctx.request_body();
  const std::string& in = ctx.body;
  if (in.size() < 2 || static_cast<unsigned char>(in[0]) != 0x1f ||
      static_cast<unsigned char>(in[1]) != 0x8b) {
    return;
  }
  z_stream z{};
  if (inflateInit2(&z, 15 + 32) != Z_OK) return;
  std::string out;
  char buffer[65536];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc == Z_OK && out.size() < k_max_inflated) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - z.avail_out);
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END) {
    ctx.out.notes.push_back("the gzip body could not be inflated completely");
  }
  ctx.body = std::move(out);
  ctx.body_binary = !is_text(ctx.body);
}

void websocket(context& ctx) {
  std::size_t received = 0;
  std::size_t i = 0;
  for (const auto& m : ctx.e.websocket_messages) {
    ++i;
    if (ctx.e.str(m.type) != "send") {
      ++received;
      continue;
    }
    const std::string source = "websocket frame " + std::to_string(i) + " (sent)";
    const std::string_view data = ctx.e.str(m.data);
    if (m.opcode && *m.opcode == 2) {
      ctx.add("frame", data, source).meaning = "binary frame (as the exporter encoded it)";
      continue;
    }
    if (!parse_json_into(ctx, data, source)) ctx.add("frame", data, source);
  }
  if (received > 0) {
    ctx.out.notes.push_back(std::to_string(received) +
                            " frames received from the server (not listed)");
  }
}

}  // namespace harfact::decode::detail
