// batch over the shared corpus (real captures from public repositories, and
// JSONTestSuite): a line per file agreeing with tests/corpus/expectations.tsv,
// no internal error, and a rerun that reuses everything. Skipped without the
// corpus (HARFACT_CORPUS, default ../shared/corpus).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "batch_test_support.hpp"

namespace harfact::batch {
namespace {

namespace fs = std::filesystem;
using test_support::f;
using test_support::lines_of;
using test_support::member;

struct expectation {
  std::string outcome;  // "entries" or an errc name
  std::string entries;
  std::string status;
};

std::map<std::string, expectation> load_expectations() {
  std::map<std::string, expectation> out;
  std::ifstream in(fs::path(HARFACT_SOURCE_DIR) / "tests/corpus/expectations.tsv");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    if (cols.size() == 5) out[cols[0]] = expectation{cols[1], cols[2], cols[3]};
  }
  return out;
}

TEST(BatchCorpus, EveryFileGetsTheLineTheExpectationsTableImplies) {
  const auto corpus = harfact::test::corpus_dir();
  if (!corpus) GTEST_SKIP() << "corpus not found (set HARFACT_CORPUS)";
  const auto expected = load_expectations();
  ASSERT_FALSE(expected.empty());
  harfact::test::temp_dir t;
  const auto refs = collect({*corpus});
  batch_options o;
  o.output_dir = t / "out";
  o.jobs = 2;
  const auto s = run(refs, f().dbs(), o);
  ASSERT_TRUE(s) << s.error().message;
  const auto lines = lines_of(s->summary_file);
  ASSERT_EQ(lines.size(), refs.size());
  std::size_t checked = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& l = lines[i];
    const std::string rel = member(l, "/relative_path");
    EXPECT_EQ(rel, refs[i].relative_path);
    EXPECT_EQ(l.find("\"code\":\"internal\""), std::string::npos) << l;
    EXPECT_EQ(member(l, "/sha256").size(), 64U) << l;
    EXPECT_NE(member(l, "/result"), "null") << l;
    const auto it = expected.find(rel);
    if (it != expected.end()) {
      EXPECT_EQ(member(l, "/status"), it->second.status) << rel;
      EXPECT_EQ(member(l, "/entries"), it->second.entries) << rel;
      if (it->second.outcome != "entries") {
        EXPECT_EQ(member(l, "/errors/0/code"), it->second.outcome) << rel;
      }
      ++checked;
    } else if (rel.rfind("jsontestsuite/test_parsing/n_", 0) == 0 ||
               rel.rfind("jsontestsuite/test_parsing/y_", 0) == 0) {
      EXPECT_EQ(member(l, "/status"), "unreadable") << rel;  // never a HAR
    }
  }
  EXPECT_EQ(checked, expected.size());

  // Everything reused the second time, the same summary.
  const auto again = run(refs, f().dbs(), o);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->counts.resumed, refs.size());
  EXPECT_EQ(harfact::test::read_file(again->summary_file),
            harfact::test::read_file(s->summary_file));
}

}  // namespace
}  // namespace harfact::batch
