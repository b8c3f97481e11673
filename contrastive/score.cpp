#include "contrastive/score.h"
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include "engine/ops.h"

namespace haad {

ScoreMode parse_score_mode(const std::string& s) {
  if (s == "max") return ScoreMode::Max;
  if (s == "knn") return ScoreMode::Knn;
  if (s == "mahalanobis") return ScoreMode::Mahalanobis;
  if (s == "mean-l2") return ScoreMode::MeanL2;
  if (s == "hybrid") return ScoreMode::Hybrid;
  throw std::invalid_argument("unknown score '" + s + "' (max, knn, mahalanobis, mean-l2, hybrid)");
}
const char* score_mode_name(ScoreMode m) {
  switch (m) {
    case ScoreMode::Max: return "max";
    case ScoreMode::Knn: return "knn";
    case ScoreMode::Mahalanobis: return "mahalanobis";
    case ScoreMode::MeanL2: return "mean-l2";
    case ScoreMode::Hybrid: return "hybrid";
  }
  return "?";
}

static std::vector<double> sims(const Tensor& support, const Tensor& test) {
  NoGradGuard ng;
  return matmul(test, support.transpose(0, 1)).to_vector<double>();  // [N, K]
}

std::vector<int> nearest_support(const Tensor& support, const Tensor& test) {
  int64_t N = test.size(0), K = support.size(0);
  std::vector<double> s = sims(support, test);
  std::vector<int> out(N);
  for (int64_t i = 0; i < N; ++i) out[i] = (int)(std::max_element(s.begin() + i * K, s.begin() + (i + 1) * K) - (s.begin() + i * K));
  return out;
}

// Cholesky solve of (A) x = b for a symmetric positive-definite A [D, D]
static std::vector<double> chol_solve(std::vector<double> A, std::vector<double> b, int D) {
  for (int j = 0; j < D; ++j) {
    double d = A[j * D + j];
    for (int k = 0; k < j; ++k) d -= A[j * D + k] * A[j * D + k];
    d = std::sqrt(std::max(d, 1e-12));
    A[j * D + j] = d;
    for (int i = j + 1; i < D; ++i) {
      double v = A[i * D + j];
      for (int k = 0; k < j; ++k) v -= A[i * D + k] * A[j * D + k];
      A[i * D + j] = v / d;
    }
  }
  for (int i = 0; i < D; ++i) {  // L y = b
    for (int k = 0; k < i; ++k) b[i] -= A[i * D + k] * b[k];
    b[i] /= A[i * D + i];
  }
  for (int i = D - 1; i >= 0; --i) {  // L^T x = y
    for (int k = i + 1; k < D; ++k) b[i] -= A[k * D + i] * b[k];
    b[i] /= A[i * D + i];
  }
  return b;
}

std::vector<double> anomaly_scores(const Tensor& support, const Tensor& test, ScoreMode mode, int knn_k) {
  if (support.dim() != 2 || test.dim() != 2 || support.size(1) != test.size(1))
    throw std::invalid_argument("anomaly_scores: support " + support.shape().str() + " and test " + test.shape().str() + " differ");
  int64_t N = test.size(0), K = support.size(0), D = support.size(1);
  if (K == 0) throw std::invalid_argument("anomaly_scores: empty support set");
  if (mode == ScoreMode::Hybrid) throw std::invalid_argument("anomaly_scores: the hybrid score needs raw features too (hybrid_scores)");
  std::vector<double> out(N);
  if (mode == ScoreMode::MeanL2) {
    std::vector<double> sv = support.to_vector<double>(), tv = test.to_vector<double>();
    for (int64_t i = 0; i < N; ++i) {
      double m = 0;
      for (int64_t k = 0; k < K; ++k) {
        double q = 0;
        for (int64_t d = 0; d < D; ++d) q += (tv[i * D + d] - sv[k * D + d]) * (tv[i * D + d] - sv[k * D + d]);
        m += std::sqrt(q) / K;
      }
      out[i] = m;
    }
    return out;
  }
  if (mode != ScoreMode::Mahalanobis) {
    std::vector<double> s = sims(support, test);
    int k = mode == ScoreMode::Max ? 1 : (int)std::min<int64_t>(knn_k, K);
    for (int64_t i = 0; i < N; ++i) {
      std::vector<double> row(s.begin() + i * K, s.begin() + (i + 1) * K);
      std::partial_sort(row.begin(), row.begin() + k, row.end(), std::greater<double>());
      double m = 0;
      for (int q = 0; q < k; ++q) m += row[q] / k;
      out[i] = 1 - m;
    }
    return out;
  }
  std::vector<double> sv = support.to_vector<double>(), tv = test.to_vector<double>();
  std::vector<double> mu(D, 0), S((size_t)D * D, 0);
  for (int64_t k = 0; k < K; ++k)
    for (int64_t d = 0; d < D; ++d) mu[d] += sv[k * D + d] / K;
  for (int64_t k = 0; k < K; ++k)
    for (int64_t a = 0; a < D; ++a)
      for (int64_t b = 0; b < D; ++b) S[a * D + b] += (sv[k * D + a] - mu[a]) * (sv[k * D + b] - mu[b]) / std::max<int64_t>(1, K - 1);
  double tr = 0;
  for (int64_t d = 0; d < D; ++d) tr += S[d * D + d];
  // shrinkage towards (tr/D) I: with K <= D the sample covariance is singular
  double alpha = K > 1 ? std::min(1.0, 2.0 / K) : 1.0, target = std::max(tr / D, 1e-3);
  for (int64_t a = 0; a < D; ++a)
    for (int64_t b = 0; b < D; ++b) S[a * D + b] = (1 - alpha) * S[a * D + b] + (a == b ? alpha * target : 0);
  for (int64_t i = 0; i < N; ++i) {
    std::vector<double> x(D);
    for (int64_t d = 0; d < D; ++d) x[d] = tv[i * D + d] - mu[d];
    std::vector<double> y = chol_solve(S, x, (int)D);
    double q = 0;
    for (int64_t d = 0; d < D; ++d) q += x[d] * y[d];
    out[i] = q;
  }
  return out;
}

double support_spread(const Tensor& support) {
  int64_t K = support.size(0);
  if (K < 2) return NAN;
  std::vector<double> s = sims(support, support);
  double total = 0;
  for (int64_t i = 0; i < K; ++i) {
    double best = -2;
    for (int64_t j = 0; j < K; ++j)
      if (j != i) best = std::max(best, s[i * K + j]);
    total += 1 - best;
  }
  return total / K;
}

double typical_spread(const Tensor& emb, const std::vector<std::vector<int>>& rows_by_class) {
  std::vector<double> nn;
  std::vector<double> all = emb.to_vector<double>();
  int64_t D = emb.size(1);
  for (const auto& idx : rows_by_class) {
    if (idx.size() < 2) continue;
    for (int i : idx) {
      double best = -2;
      for (int j : idx) {
        if (j == i) continue;
        double d = 0;
        for (int64_t c = 0; c < D; ++c) d += all[(size_t)i * D + c] * all[(size_t)j * D + c];
        best = std::max(best, d);
      }
      nn.push_back(1 - best);
    }
  }
  if (nn.empty()) return 1.0;
  std::nth_element(nn.begin(), nn.begin() + nn.size() / 2, nn.end());
  return nn[nn.size() / 2];
}

std::vector<double> hybrid_scores(const Tensor& emb_support, const Tensor& emb_test, const Tensor& raw_support,
                                  const Tensor& raw_test, double fallback_emb, double fallback_raw) {
  std::vector<double> a = anomaly_scores(emb_support, emb_test, ScoreMode::Max);
  std::vector<double> b = anomaly_scores(raw_support, raw_test, ScoreMode::Max);
  double sa = support_spread(emb_support), sb = support_spread(raw_support);
  if (!(sa > 1e-9)) sa = std::max(fallback_emb, 1e-9);
  if (!(sb > 1e-9)) sb = std::max(fallback_raw, 1e-9);
  for (size_t i = 0; i < a.size(); ++i) a[i] = a[i] / sa + b[i] / sb;
  return a;
}

}  // namespace haad
