// Inference plan for the GCN encoder: built once from a trained model, then
// embed() runs a fixed list of fused kernels (kernels/cpu/fused.cpp) over one
// preallocated workspace -- no autograd records, no tensors, no allocator
// calls and no shape checks per call. Same outputs as Encoder::embed (eval
// mode) to float rounding; tests/model/test_plan.cpp checks every GCN variant.
//
// What is folded or fused at build time:
//   - weights are transposed and packed into the GEMM kernel's column panels;
//   - each block's adjacency A + B_l is summed once;
//   - batch norm (eval) is folded into the preceding linear layer;
//   - linear + bias + layer norm + GELU + residual add run as one pass per
//     row block (the rows are still in L1 when the epilogue runs);
//   - activations are stored joint-major [J, B, C], so the adjacency product of
//     a whole batch is one GEMM ([J, J] x [J, B*C]) instead of B small ones;
//   - mean pooling, L2 normalisation and the support similarities are plain
//     loops over the final rows.
// The kernel path (AVX2 or AVX-512) is fixed when the plan is built.
//
// Architectures without a plan (stgcn) return false from supported(); callers
// keep the eager forward for them.
#pragma once
#include <memory>
#include <mutex>
#include <vector>
#include "contrastive/encoder.h"
#include "kernels/cpu/cpu.h"

namespace haad {

class EncoderPlan {
 public:
  static bool supported(const Encoder& e) { return e.cfg.arch == "gcn"; }
  // Copies (and folds) the weights of a GCN encoder; throws std::invalid_argument for other architectures.
  explicit EncoderPlan(const Encoder& e);

  int joints() const { return J_; }
  int in_features() const { return F_; }
  int dim() const { return D_; }
  int panel_width() const { return nr_; }
  static constexpr int kChunk = 64;  // clips per pass; larger batches run in chunks
  // floats of workspace embed() needs (for any batch size)
  size_t workspace_floats() const;
  // x [B, J, F] row-major features -> out [B, dim] unit rows. ws: workspace_floats() floats.
  void embed(const float* x, int64_t B, float* out, float* ws) const;

 private:
  struct Layer {
    std::vector<float> w;     // packed [K, N] panels
    std::vector<float> bias;  // [N]
    int64_t K = 0, N = 0;
  };
  struct Block {
    std::vector<float> adj;  // A + B_l, [J, J] row-major
    Layer lin;
    bool norm = true;  // layer norm epilogue (else batch norm, folded into lin)
    std::vector<float> gamma, beta;
    float eps = 1e-5f;
  };
  int J_ = 0, F_ = 0, C_ = 0, D_ = 0, nr_ = 16;
  bool head_ = false;
  Layer in_, head1_, head2_;
  std::vector<Block> blocks_;
  Layer make_layer(const Linear& l, const std::vector<float>* scale = nullptr, const std::vector<float>* shift = nullptr) const;
  void embed_chunk(const float* x, int64_t B, float* out, float* ws) const;
};

// A plan plus workspaces for concurrent callers: each call borrows a
// workspace (made the first time there are more concurrent callers than
// workspaces) and returns it, so steady-state calls allocate nothing.
class PlanRunner {
 public:
  explicit PlanRunner(const Encoder& e) : plan_(e) {}
  const EncoderPlan& plan() const { return plan_; }
  // x [B, J, F] -> [B, dim]
  void embed(const float* x, int64_t B, float* out) const;
  // 1 - max_k cos(x_b, support_k), support [K, dim] unit rows
  void score_max(const float* x, int64_t B, const float* support, int64_t K, double* out) const;

 private:
  EncoderPlan plan_;
  mutable std::mutex mu_;
  mutable std::vector<std::unique_ptr<std::vector<float>>> free_;
  std::unique_ptr<std::vector<float>> borrow() const;
  void give_back(std::unique_ptr<std::vector<float>> w) const;
};

}  // namespace haad
