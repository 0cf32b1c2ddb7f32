// Burp Suite and Charles Proxy XML exports to HAR 1.2 text (see xml_import.hpp):
// detection, parsing, and the parts of the conversion both formats share. The
// per-format readers are xml_burp.cpp and xml_charles.cpp.
#include "har/xml_import.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "core/ascii.hpp"
#include "har/document.hpp"
#include "har/xml_converter.hpp"
#include "har/xml_text.hpp"
#include "harfact/har/timestamp.hpp"

namespace harfact::har::detail {

namespace xml {

using harfact::detail::iequals_ascii;

// ---------------------------------------------------------------------------
// The parsed XML.

// Text content of an element: its PCDATA and CDATA children concatenated (an
// exporter may split a body over several CDATA sections).
std::string text_of(pugi::xml_node n) {
  std::string out;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
  }
  return out;
}

// Byte offset of an element's '<' in the parsed text.
std::uint64_t offset_of(pugi::xml_node n) {
  const std::ptrdiff_t o = n.offset_debug();
  return o > 0 ? static_cast<std::uint64_t>(o - 1) : 0;
}

// Whether the element starting at `start` (its '<') is closed by `</tag>` before
// `limit`. Skips CDATA sections, comments and processing instructions, whose
// text may contain anything (a saved RSS response holds "</item>").
bool closed_before(std::string_view xml, std::size_t start, std::string_view tag,
                   std::size_t limit) {
  std::size_t i = start + 1;
  limit = std::min(limit, xml.size());
  while (i < limit) {
    const std::size_t lt = xml.find('<', i);
    if (lt == std::string_view::npos || lt >= limit) return false;
    const std::string_view rest = xml.substr(lt);
    std::string_view skip_to;
    if (rest.substr(0, 9) == "<![CDATA[") {
      skip_to = "]]>";
    } else if (rest.substr(0, 4) == "<!--") {
      skip_to = "-->";
    } else if (rest.substr(0, 2) == "<?") {
      skip_to = "?>";
    }
    if (!skip_to.empty()) {
      const std::size_t e = xml.find(skip_to, lt + 2);
      if (e == std::string_view::npos) return false;
      i = e + skip_to.size();
      continue;
    }
    if (rest.size() > tag.size() + 2 && rest[1] == '/' && rest.substr(2, tag.size()) == tag) {
      const char after = rest[2 + tag.size()];
      if (after == '>' || after == ' ' || after == '\t' || after == '\r' || after == '\n') {
        return lt + 2 + tag.size() < limit;
      }
    }
    i = lt + 1;
  }
  return false;
}

// Whether pugixml stopped because the text ended inside a construct (a cut
// file), rather than at a malformed one.
bool ends_inside(std::string_view xml, pugi::xml_parse_status status, std::size_t at) {
  const std::string_view rest = at < xml.size() ? xml.substr(at) : std::string_view();
  switch (status) {
    case pugi::status_end_element_mismatch:
      return rest.find_first_not_of(" \t\r\n") == std::string_view::npos;
    case pugi::status_bad_cdata: return rest.find("]]>") == std::string_view::npos;
    case pugi::status_bad_comment: return rest.find("-->") == std::string_view::npos;
    case pugi::status_bad_pi:
    case pugi::status_bad_start_element:
    case pugi::status_bad_attribute:
    case pugi::status_bad_end_element:
    case pugi::status_bad_pcdata:
    case pugi::status_unrecognized_tag: return rest.find('>') == std::string_view::npos;
    default: return false;
  }
}

// ---------------------------------------------------------------------------
// The conversion.

result<xml_conversion> converter::run() {
  pugi::xml_document doc;
  const std::string_view body = xml_.substr(begin_);
  // No end-of-line normalisation: raw HTTP messages in CDATA keep their CRLFs,
  // byte for byte as in the file. pugixml never fetches external entities or
  // expands entities declared in a DTD.
  const unsigned options = (pugi::parse_default & ~pugi::parse_eol) | pugi::parse_pi;
  const pugi::xml_parse_result parsed =
      doc.load_buffer(body.data(), body.size(), options, pugi::encoding_utf8);

  const std::string_view root_name = kind_ == source_format::burp_xml ? "items" : "charles-session";
  const std::string_view item_name = kind_ == source_format::burp_xml ? "item" : "transaction";
  const pugi::xml_node root = doc.document_element();
  const std::uint64_t fault =
      parsed ? no_offset
             : begin_ + static_cast<std::uint64_t>(std::max<std::ptrdiff_t>(parsed.offset, 0));
  if (!root || std::string_view(root.name()) != root_name) {
    if (!parsed) {
      return make(errc::unsupported_format,
                  fmt::format("the {} is not well-formed XML: {} at byte {}", format_words(kind_),
                              parsed.description(), fault),
                  fault, no_entry, "the file was damaged or edited; export it again");
    }
    return make(errc::unsupported_format,
                fmt::format("the input looks like a {} but its root element is <{}>, not <{}>",
                            format_words(kind_), root ? root.name() : "", root_name),
                root ? begin_ + offset_of(root) : no_offset, no_entry,
                "export the capture again, or as HAR");
  }

  std::vector<pugi::xml_node> items;
  for (pugi::xml_node n = root.child(item_name.data()); n; n = n.next_sibling(item_name.data())) {
    items.push_back(n);
  }
  // After a fault the tree holds what was parsed before it; the last item may be
  // incomplete.
  if (!parsed && !items.empty() &&
      !closed_before(body, offset_of(items.back()), item_name, fault - begin_)) {
    items.pop_back();
  }

  if (kind_ == source_format::burp_xml) {
    out_.version = root.attribute("burpVersion").value();
    std::string comment = "converted by harfact from a Burp Suite XML export";
    if (const char* t = root.attribute("exportTime").value(); *t != '\0') {
      comment += fmt::format(" (exportTime \"{}\")", t);
    }
    begin_log("Burp Suite", out_.version, comment);
  } else {
    for (pugi::xml_node n = doc.first_child(); n; n = n.next_sibling()) {
      if (n.type() != pugi::node_pi || std::string_view(n.name()) != "charles") continue;
      // <?charles serialisation-version='2.0' ?>
      const std::string_view v = n.value();
      const std::size_t at = v.find("serialisation-version=");
      if (at == std::string_view::npos) continue;
      std::string_view rest = v.substr(at + 22);
      if (!rest.empty() && (rest[0] == '\'' || rest[0] == '"')) {
        const char q = rest[0];
        rest.remove_prefix(1);
        out_.version = std::string(rest.substr(0, rest.find(q)));
      }
    }
    begin_log("Charles Proxy", "",
              out_.version.empty()
                  ? std::string("converted by harfact from a Charles session XML export")
                  : fmt::format("converted by harfact from a Charles session XML export "
                                "(serialisation-version {})",
                                out_.version));
  }

  for (const pugi::xml_node item : items) {
    start_entry();
    if (kind_ == source_format::burp_xml) {
      burp_item(item);
    } else {
      charles_transaction(item);
    }
    end_entry();
    if (j_.out.size() > max_har_bytes_) {
      return make(errc::too_large,
                  fmt::format("the HAR text converted from the {} exceeds {} bytes",
                              format_words(kind_), max_har_bytes_),
                  begin_ + offset_of(item), static_cast<std::int64_t>(index_ - 1),
                  "raise the input size limit, or export fewer items");
    }
  }
  j_.out += "\n]}}\n";

  for (const auto& [zone, ambiguous, count] : zoneless_) {
    out_.notes.push_back(diagnostic{
        diag::converted_from_xml,
        severity::warning,
        fmt::format("{} item time{} written in \"{}\", {}: converted as local time without a zone "
                    "(each entry's _xml.time keeps the text)",
                    count, count == 1 ? " is" : "s are", zone,
                    ambiguous ? "an abbreviation with more than one UTC offset"
                              : "a zone harfact does not know"),
        no_entry,
        {},
        no_offset});
  }

  if (!parsed) {
    const bool cut = ends_inside(body, parsed.status, fault - begin_);
    const std::uint64_t read = items.size();
    out_.cut_status = cut ? read_status::truncated : read_status::failed;
    out_.cut_offset = fault;
    out_.cut = cut ? make(errc::truncated,
                          fmt::format("the {} ends at byte {} ({}); {} complete {}{} recovered",
                                      format_words(kind_), xml_.size(), parsed.description(), read,
                                      item_name, read == 1 ? "" : "s"),
                          fault, static_cast<std::int64_t>(read),
                          "the capture was cut off; harfact read everything before the cut")
                   : make(errc::unsupported_format,
                          fmt::format("the {} is not well-formed XML after {} {}{}: {} at byte {}",
                                      format_words(kind_), read, item_name, read == 1 ? "" : "s",
                                      parsed.description(), fault),
                          fault, static_cast<std::int64_t>(read),
                          "the file was damaged or edited here; the items before it were read");
  }
  out_.items = items.size();
  out_.har = std::move(j_.out);
  return std::move(out_);
}

void converter::begin_log(std::string_view creator, std::string_view version,
                          std::string_view comment) {
  j_.begin_object().key("log").begin_object();
  j_.member("version", "1.2");
  j_.key("creator").begin_object().member("name", creator).member("version", version).end_object();
  j_.member("comment", comment);
  j_.key("entries").begin_array();
  // The array stays open: entries are appended one per line, then "]}}".
}

void converter::start_entry() {
  j_.next_line();
  entry_offset_ = j_.out.size();
  j_.replaced = false;
  j_.begin_object();
}

void converter::end_entry() {
  j_.end_object();
  if (j_.replaced) {
    note(severity::warning,
         fmt::format("{} {}: bytes that are not UTF-8 in a header, URL or other text were "
                     "replaced by U+FFFD (bodies are kept exactly, as base64)",
                     kind_ == source_format::burp_xml ? "item" : "transaction", index_),
         fmt::format("/log/entries/{}", index_));
  }
  ++index_;
}

void converter::write_body(std::string_view body, std::string_view text_key) {
  if (is_printable_utf8(body)) {
    j_.member(text_key, body);
  } else {
    j_.member(text_key, base64_encode(body));
    j_.member("encoding", "base64");
  }
}

std::string_view query_of(std::string_view url) {
  const std::size_t q = url.find('?');
  if (q == std::string_view::npos) return {};
  std::string_view query = url.substr(q + 1);
  return query.substr(0, query.find('#'));
}

void converter::write_request(std::string_view method, std::string_view url,
                              std::string_view version, const http_message& m) {
  j_.key("request").begin_object();
  j_.member("method", method).member("url", url).member("httpVersion", version);
  j_.key("cookies").begin_array();
  for (const auto& h : m.headers) {
    if (!iequals_ascii(h.name, "cookie")) continue;
    std::string_view rest = h.value;
    while (!rest.empty()) {
      const std::size_t semi = rest.find(';');
      const std::string_view pair = http_trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      if (pair.empty()) continue;
      const std::size_t eq = pair.find('=');
      j_.begin_object();
      j_.member("name", http_trim(pair.substr(0, eq)));
      j_.member("value", eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
      j_.end_object();
    }
  }
  j_.end_array();
  j_.key("headers").begin_array();
  for (const auto& h : m.headers)
    j_.begin_object().member("name", h.name).member("value", h.value).end_object();
  j_.end_array();
  j_.key("queryString").begin_array();
  std::string_view query = query_of(url);
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    j_.begin_object();
    j_.member("name", pair.substr(0, eq));
    j_.member("value", eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    j_.end_object();
  }
  j_.end_array();
  if (!m.body.empty()) {
    j_.key("postData").begin_object();
    const http_header* type = m.find("content-type");
    j_.member("mimeType", type ? std::string_view(type->value) : std::string_view());
    write_body(m.body, "text");
    j_.end_object();
  }
  j_.member("headersSize", m.head_size);
  j_.member("bodySize", m.body_size);
  j_.end_object();
}

// Set-Cookie: name=value; Path=/; Domain=x; Expires=...; HttpOnly; Secure; SameSite=Lax
void write_set_cookie(json_text& j, std::string_view v) {
  j.begin_object();
  std::string_view rest = v;
  bool first = true;
  while (!rest.empty() || first) {
    const std::size_t semi = rest.find(';');
    const std::string_view part = http_trim(rest.substr(0, semi));
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    const std::size_t eq = part.find('=');
    const std::string_view name = http_trim(part.substr(0, eq));
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view() : http_trim(part.substr(eq + 1));
    if (first) {
      j.member("name", name).member("value", value);
      first = false;
    } else if (iequals_ascii(name, "path")) {
      j.member("path", value);
    } else if (iequals_ascii(name, "domain")) {
      j.member("domain", value);
    } else if (iequals_ascii(name, "expires")) {
      j.member("expires", value);  // as written (an HTTP date)
    } else if (iequals_ascii(name, "httponly")) {
      j.key("httpOnly").boolean(true);
    } else if (iequals_ascii(name, "secure")) {
      j.key("secure").boolean(true);
    } else if (iequals_ascii(name, "samesite")) {
      j.member("sameSite", value);
    }
  }
  j.end_object();
}

void converter::write_response(std::optional<std::int64_t> status, std::string_view status_text,
                               std::string_view version, const http_message& m,
                               std::string_view mime_fallback) {
  j_.key("response").begin_object();
  j_.member("status", status.value_or(0));
  j_.member("statusText", status_text).member("httpVersion", version);
  j_.key("cookies").begin_array();
  for (const auto& h : m.headers) {
    if (iequals_ascii(h.name, "set-cookie")) write_set_cookie(j_, h.value);
  }
  j_.end_array();
  j_.key("headers").begin_array();
  for (const auto& h : m.headers)
    j_.begin_object().member("name", h.name).member("value", h.value).end_object();
  j_.end_array();
  j_.key("content").begin_object();
  j_.member("size", static_cast<std::int64_t>(m.body.size()));
  const http_header* type = m.find("content-type");
  j_.member("mimeType", type ? std::string_view(type->value) : mime_fallback);
  if (!m.body.empty()) write_body(m.body, "text");
  j_.end_object();
  const http_header* location = m.find("location");
  j_.member("redirectURL", location ? std::string_view(location->value) : std::string_view());
  j_.member("headersSize", m.head_size);
  j_.member("bodySize", m.body_size);
  j_.end_object();
}

void write_unknown_timings(json_text& j) {
  j.key("timings").begin_object();
  for (const char* k : {"blocked", "dns", "connect", "send", "wait", "receive", "ssl"}) {
    j.member(k, std::int64_t{-1});
  }
  j.end_object();
}

// ---------------------------------------------------------------------------
// Detection.

// Name of the root element and the text of its start tag, from the prolog
// (XML declaration, comments, processing instructions, a DOCTYPE with an
// internal subset). false when the prolog cannot be read within the text.
bool root_element(std::string_view s, std::string_view& name, std::string_view& start_tag) {
  std::size_t i = 0;
  auto skip_past = [&](std::string_view end) {
    const std::size_t e = s.find(end, i);
    if (e == std::string_view::npos) return false;
    i = e + end.size();
    return true;
  };
  while (true) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
    if (i >= s.size() || s[i] != '<') return false;
    const std::string_view rest = s.substr(i);
    if (rest.substr(0, 2) == "<?") {
      if (!skip_past("?>")) return false;
    } else if (rest.substr(0, 4) == "<!--") {
      if (!skip_past("-->")) return false;
    } else if (rest.substr(0, 9) == "<!DOCTYPE") {
      // To the '>' that ends the declaration: outside quotes and outside the
      // internal subset [ ... ].
      char quote = 0;
      bool subset = false;
      std::size_t k = i + 9;
      for (; k < s.size(); ++k) {
        const char c = s[k];
        if (quote != 0) {
          if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '[') {
          subset = true;
        } else if (c == ']') {
          subset = false;
        } else if (c == '>' && !subset) {
          break;
        }
      }
      if (k >= s.size()) return false;
      i = k + 1;
    } else {
      std::size_t k = i + 1;
      while (k < s.size() && s[k] != ' ' && s[k] != '\t' && s[k] != '\r' && s[k] != '\n' &&
             s[k] != '>' && s[k] != '/') {
        ++k;
      }
      name = s.substr(i + 1, k - i - 1);
      const std::size_t gt = s.find('>', k);
      start_tag = s.substr(i, gt == std::string_view::npos ? std::string_view::npos : gt - i + 1);
      return !name.empty();
    }
  }
}

}  // namespace xml

