// Burp Suite and Charles XML exports: detected, converted to HAR text and read
// like any HAR (testdata/xml), with the file's own hashes and byte offsets.
#include "har/xml_import.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "har/xml_text.hpp"
#include "harfact/har/exporter.hpp"
#include "harfact/har/reader.hpp"
#include "harfact/io/sha256.hpp"
#include "test_support.hpp"

namespace harfact::har {
namespace {

using detail::detect_xml_capture;

std::string path_of(std::string_view name) {
  return test::testdata(std::string("xml/") + std::string(name)).string();
}

std::unique_ptr<reader> open_ok(std::string_view name, const reader_options& o = {}) {
  auto r = reader::open(path_of(name), o);
  if (!r) ADD_FAILURE() << name << ": " << r.error().message;
  return r ? std::move(*r) : nullptr;
}

std::unique_ptr<reader> open_memory_ok(std::string_view xml) {
  auto r = reader::open_memory(xml, "<memory>");
  if (!r) ADD_FAILURE() << r.error().message;
  return r ? std::move(*r) : nullptr;
}

std::size_t count_code(const reader& r, diag code) {
  return static_cast<std::size_t>(r.diagnostics().count(code));
}

std::vector<std::string> messages_of(const reader& r, diag code) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics().kept()) {
    if (d.code == code) out.push_back(d.message);
  }
  return out;
}

const extra_field* extra(const entry& e, std::string_view pointer) {
  for (const auto& x : e.extras) {
    if (x.pointer() == pointer) return &x;
  }
  return nullptr;
}

// A minimal Burp export around one item's children.
std::string burp_doc(std::string_view items) {
  return std::string("<?xml version=\"1.0\"?>\n<items burpVersion=\"2023.10.3.4\">\n") +
         std::string(items) + "</items>\n";
}

std::string burp_item(
    std::string_view time,
    std::string_view request = "R0VUIC8gSFRUUC8xLjENCkhvc3Q6IHd3dy5leGFtcGxlLXNob3AudGVzdA0KDQo=",
    std::string_view base64 = "true") {
  return "<item><time>" + std::string(time) +
         "</time><url><![CDATA[https://www.example-shop.test/]]></url>"
         "<host ip=\"203.0.113.10\">www.example-shop.test</host><port>443</port>"
         "<protocol>https</protocol><method>GET</method><path>/</path><extension>null</extension>"
         "<request base64=\"" +
         std::string(base64) + "\"><![CDATA[" + std::string(request) +
         "]]></request><status></status><responselength></responselength><mimetype></mimetype>"
         "<response base64=\"true\"></response><comment></comment></item>\n";
}

TEST(XmlText, RawHttpMessages) {
  // Bare LF line ends, a folded header, a header without a colon, a body.
  const auto m = detail::parse_raw_http(
      "POST /a HTTP/1.1\nHost: x.test\nX-Long: one\n  two\n"
      "oops\n\nbody\r\n");
  EXPECT_EQ(m.first_line, "POST /a HTTP/1.1");
  ASSERT_EQ(m.headers.size(), 3u);
  EXPECT_EQ(m.headers[1].value, "one two");
  EXPECT_EQ(m.headers[2].name, "oops");
  EXPECT_EQ(m.body, "body\r\n");
  EXPECT_EQ(m.head_size, 54);
  EXPECT_EQ(m.body_size, 6);
  // No blank line: all head, no body.
  const auto h = detail::parse_raw_http("GET / HTTP/1.1\r\nHost: x.test\r\n");
  EXPECT_EQ(h.headers.size(), 1u);
  EXPECT_TRUE(h.body.empty());
  EXPECT_FALSE(detail::parse_raw_http("").present);
  const auto parts = detail::split_first_line("HTTP/1.1 404 Not  Found");
  EXPECT_EQ(parts[0], "HTTP/1.1");
  EXPECT_EQ(parts[1], "404");
  EXPECT_EQ(parts[2], "Not  Found");
}

