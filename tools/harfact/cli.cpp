#include "cli.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "harfact/io/atomic_file.hpp"

namespace harfact::cli {

bool parse(const std::vector<std::string>& args, const po::options_description& visible,
           const po::options_description& hidden, const char* positional, po::variables_map& vm) {
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description pos;
  if (positional != nullptr) pos.add(positional, -1);
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    print_error(e.what());
    std::cerr << "Run 'harfact help' or the command with --help for usage.\n";
    return false;
  }
  return true;
}

bool load_signatures(const std::string& dir, sig::database& out) {
  auto loaded = sig::database::load(dir.empty() ? sig::database::default_dir().string() : dir);
  if (!loaded) {
    print_error(describe(loaded.error().where) + ": " + loaded.error().message);
    if (!loaded.error().hint.empty()) std::cerr << "hint: " << loaded.error().hint << '\n';
    return false;
  }
  out = std::move(*loaded);
  return true;
}

void print_error(std::string_view message) { std::cerr << "harfact: error: " << message << '\n'; }

int refuse_input(const harfact::error& e) {
  print_error(describe(e.where) + ": " + e.message);
  if (!e.hint.empty()) std::cerr << "hint: " << e.hint << '\n';
  std::cerr << "nothing was written\n";
  return exit_input;
}

bool stderr_is_tty() { return isatty(STDERR_FILENO) == 1; }

int emit(const std::string& output, std::string_view content,
         const std::vector<std::string>& inputs) {
  if (output.empty() || output == "-") {
    std::fwrite(content.data(), 1, content.size(), stdout);
    std::fflush(stdout);
    return std::ferror(stdout) != 0 ? exit_input : exit_ok;
  }
  std::error_code ec;
  for (const auto& in : inputs) {
    if (in != "-" && std::filesystem::exists(output, ec) &&
        std::filesystem::equivalent(output, in, ec)) {
      print_error("refusing to write the output over the input " + in);
      return exit_usage;
    }
  }
  auto written = io::write_file_atomic(output, content);
  if (!written) {
    print_error(written.error().message);
    return exit_input;
  }
  return exit_ok;
}

}  // namespace harfact::cli
