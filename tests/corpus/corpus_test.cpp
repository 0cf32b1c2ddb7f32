// Every file of the shared corpus (real captures from public repositories)
// against a committed table of expectations: entry count and read status, or
// the exact error. And the JSONTestSuite files: every n_ file refused, every
// y_ file read as JSON that is not a HAR, nothing crashes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "harfact/har/reader.hpp"
#include "test_support.hpp"

namespace harfact {
namespace {

namespace fs = std::filesystem;

struct expectation {
  std::string outcome;  // "entries" or an errc name
  std::uint64_t entries = 0;
  std::string status;   // read status name
  std::string message;  // exact error message ("-" for none)
};

// path \t outcome \t entries \t status \t message
std::map<std::string, expectation> load_expectations() {
  std::map<std::string, expectation> out;
  std::ifstream in(HARFACT_CORPUS_EXPECTATIONS);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    if (cols.size() != 5) {
      ADD_FAILURE() << "bad expectations line: " << line;
      continue;
    }
    out[cols[0]] = expectation{cols[1], std::stoull(cols[2]), cols[3], cols[4]};
  }
  return out;
}

struct outcome {
  std::string kind = "entries";
  std::uint64_t entries = 0;
  std::string status;
  std::string message = "-";
};

outcome read_capture(const fs::path& path) {
  outcome o;
  auto r = har::reader::open(path);
  if (!r) {
    o.kind = std::string(errc_name(r.error().code));
    o.status = "unreadable";
    o.message = r.error().message;
    return o;
  }
  har::entry e;
  for (;;) {
    auto more = (*r)->next(e);
    if (!more) {
      o.message = more.error().message;
      break;
    }
    if (!*more) break;
    ++o.entries;
  }
  o.status = std::string(har::read_status_name((*r)->summary().status));
  EXPECT_EQ((*r)->summary().entries_read, o.entries);
  EXPECT_EQ((*r)->summary().sha256.size(), 64u);
  return o;
}

bool is_capture(const fs::path& p) {
  const std::string name = p.filename().string();
  return name != "PROVENANCE.tsv" && name != "LICENSE" &&
         p.string().find("jsontestsuite") == std::string::npos;
}

TEST(Corpus, EveryCaptureMatchesTheExpectationsTable) {
  const auto corpus = test::corpus_dir();
  if (!corpus) GTEST_SKIP() << "corpus not found (set HARFACT_CORPUS)";
  const auto expected = load_expectations();
  ASSERT_FALSE(expected.empty());
  std::size_t checked = 0;
  for (const auto& item : fs::recursive_directory_iterator(*corpus)) {
    if (!item.is_regular_file() || !is_capture(item.path())) continue;
    const std::string key = fs::relative(item.path(), *corpus).generic_string();
    const auto it = expected.find(key);
    if (it == expected.end()) {
      ADD_FAILURE() << key
                    << ": no row in tests/corpus/expectations.tsv (run make_expectations.py)";
      continue;
    }
    const outcome got = read_capture(item.path());
    EXPECT_EQ(got.kind, it->second.outcome) << key;
    EXPECT_EQ(got.entries, it->second.entries) << key;
    EXPECT_EQ(got.status, it->second.status) << key;
    EXPECT_EQ(got.message, it->second.message) << key;
    ++checked;
  }
  EXPECT_GT(checked, 10u);
}

TEST(Corpus, JsonTestSuiteInvalidFilesAreRefusedAndNothingCrashes) {
  const auto corpus = test::corpus_dir();
  if (!corpus || !fs::is_directory(*corpus / "jsontestsuite" / "test_parsing")) {
    GTEST_SKIP() << "JSONTestSuite not in the corpus";
  }
  std::size_t n_files = 0, y_files = 0, i_files = 0;
  for (const auto& item : fs::directory_iterator(*corpus / "jsontestsuite" / "test_parsing")) {
    const std::string name = item.path().filename().string();
    const outcome got = read_capture(item.path());
    if (name.rfind("n_", 0) == 0) {
      ++n_files;
      // Refused: open fails, or reading ends with an error.
      EXPECT_TRUE(got.kind != "entries" || got.message != "-") << name;
      EXPECT_NE(got.kind, "not_a_har") << name << ": invalid JSON must not pass as valid";
    } else if (name.rfind("y_", 0) == 0) {
      ++y_files;
      // Valid JSON, never a HAR: the error says exactly that.
      EXPECT_EQ(got.kind, "not_a_har") << name << ": " << got.message;
    } else {
      ++i_files;  // implementation-defined: any outcome but a crash
    }
  }
  EXPECT_GT(n_files, 100u);
  EXPECT_GT(y_files, 50u);
  EXPECT_GT(i_files, 0u);
}

}  // namespace
}  // namespace harfact