TEST(XmlText, Base64AndPrintableText) {
  std::string out;
  EXPECT_TRUE(detail::base64_decode("R0lG\nODlh", out));
  EXPECT_EQ(out, "GIF89a");
  EXPECT_TRUE(detail::base64_decode("YQ", out));  // padding optional
  EXPECT_EQ(out, "a");
  EXPECT_FALSE(detail::base64_decode("YQ==YQ==", out));
  EXPECT_FALSE(detail::base64_decode("Y*Q=", out));
  const std::vector<std::string> samples{"",    "a",    "ab",
                                         "abc", "abcd", std::string("\0\xff\x80", 3)};
  for (const std::string& s : samples) {
    ASSERT_TRUE(detail::base64_decode(detail::base64_encode(s), out));
    EXPECT_EQ(out, s);
  }
  EXPECT_TRUE(detail::is_printable_utf8("Gr\u00fc\u00dfe\r\n\t"));
  EXPECT_FALSE(detail::is_printable_utf8("a\x01b"));
  EXPECT_FALSE(detail::is_printable_utf8("\xc3\x28"));      // bad continuation
  EXPECT_FALSE(detail::is_printable_utf8("\xed\xa0\x80"));  // a surrogate
  detail::json_text j;
  j.begin_object().member("k", std::string_view("\"\\\x01\xff")).end_object();
  EXPECT_EQ(j.out, "{\"k\":\"\\\"\\\\\\u0001\xEF\xBF\xBD\"}");
  EXPECT_TRUE(j.replaced);
}

TEST(XmlImport, DetectsBurpAndCharlesByTheirRootElement) {
  EXPECT_EQ(detect_xml_capture(test::read_file(path_of("burp_base64.xml"))),
            source_format::burp_xml);
  EXPECT_EQ(detect_xml_capture(test::read_file(path_of("charles_session.xml"))),
            source_format::charles_xml);
  EXPECT_EQ(detect_xml_capture("  <charles-session/>"), source_format::charles_xml);
  EXPECT_EQ(detect_xml_capture("{\"log\":{}}"), source_format::har);
  EXPECT_EQ(detect_xml_capture(""), source_format::har);
  // An <items> root without burpVersion is some other XML.
  EXPECT_EQ(detect_xml_capture("<?xml version=\"1.0\"?><items><item/></items>"),
            source_format::har);
  // A page that merely mentions the names is not an export.
  EXPECT_EQ(detect_xml_capture("<!DOCTYPE html><html><p>burpVersion charles-session</p></html>"),
            source_format::har);
  // An unreadable prolog: the first 4 KiB decide, so the XML error is reported.
  EXPECT_EQ(
      detect_xml_capture("<?xml version=\"1.0\"?><!DOCTYPE items [ <items burpVersion=\"1\">"),
      source_format::burp_xml);
}

