// The full report: chain of custody, stable finding ids, limitations, every
// format well-formed and reproducible, and a hostile capture that cannot
// inject markup (testdata/hostile).
#include "harfact/report/full_report.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <pugixml.hpp>

#include "harfact/report/inspect_report.hpp"
#include "harfact/report/trackers_report.hpp"
#include "json_schema.hpp"
#include "test_support.hpp"

namespace harfact::report {
namespace {

namespace fs = std::filesystem;

struct fixture {
  fixture() {
    auto loaded = sig::database::load(fs::path(HARFACT_SOURCE_DIR) / "signatures");
    if (!loaded) throw std::runtime_error(loaded.error().message);
    db = std::make_unique<sig::database>(std::move(*loaded));
    m = std::make_unique<sig::matcher>(*db);
    psl = std::make_unique<net::public_suffix>(net::public_suffix::load().value());
  }
  check::verify_result run(const fs::path& file) const { return check::verify(file, *m, *psl); }
  envelope env(const check::verify_result& r) const {
    envelope e;
    e.inputs = inspect_inputs({r.timeline.trackers.capture});
    describe_database(e, *db);
    e.public_suffix_sha256 = psl->sha256();
    return e;
  }
  std::unique_ptr<sig::database> db;
  std::unique_ptr<sig::matcher> m;
  std::unique_ptr<net::public_suffix> psl;
};

const fixture& f() {
  static const fixture instance;
  return instance;
}

// Every element and attribute of an XML tree, depth first.
void walk(const pugi::xml_node& n, const std::function<void(const pugi::xml_node&)>& fn) {
  for (auto c : n.children()) {
    fn(c);
    walk(c, fn);
  }
}

TEST(FullReport, HostileContentStaysInert) {
  const auto ex = f().run(test::testdata("hostile/hostile.har"));
  ASSERT_TRUE(ex.timeline.trackers.capture.opened);
  report_inputs in;
  in.exhibit = &ex;
  in.command_line = "harfact report '<script>alert(9)</script>'";
  const std::string html = report_html(in, f().env(ex));
  // Well-formed: the same bytes parse as XML.
  pugi::xml_document doc;
  const auto parsed = doc.load_string(html.c_str(), pugi::parse_default | pugi::parse_doctype);
  ASSERT_TRUE(parsed) << parsed.description() << " at " << parsed.offset;
  // Inert: no script, no event handler, no link or resource to fetch.
  std::size_t elements = 0;
  walk(doc, [&](const pugi::xml_node& n) {
    if (n.type() != pugi::node_element) return;
    ++elements;
    const std::string name = n.name();
    EXPECT_NE(name, "script");
    EXPECT_NE(name, "img");
    EXPECT_NE(name, "iframe");
    EXPECT_NE(name, "a");
    EXPECT_NE(name, "link");
    for (auto a : n.attributes()) {
      const std::string an = a.name();
      EXPECT_FALSE(an.size() > 2 && an[0] == 'o' && an[1] == 'n') << an;
      EXPECT_NE(an, "href");
      EXPECT_NE(an, "src");
    }
  });
  EXPECT_GT(elements, 50u);
  // The hostile text is there, as text.
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  // No raw control characters (ESC, NUL) survive.
  for (const char c : html) {
    const auto u = static_cast<unsigned char>(c);
    EXPECT_FALSE(u < 0x20 && c != '\n' && c != '\t' && c != '\r') << int(u);
  }
  const std::string md = report_markdown(in, f().env(ex));
  EXPECT_EQ(md.find("<script"), std::string::npos);
  EXPECT_EQ(md.find("<img"), std::string::npos);
  for (const char c : md) {
    const auto u = static_cast<unsigned char>(c);
    EXPECT_FALSE(u < 0x20 && c != '\n') << int(u);
  }
  pugi::xml_document junit;
  ASSERT_TRUE(junit.load_string(report_junit(in, f().env(ex)).c_str()));
}

TEST(FullReport, EveryFormatIsReproducibleAndCarriesTheChainOfCustody) {
  const fs::path file = test::testdata("scenarios/reject_then_fire.har");
  const auto ex = f().run(file);
  const auto again = f().run(file);
  report_inputs in, in2;
  in.exhibit = &ex;
  in2.exhibit = &again;
  in.command_line = in2.command_line = "harfact report exhibit.har";
  const auto env = f().env(ex);
  for (auto fn : {report_html, report_markdown, report_json, report_junit}) {
    const std::string a = fn(in, env), b = fn(in2, env);
    EXPECT_EQ(a, b);
    EXPECT_NE(a.find(ex.timeline.trackers.capture.read.sha256), std::string::npos);
    EXPECT_NE(a.find(f().db->version()), std::string::npos);
  }
  // The analysis time appears only when asked for.
  EXPECT_EQ(report_html(in, env).find("analysis time"), std::string::npos);
  in.analysis_time = "2026-11-23T00:00:00.000000Z";
  EXPECT_NE(report_html(in, env).find("analysis time"), std::string::npos);
}

TEST(FullReport, FindingIdsAreStableAndDistinct) {
  const auto ex = f().run(test::testdata("scenarios/sensitive_form_chat.har"));
  ASSERT_GT(ex.timeline.findings.size(), 3u);
  std::set<std::string> ids;
  for (const auto& fd : ex.timeline.findings) {
    const std::string id = finding_id(fd);
    EXPECT_EQ(id.size(), 10u);
    EXPECT_EQ(id.rfind("F-", 0), 0u);
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), ex.timeline.findings.size());
  const auto again = f().run(test::testdata("scenarios/sensitive_form_chat.har"));
  for (std::size_t i = 0; i < again.timeline.findings.size(); ++i) {
    EXPECT_EQ(finding_id(again.timeline.findings[i]), finding_id(ex.timeline.findings[i]));
  }
}

TEST(FullReport, JunitFailsTheGatedKindsOnly) {
  const auto ex = f().run(test::testdata("scenarios/reject_then_fire.har"));
  report_inputs in;
  in.exhibit = &ex;
  in.gate = {timeline::finding_kind::fired_after_opt_out};
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(report_junit(in, f().env(ex)).c_str()));
  const auto suite =
      doc.child("testsuites").find_child_by_attribute("testsuite", "name", "harfact.findings");
  ASSERT_TRUE(suite);
  const auto after = suite.find_child_by_attribute("testcase", "name", "fired_after_opt_out");
  const auto before = suite.find_child_by_attribute("testcase", "name", "fired_before_choice");
  ASSERT_TRUE(after);
  ASSERT_TRUE(before);
  EXPECT_TRUE(after.child("failure"));
  EXPECT_FALSE(before.child("failure"));  // present, but not gated
  EXPECT_TRUE(before.child("system-out"));
  EXPECT_EQ(suite.attribute("failures").as_int(), 1);
}

