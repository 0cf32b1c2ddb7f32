// Differential test: every field the reader puts into the model agrees with an
// independent parse of the same entry by simdjson's DOM, on the team's HARs and
// on every capture of the shared corpus.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cmath>
#include <filesystem>

#include "harfact/har/reader.hpp"
#include "test_support.hpp"

namespace harfact::har {
namespace {

namespace dom = simdjson::dom;
namespace fs = std::filesystem;

class comparer {
 public:
  comparer(entry& e, std::string where) : e_(e), where_(std::move(where)) {}

  void text_field(const text& t, dom::object parent, std::string_view key) {
    dom::element v;
    if (parent.at_key(key).get(v) != simdjson::SUCCESS) {
      EXPECT_FALSE(t.present()) << where_ << " " << key;
      return;
    }
    std::string_view s;
    if (v.get_string().get(s) == simdjson::SUCCESS) {
      EXPECT_TRUE(t.present()) << where_ << " " << key;
      EXPECT_EQ(e_.str(t), s) << where_ << " " << key;
    } else {
      EXPECT_FALSE(t.present()) << where_ << " " << key;
      if (v.is_null()) {
        EXPECT_TRUE(t.is_null()) << where_ << " " << key;
      }
    }
    ++checked_;
  }

  void int_field(const std::optional<std::int64_t>& n, dom::object parent, std::string_view key) {
    dom::element v;
    if (parent.at_key(key).get(v) != simdjson::SUCCESS) {
      EXPECT_FALSE(n.has_value()) << where_ << " " << key;
      return;
    }
    double d = 0;
    if (v.get_double().get(d) == simdjson::SUCCESS && std::trunc(d) == d) {
      EXPECT_EQ(n, static_cast<std::int64_t>(d)) << where_ << " " << key;
    } else {
      EXPECT_FALSE(n.has_value()) << where_ << " " << key;
    }
    ++checked_;
  }

  void double_field(const std::optional<double>& n, dom::object parent, std::string_view key) {
    dom::element v;
    if (parent.at_key(key).get(v) != simdjson::SUCCESS) {
      EXPECT_FALSE(n.has_value()) << where_ << " " << key;
      return;
    }
    double d = 0;
    if (v.get_double().get(d) == simdjson::SUCCESS) {
      EXPECT_EQ(n, d) << where_ << " " << key;
    } else {
      EXPECT_FALSE(n.has_value()) << where_ << " " << key;
    }
    ++checked_;
  }

  void bool_field(const std::optional<bool>& b, dom::object parent, std::string_view key) {
    dom::element v;
    bool value = false;
    if (parent.at_key(key).get(v) != simdjson::SUCCESS || v.get_bool().get(value)) {
      EXPECT_FALSE(b.has_value()) << where_ << " " << key;
      return;
    }
    EXPECT_EQ(b, value) << where_ << " " << key;
    ++checked_;
  }

  void pairs(const std::vector<name_value>& mine, dom::object parent, std::string_view key) {
    dom::array arr;
    if (parent.at_key(key).get_array().get(arr) != simdjson::SUCCESS) return;
    std::vector<dom::object> objects;
    for (dom::element el : arr) {
      dom::object o;
      if (el.get_object().get(o) == simdjson::SUCCESS) objects.push_back(o);
    }
    ASSERT_EQ(mine.size(), objects.size()) << where_ << " " << key;
    for (std::size_t i = 0; i < objects.size(); ++i) {
      text_field(mine[i].name, objects[i], "name");
      text_field(mine[i].value, objects[i], "value");
      text_field(mine[i].comment, objects[i], "comment");
    }
  }

  void cookies(const std::vector<cookie>& mine, dom::object parent) {
    dom::array arr;
    if (parent.at_key("cookies").get_array().get(arr) != simdjson::SUCCESS) return;
    std::vector<dom::object> objects;
    for (dom::element el : arr) {
      dom::object o;
      if (el.get_object().get(o) == simdjson::SUCCESS) objects.push_back(o);
    }
    ASSERT_EQ(mine.size(), objects.size()) << where_ << " cookies";
    for (std::size_t i = 0; i < objects.size(); ++i) {
      const cookie& c = mine[i];
      text_field(c.name, objects[i], "name");
      text_field(c.value, objects[i], "value");
      text_field(c.path, objects[i], "path");
      text_field(c.domain, objects[i], "domain");
      text_field(c.expires, objects[i], "expires");
      text_field(c.comment, objects[i], "comment");
      bool_field(c.http_only, objects[i], "httpOnly");
      bool_field(c.secure, objects[i], "secure");
    }
  }