TEST(XmlImport, BurpBase64ExportReadsAsHarWithTheFilesHashes) {
  auto r = open_ok("burp_base64.xml");
  ASSERT_TRUE(r);
  const std::string file = test::read_file(path_of("burp_base64.xml"));
  EXPECT_EQ(r->info().version, "1.2");
  EXPECT_EQ(r->info().creator.name, "Burp Suite");
  EXPECT_EQ(r->info().creator.version, "2023.10.3.4");
  EXPECT_EQ(identify_exporter(r->info()).id, "burp");
  EXPECT_NE(r->info().comment.find("Sat Mar 14 19:30:00 CET 2026"), std::string::npos);
  EXPECT_EQ(r->text().substr(0, 8), "{\"log\":{");

  entry e;
  ASSERT_TRUE(r->next(e).value());
  EXPECT_EQ(e.started_text.raw, "2026-03-14T19:22:05+01:00");
  EXPECT_TRUE(e.started.has_zone);
  EXPECT_EQ(e.started.us, 1773512525000000);  // 18:22:05Z
  EXPECT_EQ(e.time, 0.0);
  EXPECT_EQ(e.request.method.raw, "GET");
  EXPECT_EQ(e.request.url.raw, "https://www.example-shop.test/");
  EXPECT_EQ(e.request.http_version.raw, "HTTP/1.1");
  ASSERT_EQ(e.request.headers.size(), 4u);
  EXPECT_EQ(e.request.headers[0].name.raw, "Host");
  EXPECT_EQ(e.str(e.request.headers[3].value), "esid=s1a2b3; theme=dark");
  ASSERT_EQ(e.request.cookies.size(), 2u);
  EXPECT_EQ(e.request.cookies[1].name.raw, "theme");
  EXPECT_EQ(e.request.cookies[1].value.raw, "dark");
  EXPECT_FALSE(e.request.post.present);
  EXPECT_EQ(e.response.status, 200);
  EXPECT_EQ(e.response.status_text.raw, "OK");
  ASSERT_EQ(e.response.cookies.size(), 1u);
  const cookie& c = e.response.cookies[0];
  EXPECT_EQ(c.name.raw, "esid");
  EXPECT_EQ(c.path.raw, "/");
  EXPECT_EQ(c.http_only, true);
  EXPECT_EQ(c.secure, true);
  EXPECT_EQ(c.same_site.raw, "Lax");
  EXPECT_EQ(e.str(e.response.content.mime_type), "text/html; charset=utf-8");
  EXPECT_EQ(e.str(e.response.content.body),
            "<!doctype html><title>Example Shop</title><p>Gr\u00fc\u00dfe aus dem Laden</p>\n");
  EXPECT_FALSE(e.response.content.encoding.present());
  EXPECT_EQ(e.server_ip_address.raw, "203.0.113.10");
  EXPECT_EQ(e.timings.wait, -1.0);
  // _xml.offset is the byte offset of the item's element in the file.
  const extra_field* xml = extra(e, "/_xml");
  ASSERT_NE(xml, nullptr);
  EXPECT_NE(xml->raw_json.find("\"time\":\"Sat Mar 14 19:22:05 CET 2026\""), std::string::npos);
  const std::size_t item0 = file.find("<item>");
  EXPECT_NE(xml->raw_json.find(fmt::format("\"offset\":{}", item0)), std::string::npos);

  ASSERT_TRUE(r->next(e).value());
  EXPECT_EQ(e.request.method.raw, "POST");
  EXPECT_TRUE(e.request.post.present);
  EXPECT_EQ(e.str(e.request.post.mime_type), "text/plain;charset=UTF-8");
  EXPECT_EQ(e.str(e.request.post.body), "en=scroll&epn.percent_scrolled=90");
  EXPECT_EQ(e.request.body_size, 33);
  ASSERT_EQ(e.request.query_string.size(), 5u);
  EXPECT_EQ(e.request.query_string[4].name.raw, "dl");
  EXPECT_EQ(e.request.query_string[4].value.raw, "https%3A%2F%2Fwww.example-shop.test%2F");
  EXPECT_EQ(e.response.status, 204);
  EXPECT_EQ(e.response.http_version.raw, "HTTP/2");
  EXPECT_EQ(e.response.content.size, 0);

  ASSERT_TRUE(r->next(e).value());  // the binary body
  EXPECT_EQ(e.response.content.encoding.raw, "base64");
  EXPECT_EQ(e.response.content.size, 43);
  EXPECT_EQ(e.response.content.body.raw,
            "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");
  EXPECT_EQ(e.str(e.response.content.mime_type), "image/gif");
  EXPECT_FALSE(r->next(e).value());

  const auto& s = r->summary();
  EXPECT_EQ(s.source, source_format::burp_xml);
  EXPECT_EQ(source_format_name(s.source), "burp_xml");
  EXPECT_EQ(s.status, read_status::complete);
  EXPECT_EQ(s.entries_read, 3u);
  EXPECT_EQ(s.input_bytes, file.size());
  EXPECT_EQ(s.text_bytes, file.size());
  EXPECT_EQ(s.converted_bytes, r->text().size());
  EXPECT_EQ(s.sha256, io::to_hex(io::sha256::of(file)));
  EXPECT_EQ(s.sha256_text, s.sha256);
  // Only the note that the file was converted.
  EXPECT_EQ(r->diagnostics().total(), 1u);
  ASSERT_EQ(count_code(*r, diag::converted_from_xml), 1u);
  const diagnostic& d = r->diagnostics().kept()[0];
  EXPECT_EQ(d.level, severity::info);
  EXPECT_NE(d.message.find("burpVersion 2023.10.3.4"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("3 items"), std::string::npos) << d.message;
}

TEST(XmlImport, BurpPlainExportKeepsRawBytesAndNeverGuessesAZone) {
  auto r = open_ok("burp_plain.xml");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->info().creator.version, "1.7.36");
  entry e;
  ASSERT_TRUE(r->next(e).value());
  // CDT is US Central or Cuba: local time, no zone.
  EXPECT_EQ(e.started_text.raw, "2026-03-14T13:22:05");
  EXPECT_FALSE(e.started.has_zone);
  EXPECT_EQ(e.str(e.comment), "checked by QA");
  // The raw request kept its CRLFs (no end-of-line normalisation).
  const std::string head =
      "GET /cart?id=7 HTTP/1.1\r\nHost: www.example-shop.test\r\nUser-Agent: Mozilla/5.0 (X11; "
      "Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\nAccept: application/json\r\n"
      "Cookie: esid=s1a2b3\r\n\r\n";
  EXPECT_EQ(e.request.headers_size, static_cast<std::int64_t>(head.size()));
  EXPECT_EQ(e.request.body_size, 0);
  ASSERT_EQ(e.request.query_string.size(), 1u);
  EXPECT_EQ(e.str(e.response.content.body), "{\"items\":[],\"total\":0}");
  ASSERT_TRUE(r->next(e).value());  // no response recorded
  EXPECT_EQ(e.request.url.raw, "http://www.example-shop.test:8080/health");
  EXPECT_EQ(e.response.status, 0);
  EXPECT_TRUE(e.response.headers.empty());
  EXPECT_EQ(e.response.headers_size, -1);
  EXPECT_FALSE(r->next(e).value());
  EXPECT_EQ(count_code(*r, diag::timestamp_no_zone), 2u);
  const auto notes = messages_of(*r, diag::converted_from_xml);
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_NE(notes[1].find("2 item times are written in \"CDT\""), std::string::npos) << notes[1];
}

