// Anomaly scores of test embeddings against a support set of K normal
// embeddings (unit rows):
//   max:         1 - max_k cos(x, s_k)                 (the method's default)
//   knn:         1 - mean of the k largest cos(x, s_k)
//   mahalanobis: (x - mu)^T (S + lambda I)^-1 (x - mu), mu and S from the
//                support, shrunk towards a scaled identity (K is small)
//   mean-l2:     mean Euclidean distance to the support rows (the score of the
//                authors' released code)
#pragma once
#include <string>
#include <vector>
#include "engine/tensor.h"

namespace haad {

// Hybrid: hybrid_scores() below (the learned embedding and raw DCT together);
// anomaly_scores() alone cannot compute it (it needs both spaces)
enum class ScoreMode { Max, Knn, Mahalanobis, MeanL2, Hybrid };
ScoreMode parse_score_mode(const std::string& s);
const char* score_mode_name(ScoreMode m);

std::vector<double> anomaly_scores(const Tensor& support, const Tensor& test, ScoreMode mode, int knn_k = 3);
// The spread of normal clips in a space: the mean leave-one-out max-cosine
// score of the support rows (each against the others); NaN when K < 2.
double support_spread(const Tensor& support);
// Typical same-category nearest-neighbour max-cosine score of the rows of emb
// listed per category (the median over rows whose category has >= 2 rows):
// the spread a model falls back to when the support set has one clip.
double typical_spread(const Tensor& emb, const std::vector<std::vector<int>>& rows_by_class);
// Hybrid score: the learned embedding's max-cosine score plus raw DCT kNN's,
// each divided by the spread of normal clips in its own space (support_spread,
// or the fallback for K = 1), so neither space dominates by its scale and the
// calibration follows each support set.
std::vector<double> hybrid_scores(const Tensor& emb_support, const Tensor& emb_test, const Tensor& raw_support,
                                  const Tensor& raw_test, double fallback_emb, double fallback_raw);
// index of the most similar support row for each test row
std::vector<int> nearest_support(const Tensor& support, const Tensor& test);

}  // namespace haad
