// batch::run: order, errors, content-addressed results, resuming, shards,
// atomic outputs.
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <map>
#include <set>
#include <thread>

#include "batch_test_support.hpp"
#include "harfact/io/sha256.hpp"
#include "json_schema.hpp"

extern char** environ;

namespace harfact::batch {
namespace {

namespace fs = std::filesystem;
using harfact::test::read_file;
using harfact::test::temp_dir;
using harfact::test::testdata;
using test_support::f;
using test_support::lines_of;
using test_support::member;

std::string schema(const char* name) {
  return read_file(fs::path(HARFACT_SOURCE_DIR) / "lib/schema" / name);
}

batch_options options_for(const fs::path& out, unsigned jobs) {
  batch_options o;
  o.output_dir = out;
  o.jobs = jobs;
  return o;
}

run_summary run_ok(const std::vector<capture_ref>& refs, const databases& db,
                   const batch_options& o) {
  auto r = run(refs, db, o);
  if (!r) throw std::runtime_error(r.error().message);
  return *r;
}

std::map<std::string, std::string> by_relative(const std::vector<std::string>& lines) {
  std::map<std::string, std::string> out;
  for (const auto& l : lines) out[member(l, "/relative_path")] = l;
  return out;
}

std::map<std::string, std::string> result_files(const fs::path& out) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::directory_iterator(out / "results")) {
    files[e.path().filename().string()] = read_file(e.path());
  }
  return files;
}

TEST(BatchRun, OneResultPerCaptureAndTheSummaryInInputOrder) {
  temp_dir t;
  const auto rel = test_support::make_tree(t / "in", 23);
  const auto refs = collect({t / "in"});
  ASSERT_EQ(refs.size(), 23U);
  auto o = options_for(t / "out", 3);
  std::vector<progress> seen;
  o.on_progress = [&](const progress& p) { seen.push_back(p); };
  const auto s = run_ok(refs, f().dbs(), o);
  EXPECT_EQ(s.inputs, 23U);
  EXPECT_EQ(s.counts.done, 23U);
  EXPECT_EQ(s.counts.failed + s.counts.partial + s.counts.resumed, 0U);
  EXPECT_EQ(s.summary_file, t / "out" / "summary.ndjson");
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back().done, 23U);
  EXPECT_EQ(seen.back().total, 23U);
  for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_GE(seen[i].done, seen[i - 1].done);

  const auto lines = lines_of(s.summary_file);
  ASSERT_EQ(lines.size(), 23U);
  const auto line_schema = schema("batch.schema.json");
  const auto result_schema = schema("batch_result.schema.json");
  const auto report_schema = schema("report.schema.json");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& l = lines[i];
    EXPECT_EQ(detail::validate_json(line_schema, l), std::vector<std::string>{}) << l;
    EXPECT_EQ(member(l, "/index"), std::to_string(i));
    EXPECT_EQ(member(l, "/relative_path"), rel[i]);
    EXPECT_EQ(member(l, "/path"), (t / "in" / rel[i]).string());
    EXPECT_EQ(member(l, "/root"), (t / "in").string());
    EXPECT_EQ(member(l, "/status"), "complete");
    EXPECT_EQ(member(l, "/ok"), "true");
    const std::string sha = io::to_hex(io::sha256::of(read_file(t / "in" / rel[i])));
    EXPECT_EQ(member(l, "/sha256"), sha);
    EXPECT_EQ(member(l, "/result"), "results/" + sha + ".json");
    const std::string result = read_file(t / "out" / "results" / (sha + ".json"));
    EXPECT_EQ(detail::validate_json(result_schema, result), std::vector<std::string>{});
    EXPECT_EQ(detail::validate_json(report_schema, member(result, "/report")),
              std::vector<std::string>{});
    EXPECT_EQ(member(result, "/key"), result_key(sha, f().dbs(), o));
    EXPECT_EQ(member(result, "/report/capture/path"), "sha256:" + sha);
    EXPECT_EQ(member(result, "/report/capture/sha256"), sha);
    // The line repeats the stored summary.
    EXPECT_EQ(member(result, "/summary/vendors"), member(l, "/vendors"));
    EXPECT_EQ(member(result, "/summary/findings"), member(l, "/findings"));
  }
  // A capture with trackers is summarised as its report says.
  const std::string gpc = by_relative(lines).at("d1/c1001.har");
  EXPECT_NE(member(gpc, "/vendors"), "[]");
  EXPECT_NE(member(gpc, "/findings/total"), "0");
  EXPECT_EQ(test_support::hidden_files(t / "out"), std::vector<std::string>{});
}