TEST(XmlImport, EmptyBurpExportHasNoEntries) {
  auto r = open_ok("burp_empty.xml");
  ASSERT_TRUE(r);
  entry e;
  EXPECT_FALSE(r->next(e).value());
  EXPECT_EQ(r->summary().status, read_status::complete);
  EXPECT_EQ(r->summary().entries_read, 0u);
  EXPECT_EQ(identify_exporter(r->info()).id, "burp");
}

TEST(XmlImport, TruncatedBurpExportDeliversTheItemsBeforeTheCut) {
  auto r = open_ok("burp_truncated.xml");
  ASSERT_TRUE(r);
  const std::string file = test::read_file(path_of("burp_truncated.xml"));
  entry e;
  ASSERT_TRUE(r->next(e).value());
  EXPECT_EQ(e.request.url.raw, "https://www.example-shop.test/");
  auto more = r->next(e);
  ASSERT_FALSE(more);
  EXPECT_EQ(more.error().code, errc::truncated);
  EXPECT_NE(more.error().message.find("1 complete item recovered"), std::string::npos)
      << more.error().message;
  EXPECT_EQ(more.error().where.entry_index, 1);
  EXPECT_EQ(r->summary().status, read_status::truncated);
  EXPECT_EQ(r->summary().entries_read, 1u);
  EXPECT_LE(r->summary().cut_offset, file.size());
  EXPECT_EQ(r->summary().sha256, io::to_hex(io::sha256::of(file)));
}

