// The signature database: the repository's database passes its own check, the
// loader refuses what it must, and the matcher follows the README's rules.
#include <gtest/gtest.h>

#include <filesystem>

#include "harfact/sig/check.hpp"
#include "harfact/sig/database.hpp"
#include "harfact/sig/matcher.hpp"
#include "json_schema.hpp"
#include "test_support.hpp"

namespace harfact::sig {
namespace {

namespace fs = std::filesystem;

fs::path repo_signatures() { return fs::path(HARFACT_SOURCE_DIR) / "signatures"; }

// A database in a temporary directory from vendor file bodies.
class temp_db {
 public:
  explicit temp_db(const std::vector<std::pair<std::string, std::string>>& vendors,
                   std::string retired = "[]", int format = 1) {
    std::string files;
    for (const auto& [id, body] : vendors) {
      test::write_file(dir_ / ("vendors/" + id + ".json"), body);
      if (!files.empty()) files += ",";
      files += "\"vendors/" + id + ".json\"";
    }
    test::write_file(dir_ / "MANIFEST.json",
                     "{\"$schema\":\"schema/manifest.schema.json\",\"format_version\":" +
                         std::to_string(format) + ",\"db_version\":\"2026.01.01\",\"files\":[" +
                         files + "],\"retired_ids\":" + retired + "}");
    for (const char* schema : {"vendor.schema.json", "manifest.schema.json"}) {
      test::write_file(dir_ / "schema" / schema,
                       test::read_file(repo_signatures() / "schema" / schema));
    }
  }
  fs::path path() const { return dir_.path(); }

 private:
  test::temp_dir dir_;
};

std::string vendor(const std::string& id, const std::string& signatures,
                   const std::string& category = "analytics") {
  return R"({"$schema":"../schema/vendor.schema.json","format_version":1,"vendor_id":")" + id +
         R"(","name":"N","company":"C","category":")" + category +
         R"(","theories":["cipa_638_51"],"description":"D","references":[{"source":"test"}],)"
         R"("signatures":[)" +
         signatures + "]}";
}

std::string sig(const std::string& id, const std::string& match, const std::string& yes,
                const std::string& no) {
  return R"({"id":")" + id + R"(","rev":2,"role":"beacon","description":"d","match":)" + match +
         R"(,"decoders":["query"],"samples":{"match":[)" + yes + R"(],"no_match":[)" + no + "]}}";
}

TEST(SignatureDatabase, TheRepositoryDatabasePassesItsOwnCheck) {
  auto db = database::load(repo_signatures());
  ASSERT_TRUE(db) << db.error().message << " " << db.error().where.file << " "
                  << db.error().where.json_pointer;
  EXPECT_FALSE(db->version().empty());
  EXPECT_EQ(db->sha256().size(), 64u);
  EXPECT_GE(db->vendors().size(), 1u);
  const check_report r = check_database(*db);
  for (const auto& p : r.problems) {
    ADD_FAILURE() << p.kind << " " << p.file << " " << p.signature << ": " << p.message;
  }
  EXPECT_GT(r.samples, 0u);
  // Every vendor file also validates against the schema (check_database does
  // this too; here the test states it on its own).
  const std::string schema = test::read_file(repo_signatures() / "schema/vendor.schema.json");
  for (const auto& v : db->vendors()) {
    const auto violations =
        test::validate_json(schema, test::read_file(repo_signatures() / v.file));
    EXPECT_TRUE(violations.empty()) << v.file << ": " << violations.front();
  }
}

