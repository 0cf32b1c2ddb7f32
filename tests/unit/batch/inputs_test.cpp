// batch inputs: directory walks, manifests, shards.
#include <gtest/gtest.h>

#include "batch_test_support.hpp"

namespace harfact::batch {
namespace {

namespace fs = std::filesystem;
using harfact::test::testdata;

std::vector<std::string> relative_paths(const std::vector<capture_ref>& refs) {
  std::vector<std::string> out;
  for (const auto& r : refs) out.push_back(r.relative_path);
  return out;
}

TEST(BatchInputs, DirectoryWalkIsRecursiveSortedAndSkipsHiddenAndOtherNames) {
  const fs::path root = testdata("batch/archive");
  const auto refs = collect({root});
  EXPECT_EQ(relative_paths(refs),
            (std::vector<std::string>{"site_a/home.har", "site_a/nested/checkout.har",
                                      "site_b/broken.har", "site_b/landing.har",
                                      "site_b/truncated.har"}));
  for (const auto& r : refs) {
    EXPECT_EQ(r.root, root.string());
    EXPECT_EQ(r.path, root / r.relative_path);
    EXPECT_FALSE(r.error);
  }
  // --all-files takes notes.txt too, still not the hidden folder.
  const auto all = relative_paths(collect({root}, collect_options{true, {}}));
  EXPECT_EQ(all.size(), 6U);
  EXPECT_NE(std::find(all.begin(), all.end(), "site_b/notes.txt"), all.end());
}

TEST(BatchInputs, InputsKeepTheirOrderAndAFileIsRelativeToItsDirectory) {
  const fs::path landing = testdata("batch/archive/site_b/landing.har");
  const auto refs = collect({landing, testdata("batch/archive/site_a"), "no/such/file.har"});
  ASSERT_EQ(refs.size(), 4U);
  EXPECT_EQ(refs[0].relative_path, "landing.har");
  EXPECT_EQ(refs[0].root, landing.parent_path().string());
  EXPECT_EQ(refs[1].relative_path, "home.har");
  EXPECT_EQ(refs[2].relative_path, "nested/checkout.har");
  EXPECT_EQ(refs[3].path, fs::path("no/such/file.har"));  // its error comes when read
  EXPECT_EQ(refs[3].relative_path, "file.har");
}

TEST(BatchInputs, ExcludedDirectoriesAreNotWalked) {
  harfact::test::temp_dir t;
  harfact::test::write_file(t / "a.har", "{}");
  harfact::test::write_file(t / "out/results/x.json", "{}");
  collect_options o;
  EXPECT_EQ(relative_paths(collect({t.path()}, o)),
            (std::vector<std::string>{"a.har", "out/results/x.json"}));
  o.exclude.push_back(t / "out");
  EXPECT_EQ(relative_paths(collect({t.path()}, o)), (std::vector<std::string>{"a.har"}));
}

TEST(BatchInputs, CaptureNames) {
  for (const char* n : {"a.har", "A.HAR", "x.har.gz", "x.har.zst", "x.zhar", "x.json", "x.json.gz",
                        "burp.xml", "s.chlsx"}) {
    EXPECT_TRUE(is_capture_name(n)) << n;
  }
  for (const char* n : {"notes.txt", "har", "x.har.bak", "x.gz"})
    EXPECT_FALSE(is_capture_name(n)) << n;
}

TEST(BatchInputs, ManifestSkipsCommentsAndBlankLinesAndCarriageReturns) {
  const auto paths = parse_manifest("# a comment\n/data/a.har\r\n\n  \nrel/b.har\n/data/c.har");
  EXPECT_EQ(paths, (std::vector<fs::path>{"/data/a.har", "rel/b.har", "/data/c.har"}));
  const auto read = read_manifest(testdata("batch/manifest.txt"));
  ASSERT_TRUE(read);
  EXPECT_EQ(*read, (std::vector<fs::path>{"testdata/batch/archive/site_b/landing.har",
                                          "testdata/batch/archive/site_a/home.har"}));
  const auto missing = read_manifest(testdata("batch/no_such_manifest.txt"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, errc::io_open);
  EXPECT_NE(missing.error().message.find("no_such_manifest.txt"), std::string::npos);
}

TEST(BatchInputs, ShardSpecifications) {
  const auto s = parse_shard("2/5");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->index, 2U);
  EXPECT_EQ(s->count, 5U);
  ASSERT_TRUE(parse_shard("0/1"));
  for (const char* bad : {"5/5", "1", "/3", "1/", "-1/3", "a/b", "0/0", "1/3/4", "0/10000000000"}) {
    const auto r = parse_shard(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, errc::invalid_argument);
  }
  EXPECT_EQ(summary_name(shard{}), "summary.ndjson");
  EXPECT_EQ(summary_name(shard{2, 5}), "summary.shard-2-of-5.ndjson");
}

TEST(BatchInputs, ShardOfIsTheDocumentedHash) {
  // First 8 bytes of SHA-256("site_a/home.har"), big-endian: 15946195660223844167.
  EXPECT_EQ(shard_of("site_a/home.har", 4), 15946195660223844167ULL % 4);
  EXPECT_EQ(shard_of("site_a/home.har", 7), 15946195660223844167ULL % 7);
  EXPECT_EQ(shard_of("a.har", 1), 0U);
  // Every shard of a few hundred names gets some.
  std::vector<int> per(4);
  for (int i = 0; i < 400; ++i) ++per[shard_of("dir/capture" + std::to_string(i) + ".har", 4)];
  for (const int n : per) EXPECT_GT(n, 60);
}

}  // namespace
}  // namespace harfact::batch
