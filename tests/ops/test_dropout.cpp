// Dropout: seeded reproducibility, expected keep rate, scaling, eval identity.
#include "tests/testing.h"

namespace haad::test {

TEST(Dropout, SeededRateScaleAndEval) {
  Tensor x = ones({20000});
  manual_seed(42);
  std::vector<float> a = dropout(x, 0.25, true).to_vector<float>();
  manual_seed(42);
  std::vector<float> b = dropout(x, 0.25, true).to_vector<float>();
  EXPECT_EQ(a, b);
  int kept = 0;
  for (float v : a) {
    if (v != 0) { ++kept; EXPECT_FLOAT_EQ(v, 1.0f / 0.75f); }
  }
  EXPECT_NEAR(kept / 20000.0, 0.75, 0.015);
  std::vector<float> c = dropout(x, 0.25, true).to_vector<float>();
  EXPECT_NE(a, c);  // the next call draws a new mask
  EXPECT_EQ(dropout(x, 0.25, false).impl(), x.impl());
  EXPECT_THROW(dropout(x, 1.0, true), std::invalid_argument);
}

// The kernel's grouped fast path must give exactly the per-element definition,
// also when a call's counter range starts inside a group of four.
TEST(Dropout, MaskMatchesDefinitionAtAnyOffset) {
  manual_seed(5);
  rng_take(3);  // an unaligned start
  for (int64_t n : {1, 7, 40001}) {
    uint64_t off = rng_counter(), seed = rng_seed();
    std::vector<float> y = dropout(ones({n}), 0.3, true).to_vector<float>();
    uint32_t p16 = dropout_threshold(0.3);
    for (int64_t i = 0; i < n; ++i) {
      bool keep = dropout_keep(dropout_bits(seed, off + i), off + i, p16);
      ASSERT_EQ(y[i] != 0, keep) << "n " << n << " i " << i;
    }
  }
}

}  // namespace haad::test
