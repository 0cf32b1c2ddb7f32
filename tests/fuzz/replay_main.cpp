// Replays fuzz inputs without libFuzzer: every file named, and every regular
// file inside every directory named (in name order), goes once through the
// target's LLVMFuzzerTestOneInput. Linked with each target for ctest (label
// `fuzz`), so the seed corpus and every crasher ever found run on every build,
// GCC and the sanitizer build included. A crash is the test's failure; the
// file being replayed is named on stderr first.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace {

bool read_file(const std::filesystem::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize != nullptr) LLVMFuzzerInitialize(&argc, &argv);
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path arg = argv[i];
    std::error_code ec;
    if (std::filesystem::is_directory(arg, ec)) {
      for (const auto& de : std::filesystem::directory_iterator(arg, ec)) {
        if (de.is_regular_file(ec) && de.path().filename().string().front() != '.') {
          files.push_back(de.path());
        }
      }
    } else if (std::filesystem::exists(arg, ec)) {
      files.push_back(arg);
    }
    // A directory that does not exist (no crasher found yet) replays nothing.
  }
  std::sort(files.begin(), files.end());
  std::string bytes;
  for (const auto& f : files) {
    if (!read_file(f, bytes)) {
      std::fprintf(stderr, "cannot read %s\n", f.string().c_str());
      return 1;
    }
    std::fprintf(stderr, "replay %s (%zu bytes)\n", f.string().c_str(), bytes.size());
    std::fflush(stderr);
    // A copy of exactly `size` bytes, as libFuzzer passes it, so ASan sees any
    // read past the end.
    const std::vector<std::uint8_t> input(bytes.begin(), bytes.end());
    LLVMFuzzerTestOneInput(input.data(), input.size());
  }
  std::fprintf(stderr, "%zu inputs replayed\n", files.size());
  return files.empty() ? 1 : 0;
}