TEST(SignatureDatabase, LoadsVendorsSignaturesAndCitesIdAtRev) {
  temp_db t(
      {{"acme", vendor("acme", sig("acme.hit", R"({"hosts":["acme.test"]})",
                                   R"("https://acme.test/x")", R"("https://other.test/")"))}});
  auto db = database::load(t.path());
  ASSERT_TRUE(db) << db.error().message;
  ASSERT_EQ(db->signatures().size(), 1u);
  EXPECT_EQ(db->signatures()[0].ref(), "acme.hit@2");
  EXPECT_EQ(db->vendor_of(db->signatures()[0]).vendor_id, "acme");
  EXPECT_EQ(db->version(), "2026.01.01");
  ASSERT_NE(db->find_vendor("acme"), nullptr);
  EXPECT_EQ(db->find_vendor("none"), nullptr);
}

TEST(SignatureDatabase, RefusesNewerFormatsDuplicatesRetiredIdsAndBadRegexes) {
  const std::string one = vendor("acme", sig("acme.hit", R"({"hosts":["acme.test"]})",
                                             R"("https://acme.test/")", R"("https://b.test/")"));
  {
    temp_db t({{"acme", one}}, "[]", 2);
    auto db = database::load(t.path());
    ASSERT_FALSE(db);
    EXPECT_EQ(db.error().code, errc::unsupported_format);
    EXPECT_NE(db.error().message.find("format_version 2"), std::string::npos);
  }
  {
    temp_db t({{"acme", one}}, R"(["acme.hit"])");
    auto db = database::load(t.path());
    ASSERT_FALSE(db);
    EXPECT_NE(db.error().message.find("retired"), std::string::npos);
  }
  {
    temp_db t({{"acme", vendor("acme", sig("acme.hit", R"({"hosts":["a.test"]})",
                                           R"("https://a.test/")", R"("https://b.test/")") +
                                           "," +
                                           sig("acme.hit", R"({"hosts":["a.test"]})",
                                               R"("https://a.test/")", R"("https://b.test/")"))}});
    auto db = database::load(t.path());
    ASSERT_FALSE(db);
    EXPECT_NE(db.error().message.find("used twice"), std::string::npos);
    EXPECT_EQ(db.error().where.json_pointer, "/signatures/1/id");
  }
  {
    temp_db t(
        {{"acme", vendor("acme", sig("acme.hit", R"({"any_host":true,"url_regex":"(unclosed"})",
                                     R"("https://a.test/")", R"("https://b.test/")"))}});
    auto db = database::load(t.path());
    ASSERT_FALSE(db);
    EXPECT_NE(db.error().message.find("RE2"), std::string::npos);
  }
  {
    temp_db t({{"acme", vendor("acme", sig("other.hit", R"({"hosts":["a.test"]})",
                                           R"("https://a.test/")", R"("https://b.test/")"))}});
    auto db = database::load(t.path());
    ASSERT_FALSE(db);
    EXPECT_NE(db.error().message.find("must start with"), std::string::npos);
  }
  auto missing = database::load("/nonexistent/signatures");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, errc::io_open);
}

class MatchRules : public ::testing::Test {
 protected:
  void SetUp() override {
    t_ = std::make_unique<temp_db>(std::vector<std::pair<std::string, std::string>>{
        {"acme",
         vendor(
             "acme",
             sig("acme.exact", R"({"hosts":["=cdn.acme.test"],"paths":["/*/lib.js"]})",
                 R"("https://cdn.acme.test/en_US/lib.js")",
                 R"("https://x.cdn.acme.test/a/lib.js")") +
                 "," +
                 sig("acme.hit",
                     R"({"hosts":["acme.test"],"paths":["/collect","/v*/track*"],"query_has":["id"],"query_values":{"tid":"G-*","v":"2"}})",
                     R"("https://www.acme.test/collect?id=1&tid=G-X&v=2")",
                     R"("https://www.acme.test/collect?id=1&tid=UA-1&v=2")") +
                 "," +
                 sig("acme.post", R"({"hosts":["acme.test"],"paths":["/tr"],"methods":["POST"]})",
                     R"({"url":"https://acme.test/tr","method":"POST"})",
                     R"("https://acme.test/tr")") +
                 "," +
                 sig("acme.proxy",
                     R"({"any_host":true,"paths":["/g/collect"],"query_values":{"tid":"G-*"}})",
                     R"("https://metrics.shop.test/g/collect?tid=G-1")",
                     R"("https://metrics.shop.test/g/collect?tid=X")") +
                 "," +
                 sig("acme.socket", R"({"hosts":["ws.acme.test"],"schemes":["wss"]})",
                     R"("wss://ws.acme.test/api")", R"("https://ws.acme.test/api")") +
                 "," +
                 sig("acme.regex", R"({"hosts":["re.acme.test"],"url_regex":"/b/ss/[a-z0-9]+/"})",
                     R"("https://re.acme.test/b/ss/rsid1/1/JS-2")",
                     R"("https://re.acme.test/b/ss/")"))}});
    auto db = database::load(t_->path());
    ASSERT_TRUE(db) << db.error().message << db.error().where.json_pointer;
    db_ = std::make_unique<database>(std::move(*db));
    m_ = std::make_unique<matcher>(*db_);
  }

  std::vector<std::string> ids(std::string_view url, std::string_view method = "GET") {
    std::vector<match> found;
    m_->find(url, method, found);
    std::vector<std::string> out;
    for (const auto& f : found) out.push_back(f.sig->id);
    return out;
  }

  std::unique_ptr<temp_db> t_;
  std::unique_ptr<database> db_;
  std::unique_ptr<matcher> m_;
};

using ids_t = std::vector<std::string>;

TEST_F(MatchRules, HostsExactAndBySuffix) {
  EXPECT_EQ(ids("https://cdn.acme.test/de_DE/lib.js"), ids_t{"acme.exact"});
  EXPECT_EQ(ids("https://x.cdn.acme.test/de_DE/lib.js"), ids_t{});
  EXPECT_EQ(ids("https://CDN.Acme.Test./de_DE/lib.js"), ids_t{"acme.exact"});  // normalised
  EXPECT_EQ(ids("https://notacme.test/collect?id=1&tid=G-1&v=2"), ids_t{});
  EXPECT_EQ(ids("https://a.b.acme.test/collect?id=1&tid=G-1&v=2"), ids_t{"acme.hit"});
}

TEST_F(MatchRules, PathsGlobsWithinOneSegment) {
  EXPECT_EQ(ids("https://cdn.acme.test/a/b/lib.js"), ids_t{});  // '*' never crosses '/'
  EXPECT_EQ(ids("https://cdn.acme.test//lib.js"), ids_t{"acme.exact"});
  EXPECT_EQ(ids("https://acme.test/v2/track/more?id=1&tid=G-1&v=2"), ids_t{"acme.hit"});
  EXPECT_EQ(ids("https://acme.test/collect/?id=1&tid=G-1&v=2"), ids_t{});
}

TEST_F(MatchRules, QueryNamesAndDecodedValues) {
  EXPECT_EQ(ids("https://acme.test/collect?tid=G-1&v=2"), ids_t{});  // no id
  EXPECT_EQ(ids("https://acme.test/collect?id=&tid=G%2D1&v=2"), ids_t{"acme.hit"});
  EXPECT_EQ(ids("https://acme.test/collect?id=1&tid=G-1&v=3"), ids_t{});
  EXPECT_EQ(ids("https://acme.test/collect?id=1&tid=G-1&v=2#frag"), ids_t{"acme.hit"});
}

TEST_F(MatchRules, MethodsSchemesRegexAndAnyHost) {
  EXPECT_EQ(ids("https://acme.test/tr", "POST"), ids_t{"acme.post"});
  EXPECT_EQ(ids("https://acme.test/tr", "post"), ids_t{"acme.post"});
  EXPECT_EQ(ids("https://acme.test/tr", "GET"), ids_t{});
  EXPECT_EQ(ids("wss://ws.acme.test/api"), ids_t{"acme.socket"});
  EXPECT_EQ(ids("https://ws.acme.test/api"), ids_t{});
  EXPECT_EQ(ids("https://re.acme.test/b/ss/rsid1/1/JS-2"), ids_t{"acme.regex"});
  EXPECT_EQ(ids("https://anything.example/g/collect?tid=G-9"), ids_t{"acme.proxy"});
  EXPECT_EQ(ids("data:text/plain,hi"), ids_t{});
  EXPECT_EQ(ids("not a url"), ids_t{});
}

TEST_F(MatchRules, TheMostSpecificMatchComesFirst) {
  // /g/collect on acme.test itself matches the proxy rule only; add a query
  // that also satisfies acme.hit's path? It does not (path differs), so build
  // a request both a host rule and the proxy rule accept.
  std::vector<match> found;
  m_->find("https://acme.test/collect?id=1&tid=G-1&v=2", "GET", found);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_GT(found[0].specificity, 0);
  EXPECT_EQ(found[0].owner->vendor_id, "acme");
}

TEST(SignatureCheck, ReportsFailingSamplesOverlapsAndUnknownDecoders) {
  std::string carl =
      vendor("carl", sig("carl.hit", R"({"hosts":["shared.test"],"paths":["/c"]})",
                         R"("https://shared.test/c")", R"("https://shared.test/d")"));
  carl.replace(carl.find(R"(["query"])"), 9, R"(["nonsense"])");
  temp_db t(
      {{"acme", vendor("acme", sig("acme.hit", R"({"hosts":["shared.test"]})",
                                   R"("https://shared.test/a")", R"("https://shared.test/b")"))},
       {"bolt", vendor("bolt", sig("bolt.hit", R"({"hosts":["bolt.test"]})",
                                   R"("https://nope.test/")", R"("https://other.test/")"))},
       {"carl", carl}});
  auto db = database::load(t.path());
  ASSERT_TRUE(db) << db.error().message;
  const check_report r = check_database(*db);
  auto count = [&](std::string_view kind) {
    return std::count_if(r.problems.begin(), r.problems.end(),
                         [&](const check_problem& p) { return p.kind == kind; });
  };
  EXPECT_EQ(count("no_match"), 1);  // acme's no_match sample matches acme.hit
  EXPECT_EQ(count("sample"), 1);    // bolt's sample does not match bolt.hit
  EXPECT_EQ(count("overlap"), 1);   // carl's sample is also acme's
  EXPECT_EQ(count("decoder"), 1);   // carl names an unknown decoder
  EXPECT_EQ(count("schema"), 0);
  EXPECT_EQ(r.problems.size(), 4u);
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace harfact::sig

namespace harfact::sig {
namespace {

// tests/signatures/regressions.tsv: every row classified as it says.
TEST(SignatureRegressions, EveryRowOfTheTable) {
  auto db = database::load(fs::path(HARFACT_SOURCE_DIR) / "signatures");
  ASSERT_TRUE(db) << db.error().message;
  const matcher m(*db);
  const std::string table =
      test::read_file(fs::path(HARFACT_SOURCE_DIR) / "tests/signatures/regressions.tsv");
  std::size_t rows = 0;
  std::size_t start = 0;
  std::vector<match> found;
  while (start < table.size()) {
    std::size_t end = table.find('\n', start);
    if (end == std::string::npos) end = table.size();
    const std::string line = table.substr(start, end - start);
    start = end + 1;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::size_t p = 0;
    while (true) {
      const std::size_t tab = line.find('\t', p);
      cols.push_back(line.substr(p, tab == std::string::npos ? std::string::npos : tab - p));
      if (tab == std::string::npos) break;
      p = tab + 1;
    }
    ASSERT_GE(cols.size(), 3u) << line;
    m.find(cols[1], cols[0], found);
    const std::string got = found.empty() ? "-" : found.front().sig->id;
    EXPECT_EQ(got, cols[2]) << cols[0] << " " << cols[1];
    ++rows;
  }
  EXPECT_GE(rows, 10u);
}

}  // namespace
}  // namespace harfact::sig