TEST(BatchRun, ABadCaptureGetsAnErrorLineAndTheRestProceeds) {
  temp_dir t;
  const auto refs = collect({testdata("batch/archive"), t / "missing.har"});
  const auto s = run_ok(refs, f().dbs(), options_for(t / "out", 2));
  EXPECT_EQ(s.counts.done, 6U);
  EXPECT_EQ(s.counts.failed, 2U);   // broken, missing
  EXPECT_EQ(s.counts.partial, 1U);  // truncated
  const auto lines = lines_of(s.summary_file);
  ASSERT_EQ(lines.size(), 6U);
  for (const auto& l : lines) {
    EXPECT_EQ(detail::validate_json(schema("batch.schema.json"), l), std::vector<std::string>{})
        << l;
  }
  const auto by = by_relative(lines);
  const auto& home = by.at("site_a/home.har");
  EXPECT_EQ(member(home, "/ok"), "true");
  EXPECT_EQ(member(home, "/vendors"), "[\"google_analytics_4\"]");
  EXPECT_EQ(member(home, "/entries"), "2");
  EXPECT_EQ(member(by.at("site_a/nested/checkout.har"), "/vendors"), "[\"meta_pixel\"]");
  EXPECT_EQ(member(by.at("site_b/landing.har"), "/exporter"), "firefox_devtools");

  const auto& broken = by.at("site_b/broken.har");
  EXPECT_EQ(member(broken, "/status"), "unreadable");
  EXPECT_EQ(member(broken, "/ok"), "false");
  EXPECT_EQ(member(broken, "/errors/0/code"), "invalid_json");
  EXPECT_EQ(member(broken, "/integrity"), "null");
  // Known bytes: the result is written, so a rerun does not read it again.
  EXPECT_NE(member(broken, "/result"), "null");
  EXPECT_EQ(member(broken, "/sha256").size(), 64U);

  const auto& truncated = by.at("site_b/truncated.har");
  EXPECT_EQ(member(truncated, "/status"), "truncated");
  EXPECT_EQ(member(truncated, "/errors/0/code"), "truncated");
  EXPECT_EQ(member(truncated, "/entries"), "1");

  const auto& missing = by.at("missing.har");
  EXPECT_EQ(member(missing, "/index"), "5");
  EXPECT_EQ(member(missing, "/status"), "unreadable");
  EXPECT_EQ(member(missing, "/sha256"), "null");
  EXPECT_EQ(member(missing, "/result"), "null");
  EXPECT_EQ(member(missing, "/errors/0/code"), "io_open");
  EXPECT_NE(member(missing, "/errors/0/message").find("missing.har"), std::string::npos);
}

TEST(BatchRun, ResultsAreContentAddressedAndReproducible) {
  temp_dir t;
  const std::string bytes = read_file(testdata("batch/archive/site_a/home.har"));
  harfact::test::write_file(t / "x/a.har", bytes);
  harfact::test::write_file(t / "y/deeper/b.har", bytes);
  const auto refs = collect({t / "x", t / "y"});
  const auto s1 = run_ok(refs, f().dbs(), options_for(t / "out1", 2));
  const auto lines = lines_of(s1.summary_file);
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(member(lines[0], "/result"), member(lines[1], "/result"));
  EXPECT_EQ(result_files(t / "out1").size(), 1U);
  // Another run, another place: the same bytes.
  const auto s2 = run_ok({refs[1]}, f().dbs(), options_for(t / "out2", 1));
  EXPECT_EQ(result_files(t / "out1"), result_files(t / "out2"));
}

