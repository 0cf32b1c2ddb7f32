// The streaming reader against the team's own HARs in testdata/har.
#include "harfact/har/reader.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>
#include <vector>

#include "harfact/io/sha256.hpp"
#include "test_support.hpp"

namespace harfact::har {
namespace {

using test::testdata;

std::string path_of(std::string_view name) {
  return testdata(std::string("har/") + std::string(name)).string();
}

std::unique_ptr<reader> open_ok(std::string_view name, const reader_options& o = {}) {
  auto r = reader::open(path_of(name), o);
  if (!r) ADD_FAILURE() << name << ": " << r.error().message;
  return r ? std::move(*r) : nullptr;
}

// Reads every entry; returns copies of the fields tests look at.
struct read_all_result {
  std::vector<std::string> urls;
  std::vector<std::uint64_t> indexes;
  std::vector<std::string> raw;
  std::optional<harfact::error> error;
};

read_all_result read_all(reader& r) {
  read_all_result out;
  entry e;
  for (;;) {
    auto more = r.next(e);
    if (!more) {
      out.error = more.error();
      break;
    }
    if (!*more) break;
    out.urls.emplace_back(e.str(e.request.url));
    out.indexes.push_back(e.index);
    out.raw.emplace_back(e.raw_json);
  }
  return out;
}

std::size_t count_code(const reader& r, diag code) {
  return static_cast<std::size_t>(r.diagnostics().count(code));
}

const diagnostic* first_of(const reader& r, diag code) {
  for (const auto& d : r.diagnostics().kept()) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

TEST(Reader, AllHar12FieldsOfARequestAndResponse) {
  auto r = open_ok("all_fields.har");
  ASSERT_TRUE(r);
  entry e;
  ASSERT_TRUE(r->next(e).value());
  EXPECT_EQ(e.index, 0u);
  EXPECT_EQ(e.str(e.pageref), "page_1");
  EXPECT_EQ(e.started_text.raw, "2026-03-14T18:22:05.112Z");
  EXPECT_EQ(e.started.us, 1773512525112000);
  EXPECT_EQ(e.time, 139.0);
  EXPECT_EQ(e.request.method.raw, "POST");
  EXPECT_EQ(e.request.url.raw, "https://www.example-shop.test/account/avatar?source=profile");
  EXPECT_EQ(e.request.http_version.raw, "HTTP/1.1");
  ASSERT_EQ(e.request.cookies.size(), 1u);
  const cookie& c = e.request.cookies[0];
  EXPECT_EQ(c.name.raw, "esid");
  EXPECT_EQ(c.value.raw, "s%3A9f1c2e7a4b6d8e0f.Qm7vT2xKp4");
  EXPECT_EQ(c.path.raw, "/");
  EXPECT_EQ(c.domain.raw, "www.example-shop.test");
  EXPECT_EQ(c.expires.raw, "2026-03-14T19:22:05.000Z");
  EXPECT_EQ(c.http_only, true);
  EXPECT_EQ(c.secure, true);
  EXPECT_EQ(c.comment.raw, "session cookie set by the server");
  ASSERT_EQ(e.request.headers.size(), 5u);
  EXPECT_EQ(e.request.headers[4].name.raw, "Cookie");
  EXPECT_EQ(e.request.headers[4].comment.raw, "as sent");
  ASSERT_NE(e.request_header("content-type"), nullptr);
  EXPECT_EQ(e.request_header("CONTENT-LENGTH")->value.raw, "368");
  EXPECT_EQ(e.request_header("x-missing"), nullptr);
  ASSERT_EQ(e.request.query_string.size(), 1u);
  EXPECT_EQ(e.request.query_string[0].name.raw, "source");
  EXPECT_EQ(e.request.query_string[0].comment.raw, "from the URL");
  ASSERT_TRUE(e.request.post.present);
  EXPECT_EQ(e.request.post.comment.raw, "params, no text");
  ASSERT_EQ(e.request.post.params.size(), 2u);
  EXPECT_EQ(e.request.post.params[0].value.raw, "Jane Q. Tester");
  EXPECT_EQ(e.request.post.params[1].file_name.raw, "avatar.png");
  EXPECT_EQ(e.request.post.params[1].content_type.raw, "image/png");
  EXPECT_FALSE(e.request.post.params[1].value.present());
  EXPECT_EQ(e.request.headers_size, 353);
  EXPECT_EQ(e.request.body_size, 368);
  EXPECT_EQ(e.request.comment.raw, "form upload");

  EXPECT_EQ(e.response.status, 303);
  EXPECT_EQ(e.response.status_text.raw, "See Other");
  ASSERT_EQ(e.response.cookies.size(), 1u);
  EXPECT_EQ(e.response.cookies[0].same_site.raw, "Strict");
  ASSERT_NE(e.response_header("set-cookie"), nullptr);
  EXPECT_EQ(e.response.content.size, 0);
  EXPECT_EQ(e.response.content.mime_type.raw, "text/html");
  EXPECT_EQ(e.response.content.comment.raw, "no body");
  EXPECT_FALSE(e.response.content.body.present());
  EXPECT_EQ(e.response.redirect_url.raw, "https://www.example-shop.test/account?avatar=updated");
  EXPECT_EQ(e.response.headers_size, 231);
  EXPECT_EQ(e.response.body_size, 0);
  EXPECT_EQ(e.cache.comment.raw, "not cacheable");
  EXPECT_FALSE(e.cache.before_request.present);
  EXPECT_EQ(e.timings.blocked, 0.8);
  EXPECT_EQ(e.timings.dns, 9.7);
  EXPECT_EQ(e.timings.connect, 38.4);
  EXPECT_EQ(e.timings.send, 1.2);
  EXPECT_EQ(e.timings.wait, 88.6);
  EXPECT_EQ(e.timings.receive, 0.3);
  EXPECT_EQ(e.timings.ssl, 22.1);
  EXPECT_EQ(e.timings.comment.raw, "ssl is included in connect");
  EXPECT_EQ(e.server_ip_address.raw, "192.0.2.10");
  EXPECT_EQ(e.connection.raw, "52311");
  EXPECT_EQ(e.comment.raw, "entry with postData.params");
  EXPECT_EQ(r->diagnostics().total(), 0u);
}

TEST(Reader, PostTextContentEncodingAndCacheItems) {
  auto r = open_ok("all_fields.har");
  ASSERT_TRUE(r);
  entry e;
  bool saw_post_text = false, saw_base64 = false, saw_cache = false, saw_compression = false;
  while (r->next(e).value()) {
    if (e.request.post.body.present()) saw_post_text = true;
    if (e.response.content.encoding.raw == "base64") {
      saw_base64 = true;
      EXPECT_FALSE(e.response.content.body.empty());
    }
    if (e.response.content.compression) saw_compression = true;
    if (e.cache.before_request.present && e.cache.after_request.present) {
      saw_cache = true;
      EXPECT_TRUE(e.cache.before_request.hit_count.has_value());
      EXPECT_TRUE(e.cache.after_request.etag.present());
      EXPECT_TRUE(e.cache.before_request.last_access.present());
      EXPECT_TRUE(e.cache.before_request.expires.present());
    }
  }
  EXPECT_TRUE(saw_post_text);
  EXPECT_TRUE(saw_base64);
  EXPECT_TRUE(saw_cache);
  EXPECT_TRUE(saw_compression);
  EXPECT_EQ(r->summary().status, read_status::complete);
  EXPECT_EQ(r->summary().entries_read, 3u);
}

TEST(Reader, ExporterFieldsInitiatorStackWebSocketSecurityAndExtras) {
  auto r = open_ok("custom_fields.har");
  ASSERT_TRUE(r);
  entry e;
  ASSERT_TRUE(r->next(e).value());
  EXPECT_EQ(e.resource_type.raw, "script");
  EXPECT_EQ(e.priority.raw, "Low");
  EXPECT_EQ(e.from_cache.raw, "disk");
  ASSERT_TRUE(e.initiator.present);
  EXPECT_EQ(e.initiator.type.raw, "script");
  ASSERT_GE(e.initiator.stack, 0);
  // Three levels: the stack, its "await" parent, and that one's "Promise.then" parent.
  const stack_trace* s = &e.stacks[static_cast<std::size_t>(e.initiator.stack)];
  ASSERT_EQ(s->frame_count, 2u);
  EXPECT_EQ(e.call_frames[s->first_frame].function_name.raw, "loadChunk");
  EXPECT_EQ(e.call_frames[s->first_frame].column_number, 20411);
  EXPECT_EQ(e.call_frames[s->first_frame].line_number, 0);
  ASSERT_GE(s->parent, 0);
  s = &e.stacks[static_cast<std::size_t>(s->parent)];
  EXPECT_EQ(s->description.raw, "await");
  EXPECT_EQ(e.call_frames[s->first_frame].function_name.raw, "bootstrap");
  ASSERT_GE(s->parent, 0);
  s = &e.stacks[static_cast<std::size_t>(s->parent)];
  EXPECT_EQ(s->description.raw, "Promise.then");
  EXPECT_EQ(e.call_frames[s->first_frame].url.raw,
            "https://static.example-shop.test/assets/js/vendor.c41b7f.js");
  EXPECT_EQ(s->parent, -1);
  // Unknown members are kept raw with their pointer.
  std::vector<std::string> pointers;
  for (const auto& x : e.extras) pointers.push_back(x.pointer());
  EXPECT_NE(std::find(pointers.begin(), pointers.end(), "/_foo"), pointers.end());
  EXPECT_NE(std::find(pointers.begin(), pointers.end(), "/request/_load_ms"), pointers.end());
  EXPECT_NE(std::find(pointers.begin(), pointers.end(), "/response/_x_served_by"), pointers.end());
  for (const auto& x : e.extras) {
    if (x.pointer() == "/_foo") {
      EXPECT_EQ(x.raw_json.front(), '{');
      EXPECT_NE(x.raw_json.find("\"bar\""), std::string_view::npos);
      EXPECT_EQ(r->text().substr(x.offset, x.raw_json.size()), x.raw_json);
    }
  }
  EXPECT_TRUE(e.response.transfer_size.has_value());
  EXPECT_TRUE(e.response.fetched_via_service_worker.has_value());

  ASSERT_TRUE(r->next(e).value());
  EXPECT_EQ(e.resource_type.raw, "websocket");
  ASSERT_EQ(e.websocket_messages.size(), 4u);
  EXPECT_EQ(e.websocket_messages[0].type.raw, "send");
  EXPECT_EQ(e.websocket_messages[0].time, 1773512525.871203);
  EXPECT_EQ(e.websocket_messages[0].opcode, 1);
  EXPECT_EQ(e.str(e.websocket_messages[1].data), "{\"type\":\"ack\",\"seq\":1}");
  EXPECT_EQ(e.websocket_messages[2].opcode, 2);
  ASSERT_TRUE(e.security_details.present);
  EXPECT_EQ(e.security_details.protocol.raw, "TLS 1.3");
  EXPECT_EQ(e.security_details.key_exchange_group.raw, "X25519MLKEM768");
  EXPECT_EQ(e.security_details.cipher.raw, "AES_128_GCM");
  EXPECT_EQ(e.security_details.certificate_id, 0);
  EXPECT_EQ(e.security_details.subject_name.raw, "ws.hotjar.com");
  ASSERT_EQ(e.security_details.san_list.size(), 2u);
  EXPECT_EQ(e.security_details.san_list[1].raw, "*.hotjar.com");
  EXPECT_EQ(e.security_details.valid_from, 1767225600);
  EXPECT_EQ(e.security_details.valid_to, 1775001599);
  EXPECT_NE(e.security_details.raw_json.find("certificateTransparencyCompliance"),
            std::string_view::npos);

  ASSERT_TRUE(r->next(e).value());
  EXPECT_EQ(e.from_service_worker, true);
  ASSERT_TRUE(r->next(e).value());
  EXPECT_EQ(e.from_cache.raw, "memory");
  EXPECT_EQ(e.initiator.type.raw, "parser");
  EXPECT_EQ(e.initiator.line_number, 14);
  EXPECT_EQ(e.initiator.column_number, 27);
  EXPECT_EQ(e.initiator.stack, -1);
}

TEST(Reader, EscapesAndUnicodeDecodeExactly) {
  auto r = open_ok("unicode_escapes.har");
  ASSERT_TRUE(r);
  entry e;
  bool saw_escape = false;
  simdjson::dom::parser dom;
  while (r->next(e).value()) {
    // Every decoded header agrees with simdjson's DOM decoding of the same entry.
    const simdjson::padded_string copy(e.raw_json);
    simdjson::dom::element doc;
    if (dom.parse(copy).get(doc) != simdjson::SUCCESS) {
      // simdjson refuses lone surrogates anywhere in a document; harfact
      // decodes them to U+FFFD. This entry holds one on purpose.
      ASSERT_NE(e.raw_json.find("\\ud800"), std::string_view::npos);
      bool replaced = false;
      for (const auto& h : e.request.headers) {
        replaced = replaced || e.str(h.value).find("\xef\xbf\xbd") != std::string_view::npos;
      }
      EXPECT_TRUE(replaced);
      saw_escape = true;
      continue;
    }
    simdjson::dom::array headers = doc["request"]["headers"];
    ASSERT_EQ(headers.size(), e.request.headers.size());
    std::size_t i = 0;
    for (simdjson::dom::element h : headers) {
      const auto& mine = e.request.headers[i++];
      saw_escape = saw_escape || mine.value.escaped() || mine.name.escaped();
      EXPECT_EQ(e.str(mine.name), std::string_view(h["name"]));
      EXPECT_EQ(e.str(mine.value), std::string_view(h["value"]));
    }
    EXPECT_EQ(e.str(e.request.url), std::string_view(doc["request"]["url"]));
  }
  EXPECT_TRUE(saw_escape);
  // Exact decodings of single strings.
  auto mem = reader::open_memory(
      R"({"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[{"startedDateTime":"2026-01-01T00:00:00Z","time":1,"request":{"method":"GET","url":"https://a.test/caf\u00e9?q=\"x\"\\\/","httpVersion":"h","cookies":[],"headers":[{"name":"X","value":"\ud83d\ude00 \u00e9 é\n\t"}],"queryString":[],"headersSize":-1,"bodySize":-1},"response":{"status":200,"statusText":"","httpVersion":"h","cookies":[],"headers":[],"content":{"size":0,"mimeType":"x"},"redirectURL":"","headersSize":-1,"bodySize":-1},"cache":{},"timings":{"send":0,"wait":0,"receive":0}}]}})",
      "escapes");
  ASSERT_TRUE(mem) << mem.error().message;
  ASSERT_TRUE((*mem)->next(e).value());
  EXPECT_TRUE(e.request.url.escaped());
  EXPECT_EQ(e.str(e.request.url), "https://a.test/caf\xc3\xa9?q=\"x\"\\/");
  EXPECT_EQ(e.str(e.request.headers[0].value), "\xf0\x9f\x98\x80 \xc3\xa9 \xc3\xa9\n\t");
  EXPECT_EQ(to_string(e.request.headers[0].name), "X");
  EXPECT_EQ((*mem)->diagnostics().total(), 0u);
}