TEST(FullReport, LimitationsNameUnclassifiedThirdPartyHosts) {
  const auto ex = f().run(test::testdata("hostile/hostile.har"));
  const auto hosts = unclassified_third_party_hosts(ex.timeline);
  EXPECT_NE(std::find(hosts.begin(), hosts.end(), "evil-tracker.invalid"), hosts.end());
  EXPECT_EQ(std::find(hosts.begin(), hosts.end(), "www.facebook.com"), hosts.end());
  report_inputs in;
  in.exhibit = &ex;
  const std::string md = report_markdown(in, f().env(ex));
  EXPECT_NE(md.find("evil-tracker.invalid"), std::string::npos);
  EXPECT_NE(md.find("not observable"), std::string::npos);
}

TEST(FullReport, JsonValidatesAgainstItsSchema) {
  const auto schema =
      test::read_file(fs::path(HARFACT_SOURCE_DIR) / "lib/schema/report.schema.json");
  for (const char* name :
       {"scenarios/accept_then_fire.har", "hostile/hostile.har", "har/truncated.har"}) {
    SCOPED_TRACE(name);
    const auto ex = f().run(test::testdata(name));
    report_inputs in;
    in.exhibit = &ex;
    EXPECT_EQ(detail::validate_json(schema, report_json(in, f().env(ex))),
              std::vector<std::string>{});
  }
}

}  // namespace
}  // namespace harfact::report
