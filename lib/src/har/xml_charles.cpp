// Charles Proxy XML sessions to HAR entries (see xml_converter.hpp).
//
// Charles Proxy (File > Export Session > XML, and .chlsx): <charles-session>
// holds <transaction> elements whose attributes describe the exchange (method,
// protocol, protocolVersion, host, port / actualPort, path, query,
// remoteAddress, clientAddress, status, and the times startTime(Millis),
// requestBeginTime(Millis), requestTime(Millis), responseTime(Millis),
// endTime(Millis), dnsDuration, connectDuration, sslDuration), with a
// <request> and a <response> (attribute status), each holding
// <headers><first-line/><header><name/><value/></header>...</headers> and a
// <body> (attribute encoding="base64" for binary bodies). No DTD or
// specification is published for this format: the names above are those of
// exports we have seen, and everything is read tolerantly. A header written as
// <header name="...">value</header> is accepted too; a port attribute may be
// absent; every attribute of a transaction (known or not) and every other child
// element is copied as text into the entry's _xml object, so nothing is lost.
// Whether connectDuration includes sslDuration is not documented: they are
// written as HAR connect and ssl unchanged.
#include <fmt/format.h>

#include <algorithm>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "core/ascii.hpp"
#include "har/xml_converter.hpp"
#include "har/xml_text.hpp"
#include "harfact/har/timestamp.hpp"