TEST(Reader, InfoIsCompleteBeforeTheFirstEntryWhenEntriesComeFirst) {
  auto r = open_ok("entries_first.har");
  ASSERT_TRUE(r);
  const log_info& info = r->info();  // before any next()
  EXPECT_EQ(info.version, "1.2");
  EXPECT_TRUE(info.creator.present);
  EXPECT_FALSE(info.creator.name.empty());
  EXPECT_FALSE(info.pages.empty());
  ASSERT_FALSE(info.member_order.empty());
  EXPECT_EQ(info.member_order.front(), "entries");
  EXPECT_EQ(count_code(*r, diag::info_after_entries), 1u);
  const auto all = read_all(*r);
  EXPECT_FALSE(all.error);
  EXPECT_EQ(all.urls.size(), 2u);
}

TEST(Reader, EveryTimestampFormParsesToMicroseconds) {
  auto r = open_ok("timestamps.har");
  ASSERT_TRUE(r);
  // Expected values computed independently (Python datetime) for each line of
  // timestamps.har; the last one is unparsable.
  const std::vector<std::int64_t> expected{
      1773512525112000,  // 2026-03-14T18:22:05.112Z
      1773512525200000,  // 19:22:05.200+01:00
      1773512525300000,  // 19:22:05.300+0100
      1773512526000000,  // 18:22:06Z
      1773512526123456,  // .123456Z
      1773512526123456,  // .123456789Z (floor to µs)
      1773512527000000,  // no zone, read as UTC
      1773512527500000,  // space separator
  };
  entry e;
  std::size_t i = 0;
  while (r->next(e).value()) {
    if (i < expected.size()) {
      EXPECT_TRUE(e.started.valid) << i;
      EXPECT_EQ(e.started.us, expected[i]) << "entry " << i << " " << e.started_text.raw;
    } else {
      EXPECT_FALSE(e.started.valid);
      EXPECT_EQ(e.started_text.raw, "yesterday");  // the original text is kept
    }
    ++i;
  }
  EXPECT_EQ(i, expected.size() + 1);
  EXPECT_EQ(count_code(*r, diag::bad_timestamp), 1u);
  EXPECT_EQ(count_code(*r, diag::timestamp_no_zone), 1u);
  const diagnostic* bad = first_of(*r, diag::bad_timestamp);
  ASSERT_NE(bad, nullptr);
  EXPECT_EQ(bad->entry_index, 8);
  EXPECT_EQ(bad->json_pointer, "/log/entries/8/startedDateTime");
  EXPECT_EQ(r->text().substr(bad->byte_offset, 11), "\"yesterday\"");
}