TEST(BatchRun, ResumeReusesResultsOnlyForTheSameKey) {
  temp_dir t;
  test_support::make_tree(t / "in", 12);
  const auto refs = collect({t / "in"});
  const auto db = f().dbs();
  const auto o = options_for(t / "out", 2);
  const auto first = run_ok(refs, db, o);
  EXPECT_EQ(first.counts.resumed, 0U);
  const std::string summary = read_file(first.summary_file);
  const auto results = result_files(t / "out");
  ASSERT_EQ(results.size(), 12U);
  std::map<std::string, fs::file_time_type> times;
  for (const auto& e : fs::directory_iterator(t / "out" / "results")) {
    times[e.path().string()] = fs::last_write_time(e.path());
  }

  // The same run again: everything reused, nothing rewritten, the same summary.
  const auto again = run_ok(refs, db, o);
  EXPECT_EQ(again.counts.resumed, 12U);
  EXPECT_EQ(again.counts.done, 12U);
  EXPECT_EQ(read_file(again.summary_file), summary);
  for (const auto& [path, time] : times) EXPECT_EQ(fs::last_write_time(path), time) << path;

  // Other options: analysed again (and the results now carry the other key).
  auto other = o;
  other.verify.gap_us = 60'000'000;
  EXPECT_NE(result_key("00", db, other), result_key("00", db, o));
  EXPECT_EQ(run_ok(refs, db, other).counts.resumed, 0U);
  EXPECT_EQ(run_ok(refs, db, o).counts.resumed, 0U);
  EXPECT_EQ(result_files(t / "out"), results);

  // Other limits change what is read: another key. Options that do not (the
  // window, hashing on a thread) keep it.
  auto limited = o;
  limited.reader.max_entries = 5;
  EXPECT_NE(result_key("00", db, limited), result_key("00", db, o));
  auto windowed = o;
  windowed.reader.window_bytes = 4096;
  windowed.reader.background_hash = !o.reader.background_hash;
  EXPECT_EQ(result_key("00", db, windowed), result_key("00", db, o));

  // Another database (a filter list added): analysed again.
  sig::filter_engine lists;
  ASSERT_TRUE(lists.add_file(testdata("lists/team_basic.txt")));
  lists.build();
  auto with_lists = db;
  with_lists.lists = &lists;
  report::describe_lists(with_lists.description, lists);
  EXPECT_NE(result_key("00", with_lists, o), result_key("00", db, o));
  EXPECT_EQ(run_ok(refs, with_lists, o).counts.resumed, 0U);
  EXPECT_EQ(run_ok(refs, with_lists, o).counts.resumed, 12U);

  // --force: analysed again whatever the key.
  auto force = o;
  force.force = true;
  EXPECT_EQ(run_ok(refs, with_lists, force).counts.resumed, 0U);

  // A result whose key was changed (or that is not JSON) is not trusted.
  const auto victim = t / "out" / "results" / results.begin()->first;
  std::string text = read_file(victim);
  const auto at = text.find("\"key\": \"") + 8;
  text[at] = text[at] == '0' ? '1' : '0';
  harfact::test::write_file(victim, text);
  const auto other_victim = t / "out" / "results" / std::next(results.begin())->first;
  harfact::test::write_file(other_victim, "{\"command\": \"batch_result\"");
  EXPECT_EQ(run_ok(refs, with_lists, o).counts.resumed, 10U);
}

