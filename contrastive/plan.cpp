#include "contrastive/plan.h"
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace haad {

static std::vector<float> values(const Tensor& t) { return t.contiguous().to_vector<float>(); }

// Linear [out, in] -> packed [in, out] panels; optionally y = (x W^T + b) * scale + shift per output
EncoderPlan::Layer EncoderPlan::make_layer(const Linear& l, const std::vector<float>* scale,
                                           const std::vector<float>* shift) const {
  Layer L;
  L.N = l.weight->size(0);
  L.K = l.weight->size(1);
  std::vector<float> w = values(*l.weight), wt((size_t)(L.K * L.N));
  L.bias = l.bias ? values(*l.bias) : std::vector<float>((size_t)L.N, 0.f);
  for (int64_t o = 0; o < L.N; ++o) {
    float s = scale ? (*scale)[o] : 1.f;
    for (int64_t i = 0; i < L.K; ++i) wt[i * L.N + o] = w[o * L.K + i] * s;
    if (scale) L.bias[o] = L.bias[o] * s + (*shift)[o];
  }
  L.w.resize((size_t)cpu_plan_packed_size(L.K, L.N, nr_));
  cpu_plan_pack(wt.data(), L.K, L.N, nr_, L.w.data());
  return L;
}

EncoderPlan::EncoderPlan(const Encoder& e) {
  if (!supported(e)) throw std::invalid_argument("no inference plan for encoder '" + e.cfg.arch + "' (gcn only)");
  const auto& g = static_cast<const GCNEncoder&>(e);
  nr_ = cpu_plan_panel_width();
  J_ = g.cfg.joints;
  F_ = g.cfg.in_features;
  C_ = g.cfg.hidden;
  head_ = g.cfg.embed_from != "backbone";
  D_ = head_ ? g.cfg.embed : g.cfg.hidden;
  in_ = make_layer(g.in);
  std::vector<float> A = values(*g.A);
  for (const auto& bp : g.blocks) {
    Block b;
    std::vector<float> corr = values(*bp->adj_corr);
    b.adj.resize(A.size());
    for (size_t i = 0; i < A.size(); ++i) b.adj[i] = A[i] + corr[i];
    b.norm = !bp->batch_norm;
    if (b.norm) {
      b.lin = make_layer(bp->lin);
      b.gamma = values(*bp->ln.weight);
      b.beta = values(*bp->ln.bias);
      b.eps = (float)bp->ln.eps;
    } else {  // eval-mode batch norm is an affine map per channel: fold it into the linear layer
      std::vector<float> gm = values(*bp->bn.weight), bt = values(*bp->bn.bias), rm = values(*bp->bn.running_mean),
                         rv = values(*bp->bn.running_var), scale(gm.size()), shift(gm.size());
      for (size_t c = 0; c < gm.size(); ++c) {
        scale[c] = gm[c] / std::sqrt(rv[c] + (float)bp->bn.eps);
        shift[c] = bt[c] - rm[c] * scale[c];
      }
      b.lin = make_layer(bp->lin, &scale, &shift);
    }
    blocks_.push_back(std::move(b));
  }
  if (head_) {
    head1_ = make_layer(g.head1);
    head2_ = make_layer(g.head2);
  }
}

// workspace: xT [J*B, F] | h [J*B, C] | t [J*B, C] | z [J*B, C] | pooled [B, C] | h1 [B, C]
size_t EncoderPlan::workspace_floats() const {
  size_t rows = (size_t)J_ * kChunk;
  return rows * F_ + 3 * rows * C_ + 2 * (size_t)kChunk * C_ + 64;
}

void EncoderPlan::embed(const float* x, int64_t B, float* out, float* ws) const {
  for (int64_t b0 = 0; b0 < B; b0 += kChunk)
    embed_chunk(x + b0 * J_ * F_, std::min<int64_t>(kChunk, B - b0), out + b0 * D_, ws);
}

void EncoderPlan::embed_chunk(const float* x, int64_t B, float* out, float* ws) const {
  const int64_t rows = (int64_t)J_ * B, J = J_, F = F_, C = C_;
  float* xT = ws;
  float* h = xT + (size_t)J * kChunk * F;
  float* t = h + (size_t)J * kChunk * C;
  float* z = t + (size_t)J * kChunk * C;
  float* pooled = z + (size_t)J * kChunk * C;
  float* h1 = pooled + (size_t)kChunk * C;
  // joint-major input: row (j, b) = x[b, j, :]  (a single clip already is)
  const float* xin = x;
  if (B > 1) {
    for (int64_t j = 0; j < J; ++j)
      for (int64_t b = 0; b < B; ++b) std::copy_n(x + (b * J + j) * F, F, xT + (j * B + b) * F);
    xin = xT;
  }
  PlanEpilogue none;
  cpu_plan_gemm(xin, F, rows, F, plan_b_packed(in_.w.data(), F, nr_), C, in_.bias.data(), h, C, none);
  for (const Block& bl : blocks_) {
    // t = (A + B_l) h for the whole batch: [J, J] x [J, B*C]
    cpu_plan_gemm(bl.adj.data(), J, J, J, plan_b_rowmajor(h, B * C, nr_), B * C, nullptr, t, B * C, none);
    // h += GELU(norm(t W + b)), row block by row block
    PlanEpilogue ep;
    ep.kind = bl.norm ? PlanEpilogue::NormGeluResidual : PlanEpilogue::GeluResidual;
    ep.gamma = bl.gamma.data();
    ep.beta = bl.beta.data();
    ep.eps = bl.eps;
    ep.out = h;
    ep.ldo = C;
    cpu_plan_gemm(t, C, rows, C, plan_b_packed(bl.lin.w.data(), C, nr_), C, bl.lin.bias.data(), z, C, ep);
  }
  cpu_plan_mean_rows(h, B, J, C, head_ ? pooled : out);
  if (head_) {
    PlanEpilogue gelu;
    gelu.kind = PlanEpilogue::Gelu;
    cpu_plan_gemm(pooled, C, B, C, plan_b_packed(head1_.w.data(), C, nr_), C, head1_.bias.data(), h1, C, gelu);
    cpu_plan_gemm(h1, C, B, C, plan_b_packed(head2_.w.data(), C, nr_), D_, head2_.bias.data(), out, D_, none);
  }
  cpu_plan_l2_normalize(out, B, D_, 1e-12f);
}

// ---------------------------------------------------------------- runner
std::unique_ptr<std::vector<float>> PlanRunner::borrow() const {
  {
    std::lock_guard<std::mutex> lk(mu_);
    if (!free_.empty()) {
      auto w = std::move(free_.back());
      free_.pop_back();
      return w;
    }
  }
  return std::make_unique<std::vector<float>>(plan_.workspace_floats() + (size_t)EncoderPlan::kChunk * plan_.dim());
}

void PlanRunner::give_back(std::unique_ptr<std::vector<float>> w) const {
  std::lock_guard<std::mutex> lk(mu_);
  free_.push_back(std::move(w));
}

void PlanRunner::embed(const float* x, int64_t B, float* out) const {
  auto w = borrow();
  plan_.embed(x, B, out, w->data());
  give_back(std::move(w));
}

void PlanRunner::score_max(const float* x, int64_t B, const float* support, int64_t K, double* out) const {
  auto w = borrow();
  const int64_t D = plan_.dim(), JF = (int64_t)plan_.joints() * plan_.in_features();
  float* emb = w->data() + plan_.workspace_floats();
  for (int64_t b0 = 0; b0 < B; b0 += EncoderPlan::kChunk) {
    int64_t n = std::min<int64_t>(EncoderPlan::kChunk, B - b0);
    plan_.embed(x + b0 * JF, n, emb, w->data());
    for (int64_t i = 0; i < n; ++i) {
      float best = -INFINITY;
      for (int64_t k = 0; k < K; ++k) {
        float s;
        cpu_plan_similarities(emb + i * D, 1, support + k * D, 1, D, &s);
        best = std::max(best, s);
      }
      out[b0 + i] = 1.0 - (double)best;
    }
  }
  give_back(std::move(w));
}

}  // namespace haad