TEST(Reader, TruncatedFileYieldsEntriesBeforeTheCutThenAnError) {
  auto r = open_ok("truncated.har");
  ASSERT_TRUE(r);
  const auto all = read_all(*r);
  EXPECT_EQ(all.urls.size(), 2u);
  ASSERT_TRUE(all.error);
  EXPECT_EQ(all.error->code, errc::truncated);
  EXPECT_NE(all.error->message.find("2 complete entries recovered"), std::string::npos)
      << all.error->message;
  EXPECT_EQ(all.error->where.byte_offset, r->text().size());
  EXPECT_EQ(all.error->where.json_pointer, "/log/entries/2");
  EXPECT_EQ(r->summary().status, read_status::truncated);
  // The next call after the error reports the end.
  entry e;
  auto again = r->next(e);
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);
}

TEST(Reader, MalformedEntryIsSkippedWithItsLocationAndReadingGoesOn) {
  auto r = open_ok("invalid_json.har");
  ASSERT_TRUE(r);
  const auto all = read_all(*r);
  EXPECT_FALSE(all.error);
  EXPECT_EQ(all.indexes, (std::vector<std::uint64_t>{0, 2}));
  EXPECT_EQ(r->summary().entries_skipped, 1u);
  EXPECT_EQ(r->summary().status, read_status::salvaged);
  const diagnostic* d = first_of(*r, diag::invalid_entry);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->entry_index, 1);
  EXPECT_EQ(d->level, severity::error);
  ASSERT_NE(d->byte_offset, no_offset);
  // The offset points inside entry 1, at or after its start.
  const auto [line, column] = r->line_column(d->byte_offset);
  EXPECT_GT(line, 1u);
  EXPECT_GE(column, 1u);
}