TEST(XmlImport, MalformedBurpExportFailsAtTheParsersOffset) {
  auto r = open_ok("burp_malformed.xml");
  ASSERT_TRUE(r);
  const std::string file = test::read_file(path_of("burp_malformed.xml"));
  entry e;
  ASSERT_TRUE(r->next(e).value());
  auto more = r->next(e);
  ASSERT_FALSE(more);
  EXPECT_EQ(more.error().code, errc::unsupported_format);
  const std::uint64_t bad = more.error().where.byte_offset;
  ASSERT_LT(bad, file.size());
  // pugixml stops at the mismatched end tag.
  EXPECT_EQ(file.substr(file.rfind('<', bad), 8), "</statu>") << bad;
  EXPECT_GT(more.error().where.line, 1u);
  EXPECT_NE(more.error().message.find("not well-formed XML after 1 item"), std::string::npos)
      << more.error().message;
  EXPECT_EQ(r->summary().status, read_status::failed);
}

TEST(XmlImport, CharlesSessionWithTimingsAndBodies) {
  auto r = open_ok("charles_session.xml");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->info().creator.name, "Charles Proxy");
  EXPECT_EQ(identify_exporter(r->info()).id, "charles");
  EXPECT_NE(r->info().comment.find("serialisation-version 2.0"), std::string::npos);
  entry e;
  ASSERT_TRUE(r->next(e).value());
  EXPECT_EQ(e.started_text.raw, "2026-03-14T19:22:05.112+01:00");
  EXPECT_EQ(e.started.us, 1773512525112000);
  EXPECT_EQ(e.request.url.raw, "https://www.example-shop.test/");
  EXPECT_EQ(e.request.http_version.raw, "HTTP/1.1");
  EXPECT_EQ(e.request.cookies.size(), 2u);
  EXPECT_EQ(e.timings.dns, 12.0);
  EXPECT_EQ(e.timings.connect, 30.0);
  EXPECT_EQ(e.timings.ssl, 20.0);
  EXPECT_EQ(e.timings.send, 2.0);
  EXPECT_EQ(e.timings.wait, 80.0);
  EXPECT_EQ(e.timings.receive, 15.0);
  EXPECT_EQ(e.time, 139.0);
  EXPECT_EQ(e.server_ip_address.raw, "203.0.113.10");
  EXPECT_EQ(e.response.status, 200);
  EXPECT_EQ(e.response.cookies.size(), 1u);
  EXPECT_NE(e.str(e.response.content.body).find("Example Shop"), std::string::npos);
  const extra_field* xml = extra(e, "/_xml");
  ASSERT_NE(xml, nullptr);
  EXPECT_NE(xml->raw_json.find("\"clientPort\":\"53211\""), std::string::npos);

  ASSERT_TRUE(r->next(e).value());
  EXPECT_EQ(e.str(e.request.url),
            "https://region1.google-analytics.com/g/collect?v=2&tid=G-ABC123DEF4&cid=746406658."
            "1791212460&en=page_view&dl=https%3A%2F%2Fwww.example-shop.test%2F");
  EXPECT_EQ(e.request.method.raw, "POST");
  EXPECT_EQ(e.str(e.request.post.body), "en=scroll&epn.percent_scrolled=90");
  EXPECT_EQ(e.response.status, 204);

  ASSERT_TRUE(r->next(e).value());
  EXPECT_EQ(e.response.content.encoding.raw, "base64");
  EXPECT_EQ(e.response.content.size, 43);
  EXPECT_EQ(e.timings.dns, -1.0);

  ASSERT_TRUE(r->next(e).value());  // failed: no response
  EXPECT_EQ(e.response.status, 0);
  EXPECT_EQ(e.timings.send, -1.0);
  EXPECT_EQ(e.time, 0.0);
  EXPECT_FALSE(r->next(e).value());
  EXPECT_EQ(r->summary().source, source_format::charles_xml);
  EXPECT_EQ(r->diagnostics().total(), 1u);  // converted_from_xml only
}

