// Install-test consumer: reads a HAR with the installed harfact library.
//
//   harfact_consumer <capture.har>
//
// Prints the entry count, the SHA-256 of the input and the installed signatures
// directory. Exits 0 only if the whole capture was read and that directory
// exists.
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "harfact/har/reader.hpp"

namespace {

constexpr int exit_ok = 0;
constexpr int exit_failure = 1;

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: harfact_consumer <capture.har>\n";
    return exit_failure;
  }

  const std::filesystem::path signatures_dir{HARFACT_CONSUMER_SIGNATURES_DIR};
  std::cout << "harfact_SIGNATURES_DIR: " << signatures_dir.string() << '\n';
  std::error_code ec;
  if (!std::filesystem::is_directory(signatures_dir, ec)) {
    std::cerr << "error: signatures directory " << signatures_dir << " does not exist\n";
    return exit_failure;
  }

  auto opened = harfact::har::reader::open(argv[1]);
  if (!opened) {
    std::cerr << "error: cannot open " << argv[1] << ": " << opened.error().message << '\n';
    return exit_failure;
  }
  harfact::har::reader& reader = **opened;

  harfact::har::entry e;
  while (true) {
    auto more = reader.next(e);
    if (!more) {
      std::cerr << "error: reading stopped: " << more.error().message << '\n';
      return exit_failure;
    }
    if (!*more) break;
  }

  const harfact::har::read_summary& summary = reader.summary();
  std::cout << "entries: " << summary.entries_read << '\n';
  std::cout << "sha256: " << summary.sha256 << '\n';
  std::cout << "status: " << harfact::har::read_status_name(summary.status) << '\n';
  if (summary.status != harfact::har::read_status::complete) {
    std::cerr << "error: reading did not complete\n";
    return exit_failure;
  }
  return exit_ok;
}