TEST(Reader, InvalidJsonBeforeTheEntriesFailsOpenWithLineAndColumn) {
  auto r = reader::open(path_of("invalid_top.har"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::invalid_json);
  EXPECT_NE(r.error().where.byte_offset, no_offset);
  EXPECT_GT(r.error().where.line, 1u);
  EXPECT_GT(r.error().where.column, 0u);
  EXPECT_EQ(r.error().where.file, path_of("invalid_top.har"));
}

TEST(Reader, NotAHarGetsItsOwnError) {
  for (const char* name : {"not_har_array.json", "not_har_object.json", "bare_entry.json"}) {
    auto r = reader::open(path_of(name));
    ASSERT_FALSE(r) << name;
    EXPECT_EQ(r.error().code, errc::not_a_har) << name;
  }
  auto bare = reader::open(path_of("bare_entry.json"));
  EXPECT_NE(bare.error().message.find("single HAR entry"), std::string::npos);
  auto no_entries = reader::open_memory(R"({"log":{"version":"1.2","creator":{}}})", "m");
  ASSERT_FALSE(no_entries);
  EXPECT_EQ(no_entries.error().code, errc::not_a_har);
  auto empty = reader::open_memory("  \n ", "m");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, errc::empty_input);
}

TEST(Reader, CompressedAndReencodedCopiesReadTheSame) {
  auto plain = open_ok("minimal_valid.har");
  ASSERT_TRUE(plain);
  const auto expected = read_all(*plain);
  const std::string plain_sha = plain->summary().sha256;
  EXPECT_EQ(plain_sha, io::to_hex(io::sha256::of(test::read_file(path_of("minimal_valid.har")))));
  for (const char* name : {"minimal_valid.har.gz", "minimal_valid.har.zst", "minimal_valid.zhar"}) {
    auto r = open_ok(name);
    ASSERT_TRUE(r);
    const auto got = read_all(*r);
    EXPECT_EQ(got.raw, expected.raw) << name;
    EXPECT_EQ(r->summary().sha256_text, plain_sha) << name;
    EXPECT_EQ(r->summary().sha256, io::to_hex(io::sha256::of(test::read_file(path_of(name)))));
    EXPECT_NE(r->summary().compression, io::compression::none);
  }
  for (const char* name : {"utf16le_bom.har", "utf16be_nobom.har"}) {
    auto r = open_ok(name);
    ASSERT_TRUE(r);
    EXPECT_EQ(read_all(*r).urls, expected.urls) << name;
    EXPECT_EQ(count_code(*r, diag::transcoded_utf16), 1u);
  }
  auto bom = open_ok("with_bom.har");
  ASSERT_TRUE(bom);
  EXPECT_EQ(read_all(*bom).urls.size(), 1u);
  EXPECT_EQ(count_code(*bom, diag::byte_order_mark), 1u);
}

