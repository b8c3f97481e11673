// Detection metrics and support-set scoring.
#include "contrastive/metrics.h"
#include "contrastive/score.h"
#include "tests/testing.h"

namespace haad::test {

TEST(Metrics, AucApEerOnKnownCases) {
  std::vector<int> y = {0, 0, 1, 1};
  EXPECT_DOUBLE_EQ(auc_roc({0.1, 0.2, 0.8, 0.9}, y), 1.0);
  EXPECT_DOUBLE_EQ(auc_roc({0.9, 0.8, 0.2, 0.1}, y), 0.0);
  EXPECT_DOUBLE_EQ(auc_roc({0.5, 0.5, 0.5, 0.5}, y), 0.5);  // ties count half
  EXPECT_DOUBLE_EQ(auc_roc({0.1, 0.6, 0.5, 0.9}, y), 0.75);
  EXPECT_DOUBLE_EQ(average_precision({0.1, 0.2, 0.8, 0.9}, y), 1.0);
  // ranking 0.9(n) 0.8(a) 0.2(a) 0.1(n): precision 1/2 at the first anomaly, 2/3 at the second
  EXPECT_NEAR(average_precision({0.9, 0.1, 0.8, 0.2}, y), (1.0 / 2 + 2.0 / 3) / 2, 1e-12);
  EXPECT_NEAR(equal_error_rate({0.1, 0.2, 0.8, 0.9}, y), 0.0, 1e-12);
  EXPECT_NEAR(equal_error_rate({0.9, 0.8, 0.2, 0.1}, y), 1.0, 1e-12);
  MeanStd m = mean_std({1, 2, 3});
  EXPECT_DOUBLE_EQ(m.mean, 2);
  EXPECT_DOUBLE_EQ(m.std, 1);
}

TEST(Score, OutlierScoresHighestInEveryMode) {
  manual_seed(3);
  Tensor base = randn({1, 16});
  Tensor support = l2_normalize(add(base, mul_scalar(randn({6, 16}), 0.1)), -1);
  Tensor normal = l2_normalize(add(base, mul_scalar(randn({4, 16}), 0.1)), -1);
  Tensor outlier = l2_normalize(randn({1, 16}), -1);
  Tensor test = cat({normal, outlier}, 0);
  for (ScoreMode m : {ScoreMode::Max, ScoreMode::Knn, ScoreMode::Mahalanobis}) {
    std::vector<double> s = anomaly_scores(support, test, m);
    for (int i = 0; i < 4; ++i) EXPECT_GT(s[4], s[i]) << score_mode_name(m);
  }
  std::vector<double> self = anomaly_scores(support, support, ScoreMode::Max);
  for (double v : self) EXPECT_NEAR(v, 0.0, 1e-5);  // a support clip is its own nearest neighbour
  EXPECT_EQ(nearest_support(support, support.slice(0, 2, 3))[0], 2);
  EXPECT_THROW(anomaly_scores(support, randn({2, 8}), ScoreMode::Max), std::invalid_argument);
  EXPECT_THROW(parse_score_mode("best"), std::invalid_argument);
}

}  // namespace haad::test
