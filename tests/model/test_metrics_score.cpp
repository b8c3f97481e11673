// Detection metrics and support-set scoring.
#include <cmath>
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
  for (ScoreMode m : {ScoreMode::Max, ScoreMode::Knn, ScoreMode::Mahalanobis, ScoreMode::MeanL2}) {
    std::vector<double> s = anomaly_scores(support, test, m);
    for (int i = 0; i < 4; ++i) EXPECT_GT(s[4], s[i]) << score_mode_name(m);
  }
  std::vector<double> self = anomaly_scores(support, support, ScoreMode::Max);
  for (double v : self) EXPECT_NEAR(v, 0.0, 1e-5);  // a support clip is its own nearest neighbour
  EXPECT_EQ(nearest_support(support, support.slice(0, 2, 3))[0], 2);
  EXPECT_THROW(anomaly_scores(support, randn({2, 8}), ScoreMode::Max), std::invalid_argument);
  EXPECT_THROW(parse_score_mode("best"), std::invalid_argument);
}

TEST(Score, MeanL2IsTheMeanEuclideanDistance) {
  Tensor sup = from_vector(std::vector<float>{0, 0, 3, 4}, {2, 2}), test = from_vector(std::vector<float>{0, 0}, {1, 2});
  EXPECT_NEAR(anomaly_scores(sup, test, ScoreMode::MeanL2)[0], 2.5, 1e-9);  // (0 + 5) / 2
  EXPECT_EQ(parse_score_mode("mean-l2"), ScoreMode::MeanL2);
  EXPECT_STREQ(score_mode_name(ScoreMode::MeanL2), "mean-l2");
}

TEST(Score, HybridScalesEachSpaceBySupportSpread) {
  // unit rows: e0, e1 (orthogonal) as support; the test row e2 is 1 away from both
  Tensor sup = from_vector(std::vector<float>{1, 0, 0, 0, 1, 0}, {2, 3});
  Tensor test = from_vector(std::vector<float>{0, 0, 1, 1, 0, 0}, {2, 3});
  EXPECT_NEAR(support_spread(sup), 1.0, 1e-6);                            // each support row is 1 from the other
  EXPECT_TRUE(std::isnan(support_spread(sup.slice(0, 0, 1))));            // K = 1: no spread
  Tensor same = from_vector(std::vector<float>{0.6f, 0.8f, 0, 0.6f, 0.8f, 0}, {2, 3});
  EXPECT_NEAR(support_spread(same), 0.0, 1e-6);
  // raw space: the support pair is close (spread 0.02), so the same distances count 50x more there
  Tensor rs = from_vector(std::vector<float>{1, 0, 0, 0.98f, 0.19899749f, 0}, {2, 3});
  Tensor rt = from_vector(std::vector<float>{0, 0, 1, 1, 0, 0}, {2, 3});
  std::vector<double> a = anomaly_scores(sup, test, ScoreMode::Max), b = anomaly_scores(rs, rt, ScoreMode::Max);
  double sb = support_spread(rs);
  EXPECT_NEAR(sb, 0.02, 1e-5);
  std::vector<double> h = hybrid_scores(sup, test, rs, rt, 7.0, 7.0);
  for (int i = 0; i < 2; ++i) EXPECT_NEAR(h[i], a[i] / 1.0 + b[i] / sb, 1e-4);
  EXPECT_GT(h[0], h[1]);  // e2 is far in both spaces; e0 is a support row
  // K = 1 falls back to the given spreads
  std::vector<double> h1 = hybrid_scores(sup.slice(0, 0, 1), test, rs.slice(0, 0, 1), rt, 2.0, 4.0);
  std::vector<double> a1 = anomaly_scores(sup.slice(0, 0, 1), test, ScoreMode::Max), b1 = anomaly_scores(rs.slice(0, 0, 1), rt, ScoreMode::Max);
  for (int i = 0; i < 2; ++i) EXPECT_NEAR(h1[i], a1[i] / 2.0 + b1[i] / 4.0, 1e-6);
}

TEST(Score, TypicalSpreadIsTheMedianSameCategoryNeighbourScore) {
  // category 0: three rows at 0, 0 and 90 degrees; category 1: one row (ignored)
  Tensor e = from_vector(std::vector<float>{1, 0, 1, 0, 0, 1, 0.6f, 0.8f}, {4, 2});
  // nearest same-category scores: row0 -> row1 (0), row1 -> row0 (0), row2 -> rows 0/1 (1): median 0
  EXPECT_NEAR(typical_spread(e, {{0, 1, 2}, {3}}), 0.0, 1e-6);
  EXPECT_NEAR(typical_spread(e, {{0, 2}}), 1.0, 1e-6);
  EXPECT_EQ(typical_spread(e, {{3}}), 1.0);  // nothing to measure: neutral 1
}

}  // namespace haad::test