namespace harfact::har::detail::xml {

using harfact::detail::iequals_ascii;

// --- Charles ------------------------------------------------------------------

// Headers and body of a Charles <request> or <response>.
http_message charles_message(pugi::xml_node n, bool& bad_base64) {
  http_message m;
  if (!n) return m;
  m.present = true;
  const pugi::xml_node headers = n.child("headers");
  m.first_line = text_of(headers.child("first-line"));
  for (pugi::xml_node h = headers.child("header"); h; h = h.next_sibling("header")) {
    if (const pugi::xml_attribute name = h.attribute("name")) {
      m.headers.push_back({name.value(), text_of(h)});
    } else {
      m.headers.push_back({text_of(h.child("name")), text_of(h.child("value"))});
    }
  }
  const pugi::xml_node body = n.child("body");
  m.body = text_of(body);
  if (iequals_ascii(body.attribute("encoding").value(), "base64")) {
    std::string decoded;
    if (base64_decode(m.body, decoded)) {
      m.body = std::move(decoded);
    } else {
      bad_base64 = true;
      m.body.clear();
    }
  }
  return m;
}

void converter::charles_transaction(pugi::xml_node t) {
  const std::string pointer = fmt::format("/log/entries/{}", index_);
  const std::uint64_t where = begin_ + offset_of(t);
  auto attr = [&](const char* name) { return std::string_view(t.attribute(name).value()); };
  auto millis = [&](const char* name) { return to_int(attr(name)); };

  // startTime carries the zone as Charles wrote it; else the epoch milliseconds.
  const std::string_view start_text = attr("startTime");
  const auto start_ms = millis("startTimeMillis");
  const auto parsed_start = parse_timestamp(start_text);
  if (!start_text.empty() && parsed_start && parsed_start->has_zone) {
    j_.member("startedDateTime", start_text);
  } else if (start_ms) {
    j_.member("startedDateTime", iso_from_millis(*start_ms));
  } else if (!start_text.empty()) {
    j_.member("startedDateTime", start_text);
  }

  // Timings from the durations and the instants Charles records.
  auto span = [&](const char* from, const char* to) -> std::int64_t {
    const auto a = millis(from);
    const auto b = millis(to);
    return a && b && *b >= *a ? *b - *a : -1;
  };
  auto duration = [&](const char* name) -> std::int64_t {
    const auto v = millis(name);
    return v && *v >= 0 ? *v : -1;
  };
  const std::int64_t dns = duration("dnsDuration");
  const std::int64_t connect = duration("connectDuration");
  const std::int64_t ssl = duration("sslDuration");
  const std::int64_t send = span("requestBeginTimeMillis", "requestTimeMillis");
  const std::int64_t wait = span("requestTimeMillis", "responseTimeMillis");
  const std::int64_t receive = span("responseTimeMillis", "endTimeMillis");
  std::int64_t total = 0;
  for (const std::int64_t v : {dns, connect, send, wait, receive}) total += v > 0 ? v : 0;
  j_.member("time", total);

  bool bad_base64 = false;
  const http_message req = charles_message(t.child("request"), bad_base64);
  const http_message res = charles_message(t.child("response"), bad_base64);
  if (bad_base64) {
    note(severity::error,
         fmt::format("transaction {} (byte {} of the file): a <body encoding=\"base64\"> is not "
                     "valid base64; the body is left out",
                     index_, where),
         pointer);
  }

  const std::string_view protocol = attr("protocol");
  const std::string_view host = attr("host");
  std::string_view port = attr("port");
  if (port.empty()) port = attr("actualPort");
  const bool default_port = port.empty() || (protocol == "http" && port == "80") ||
                            (protocol == "https" && port == "443");
  const std::string_view path = attr("path");
  const std::string_view query = attr("query");
  const std::string url =
      fmt::format("{}{}{}{}{}{}{}", protocol, protocol.empty() ? "" : "://", host,
                  default_port ? "" : ":", default_port ? std::string_view() : port, path,
                  query.empty() ? "" : "?") +
      std::string(query);
  const auto rl = split_first_line(req.first_line);
  const std::string_view method = attr("method").empty() ? rl[0] : attr("method");
  const std::string_view version = rl[2].substr(0, 5) == "HTTP/" ? rl[2] : attr("protocolVersion");
  write_request(method, url, version, req);

  const auto sl = split_first_line(res.first_line);
  const pugi::xml_node response = t.child("response");
  std::optional<std::int64_t> status = to_int(response.attribute("status").value());
  if (!status && sl[0].substr(0, 5) == "HTTP/") status = to_int(sl[1]);
  std::string mime = response.attribute("mime-type").value();
  if (const char* cs = response.attribute("charset").value(); !mime.empty() && *cs != '\0') {
    mime += fmt::format("; charset={}", cs);
  }
  write_response(
      status, sl[0].substr(0, 5) == "HTTP/" ? sl[2] : std::string_view(),
      sl[0].substr(0, 5) == "HTTP/" ? sl[0] : (res.present ? version : std::string_view()), res,
      mime);
  j_.key("cache").begin_object().end_object();
  j_.key("timings").begin_object();
  j_.member("blocked", std::int64_t{-1}).member("dns", dns).member("connect", connect);
  j_.member("send", send).member("wait", wait).member("receive", receive).member("ssl", ssl);
  j_.end_object();
  // remoteAddress is Java's InetAddress#toString(): "host/192.0.2.10".
  if (const std::string_view remote = attr("remoteAddress"); !remote.empty()) {
    const std::size_t slash = remote.rfind('/');
    const std::string_view ip = slash == std::string_view::npos ? remote : remote.substr(slash + 1);
    if (!ip.empty()) j_.member("serverIPAddress", ip);
  }

  j_.key("_xml").begin_object();
  j_.member("format", "charles_xml");
  j_.member("transaction", static_cast<std::int64_t>(index_));
  j_.member("offset", static_cast<std::int64_t>(where));
  j_.key("attributes").begin_object();
  for (pugi::xml_attribute a = t.first_attribute(); a; a = a.next_attribute()) {
    j_.member(a.name(), a.value());
  }
  j_.end_object();
  for (const char* part : {"request", "response"}) {
    const pugi::xml_node n = t.child(part);
    if (!n || !n.first_attribute()) continue;
    j_.key(fmt::format("{}_attributes", part)).begin_object();
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
      j_.member(a.name(), a.value());
    }
    j_.end_object();
  }
  bool other = false;
  for (pugi::xml_node c = t.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view name = c.name();
    if (name == "request" || name == "response") continue;
    if (!other) j_.key("elements").begin_array();
    other = true;
    j_.begin_object().member("name", name).member("text", text_of(c)).end_object();
  }
  if (other) j_.end_array();
  j_.end_object();
}

}  // namespace harfact::har::detail::xml
