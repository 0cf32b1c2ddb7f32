// harfact redact: each kind of value masked, consent state kept, the copy
// valid and consistent, the changes list free of values, redaction idempotent.
#include "harfact/redact/redact.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <set>
#include <string>

#include "harfact/har/reader.hpp"
#include "json_schema.hpp"
#include "test_support.hpp"

namespace harfact::redact {
namespace {

// One entry with something of every kind, and a consent cookie.
constexpr std::string_view k_capture = R"({"log": {"version": "1.2",
 "creator": {"name": "WebInspector", "version": "537.36"},
 "pages": [{"id": "page_1", "startedDateTime": "2024-05-01T10:00:00.000Z",
            "title": "Inbox - jane.doe@example.com", "pageTimings": {}}],
 "entries": [
  {"startedDateTime": "2024-05-01T10:00:01.000Z", "time": 12.5, "pageref": "page_1",
   "request": {"method": "POST",
    "url": "https://shop.example.com/login?access_token=SECRETTOKEN123&lang=en&email=jane.doe%40example.com",
    "httpVersion": "HTTP/1.1",
    "headers": [
      {"name": "Cookie", "value": "sessionid=SESSION-ABCDEF-42; OptanonConsent=isGpcEnabled=0&groups=C0001%3A1%2CC0002%3A0; _ga=GA1.1.111222333.1700000000"},
      {"name": "Authorization", "value": "Bearer AUTHSECRETVALUE99"},
      {"name": "X-API-Key", "value": "APIKEYVALUE1234567890"},
      {"name": "X-Debug", "value": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl"},
      {"name": "Content-Length", "value": "68"}],
    "queryString": [
      {"name": "access_token", "value": "SECRETTOKEN123"},
      {"name": "lang", "value": "en"},
      {"name": "email", "value": "jane.doe@example.com"}],
    "cookies": [
      {"name": "sessionid", "value": "SESSION-ABCDEF-42"},
      {"name": "OptanonConsent", "value": "isGpcEnabled=0&groups=C0001%3A1%2CC0002%3A0"},
      {"name": "_ga", "value": "GA1.1.111222333.1700000000"}],
    "postData": {"mimeType": "application/x-www-form-urlencoded",
                 "text": "user=jane.doe%40example.com&password=hunter2hunter2&city=Springfield",
                 "params": [{"name": "user", "value": "jane.doe%40example.com"},
                            {"name": "password", "value": "hunter2hunter2"},
                            {"name": "city", "value": "Springfield"}]},
    "headersSize": -1, "bodySize": 68},
   "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1",
    "headers": [{"name": "Set-Cookie", "value": "sessionid=SESSION-NEW-777; Path=/; HttpOnly"}],
    "cookies": [{"name": "sessionid", "value": "SESSION-NEW-777", "path": "/"}],
    "content": {"size": 62, "mimeType": "application/json",
                "text": "{\"access_token\":\"RESPONSETOKEN55\",\"user\":{\"id\":7,\"lang\":\"en\"}}"},
    "redirectURL": "", "headersSize": -1, "bodySize": -1},
   "cache": {}, "timings": {"send": 1, "wait": 10, "receive": 1.5},
   "_initiator": {"type": "other"}, "_custom": {"note": "kept", "n": [1, 2.50, 3]}}
 ]}})";

options keyed() {
  options o;
  o.key = "test key";
  return o;
}

redaction run(std::string_view bytes, const options& o = keyed()) {
  auto r = redact_memory(bytes, "test.har", o, nullptr);
  EXPECT_TRUE(r.ok()) << (r ? "" : r.error().message);
  return std::move(*r);
}

bool has(std::string_view s, std::string_view needle) {
  return s.find(needle) != std::string_view::npos;
}

