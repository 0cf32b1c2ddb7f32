// inspect's JSON output against its committed JSON Schema, on every team HAR
// and corpus capture; determinism; the JSON writer's escaping.
#include "harfact/report/inspect_report.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "harfact/inspect/inspect.hpp"
#include "json_schema.hpp"
#include "test_support.hpp"

namespace harfact::report {
namespace {

namespace fs = std::filesystem;

std::string schema() {
  return test::read_file(fs::path(HARFACT_SOURCE_DIR) / "lib/schema/inspect.schema.json");
}

const net::public_suffix& psl() {
  static const auto list = net::public_suffix::load();
  return *list;
}

std::string render(const std::vector<fs::path>& files) {
  std::vector<inspect::capture_summary> captures;
  for (const auto& f : files) captures.push_back(inspect::inspect_capture(f, psl()));
  envelope env;
  env.inputs = inspect_inputs(captures);
  env.public_suffix_sha256 = psl().sha256();
  return inspect_json(captures, env);
}

std::vector<fs::path> team_files() {
  std::vector<fs::path> files;
  for (const auto& item : fs::directory_iterator(test::testdata("har"))) {
    files.push_back(item.path());
  }
  files.push_back(test::testdata("sample/exhibit.har"));
  std::sort(files.begin(), files.end());
  return files;
}

TEST(InspectJson, TeamHarsValidateAgainstTheSchema) {
  const std::string s = schema();
  for (const auto& f : team_files()) {
    const auto violations = test::validate_json(s, render({f}));
    EXPECT_TRUE(violations.empty()) << f << ": " << violations.front();
  }
}

TEST(InspectJson, CorpusCapturesValidateAgainstTheSchema) {
  const auto corpus = test::corpus_dir();
  if (!corpus) GTEST_SKIP() << "corpus not found (set HARFACT_CORPUS)";
  const std::string s = schema();
  std::size_t n = 0;
  for (const auto& item : fs::recursive_directory_iterator(*corpus)) {
    if (!item.is_regular_file() || item.path().string().find("jsontestsuite") != std::string::npos)
      continue;
    const auto violations = test::validate_json(s, render({item.path()}));
    EXPECT_TRUE(violations.empty()) << item.path() << ": " << violations.front();
    ++n;
  }
  EXPECT_GT(n, 40u);
}

TEST(InspectJson, SameInputsGiveTheSameBytes) {
  const auto files = team_files();
  EXPECT_EQ(render(files), render(files));
}

TEST(InspectJson, ExhibitFactsAreRight) {
  const auto c = inspect::inspect_capture(test::testdata("sample/exhibit.har"), psl());
  EXPECT_TRUE(c.opened);
  EXPECT_EQ(c.exporter_id, "chrome_devtools");
  EXPECT_EQ(c.entries, 26u);
  ASSERT_EQ(c.pages.size(), 1u);
  EXPECT_EQ(c.pages[0].first_party_domain, "example-shop.test");
  EXPECT_EQ(c.pages[0].main_document_entry, 0);
  bool saw_first = false, saw_third = false;
  for (const auto& h : c.pages[0].hosts) {
    if (h.host == "static.example-shop.test") {
      saw_first = true;
      EXPECT_EQ(h.party, inspect::party::first_party);
    }
    if (h.host == "www.facebook.com") {
      saw_third = true;
      EXPECT_EQ(h.party, inspect::party::third_party);
      EXPECT_EQ(h.registrable_domain, "facebook.com");
    }
  }
  EXPECT_TRUE(saw_first);
  EXPECT_TRUE(saw_third);
  EXPECT_EQ(c.cookies.verdict, "present");
  EXPECT_GT(c.cookies.request_cookie_headers, 0u);
  EXPECT_EQ(inspect::exit_status({c}), 0);
}

TEST(InspectJson, SanitizedDevToolsExportIsDetected) {
  // The exhibit with every Cookie/Set-Cookie header and cookie array removed,
  // as Chrome's default "sanitized" export writes it.
  std::string har = test::read_file(test::testdata("har/minimal_valid.har"));
  test::temp_dir dir;
  const auto path = dir / "sanitized.har";
  const std::size_t at = har.find("\"creator\"");
  ASSERT_NE(at, std::string::npos);
  const std::size_t end = har.find('}', at);
  har.replace(at, end - at + 1, R"("creator": {"name": "WebInspector", "version": "537.36"})");
  test::write_file(path, har);
  const auto c = inspect::inspect_capture(path, psl());
  EXPECT_EQ(c.exporter_id, "chrome_devtools");
  EXPECT_EQ(c.cookies.verdict, "absent_likely_sanitized");
  EXPECT_TRUE(c.cookies.stripped);
}

TEST(InspectJson, ExitStatusFollowsTheContract) {
  const auto ok = inspect::inspect_capture(test::testdata("har/minimal_valid.har"), psl());
  const auto cut = inspect::inspect_capture(test::testdata("har/truncated.har"), psl());
  const auto bad = inspect::inspect_capture(test::testdata("har/not_har_array.json"), psl());
  EXPECT_EQ(inspect::exit_status({ok}), 0);
  EXPECT_EQ(inspect::exit_status({ok, cut}), 4);
  EXPECT_EQ(inspect::exit_status({cut, bad}), 3);
  EXPECT_FALSE(bad.opened);
  EXPECT_EQ(bad.read.sha256.size(), 64u);  // chain of custody even for a non-HAR
}

TEST(JsonWriter, EscapesHostileStringsAndReplacesInvalidUtf8) {
  json_writer w(false);
  w.begin_object();
  w.member("a", std::string_view("quote\" backslash\\ nl\n ctl\x01 </script>"));
  w.member("b", std::string_view("bad\xff\xfe utf8 \xc3\xa9 ok"));
  w.member("n", 12.0);
  w.member("d", 0.1);
  w.key("z").null();
  w.end_object();
  EXPECT_EQ(w.str(),
            "{\"a\":\"quote\\\" backslash\\\\ nl\\n ctl\\u0001 </script>\","
            "\"b\":\"bad\\ufffd\\ufffd utf8 \xc3\xa9 ok\",\"n\":12,\"d\":0.1,\"z\":null}");
  EXPECT_TRUE(test::validate_json(R"({"type":"object"})", w.str()).empty());
}

}  // namespace
}  // namespace harfact::report
