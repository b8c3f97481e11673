// Skeleton encoders mapping a clip to a unit-length embedding.
//
// GCNEncoder (the default): nodes are joints with DCT features; an input
// projection, `blocks` residual graph-conv blocks
//     h <- h + Dropout(GELU(Norm((A + B_l) h W_l)))
// with A the symmetric-normalised skeleton adjacency and B_l a learnable
// correction (zero at start), mean pooling over joints, and a projection head
// (Linear-GELU-Linear) whose output is L2-normalised.
//
// LTDEncoder (the authors' encoder, --preset paper): LTD-style graph convolutions
// (Mao et al. 2019) with a learnable dense J x J adjacency per layer,
//     gc(x) = att (x W) + b,
// input gc 3M -> hidden with batch norm over the flattened [J * hidden] and tanh,
// `blocks` residual blocks of two such layers, a last gc back to 3M plus the
// input (a global residual); the embedding is each joint's maximum over its 3M
// outputs (a J-dim vector, L2-normalised), no projection head.
//
// STGCNEncoder: the ST-GCN layer list scaled down, over raw frames [B, 3, H, J]:
// spatial-partition graph conv (3 partitions) + temporal conv (kernel 9) per
// layer, residuals, global pooling, the same projection head.
#pragma once
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include "io/skeleton.h"
#include "nn/layers.h"

namespace haad {

struct EncoderConfig {
  std::string arch = "gcn";  // gcn | stgcn | ltd
  int joints = 20;
  int in_features = 60;      // 3 * M (gcn)
  int hidden = 128;
  int blocks = 4;
  int embed = 128;
  double dropout = 0.1;
  std::string norm = "layer";  // layer | batch
  // head: projection output; backbone: pooled features before the head; nodes: the
  // per-joint backbone features, flattened (which joint does what is kept, as raw DCT keeps it);
  // both: the backbone and the nodes rows side by side, each unit length, scaled by 1/sqrt(2)
  // (a cosine in it is the mean of the two cosines)
  std::string embed_from = "backbone";
  std::map<std::string, std::string> to_metadata() const;
  static EncoderConfig from_metadata(const std::map<std::string, std::string>& m);
};

struct Encoder : Module {
  EncoderConfig cfg;
  // -> [B, embed] unit rows (the projection head's output: what the loss sees)
  Tensor forward(const Tensor& x) { return head(pool(x)); }
  // the embedding used for scoring: head output, or pooled backbone features
  Tensor embed(const Tensor& x) {
    if (cfg.embed_from == "backbone") return l2_normalize(pool(x), -1);
    if (cfg.embed_from == "nodes") return l2_normalize(nodes(x).flatten(1), -1);
    if (cfg.embed_from == "both") {
      Tensor n = nodes(x);
      Tensor p = pool_nodes(n);  // = pool(x), without a second forward
      return cat({l2_normalize(p, -1), l2_normalize(n.flatten(1), -1)}, 1) * std::sqrt(0.5);
    }
    return forward(x);
  }
  Tensor pool(const Tensor& x) { return pool_nodes(nodes(x)); }  // -> [B, hidden]
  virtual Tensor pool_nodes(const Tensor& n) { return mean(n, {1}); }  // mean over joints
  virtual Tensor nodes(const Tensor& x) = 0;  // per-joint backbone features [B, J, hidden]
  virtual Tensor head(const Tensor& pooled) = 0;
};

struct GraphBlock : Module {
  Linear lin;
  LayerNorm ln;
  BatchNorm1d bn;
  Tensor* adj_corr;
  bool batch_norm;
  double dropout;
  GraphBlock(int J, int C, double dropout, bool batch_norm);
  Tensor forward(const Tensor& h, const Tensor& A);
};

struct GCNEncoder : Encoder {
  Linear in;
  std::vector<std::unique_ptr<GraphBlock>> blocks;
  Linear head1, head2;
  Tensor* A;  // buffer: normalised adjacency
  GCNEncoder(const EncoderConfig& c, const Skeleton& s);
  Tensor nodes(const Tensor& x) override;  // x [B, J, 3M]
  Tensor head(const Tensor& pooled) override;
};

struct LTDGraphConv : Module {
  Tensor* weight;  // [in, out]
  Tensor* att;     // [J, J], learnable
  Tensor* bias;    // [out], or null (followed by batch norm)
  LTDGraphConv(int J, int in, int out, bool bias);
  Tensor forward(const Tensor& x) const;  // [B, J, in] -> [B, J, out]
};

struct LTDEncoder : Encoder {
  std::unique_ptr<LTDGraphConv> gc_in, gc_out;
  std::vector<std::unique_ptr<LTDGraphConv>> gcs;  // two per block
  std::unique_ptr<BatchNorm1d> bn_in;
  std::vector<std::unique_ptr<BatchNorm1d>> bns;
  LTDEncoder(const EncoderConfig& c, const Skeleton& s);
  Tensor nodes(const Tensor& x) override;  // x [B, J, 3M] -> [B, J, 3M]
  Tensor pool_nodes(const Tensor& n) override;  // max over each joint's features -> [B, J]
  Tensor head(const Tensor& pooled) override;  // L2 normalisation only
};

struct STGCNLayer : Module {
  Linear spatial;  // 3C -> C' over the three partitions
  Conv1d temporal;
  BatchNorm1d bn1, bn2;
  std::unique_ptr<Linear> res;  // channel change
  int stride;
  STGCNLayer(int cin, int cout, int stride);
  Tensor forward(const Tensor& x, const Tensor& parts);  // x [B, C, T, J]
};

struct STGCNEncoder : Encoder {
  BatchNorm1d data_bn;
  std::vector<std::unique_ptr<STGCNLayer>> layers;
  Linear head1, head2;
  Tensor* parts;  // [3, J, J]
  STGCNEncoder(const EncoderConfig& c, const Skeleton& s);
  Tensor nodes(const Tensor& x) override;  // x [B, 3, H, J]; averaged over time
  Tensor head(const Tensor& pooled) override;
};

std::unique_ptr<Encoder> make_encoder(const EncoderConfig& c, const Skeleton& s);

}  // namespace haad
