// Anomaly scores of test embeddings against a support set of K normal
// embeddings (unit rows):
//   max:         1 - max_k cos(x, s_k)                 (the method's default)
//   knn:         1 - mean of the k largest cos(x, s_k)
//   mahalanobis: (x - mu)^T (S + lambda I)^-1 (x - mu), mu and S from the
//                support, shrunk towards a scaled identity (K is small)
#pragma once
#include <string>
#include <vector>
#include "engine/tensor.h"

namespace haad {

enum class ScoreMode { Max, Knn, Mahalanobis };
ScoreMode parse_score_mode(const std::string& s);
const char* score_mode_name(ScoreMode m);

std::vector<double> anomaly_scores(const Tensor& support, const Tensor& test, ScoreMode mode, int knn_k = 3);
// index of the most similar support row for each test row
std::vector<int> nearest_support(const Tensor& support, const Tensor& test);

}  // namespace haad