  void entry_fields(dom::object o) {
    text_field(e_.started_text, o, "startedDateTime");
    double_field(e_.time, o, "time");
    text_field(e_.pageref, o, "pageref");
    text_field(e_.server_ip_address, o, "serverIPAddress");
    text_field(e_.connection, o, "connection");
    text_field(e_.comment, o, "comment");
    text_field(e_.resource_type, o, "_resourceType");
    text_field(e_.priority, o, "_priority");
    dom::object req;
    if (o.at_key("request").get_object().get(req) == simdjson::SUCCESS) {
      const request& r = e_.request;
      text_field(r.method, req, "method");
      text_field(r.url, req, "url");
      text_field(r.http_version, req, "httpVersion");
      text_field(r.comment, req, "comment");
      int_field(r.headers_size, req, "headersSize");
      int_field(r.body_size, req, "bodySize");
      pairs(r.headers, req, "headers");
      pairs(r.query_string, req, "queryString");
      cookies(r.cookies, req);
      dom::object post;
      if (req.at_key("postData").get_object().get(post) == simdjson::SUCCESS) {
        EXPECT_TRUE(r.post.present);
        text_field(r.post.mime_type, post, "mimeType");
        text_field(r.post.body, post, "text");
        text_field(r.post.comment, post, "comment");
        dom::array params;
        if (post.at_key("params").get_array().get(params) == simdjson::SUCCESS) {
          EXPECT_EQ(r.post.params.size(), params.size()) << where_;
        }
      }
    }
    dom::object resp;
    if (o.at_key("response").get_object().get(resp) == simdjson::SUCCESS) {
      const response& r = e_.response;
      int_field(r.status, resp, "status");
      text_field(r.status_text, resp, "statusText");
      text_field(r.http_version, resp, "httpVersion");
      text_field(r.redirect_url, resp, "redirectURL");
      text_field(r.comment, resp, "comment");
      int_field(r.headers_size, resp, "headersSize");
      int_field(r.body_size, resp, "bodySize");
      pairs(r.headers, resp, "headers");
      cookies(r.cookies, resp);
      text_field(r.error, resp, "_error");
      dom::object content;
      if (resp.at_key("content").get_object().get(content) == simdjson::SUCCESS) {
        int_field(r.content.size, content, "size");
        int_field(r.content.compression, content, "compression");
        text_field(r.content.mime_type, content, "mimeType");
        text_field(r.content.body, content, "text");
        text_field(r.content.encoding, content, "encoding");
        text_field(r.content.comment, content, "comment");
      }
    }
    dom::object timings;
    if (o.at_key("timings").get_object().get(timings) == simdjson::SUCCESS) {
      const auto& t = e_.timings;
      double_field(t.blocked, timings, "blocked");
      double_field(t.dns, timings, "dns");
      double_field(t.connect, timings, "connect");
      double_field(t.send, timings, "send");
      double_field(t.wait, timings, "wait");
      double_field(t.receive, timings, "receive");
      double_field(t.ssl, timings, "ssl");
    }
    dom::object init;
    if (o.at_key("_initiator").get_object().get(init) == simdjson::SUCCESS) {
      text_field(e_.initiator.type, init, "type");
      text_field(e_.initiator.url, init, "url");
      int_field(e_.initiator.line_number, init, "lineNumber");
    }
    dom::array ws;
    if (o.at_key("_webSocketMessages").get_array().get(ws) == simdjson::SUCCESS) {
      ASSERT_EQ(e_.websocket_messages.size(), ws.size()) << where_;
      std::size_t i = 0;
      for (dom::element m : ws) {
        dom::object mo;
        if (m.get_object().get(mo) != simdjson::SUCCESS) continue;
        text_field(e_.websocket_messages[i].data, mo, "data");
        double_field(e_.websocket_messages[i].time, mo, "time");
        ++i;
      }
    }
  }

  std::size_t checked() const { return checked_; }

 private:
  entry& e_;
  std::string where_;
  std::size_t checked_ = 0;
};

// Compares every entry of one capture; returns the number of fields checked.
std::size_t compare_capture(const fs::path& path) {
  auto r = reader::open(path);
  if (!r) return 0;
  // Duplicate members resolve differently in a DOM (first) and the reader (last).
  if ((*r)->diagnostics().count(diag::duplicate_key) > 0) return 0;
  dom::parser parser;
  entry e;
  std::size_t checked = 0;
  for (;;) {
    auto more = (*r)->next(e);
    if (!more || !*more) break;
    if ((*r)->diagnostics().count(diag::duplicate_key) > 0) break;
    const simdjson::padded_string copy(e.raw_json);
    dom::element el;
    if (parser.parse(copy).get(el) != simdjson::SUCCESS) continue;  // e.g. lone surrogates
    dom::object o;
    if (el.get_object().get(o) != simdjson::SUCCESS) continue;
    comparer c(e, path.filename().string() + " entry " + std::to_string(e.index));
    c.entry_fields(o);
    checked += c.checked();
    // Every unknown member is where its pointer says, with the same value.
    for (const auto& x : e.extras) {
      dom::element at;
      EXPECT_EQ(el.at_pointer(x.pointer()).get(at), simdjson::SUCCESS)
          << path.filename() << " entry " << e.index << " " << x.pointer();
      const simdjson::padded_string raw(x.raw_json);
      dom::parser p2;
      dom::element mine;
      if (p2.parse(raw).get(mine) != simdjson::SUCCESS) {
        ADD_FAILURE() << "extra not parseable: " << x.raw_json;
        continue;
      }
      EXPECT_EQ(simdjson::minify(mine), simdjson::minify(at)) << x.pointer();
      ++checked;
    }
  }
  return checked;
}

TEST(ModelAgainstDom, TeamHars) {
  std::size_t checked = 0;
  for (const auto& item : fs::directory_iterator(test::testdata("har"))) {
    if (item.path().extension() == ".har") checked += compare_capture(item.path());
  }
  checked += compare_capture(test::testdata("sample/exhibit.har"));
  EXPECT_GT(checked, 1000u);
}

TEST(ModelAgainstDom, CorpusCaptures) {
  const auto corpus = test::corpus_dir();
  if (!corpus) GTEST_SKIP() << "corpus not found (set HARFACT_CORPUS)";
  std::size_t checked = 0;
  for (const auto& item : fs::recursive_directory_iterator(*corpus)) {
    if (!item.is_regular_file()) continue;
    if (item.path().string().find("jsontestsuite") != std::string::npos) continue;
    checked += compare_capture(item.path());
  }
  EXPECT_GT(checked, 100000u);
}

}  // namespace
}  // namespace harfact::har