TEST(Redact, MasksEveryKindAndKeepsConsentAndStructure) {
  const redaction r = run(k_capture);
  const std::string& out = r.har;
  for (std::string_view secret :
       {"SECRETTOKEN123", "SESSION-ABCDEF-42", "AUTHSECRETVALUE99", "APIKEYVALUE1234567890",
        "eyJhbGciOiJIUzI1NiJ9", "jane.doe", "hunter2hunter2", "Springfield", "RESPONSETOKEN55",
        "SESSION-NEW-777", "111222333"}) {
    EXPECT_FALSE(has(out, secret)) << secret;
  }
  // Consent state, names, structure, unknown members and timings are kept.
  EXPECT_TRUE(has(out, "OptanonConsent=isGpcEnabled=0&groups=C0001%3A1%2CC0002%3A0"));
  EXPECT_TRUE(has(out, "\"_custom\": {\"note\": \"kept\", \"n\": [1, 2.50, 3]}"));
  EXPECT_TRUE(has(out, "\"timings\": {\"send\": 1, \"wait\": 10, \"receive\": 1.5}"));
  EXPECT_TRUE(has(out, "https://shop.example.com/login?access_token=REDACTED-token-"));
  EXPECT_TRUE(has(out, "&lang=en&email=redacted-"));
  EXPECT_TRUE(has(out, "Bearer REDACTED-authorization-"));
  EXPECT_TRUE(has(out, "sessionid=REDACTED-cookie-"));
  EXPECT_TRUE(has(out, "; Path=/; HttpOnly"));
  EXPECT_TRUE(has(out, "\"id\\\":7"));  // numbers in a JSON body are kept
  EXPECT_TRUE(has(out, "Inbox - redacted-"));
  EXPECT_EQ(r.input.status, har::read_status::complete);
  EXPECT_EQ(r.entries, 1U);

  // The copy is JSON and a HAR whose parts agree as in the original.
  auto reader = har::reader::open_memory(out, "copy");
  ASSERT_TRUE(reader.ok());
  har::entry e;
  auto more = (*reader)->next(e);
  ASSERT_TRUE(more.ok() && *more);
  EXPECT_EQ(e.str(e.request.query_string[0].value).substr(0, 15), "REDACTED-token-");
  EXPECT_TRUE(has(e.str(e.request.url), std::string(e.str(e.request.query_string[0].value))));
  const std::string cookie_header(e.str(e.request.headers[0].value));
  EXPECT_TRUE(has(cookie_header, "sessionid=" + std::string(e.str(e.request.cookies[0].value))));
  EXPECT_TRUE(has(cookie_header, "_ga=" + std::string(e.str(e.request.cookies[2].value))));
  const std::string body(e.str(e.request.post.body));
  EXPECT_EQ(*e.request.body_size, static_cast<std::int64_t>(body.size()));
  EXPECT_EQ(e.str(e.request.headers[4].value), std::to_string(body.size()));
  EXPECT_EQ(*e.response.content.size,
            static_cast<std::int64_t>(e.str(e.response.content.body).size()));
  EXPECT_EQ(e.str(e.response.cookies[0].value).substr(0, 16), "REDACTED-cookie-");
  EXPECT_EQ((*reader)->diagnostics().total(), 0U);
}

TEST(Redact, ChangesNameEveryMaskWithoutValues) {
  const redaction r = run(k_capture);
  const auto kinds = [&] {
    std::set<std::string_view> k;
    for (const auto& c : r.changes) k.insert(value_kind_name(c.kind));
    return k;
  }();
  for (std::string_view k :
       {"cookie", "authorization", "api_key", "token", "jwt", "email", "form_value"}) {
    EXPECT_TRUE(kinds.count(k) != 0) << k;
  }
  bool pointer_seen = false;
  for (const auto& c : r.changes) {
    if (c.pointer == "/log/entries/0/request/headers/1/value") pointer_seen = true;
    if (c.entry) {
      EXPECT_EQ(*c.entry, 0U);
    }
  }
  EXPECT_TRUE(pointer_seen);
  const std::string json = changes_json(r, report::envelope{});
  const std::string text = changes_text(r);
  for (std::string_view secret : {"SECRETTOKEN123", "SESSION-ABCDEF-42", "jane.doe", "hunter2"}) {
    EXPECT_FALSE(has(json, secret)) << secret;
    EXPECT_FALSE(has(text, secret)) << secret;
  }
  const auto schema = test::read_file(std::filesystem::path(HARFACT_SOURCE_DIR) / "lib" / "schema" /
                                      "redact.schema.json");
  // The schema needs the envelope's members: fill them as the tool does.
  report::envelope env;
  report::input_ref in;
  in.label = "capture";
  in.path = "test.har";
  env.inputs.push_back(in);
  const auto violations = test::validate_json(schema, changes_json(r, env));
  for (const auto& v : violations) ADD_FAILURE() << v;
}

TEST(Redact, IsIdempotentAndKeyed) {
  const redaction once = run(k_capture);
  const redaction twice = run(once.har);
  EXPECT_EQ(twice.har, once.har);
  EXPECT_TRUE(twice.changes.empty());
  // A random key: nothing new is found in the copy either.
  const redaction random_twice = run(once.har, options{});
  EXPECT_EQ(random_twice.har, once.har);
  // The same key gives the same bytes; another key other placeholders.
  EXPECT_EQ(run(k_capture).har, once.har);
  const redaction r1 = run(k_capture, options{});
  const redaction r2 = run(k_capture, options{});
  EXPECT_NE(r1.har, r2.har);
  EXPECT_FALSE(r1.caller_key);
  EXPECT_TRUE(once.caller_key);
}

TEST(Redact, ShapesKeepWhatTheDecodersRead) {
  // Within one entry the same value gets one placeholder (header and array).
  const redaction r = run(k_capture);
  EXPECT_TRUE(has(r.har, "@example.invalid"));
  // Form values typed into a non-tracker: an email stays an email's shape.
  EXPECT_TRUE(has(r.har, "user=redacted-"));
  EXPECT_TRUE(has(r.har, "%40example.invalid&password=REDACTED-token-"));
  EXPECT_TRUE(has(r.har, "&city=REDACTED-form_value-"));
}

