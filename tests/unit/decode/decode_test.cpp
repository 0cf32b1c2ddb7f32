// Payload decoders on entries the tests build in the vendors' documented formats.
#include <gtest/gtest.h>
#include <zlib.h>

#include "harfact/decode/decoder.hpp"
#include "harfact/har/reader.hpp"

namespace harfact::decode {
namespace {

// A one-entry HAR around a request; `request_extra` and `entry_extra` are JSON
// members appended to the request and the entry.
std::string har_with(const std::string& method, const std::string& url,
                     const std::string& request_extra = "", const std::string& entry_extra = "") {
  return R"({"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[{)"
         R"("startedDateTime":"2026-01-01T00:00:00Z","time":1,"request":{"method":")" +
         method + R"(","url":")" + url +
         R"(","httpVersion":"h","cookies":[],"headers":[],"queryString":[],"headersSize":-1,)"
         R"("bodySize":-1)" +
         request_extra +
         R"(},"response":{"status":200,"statusText":"","httpVersion":"h","cookies":[],"headers":[],)"
         R"("content":{"size":0,"mimeType":"x"},"redirectURL":"","headersSize":-1,"bodySize":-1},)"
         R"("cache":{},"timings":{"send":0,"wait":0,"receive":0})" +
         entry_extra + "}]}}";
}

struct decoded_entry {
  std::unique_ptr<har::reader> reader;
  har::entry e;
  decoded out;
};

decoded_entry run(const std::string& har, std::vector<std::string> decoders) {
  decoded_entry d;
  auto r = har::reader::open_memory(har, "test");
  if (!r) throw std::runtime_error(r.error().message);
  d.reader = std::move(*r);
  if (!d.reader->next(d.e).value()) throw std::runtime_error("no entry");
  sig::signature s;
  s.id = "test.sig";
  s.decoders = std::move(decoders);
  d.out = decode_hit(d.e, s);
  return d;
}

const field* find(const decoded& d, std::string_view name) {
  for (const auto& f : d.fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

TEST(Decoders, QueryParametersAreDecodedAndClassifiedForMeta) {
  const auto d = run(har_with("GET",
                              "https://www.facebook.com/tr/?id=1234567890&ev=SubscribedButtonClick"
                              "&dl=https%3A%2F%2Fshop.test%2Fcart&ud%5Bem%5D=" +
                                  std::string(64, 'a') +
                                  "&cd%5BbuttonText%5D=Book%20a%20demo&ts=1773512525900&dpo=LDU"),
                     {"query", "meta_pixel"});
  EXPECT_EQ(d.out.events, std::vector<std::string>{"SubscribedButtonClick"});
  ASSERT_NE(find(d.out, "id"), nullptr);
  EXPECT_EQ(find(d.out, "id")->kind, field_kind::account_id);
  EXPECT_EQ(find(d.out, "id")->meaning, "pixel id");
  EXPECT_EQ(find(d.out, "dl")->value, "https://shop.test/cart");
  EXPECT_EQ(find(d.out, "dl")->kind, field_kind::page_url);
  EXPECT_EQ(find(d.out, "ud[em]")->kind, field_kind::user_data_hashed);
  EXPECT_EQ(find(d.out, "cd[buttonText]")->kind, field_kind::button_text);
  EXPECT_EQ(find(d.out, "cd[buttonText]")->value, "Book a demo");
  EXPECT_EQ(find(d.out, "dpo")->kind, field_kind::consent_signal);
  EXPECT_EQ(find(d.out, "ts")->personal_data, "");  // a timestamp is not a phone number
  EXPECT_EQ(find(d.out, "id")->source, "query");
}

TEST(Decoders, FormBodiesFromTextAndFromParams) {
  const auto text = run(har_with("POST", "https://www.facebook.com/tr/",
                                 R"(,"postData":{"mimeType":"application/x-www-form-urlencoded",)"
                                 R"("text":"id=42&ev=Lead&cd%5Bemail%5D=jane%40example.com"})"),
                        {"form", "meta_pixel"});
  EXPECT_EQ(text.out.events, std::vector<std::string>{"Lead"});
  ASSERT_NE(find(text.out, "cd[email]"), nullptr);
  EXPECT_EQ(find(text.out, "cd[email]")->personal_data, "email");
  EXPECT_EQ(find(text.out, "cd[email]")->source, "body");
  const auto params = run(har_with("POST", "https://x.test/submit",
                                   R"(,"postData":{"mimeType":"multipart/form-data",)"
                                   R"("params":[{"name":"first_name","value":"Jane"},)"
                                   R"({"name":"phone","value":"+1 (555) 010-9999"}]})"),
                          {"form"});
  EXPECT_EQ(find(params.out, "first_name")->personal_data, "name");
  EXPECT_EQ(find(params.out, "phone")->personal_data, "phone");
}

TEST(Decoders, JsonBodiesFlattenForTikTok) {
  const auto d =
      run(har_with("POST", "https://analytics.tiktok.com/api/v2/pixel",
                   R"(,"postData":{"mimeType":"application/json","text":)"
                   R"("{\"event\":\"SubmitForm\",\"context\":{\"pixel\":{\"code\":\"C1\"},)"
                   R"(\"page\":{\"url\":\"https://shop.test/\"},\"user\":{\"email\":\")" +
                       std::string(64, 'b') +
                       R"(\"}},\"properties\":{\"contents\":[{\"id\":\"sku1\"}]}}"})"),
          {"json", "tiktok_pixel"});
  EXPECT_EQ(d.out.events, std::vector<std::string>{"SubmitForm"});
  EXPECT_EQ(find(d.out, "context.pixel.code")->kind, field_kind::account_id);
  EXPECT_EQ(find(d.out, "context.page.url")->kind, field_kind::page_url);
  EXPECT_EQ(find(d.out, "context.user.email")->kind, field_kind::user_data_hashed);
  EXPECT_EQ(find(d.out, "properties.contents.0.id")->value, "sku1");
  EXPECT_EQ(find(d.out, "properties.contents.0.id")->kind, field_kind::custom_data);
}

TEST(Decoders, Ga4BatchesOneEventPerLine) {
  const auto d =
      run(har_with("POST",
                   "https://region1.google-analytics.com/g/collect?v=2&tid=G-ABC&cid=1.2"
                   "&dl=https%3A%2F%2Fshop.test%2F",
                   R"(,"postData":{"mimeType":"text/plain;charset=UTF-8",)"
                   R"("text":"en=scroll&epn.percent_scrolled=90\r\nen=user_engagement&_et=5123"})"),
          {"query", "text_lines", "google_analytics_4"});
  EXPECT_EQ(d.out.events, (std::vector<std::string>{"scroll", "user_engagement"}));
  EXPECT_EQ(find(d.out, "tid")->kind, field_kind::account_id);
  EXPECT_EQ(find(d.out, "epn.percent_scrolled")->source, "body line 1");
  EXPECT_EQ(find(d.out, "_et")->source, "body line 2");
}

TEST(Decoders, Base64AndGzipBodiesAreUnwrapped) {
  // "a=1&b=two" gzip-compressed, then base64 as an exporter writes a binary body.
  const std::string plain = "a=1&b=two";
  std::string gz(128, '\0');
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
  z.avail_in = static_cast<uInt>(plain.size());
  z.next_out = reinterpret_cast<Bytef*>(gz.data());
  z.avail_out = static_cast<uInt>(gz.size());
  deflate(&z, Z_FINISH);
  gz.resize(z.total_out);
  deflateEnd(&z);
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string b64;
  for (std::size_t i = 0; i < gz.size(); i += 3) {
    const std::uint32_t n = (static_cast<unsigned char>(gz[i]) << 16) |
                            (i + 1 < gz.size() ? static_cast<unsigned char>(gz[i + 1]) << 8 : 0) |
                            (i + 2 < gz.size() ? static_cast<unsigned char>(gz[i + 2]) : 0);
    b64 += alphabet[(n >> 18) & 63];
    b64 += alphabet[(n >> 12) & 63];
    b64 += i + 1 < gz.size() ? alphabet[(n >> 6) & 63] : '=';
    b64 += i + 2 < gz.size() ? alphabet[n & 63] : '=';
  }
  const auto d =
      run(har_with(
              "POST", "https://x.test/collect",
              R"(,"postData":{"mimeType":"application/octet-stream","encoding":"base64","text":")" +
                  b64 + R"("})"),
          {"gzip", "form"});
  ASSERT_NE(find(d.out, "b"), nullptr);
  EXPECT_EQ(find(d.out, "b")->value, "two");
}

TEST(Decoders, WebSocketFramesSentByTheBrowser) {
  const auto d = run(
      har_with(
          "GET", "wss://ws.hotjar.com/api/v2/client/ws", "",
          R"(,"_webSocketMessages":[{"type":"send","time":1,"opcode":1,"data":"{\"type\":\"key_input\",\"target\":\"input#email\"}"},)"
          R"({"type":"receive","time":2,"opcode":1,"data":"{\"ack\":1}"},)"
          R"({"type":"send","time":3,"opcode":1,"data":"plain text frame"}])"),
      {"websocket"});
  ASSERT_NE(find(d.out, "type"), nullptr);
  EXPECT_EQ(find(d.out, "type")->value, "key_input");
  EXPECT_EQ(find(d.out, "type")->source, "websocket frame 1 (sent)");
  EXPECT_EQ(find(d.out, "frame")->value, "plain text frame");
  EXPECT_EQ(d.out.notes.size(), 1u);  // one frame received, not listed
}