TEST(Reader, HashesAreTheSameInlineAndInTheBackground) {
  const std::string file = test::testdata("sample/exhibit.har").string();
  const std::string expected = io::to_hex(io::sha256::of(test::read_file(file)));
  for (bool background : {true, false}) {
    reader_options o;
    o.background_hash = background;
    auto r = reader::open(file, o);
    ASSERT_TRUE(r);
    read_all(**r);
    EXPECT_EQ((*r)->summary().sha256, expected);
    EXPECT_EQ((*r)->summary().sha256_text, expected);
  }
}

// A file whose size is an exact multiple of the page size: the last entry
// cannot be parsed in place (no readable padding after the mapping).
TEST(Reader, FileSizeAMultipleOfThePageSize) {
  const std::string base = test::read_file(path_of("minimal_valid.har"));
  const std::size_t close = base.rfind(']');
  ASSERT_NE(close, std::string::npos);
  test::temp_dir dir;
  for (std::size_t size : {std::size_t{4096}, std::size_t{8192}}) {
    ASSERT_LT(base.size(), size);
    // Pad with whitespace just before the closing ']' and after the document.
    std::string padded = base.substr(0, close);
    std::string tail = base.substr(close);
    while (!tail.empty() && (tail.back() == '\n' || tail.back() == ' ')) tail.pop_back();
    padded.append(size - padded.size() - tail.size(), ' ');
    padded += tail;
    ASSERT_EQ(padded.size(), size);
    const auto file = dir / ("page" + std::to_string(size) + ".har");
    test::write_file(file, padded);
    auto r = reader::open(file);
    ASSERT_TRUE(r) << r.error().message;
    const auto all = read_all(**r);
    EXPECT_FALSE(all.error);
    EXPECT_EQ(all.urls.size(), 1u);
  }
  // And the entry's last byte is the file's last byte but two.
  std::string tight = base.substr(0, close);
  while (!tight.empty() && (tight.back() == '\n' || tight.back() == ' ')) tight.pop_back();
  tight += "]}}";
  auto r = reader::open_memory(tight, "tight");
  ASSERT_TRUE(r);
  EXPECT_EQ(read_all(**r).urls.size(), 1u);
}