TEST(BatchRun, ShardsAreDisjointAndTheirUnionIsASingleRun) {
  temp_dir t;
  test_support::make_tree(t / "in", 30);
  std::vector<capture_ref> refs = collect({t / "in"});
  refs.push_back(collect({t / "missing.har"}).front());  // an error line belongs to a shard too
  const auto single = run_ok(refs, f().dbs(), options_for(t / "single", 2));
  const auto single_lines = lines_of(single.summary_file);
  ASSERT_EQ(single_lines.size(), 31U);

  std::vector<std::string> merged;
  std::set<std::string> indexes;
  for (std::uint32_t k = 0; k < 3; ++k) {
    auto o = options_for(t / "shared", 1);  // the shards share one output directory
    o.shard = shard{k, 3};
    const auto s = run_ok(refs, f().dbs(), o);
    EXPECT_EQ(s.summary_file, t / "shared" / summary_name(shard{k, 3}));
    const auto lines = lines_of(s.summary_file);
    EXPECT_FALSE(lines.empty()) << k;
    EXPECT_EQ(s.counts.total, lines.size());
    for (const auto& l : lines) {
      EXPECT_EQ(shard_of(member(l, "/relative_path"), 3), k);
      EXPECT_TRUE(indexes.insert(member(l, "/index")).second) << "in two shards: " << l;
      merged.push_back(l);
    }
  }
  std::sort(merged.begin(), merged.end(), [](const std::string& a, const std::string& b) {
    return std::stoul(member(a, "/index")) < std::stoul(member(b, "/index"));
  });
  EXPECT_EQ(merged, single_lines);
  EXPECT_EQ(result_files(t / "shared"), result_files(t / "single"));
  EXPECT_FALSE(fs::exists(t / "shared" / "summary.ndjson"));
}

TEST(BatchRun, TheSummaryIsAlwaysACompletePrefixInInputOrder) {
  temp_dir t;
  test_support::make_tree(t / "in", 15);
  const auto refs = collect({t / "in"});
  auto o = options_for(t / "out", 2);
  o.summary_interval = std::chrono::milliseconds(0);  // rewritten after every line
  std::size_t checks = 0;
  o.on_progress = [&](const progress&) {
    const auto file = t / "out" / "summary.ndjson";
    if (!fs::exists(file)) return;
    const auto lines = lines_of(file);  // throws on a cut line
    for (std::size_t i = 0; i < lines.size(); ++i) {
      EXPECT_EQ(member(lines[i], "/index"), std::to_string(i));
    }
    ++checks;
  };
  const auto s = run_ok(refs, f().dbs(), o);
  EXPECT_GT(checks, 0U);
  EXPECT_EQ(lines_of(s.summary_file).size(), 15U);
}

TEST(BatchRun, StaleTemporaryFilesOfAKilledBatchAreRemoved) {
  temp_dir t;
  const fs::path results = t / "out" / "results";
  const std::string sha(64, 'a');
  harfact::test::write_file(results / ("." + sha + ".json.tmp-Ab12Cd"), "{\"half");
  harfact::test::write_file(t / "out" / ".summary.ndjson.tmp-Zz99Yy", "{\"index\":0");
  harfact::test::write_file(t / "out" / ".summary.shard-1-of-2.ndjson.tmp-Zz99Yy", "{");
  const auto refs = collect({testdata("batch/archive/site_a/home.har")});
  // Young temporary results may belong to a shard running now: kept by default.
  run_ok(refs, f().dbs(), options_for(t / "out", 1));
  EXPECT_TRUE(fs::exists(results / ("." + sha + ".json.tmp-Ab12Cd")));
  EXPECT_FALSE(fs::exists(t / "out" / ".summary.ndjson.tmp-Zz99Yy"));
  EXPECT_TRUE(fs::exists(t / "out" / ".summary.shard-1-of-2.ndjson.tmp-Zz99Yy"));
  auto o = options_for(t / "out", 1);
  o.stale_temp_age = std::chrono::seconds(0);
  run_ok(refs, f().dbs(), o);
  EXPECT_FALSE(fs::exists(results / ("." + sha + ".json.tmp-Ab12Cd")));
}