TEST(Decoders, HonestAboutWhatCannotBeRead) {
  const auto missing =
      run(har_with("POST", "https://x.clarity.ms/collect"), {"gzip", "microsoft_clarity"});
  EXPECT_TRUE(missing.out.body_not_captured);
  bool named = false;
  for (const auto& n : missing.out.notes)
    named = named || n.find("microsoft_clarity") != std::string::npos;
  EXPECT_TRUE(named);  // a decoder this version lacks is named
  const auto json =
      run(har_with("POST", "https://x.test/",
                   R"(,"postData":{"mimeType":"application/json","text":"not json"})"),
          {"json"});
  EXPECT_FALSE(json.out.body_not_captured);
  ASSERT_FALSE(json.out.notes.empty());
  EXPECT_NE(json.out.notes.front().find("not valid JSON"), std::string::npos);
}

TEST(Decoders, LongValuesAreCutAndMarked) {
  const auto d = run(har_with("GET", "https://x.test/?q=" + std::string(5000, 'z')), {"query"});
  EXPECT_TRUE(find(d.out, "q")->truncated);
  EXPECT_EQ(find(d.out, "q")->value.size(), 2048u);
}

TEST(Registry, BuiltinDecodersAndKindNames) {
  for (const char* n : {"query", "form", "json", "text_lines", "base64", "gzip", "websocket",
                        "meta_pixel", "google_analytics_4"}) {
    EXPECT_NE(builtin().find(n), nullptr) << n;
  }
  EXPECT_EQ(builtin().find("nope"), nullptr);
  EXPECT_EQ(field_kind_name(field_kind::user_data_hashed), "user_data_hashed");
  EXPECT_EQ(field_kind_name(field_kind::other), "other");
}

}  // namespace
}  // namespace harfact::decode