source_format detect_xml_capture(std::string_view text) noexcept {
  std::size_t i = 0;
  while (i < text.size() &&
         (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) {
    ++i;
  }
  if (i >= text.size() || text[i] != '<') return source_format::har;
  // The prolog of a Burp export (its DTD) is about 1 KiB.
  const std::string_view head = text.substr(i, std::size_t{64} << 10);
  std::string_view name, start_tag;
  if (xml::root_element(head, name, start_tag)) {
    if (name == "items" && start_tag.find("burpVersion") != std::string_view::npos) {
      return source_format::burp_xml;
    }
    if (name == "charles-session") return source_format::charles_xml;
    return source_format::har;
  }
  const std::string_view first = head.substr(0, 4096);
  if (first.find("burpVersion") != std::string_view::npos) return source_format::burp_xml;
  if (first.find("charles-session") != std::string_view::npos) return source_format::charles_xml;
  return source_format::har;
}

result<xml_conversion> convert_xml_capture(std::string_view text, std::size_t begin,
                                           source_format kind, const std::string& label,
                                           std::uint64_t max_xml_bytes,
                                           std::uint64_t max_har_bytes) {
  if (text.size() - begin > max_xml_bytes) {
    location where;
    where.file = label;
    return make_error(
        errc::too_large,
        fmt::format("'{}' is a {} of {} bytes; XML exports are converted in memory "
                    "and the limit is {} bytes",
                    label, xml::format_words(kind), text.size() - begin, max_xml_bytes),
        std::move(where), "raise reader_options::max_xml_bytes, or export the capture as HAR");
  }
  return xml::converter(text, begin, kind, label, max_har_bytes).run();
}

}  // namespace harfact::har::detail