TEST(Reader, WrongTypesAreDiagnosedWithPointerAndOffset) {
  auto r = open_ok("bad_types.har");
  ASSERT_TRUE(r);
  read_all(*r);
  ASSERT_GE(count_code(*r, diag::wrong_type), 1u);
  for (const auto& d : r->diagnostics().kept()) {
    EXPECT_GE(d.entry_index, 0);
    EXPECT_EQ(d.json_pointer.rfind("/log/entries/", 0), 0u) << d.json_pointer;
    ASSERT_NE(d.byte_offset, no_offset);
    EXPECT_LT(d.byte_offset, r->text().size());
  }
  EXPECT_EQ(count_code(*r, diag::negative_timing), 1u);
  EXPECT_EQ(count_code(*r, diag::absurd_value), 1u);
  // The offset of a wrong_type diagnostic points at the offending value.
  const diagnostic* d = first_of(*r, diag::negative_timing);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(r->text().substr(d->byte_offset, 2), "-5");
}

TEST(Reader, PagesPagerefsOrderDuplicatesAndVersions) {
  auto multi = open_ok("multi_page.har");
  ASSERT_TRUE(multi);
  EXPECT_EQ(multi->info().pages.size(), 3u);
  EXPECT_TRUE(multi->info().pages[0].started.valid);
  EXPECT_TRUE(multi->info().pages[0].timings.on_load.has_value());
  read_all(*multi);
  EXPECT_EQ(count_code(*multi, diag::unknown_pageref), 1u);

  auto order = open_ok("out_of_order.har");
  ASSERT_TRUE(order);
  read_all(*order);
  EXPECT_EQ(count_code(*order, diag::out_of_order), 1u);

  auto dup = open_ok("duplicate_keys.har");
  ASSERT_TRUE(dup);
  read_all(*dup);
  EXPECT_EQ(count_code(*dup, diag::duplicate_key), 1u);

  auto ids = open_ok("duplicate_page_id.har");
  ASSERT_TRUE(ids);
  EXPECT_EQ(count_code(*ids, diag::duplicate_page_id), 1u);

  auto version = open_ok("unknown_version.har");
  ASSERT_TRUE(version);
  EXPECT_EQ(count_code(*version, diag::unknown_version), 1u);

  auto missing = open_ok("missing_fields.har");
  ASSERT_TRUE(missing);
  read_all(*missing);
  EXPECT_GE(count_code(*missing, diag::missing_field), 4u);
}

