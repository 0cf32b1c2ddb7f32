// The block scanner with an AVX2 classifier: 32 bytes per comparison. Built
// with -mavx2 (lib/CMakeLists.txt) and called only when the CPU has AVX2.
#include <immintrin.h>

#include "har/block_split.hpp"

namespace harfact::har::detail {

namespace {

block_masks classify_avx2(const char* p) noexcept {
  block_masks m;
  const __m256i quote = _mm256_set1_epi8('"');
  const __m256i backslash = _mm256_set1_epi8('\\');
  const __m256i case_bit = _mm256_set1_epi8(0x20);
  const __m256i open = _mm256_set1_epi8('{');
  const __m256i close = _mm256_set1_epi8('}');
  auto bits = [](__m256i x) {
    return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(x)));
  };
  for (unsigned k = 0; k < 2; ++k) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * k));
    const __m256i folded = _mm256_or_si256(v, case_bit);
    const unsigned shift = 32 * k;
    m.quote |= bits(_mm256_cmpeq_epi8(v, quote)) << shift;
    m.backslash |= bits(_mm256_cmpeq_epi8(v, backslash)) << shift;
    m.open |= bits(_mm256_cmpeq_epi8(folded, open)) << shift;
    m.close |= bits(_mm256_cmpeq_epi8(folded, close)) << shift;
  }
  return m;
}

}  // namespace

std::size_t split_avx2(const char* d, std::size_t n, std::size_t open, std::vector<span>& out,
                       std::size_t& resume, void (*progress)(void*, std::uint64_t), void* context,
                       std::uint64_t step, std::size_t max_elements) {
  return split_blocks<classify_avx2>(d, n, open, out, resume, progress, context, step,
                                     max_elements);
}

}  // namespace harfact::har::detail
