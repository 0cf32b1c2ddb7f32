// The bad-input matrix: every row of matrix.tsv runs the harfact tool in
// testdata/bad/ and asserts
//   - the exit code;
//   - standard error, exactly;
//   - the output path: nothing there (no file, no temporary file left beside
//     it) when the row says "none", else a file holding the row's text;
//   - that every input named on the command line is byte-for-byte unchanged.
//
// matrix.tsv: one row per line, tab-separated: name, arguments (split at
// spaces; {out} is a path in a fresh empty directory), exit code, standard
// error ("-" for none; "\n" for a line break; the output path reads {out}),
// and "none" or "has:TEXT".
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "harfact/io/sha256.hpp"
#include "test_support.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;

struct row {
  std::string name;
  std::vector<std::string> args;
  int exit_code = 0;
  std::string stderr_text;
  bool none = true;
  std::string has;
  int line = 0;
};

std::string unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == 'n') {
      out += '\n';
      ++i;
    } else if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == 't') {
      out += '\t';
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (const char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

std::vector<row> load_matrix() {
  std::vector<row> rows;
  std::ifstream in(HARFACT_BADINPUT_MATRIX);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    const auto f = split(line, '\t');
    row r;
    r.line = n;
    if (f.size() != 5) {
      r.name = "malformed_line_" + std::to_string(n);
      r.exit_code = -1;
      rows.push_back(r);
      continue;
    }
    r.name = f[0];
    for (auto& a : split(f[1], ' ')) {
      if (!a.empty()) r.args.push_back(a);
    }
    r.exit_code = std::stoi(f[2]);
    r.stderr_text = f[3] == "-" ? std::string() : unescape(f[3]);
    if (f[4] != "none") {
      r.none = false;
      r.has = f[4].substr(0, 4) == "has:" ? unescape(f[4].substr(4)) : f[4];
    }
    rows.push_back(r);
  }
  return rows;
}

const std::vector<row>& matrix() {
  static const std::vector<row> rows = load_matrix();
  return rows;
}

std::string sha_of(const fs::path& p) {
  return harfact::io::to_hex(harfact::io::sha256::of(harfact::test::read_file(p)));
}

class BadInput : public testing::TestWithParam<std::size_t> {};

TEST_P(BadInput, ExitStderrOutputAndInputs) {
  const row& r = matrix()[GetParam()];
  ASSERT_NE(r.exit_code, -1) << "matrix.tsv line " << r.line << " does not have 5 fields";
  SCOPED_TRACE("matrix.tsv line " + std::to_string(r.line));
  harfact::test::temp_dir t;
  const fs::path out_dir = t / "out";
  fs::create_directories(out_dir);
  const fs::path out = out_dir / "result";
  const fs::path cwd = harfact::test::testdata("bad");

  std::vector<std::string> args{HARFACT_TOOL};
  std::map<fs::path, std::string> inputs;  // every existing file named: its hash
  for (const auto& a : r.args) {
    std::string arg = a;
    if (const auto at = arg.find("{out}"); at != std::string::npos) {
      arg.replace(at, 5, out.string());
    }
    std::error_code ec;
    if (fs::is_regular_file(cwd / arg, ec)) inputs[cwd / arg] = sha_of(cwd / arg);
    args.push_back(arg);
  }

  const fs::path err_file = t / "stderr";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t child = 0;
  ASSERT_EQ(posix_spawn(&child, argv[0], &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status)) << "the tool did not exit normally (signal "
                                 << (WIFSIGNALED(status) ? WTERMSIG(status) : 0) << ")";

  EXPECT_EQ(WEXITSTATUS(status), r.exit_code);
  std::string err = harfact::test::read_file(err_file);
  for (auto at = err.find(out.string()); at != std::string::npos; at = err.find(out.string())) {
    err.replace(at, out.string().size(), "{out}");
  }
  EXPECT_EQ(err, r.stderr_text);
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(out_dir)) left.push_back(e.path().filename());
  if (r.none) {
    EXPECT_TRUE(left.empty()) << "written: " << testing::PrintToString(left);
  } else {
    EXPECT_EQ(left, std::vector<std::string>{"result"}) << "temporary files left behind?";
    const std::string written = fs::exists(out) ? harfact::test::read_file(out) : "";
    EXPECT_NE(written.find(r.has), std::string::npos)
        << "the output does not hold: " << r.has << "\n--- output:\n"
        << written.substr(0, 4000);
  }
  for (const auto& [path, sha] : inputs) EXPECT_EQ(sha_of(path), sha) << path << " was modified";
}

std::string row_name(const testing::TestParamInfo<std::size_t>& info) {
  return matrix()[info.param].name;
}

std::vector<std::size_t> row_indexes() {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < matrix().size(); ++i) out.push_back(i);
  return out;
}

INSTANTIATE_TEST_SUITE_P(Matrix, BadInput, testing::ValuesIn(row_indexes()), row_name);

// Every file of testdata/bad/ (but the generator and the README) is used by a row.
TEST(BadInputMatrix, EveryHostileFileHasARow) {
  std::string all_args;
  for (const auto& r : matrix()) {
    for (const auto& a : r.args) all_args += ' ' + a + ' ';
  }
  for (const auto& e : fs::directory_iterator(harfact::test::testdata("bad"))) {
    const std::string name = e.path().filename().string();
    if (name == "make_bad.py" || name == "README.md") continue;
    EXPECT_NE(all_args.find(name), std::string::npos) << name << " is in no row of matrix.tsv";
  }
}

}  // namespace