TEST(BatchRun, UsageErrors) {
  temp_dir t;
  auto db = f().dbs();
  auto o = options_for(t / "out", 1);
  o.shard = shard{3, 3};
  ASSERT_FALSE(run({}, db, o));
  EXPECT_EQ(run({}, db, o).error().code, errc::invalid_argument);
  db.matcher = nullptr;
  EXPECT_FALSE(run({}, db, options_for(t / "out", 1)));
  harfact::test::write_file(t / "file", "x");
  const auto blocked = run({}, f().dbs(), options_for(t / "file" / "out", 1));
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code, errc::io_write);
  // No captures: an empty summary.
  const auto empty = run_ok({}, f().dbs(), options_for(t / "empty", 1));
  EXPECT_EQ(read_file(empty.summary_file), "");
}

// The child of the kill test: runs a batch until killed (only when the parent
// test asks for it through the environment).
TEST(BatchKill, Child) {
  const char* in = std::getenv("HARFACT_BATCH_KILL_IN");
  const char* out = std::getenv("HARFACT_BATCH_KILL_OUT");
  if (in == nullptr || out == nullptr) GTEST_SKIP() << "run by BatchRun.AKilledBatchLosesNothing";
  auto o = options_for(out, 2);
  o.summary_interval = std::chrono::milliseconds(0);
  run_ok(collect({fs::path(in)}), f().dbs(), o);
}

TEST(BatchRun, AKilledBatchLosesNothingAndLeavesNoHalfWrittenFile) {
  temp_dir t;
  test_support::make_tree(t / "in", 80);
  const auto refs = collect({t / "in"});
  const auto reference = run_ok(refs, f().dbs(), options_for(t / "reference", 2));

  const std::string in_env = "HARFACT_BATCH_KILL_IN=" + (t / "in").string();
  const std::string out_env = "HARFACT_BATCH_KILL_OUT=" + (t / "out").string();
  std::vector<std::string> env_strings{in_env, out_env};
  for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::string self = fs::read_symlink("/proc/self/exe").string();
  std::string filter = "--gtest_filter=BatchKill.Child";
  char* argv[] = {self.data(), filter.data(), nullptr};
  pid_t child = 0;
  ASSERT_EQ(posix_spawn(&child, self.c_str(), nullptr, nullptr, argv, envp.data()), 0);
  // Kill it once it has written a few results (or after 20 s at the latest).
  for (int i = 0; i < 2000; ++i) {
    std::error_code ec;
    std::size_t n = 0;
    for (fs::directory_iterator it(t / "out" / "results", ec), end; !ec && it != end;
         it.increment(ec))
      ++n;
    if (n >= 10) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(child, SIGKILL);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  // Killed mid-run (10 of 80 written), not finished.
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_LT(result_files(t / "out").size(), 80U);

  // Every result there is whole and the same as the reference run's; the
  // summary, when written, is a prefix of the reference summary.
  const auto ref_results = result_files(t / "reference");
  for (const auto& [name, text] : result_files(t / "out")) {
    if (name.front() == '.') continue;  // a temporary file, never read
    EXPECT_EQ(text, ref_results.at(name)) << name;
  }
  const auto ref_lines = lines_of(reference.summary_file);
  if (fs::exists(t / "out" / "summary.ndjson")) {
    const auto lines = lines_of(t / "out" / "summary.ndjson");
    ASSERT_LE(lines.size(), ref_lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) EXPECT_EQ(lines[i], ref_lines[i]);
  }
  // A rerun finishes the work, reusing what was done.
  auto o = options_for(t / "out", 2);
  o.stale_temp_age = std::chrono::seconds(0);
  const auto rerun = run_ok(refs, f().dbs(), o);
  EXPECT_EQ(rerun.counts.done, 80U);
  EXPECT_EQ(read_file(rerun.summary_file), read_file(reference.summary_file));
  EXPECT_EQ(result_files(t / "out"), ref_results);
  EXPECT_EQ(test_support::hidden_files(t / "out"), std::vector<std::string>{});
}

}  // namespace
}  // namespace harfact::batch