TEST(Redact, TruncatedInputGivesAClosedCopyOfWhatWasRead) {
  std::string cut(k_capture);
  const auto entries = cut.find("\"entries\"");
  const auto second = cut.find("{\"startedDateTime\"", entries);
  std::string two = cut.substr(0, cut.rfind("]}}"));
  two += ",\n" + cut.substr(second, cut.rfind("]}}") - second);
  two.resize(two.size() - 200);  // the second entry is cut
  const redaction r = run(two);
  EXPECT_EQ(r.input.status, har::read_status::truncated);
  EXPECT_TRUE(r.read_error.has_value());
  EXPECT_EQ(r.entries, 1U);
  EXPECT_FALSE(r.notes.empty());
  simdjson::dom::parser p;
  simdjson::padded_string padded(r.har);
  simdjson::dom::element doc;
  ASSERT_EQ(p.parse(padded).get(doc), simdjson::SUCCESS) << r.har.substr(r.har.size() - 200);
  EXPECT_EQ(simdjson::dom::array(doc["log"]["entries"]).size(), 1U);
  EXPECT_FALSE(has(r.har, "SECRETTOKEN123"));
}

TEST(Redact, EntriesPastTheEntryLimitAreLeftOutNotCopied) {
  // The same entry three times: with max_entries 1, entries 1 and 2 are never
  // read, so never redacted; the copy must not carry them as they were.
  std::string three(k_capture);
  const auto entries = three.find("\"entries\"");
  const auto first = three.find("{\"startedDateTime\"", entries);
  const auto close = three.rfind("]}}");
  const std::string entry = three.substr(first, close - first);
  three = three.substr(0, close) + ",\n" + entry + ",\n" + entry + "]}}";
  for (const std::uint64_t limit : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{2}}) {
    options o = keyed();
    o.reader.max_entries = limit;
    const redaction r = run(three, o);
    EXPECT_EQ(r.input.entries_over_limit, 3 - limit);
    EXPECT_EQ(r.entries, limit);
    simdjson::dom::parser p;
    simdjson::padded_string padded(r.har);
    simdjson::dom::element doc;
    ASSERT_EQ(p.parse(padded).get(doc), simdjson::SUCCESS) << r.har;
    EXPECT_EQ(simdjson::dom::array(doc["log"]["entries"]).size(), limit);
    EXPECT_FALSE(has(r.har, "SECRETTOKEN123")) << limit;
    bool noted = false;
    for (const auto& n : r.notes) noted = noted || has(n, "past the entry limit");
    EXPECT_TRUE(noted);
  }
}

TEST(Redact, StringsOutsideTheEntriesAreMaskedToo) {
  // Comments, unknown members of log and of the top level, and a member nested
  // 3000 deep (ignored by the reader as too deep, but still in the copy).
  const std::string deep =
      std::string(3000, '[') + R"("deep@example.com")" + std::string(3000, ']');
  const std::string text =
      R"({"log":{"version":"1.2","creator":{"name":"x","version":"1","comment":"by jane@example.com"},)"
      R"("comment":"exported by jane@example.com","_vendor":{"user":"bob@example.com"},)"
      R"("_deep":)" +
      deep + R"(,"entries":[]},"_top":["carol@example.com"]})";
  const redaction r = run(text);
  for (const char* email :
       {"jane@example.com", "bob@example.com", "carol@example.com", "deep@example.com"}) {
    EXPECT_FALSE(has(r.har, email)) << email;
  }
  std::vector<std::string> pointers;
  for (const auto& c : r.changes) pointers.push_back(c.pointer);
  for (const char* p : {"/log/creator/comment", "/log/comment", "/log/_vendor/user", "/_top/0"}) {
    EXPECT_NE(std::find(pointers.begin(), pointers.end(), p), pointers.end()) << p;
  }
  // Member names, numbers and structure are the input's.
  EXPECT_TRUE(has(r.har, R"("_vendor":{"user":")"));
  EXPECT_EQ(std::count(r.har.begin(), r.har.end(), '['), std::count(text.begin(), text.end(), '['));
}

TEST(Redact, UnreadableInputIsAnError) {
  auto r = redact_memory("not json", "bad.har", keyed(), nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().where.file, "bad.har");
}

TEST(Redact, NeverModifiesTheInputFile) {
  test::temp_dir dir;
  const auto in = dir / "in.har";
  test::write_file(in, k_capture);
  auto r = redact_file(in, keyed(), nullptr);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(test::read_file(in), k_capture);
  EXPECT_NE(r->har, k_capture);
  EXPECT_EQ(r->input.label, in.string());
}

}  // namespace
}  // namespace harfact::redact
