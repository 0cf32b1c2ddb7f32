// trackers: the sample exhibit's vendors, the JSON against its schema (team
// HARs and corpus), determinism, CSV quoting.
#include "harfact/report/trackers_report.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "harfact/report/inspect_report.hpp"
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
  std::string json(const fs::path& file, bool hits) const {
    std::vector<trackers::result> r{trackers::find_trackers(file, *m, *psl)};
    envelope env;
    env.inputs = inspect_inputs({r.front().capture});
    describe_database(env, *db);
    env.public_suffix_sha256 = psl->sha256();
    trackers_options o;
    o.hits = hits;
    return trackers_json(r, env, o);
  }
  std::unique_ptr<sig::database> db;
  std::unique_ptr<sig::matcher> m;
  std::unique_ptr<net::public_suffix> psl;
};

const fixture& f() {
  static const fixture instance;
  return instance;
}

std::string schema() {
  return test::read_file(fs::path(HARFACT_SOURCE_DIR) / "lib/schema/trackers.schema.json");
}

TEST(Trackers, TheExhibitsMetaPixelHitsWithEvidence) {
  const auto r = trackers::find_trackers(test::testdata("sample/exhibit.har"), *f().m, *f().psl);
  const trackers::vendor_hits* meta = nullptr;
  for (const auto& v : r.vendors) {
    if (v.vendor->vendor_id == "meta_pixel") meta = &v;
  }
  ASSERT_NE(meta, nullptr);
  ASSERT_GE(meta->hits.size(), 2u);
  bool saw_event = false;
  for (const auto i : meta->hits) {
    const auto& h = r.hits[i];
    EXPECT_EQ(h.party, inspect::party::third_party);
    EXPECT_TRUE(h.time_us.has_value());
    if (h.sig->id == "meta_pixel.event") {
      saw_event = true;
      EXPECT_NE(h.url.find("facebook.com/tr"), std::string::npos);
      ASSERT_FALSE(h.decoded.events.empty());
      bool pixel_id = false, page_url = false;
      for (const auto& fld : h.decoded.fields) {
        pixel_id = pixel_id || (fld.name == "id" && fld.kind == decode::field_kind::account_id);
        page_url = page_url || (fld.name == "dl" && fld.kind == decode::field_kind::page_url &&
                                fld.value.rfind("https://www.example-shop.test/", 0) == 0);
      }
      EXPECT_TRUE(pixel_id);
      EXPECT_TRUE(page_url);
      EXPECT_EQ(h.sig->ref(), "meta_pixel.event@1");
    }
  }
  EXPECT_TRUE(saw_event);
  // Hits are in entry order, and no first-party request was attributed.
  for (std::size_t i = 1; i < r.hits.size(); ++i) EXPECT_LT(r.hits[i - 1].entry, r.hits[i].entry);
  for (const auto& h : r.hits) EXPECT_EQ(h.host.find("example-shop.test"), std::string::npos);
}

TEST(Trackers, JsonValidatesAndIsReproducible) {
  const std::string s = schema();
  for (const auto& item : fs::directory_iterator(test::testdata("har"))) {
    const auto violations = test::validate_json(s, f().json(item.path(), true));
    EXPECT_TRUE(violations.empty()) << item.path() << ": " << violations.front();
  }
  const std::string a = f().json(test::testdata("sample/exhibit.har"), true);
  EXPECT_TRUE(test::validate_json(s, a).empty());
  EXPECT_EQ(a, f().json(test::testdata("sample/exhibit.har"), true));
  EXPECT_NE(a.find("\"db_version\": \"" + f().db->version() + "\""), std::string::npos);
}

TEST(Trackers, CorpusJsonValidates) {
  const auto corpus = test::corpus_dir();
  if (!corpus) GTEST_SKIP() << "corpus not found (set HARFACT_CORPUS)";
  const std::string s = schema();
  std::size_t with_trackers = 0;
  for (const auto& item : fs::recursive_directory_iterator(*corpus)) {
    if (!item.is_regular_file() || item.path().string().find("jsontestsuite") != std::string::npos)
      continue;
    const std::string out = f().json(item.path(), true);
    const auto violations = test::validate_json(s, out);
    EXPECT_TRUE(violations.empty()) << item.path() << ": " << violations.front();
    with_trackers += out.find("\"vendor_id\"") != std::string::npos;
  }
  EXPECT_GT(with_trackers, 0u);
}

// A real capture from the corpus (sitespeed.io's pagexray test files) holds
// Meta Pixel hits: they decode to events and the pixel id.
TEST(Trackers, CorpusMetaPixelHitsDecode) {
  const auto corpus = test::corpus_dir();
  if (!corpus) GTEST_SKIP() << "corpus not found (set HARFACT_CORPUS)";
  const fs::path file = *corpus / "sitespeedio__pagexray/test__files__case-sensitive-protocol.har";
  if (!fs::exists(file)) GTEST_SKIP() << file << " not in the corpus";
  const auto r = trackers::find_trackers(file, *f().m, *f().psl);
  const trackers::vendor_hits* meta = nullptr;
  for (const auto& v : r.vendors) {
    if (v.vendor->vendor_id == "meta_pixel") meta = &v;
  }
  ASSERT_NE(meta, nullptr);
  std::vector<std::string> events;
  for (const auto& [name, n] : meta->events) events.push_back(name);
  EXPECT_NE(std::find(events.begin(), events.end(), "PageView"), events.end());
  // These are <noscript> image pixels: they carry the pixel id and custom data,
  // but no page URL (dl) -- a fact a rebuttal may need.
  bool account = false, page = false, noscript = false;
  for (const auto& fs_ : meta->fields) {
    account = account || fs_.kind == decode::field_kind::account_id;
    page = page || fs_.kind == decode::field_kind::page_url;
    noscript = noscript || fs_.name == "noscript";
  }
  EXPECT_TRUE(account);
  EXPECT_TRUE(noscript);
  EXPECT_FALSE(page);
}

// One matcher, one public suffix list, several threads: the same results.
TEST(Trackers, TheMatcherIsSharedSafelyBetweenThreads) {
  const std::string expected = f().json(test::testdata("sample/exhibit.har"), true);
  std::vector<std::string> got(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back(
        [&got, i] { got[i] = f().json(test::testdata("sample/exhibit.har"), true); });
  }
  for (auto& t : threads) t.join();
  for (const auto& g : got) EXPECT_EQ(g, expected);
}

TEST(Trackers, CsvQuotesFieldsThatNeedIt) {
  std::vector<trackers::result> r{
      trackers::find_trackers(test::testdata("sample/exhibit.har"), *f().m, *f().psl)};
  trackers_options o;
  o.hits = true;
  const std::string csv = trackers_csv(r, o);
  EXPECT_EQ(csv.rfind("path,entry,time,vendor_id,signature,role,party,method,url\r\n", 0), 0u);
  std::size_t rows = 0;
  for (std::size_t i = 0; (i = csv.find("\r\n", i)) != std::string::npos; i += 2) ++rows;
  EXPECT_EQ(rows, r.front().hits.size() + 1);
}

}  // namespace
}  // namespace harfact::report
