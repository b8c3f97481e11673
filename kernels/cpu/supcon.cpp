// Supervised contrastive loss (Khosla et al. 2020), fused.
//   S = Z Z^T / tau;  for anchor i (self excluded):
//   logp_ij = S_ij - log sum_{a != i} exp(S_ia)
//   L_i = -(1/|P(i)|) sum_{p in P(i)} logp_ip,  P(i) = {p != i : y_p = y_i}
//   L = mean of L_i over anchors with |P(i)| > 0
// Forward keeps the softmax probabilities (N x N) for backward:
//   dL/dS_ij = (prob_ij - [j in P(i)] / |P(i)|) / n_anchors   (0 on the diagonal and for rows without positives)
//   dZ = (G + G^T) Z / tau
#include <cmath>
#include <vector>
#include "kernels/cpu/cpu.h"
#include "kernels/cpu/dispatch.h"
#include "kernels/cpu/vecmath.h"

namespace haad {

template <class T>
static double fwd_t(const T* z, const int64_t* y, T* prob, int64_t N, int64_t D, double tau) {
  GemmArgs g{N, N, D, z, D, 1, z, 1, D, prob, N, 1.0 / tau, 0.0};  // prob <- S
  cpu_gemm(std::is_same<T, float>::value ? DType::F32 : DType::F64, g);
  double total = 0;
  int64_t anchors = 0;
#pragma omp parallel for reduction(+ : total, anchors) if (N * N > 16384)
  for (int64_t i = 0; i < N; ++i) {
    T* s = prob + i * N;
    T mx = -INFINITY;
    for (int64_t j = 0; j < N; ++j) if (j != i && s[j] > mx) mx = s[j];
    double z_sum = 0;
    for (int64_t j = 0; j < N; ++j) z_sum += j == i ? 0.0 : (double)vexp((T)(s[j] - mx));
    double lse = mx + std::log(z_sum);
    double pos_sum = 0;
    int64_t npos = 0;
    for (int64_t j = 0; j < N; ++j)
      if (j != i && y[j] == y[i]) { pos_sum += s[j] - lse; ++npos; }
    for (int64_t j = 0; j < N; ++j) s[j] = j == i ? T(0) : (T)std::exp((double)s[j] - lse);
    if (npos) { total += -pos_sum / npos; ++anchors; }
  }
  return anchors ? total / anchors : 0.0;
}

template <class T>
static void bwd_t(const T* z, const int64_t* y, const T* prob, T* gz, int64_t N, int64_t D, double tau, double gout) {
  std::vector<int64_t> npos(N, 0);
  int64_t anchors = 0;
  for (int64_t i = 0; i < N; ++i) {
    for (int64_t j = 0; j < N; ++j) npos[i] += j != i && y[j] == y[i];
    anchors += npos[i] > 0;
  }
  std::vector<T> G((size_t)N * N, T(0));
  if (anchors) {
    double sc = gout / anchors;
    for (int64_t i = 0; i < N; ++i) {
      if (!npos[i]) continue;
      for (int64_t j = 0; j < N; ++j) {
        if (j == i) continue;
        double pos = y[j] == y[i] ? 1.0 / npos[i] : 0.0;
        G[i * N + j] = (T)(sc * (prob[i * N + j] - pos));
      }
    }
    for (int64_t i = 0; i < N; ++i)  // symmetrise: G + G^T
      for (int64_t j = i + 1; j < N; ++j) {
        T s = G[i * N + j] + G[j * N + i];
        G[i * N + j] = G[j * N + i] = s;
      }
  }
  GemmArgs g{N, D, N, G.data(), N, 1, z, D, 1, gz, D, 1.0 / tau, 0.0};
  cpu_gemm(std::is_same<T, float>::value ? DType::F32 : DType::F64, g);
}

double cpu_supcon_fwd(DType t, const void* z, const int64_t* y, void* prob, int64_t N, int64_t D, double tau) {
  double r = 0;
  HAAD_FLOAT_DISPATCH(t, r = fwd_t<T>((const T*)z, y, (T*)prob, N, D, tau));
  return r;
}

void cpu_supcon_bwd(DType t, const void* z, const int64_t* y, const void* prob, void* gz, int64_t N, int64_t D,
                    double tau, double gout) {
  HAAD_FLOAT_DISPATCH(t, bwd_t<T>((const T*)z, y, (const T*)prob, (T*)gz, N, D, tau, gout));
}

}  // namespace haad