TEST(Reader, JsonpTrailingDataAndNonObjectEntries) {
  auto jsonp = open_ok("jsonp.har");
  ASSERT_TRUE(jsonp);
  EXPECT_TRUE(jsonp->summary().jsonp_wrapped);
  EXPECT_EQ(read_all(*jsonp).urls.size(), 2u);
  EXPECT_EQ(jsonp->summary().status, read_status::complete);

  auto trailing = open_ok("trailing_garbage.har");
  ASSERT_TRUE(trailing);
  read_all(*trailing);
  EXPECT_EQ(count_code(*trailing, diag::trailing_data), 1u);
  EXPECT_EQ(trailing->summary().status, read_status::salvaged);

  auto objects = open_ok("not_an_object.har");
  ASSERT_TRUE(objects);
  const auto all = read_all(*objects);
  EXPECT_EQ(all.urls.size(), 2u);
  // Four entries and one page are not objects; the entries are skipped.
  EXPECT_EQ(objects->summary().entries_skipped, 4u);
  EXPECT_EQ(count_code(*objects, diag::not_an_object), 5u);
  EXPECT_EQ(objects->summary().status, read_status::salvaged);
}

TEST(Reader, NestingBeyondTheLimitSkipsTheEntry) {
  auto r = open_ok("deep_nesting.har");
  ASSERT_TRUE(r);
  const auto all = read_all(*r);
  EXPECT_FALSE(all.error);
  const diagnostic* d = first_of(*r, diag::limit_exceeded);
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("levels deep, over the limit of 512"), std::string::npos) << d->message;
  EXPECT_EQ(r->summary().entries_skipped, 1u);
}

TEST(Reader, DiagnosticsAreCappedPerCodeButAllCounted) {
  std::string har = R"({"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[)";
  for (int i = 0; i < 50; ++i) {
    if (i > 0) har += ',';
    har += R"({"startedDateTime":"2026-01-01T00:00:00Z","time":-7})";
  }
  har += "]}}";
  reader_options o;
  o.diagnostics_per_code = 5;
  auto r = reader::open_memory(har, "many", o);
  ASSERT_TRUE(r);
  read_all(**r);
  EXPECT_EQ((*r)->diagnostics().count(diag::negative_timing), 50u);
  std::size_t kept = 0;
  for (const auto& d : (*r)->diagnostics().kept()) kept += d.code == diag::negative_timing;
  EXPECT_EQ(kept, 5u);
  EXPECT_GT((*r)->diagnostics().dropped(), 0u);
}

TEST(Reader, LocateFillsLinesAndColumns) {
  auto r = open_ok("bad_types.har");
  ASSERT_TRUE(r);
  read_all(*r);
  auto diags = r->diagnostics().kept();
  r->locate(diags);
  for (const auto& d : diags) {
    const auto [line, column] = r->line_column(d.byte_offset);
    EXPECT_EQ(d.line, line);
    EXPECT_EQ(d.column, column);
  }
}

}  // namespace
}  // namespace harfact::har