TEST(XmlImport, BurpTimeZones) {
  struct row {
    const char* written;
    const char* converted;
  };
  const row rows[] = {
      {"Sat Mar 14 18:22:05 UTC 2026", "2026-03-14T18:22:05Z"},
      {"Sat Mar 14 18:22:05 GMT 2026", "2026-03-14T18:22:05Z"},
      {"Sat Mar 14 23:52:05 GMT+05:30 2026", "2026-03-14T23:52:05+05:30"},
      {"Sat Mar 14 14:22:05 EDT 2026", "2026-03-14T14:22:05-04:00"},
      {"Sun Mar 15 05:22:05 AEDT 2026", "2026-03-15T05:22:05+11:00"},
      {"Sat Mar 14 23:52:05 IST 2026", "2026-03-14T23:52:05"},  // India, Israel or Ireland
      {"Sat Mar 14 13:22:05 EST 2026", "2026-03-14T13:22:05"},  // US or (old Java) Australia
      {"Sat Mar 14 18:22:05 XYZ 2026", "2026-03-14T18:22:05"},  // unknown
      {"2026-03-14T18:22:05Z", "2026-03-14T18:22:05Z"},         // not Burp's form: as written
  };
  for (const auto& rw : rows) {
    auto r = open_memory_ok(burp_doc(burp_item(rw.written)));
    ASSERT_TRUE(r);
    entry e;
    ASSERT_TRUE(r->next(e).value()) << rw.written;
    EXPECT_EQ(e.started_text.raw, rw.converted) << rw.written;
  }
  // A weekday that does not match the date is a sign of editing.
  auto r = open_memory_ok(burp_doc(burp_item("Mon Mar 14 18:22:05 UTC 2026")));
  ASSERT_TRUE(r);
  entry e;
  ASSERT_TRUE(r->next(e).value());
  const auto notes = messages_of(*r, diag::converted_from_xml);
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_NE(notes[1].find("wrong day of the week"), std::string::npos) << notes[1];
}

TEST(XmlImport, BadBase64AndInvalidUtf8AreNotedNotGuessed) {
  auto r = open_memory_ok(burp_doc(burp_item("Sat Mar 14 18:22:05 UTC 2026", "not*base64")));
  ASSERT_TRUE(r);
  entry e;
  ASSERT_TRUE(r->next(e).value());
  EXPECT_EQ(e.request.method.raw, "GET");  // from <method>
  EXPECT_TRUE(e.request.headers.empty());
  bool found = false;
  for (const auto& d : r->diagnostics().kept()) {
    if (d.code == diag::converted_from_xml && d.level == severity::error) {
      found = true;
      EXPECT_EQ(d.entry_index, 0);
      EXPECT_EQ(d.json_pointer, "/log/entries/0/request");
      EXPECT_LT(d.byte_offset, r->text().size());
      EXPECT_EQ(r->text()[static_cast<std::size_t>(d.byte_offset)], '{');
    }
  }
  EXPECT_TRUE(found);

  // A Latin-1 header value in a plain (not base64) request.
  auto r2 = open_memory_ok(burp_doc(burp_item("Sat Mar 14 18:22:05 UTC 2026",
                                              "GET / HTTP/1.1\r\nX-Name: Gr\xfc\xdf"
                                              "e\r\n\r\n",
                                              "false")));
  ASSERT_TRUE(r2);
  ASSERT_TRUE(r2->next(e).value());
  ASSERT_EQ(e.request.headers.size(), 1u);
  EXPECT_EQ(e.str(e.request.headers[0].value), "Gr\uFFFD\uFFFDe");
  const auto notes = messages_of(*r2, diag::converted_from_xml);
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_NE(notes[1].find("U+FFFD"), std::string::npos);
}

