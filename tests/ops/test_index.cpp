// index_select / embedding / gather against direct indexing; bounds errors.
#include "tests/testing.h"

namespace haad::test {

TEST(Index, SelectEmbeddingGather) {
  Tensor x = arange(12, DType::F32).reshape({3, 4});
  EXPECT_EQ(index_select(x, 1, from_vector(std::vector<int64_t>{3, 0}, {2})).to_vector<float>(),
            (std::vector<float>{3, 0, 7, 4, 11, 8}));
  EXPECT_EQ(embedding(x, from_vector(std::vector<int64_t>{2, 2, 0}, {3})).to_vector<float>(),
            (std::vector<float>{8, 9, 10, 11, 8, 9, 10, 11, 0, 1, 2, 3}));
  EXPECT_EQ(gather(x, 1, from_vector(std::vector<int64_t>{1, 1, 0, 3, 2, 2}, {3, 2})).to_vector<float>(),
            (std::vector<float>{1, 1, 4, 7, 10, 10}));
  // repeated indices accumulate in backward
  Tensor w = ones({3, 2});
  w.requires_grad_(true);
  sum(embedding(w, from_vector(std::vector<int64_t>{1, 1, 1, 0}, {4}))).backward();
  EXPECT_EQ(w.grad().to_vector<float>(), (std::vector<float>{1, 1, 3, 3, 0, 0}));
}

TEST(Index, OutOfRangeIsAClearError) {
  try {
    index_select(zeros({3, 4}), 0, from_vector(std::vector<int64_t>{0, 3}, {2}));
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("index 3 at position 1 is out of range [0, 3)"), std::string::npos) << e.what();
  }
  EXPECT_THROW(index_select(zeros({3}), 0, from_vector(std::vector<float>{0}, {1})), std::invalid_argument);
}

}  // namespace haad::test
