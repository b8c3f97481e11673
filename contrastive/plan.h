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
//     loops over the final rows (embed_from nodes/both: each clip's J rows are
//     gathered from the joint-major layout into one row, no pooling).
// The kernel path (AVX2 or AVX-512) is fixed when the plan is built.
//
// ST-GCN (input [B, 3, T, J], T fixed when the plan is built) runs on the same
// kernels with activations stored [J, B, T, C]: the three partition products
// and the spatial linear layer are reordered (they commute: one mixes joints,
// the other channels) into U_k = h W_k and one [J, 3J] x [3J, B*T*C'] GEMM
// whose epilogue adds the folded bias + batch norm and applies ReLU; the
// temporal convolution reads each sequence's zero-padded rows in place as a
// GEMM with K = 9 C' (overlapping rows, lda = stride * C'), batch norm folded
// into its weights, residual add + ReLU in its epilogue.
#pragma once
#include <memory>
#include <mutex>
#include <vector>
#include "contrastive/encoder.h"
#include "kernels/cpu/cpu.h"

namespace haad {

class EncoderPlan {
 public:
  static bool supported(const Encoder& e) {
    // per-joint embeddings (nodes, both): the GCN plan only (ST-GCN pools inside its last layer)
    bool per_joint = e.cfg.embed_from == "nodes" || e.cfg.embed_from == "both";
    return e.cfg.arch == "gcn" || (e.cfg.arch == "stgcn" && !per_joint);
  }
  // Copies (and folds) the weights of an encoder in eval mode. frames: T of
  // the ST-GCN input (unused for gcn). Throws std::invalid_argument otherwise.
  explicit EncoderPlan(const Encoder& e, int frames = 0);

  int joints() const { return J_; }
  int dim() const { return D_; }
  int panel_width() const { return nr_; }
  int64_t input_floats() const { return in_floats_; }  // per clip: J*F (gcn) or 3*T*J (stgcn)
  int chunk() const { return chunk_; }                 // clips per pass; larger batches run in chunks
  // floats of workspace embed() needs (for any batch size)
  size_t workspace_floats() const;
  // x: B clips of input_floats() (the encoder's input layout) -> out [B, dim] unit rows.
  // ws: workspace_floats() floats.
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
  struct StLayer {
    Layer u[3];                 // W_k (spatial linear, partition k), batch norm 1 scale folded
    std::vector<float> shift1;  // spatial bias + batch norm 1 shift, per channel
    Layer temporal;             // [9 C', C'], batch norm 2 folded
    bool has_res = false;
    Layer res;
    int64_t cin = 0, cout = 0, stride = 1, T = 0, To = 0;
  };
  bool st_ = false;
  int J_ = 0, F_ = 0, C_ = 0, D_ = 0, nr_ = 16, chunk_ = 64;
  int64_t in_floats_ = 0, T0_ = 0;
  bool head_ = false;
  bool nodes_ = false, pooled_too_ = false;  // embed_from nodes: per-joint rows; both: the pooled row too
  Layer in_, head1_, head2_;
  std::vector<Block> blocks_;
  std::vector<float> parts_t_;                // ST-GCN: A'[j, k*J + i] = P_k[i, j]
  std::vector<float> data_scale_, data_shift_;  // ST-GCN input batch norm
  std::vector<StLayer> layers_;
  size_t st_h_ = 0, st_u_ = 0, st_y_ = 0, st_pad_ = 0, st_z_ = 0;  // ST-GCN buffer sizes (floats)
  Layer make_layer(const Linear& l, const std::vector<float>* scale = nullptr, const std::vector<float>* shift = nullptr) const;
  Layer pack(const std::vector<float>& wt, int64_t K, int64_t N, std::vector<float> bias) const;  // wt [K, N]
  void build_gcn(const Encoder& e);
  void build_stgcn(const Encoder& e, int frames);
  void embed_chunk(const float* x, int64_t B, float* out, float* ws) const;
  void stgcn_chunk(const float* x, int64_t B, float* pooled, float* ws) const;
  void finish(float* pooled, int64_t B, float* out, float* ws) const;  // head or not, then L2
  void per_joint_rows(const float* h, int64_t B, float* out, float* pooled) const;
};

// A plan plus workspaces for concurrent callers: each call borrows a
// workspace (made the first time there are more concurrent callers than
// workspaces) and returns it, so steady-state calls allocate nothing.
class PlanRunner {
 public:
  explicit PlanRunner(const Encoder& e, int frames = 0) : plan_(e, frames) {}
  const EncoderPlan& plan() const { return plan_; }
  // x: B clips of plan().input_floats() -> [B, dim]
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