TEST(XmlImport, ACutInsideCdataThatHoldsAnEndTagIsStillACut) {
  // The response of the only item is an RSS feed with "</item>" in its text;
  // the file ends inside that CDATA section: no complete item.
  const std::string doc =
      "<?xml version=\"1.0\"?>\n<items burpVersion=\"1\">\n<item><time>x</time>"
      "<response base64=\"false\"><![CDATA[HTTP/1.1 200 OK\r\n\r\n<rss><item>a</item> <ite";
  auto r = open_memory_ok(doc);
  ASSERT_TRUE(r);
  entry e;
  auto more = r->next(e);
  ASSERT_FALSE(more);
  EXPECT_EQ(more.error().code, errc::truncated);
  EXPECT_EQ(r->summary().entries_read, 0u);
}

TEST(XmlImport, CharlesVariantsAreReadTolerantly) {
  // No port, a header as <header name=...>, a plain body without encoding, an
  // unknown child element, no startTime but startTimeMillis.
  const std::string doc =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<charles-session>\n"
      "<transaction method=\"PUT\" protocol=\"http\" host=\"www.example-shop.test\" "
      "path=\"/api/cart\" query=\"a=1&amp;b=2\" startTimeMillis=\"1773512525112\">"
      "<notes>seen twice</notes>"
      "<request><headers><header name=\"Content-Type\">application/json</header></headers>"
      "<body>{\"qty\":2}</body></request>"
      "<response status=\"200\" mime-type=\"application/json\"><body>{}</body></response>"
      "</transaction>\n</charles-session>\n";
  auto r = open_memory_ok(doc);
  ASSERT_TRUE(r);
  entry e;
  ASSERT_TRUE(r->next(e).value());
  EXPECT_EQ(e.started_text.raw, "2026-03-14T18:22:05.112Z");
  EXPECT_EQ(e.str(e.request.url), "http://www.example-shop.test/api/cart?a=1&b=2");
  EXPECT_EQ(e.request.method.raw, "PUT");
  ASSERT_EQ(e.request.headers.size(), 1u);
  EXPECT_EQ(e.str(e.request.post.body), "{\"qty\":2}");
  EXPECT_EQ(e.str(e.request.post.mime_type), "application/json");
  EXPECT_EQ(e.response.status, 200);
  EXPECT_EQ(e.str(e.response.content.mime_type), "application/json");
  const extra_field* xml = extra(e, "/_xml");
  ASSERT_NE(xml, nullptr);
  EXPECT_NE(xml->raw_json.find("{\"name\":\"notes\",\"text\":\"seen twice\"}"), std::string::npos)
      << xml->raw_json;
  EXPECT_FALSE(r->next(e).value());
}

TEST(XmlImport, DeepNestingInsideAnItemIsHarmless) {
  std::string deep;
  for (int i = 0; i < 200000; ++i) deep += "<a>";
  for (int i = 0; i < 200000; ++i) deep += "</a>";
  const std::string item = burp_item("Sat Mar 14 18:22:05 UTC 2026");
  const std::string doc = burp_doc(item.substr(0, item.size() - 8) + deep + "</item>\n");
  auto r = open_memory_ok(doc);
  ASSERT_TRUE(r);
  entry e;
  ASSERT_TRUE(r->next(e).value());
  EXPECT_FALSE(r->next(e).value());
}

TEST(XmlImport, RefusedBeforeTheRootElementOrOverTheLimit) {
  // Malformed before any item can exist: open() fails with the XML offset.
  auto bad =
      reader::open_memory("<?xml version=\"1.0\"?><!DOCTYPE items [ <items burpVersion=\"1\">");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, errc::unsupported_format);
  EXPECT_NE(bad.error().message.find("not well-formed XML"), std::string::npos)
      << bad.error().message;
  EXPECT_NE(bad.error().where.byte_offset, no_offset);

  reader_options small;
  small.max_xml_bytes = 100;
  auto big = reader::open(path_of("burp_base64.xml"), small);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, errc::too_large);
}

}  // namespace
}  // namespace harfact::har
