// haad train / eval / run / score / embed
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include "apps/commands.h"
#include "io/clips.h"
#include "contrastive/eval.h"
#include "contrastive/localize.h"
#include "engine/rng.h"
#include "io/npy.h"
#include "io/procedural.h"
#include "io/splits.h"
#include "nn/checkpoint.h"

namespace fs = std::filesystem;

namespace haad {

const char* kDataOptions =
    "  --data DIR          data root holding msr_action3d/, utkinect/, ... (default: $HAAD_DATA or ../shared/data)\n"
    "  --dataset NAME      msr (default) | utkinect | humanact12 | generic\n"
    "  --path DIR          the dataset folder itself (instead of --data)\n"
    "  --seed N (1)        seeds everything: CPU runs are bit-reproducible\n";
const char* kEncoderOptions =
    "  --arch gcn|stgcn    encoder (default gcn)    --hidden N (128)  --blocks N (4)  --embed N (128)\n"
    "  --norm layer|batch (layer)  --dropout X (0.1)\n"
    "  --embed-from backbone|head  which features score clips (default backbone: pooled, before the head)\n"
    "  --steps N (600)     --lr X (2e-3)  --tau X (0.1)  --P N (8)  --Q N (4)  --no-aug\n"
    "  --H N (60)          frames after resampling   --M N (20) DCT coefficients kept\n";

Dataset load_from_args(const Args& a) {
  std::string ds = a.get("dataset", "msr");
  std::string path = a.get("path");
  if (path.empty()) {
    std::string root = find_data_root(a.get("data"));
    if (root.empty()) {
      std::printf("no data folder found (--data, $HAAD_DATA, ../shared/data): using haad's procedural motion set\n");
      return procedural_dataset(a.get_int("seed", 1));
    }
    std::string sub = ds == "msr" ? "msr_action3d" : ds;
    path = root + "/" + sub;
  }
  Dataset d = load_dataset(ds, path);
  std::printf("%s", d.summary().c_str());
  return d;
}

std::vector<int> training_clips(const Args& a, const Dataset& d, CategorySplit* split) {
  std::vector<std::string> held;
  std::stringstream ss(a.get("heldout"));
  for (std::string x; std::getline(ss, x, ',');)
    if (!x.empty()) held.push_back(x);
  CategorySplit cs = held.empty() ? seen_split(d) : unseen_split_by_name(d, held);
  std::vector<int> pool;
  if (a.has("all-subjects")) {
    for (size_t i = 0; i < d.clips.size(); ++i) pool.push_back((int)i);
  } else {
    pool = cross_subject(d).train;
  }
  std::vector<int> idx;
  for (int i : pool)
    if (std::count(cs.train_classes.begin(), cs.train_classes.end(), d.clips[i].label)) idx.push_back(i);
  if (split) *split = cs;
  return idx;
}

void configs_from_args(const Args& a, const Dataset& d, EncoderConfig& e, TrainConfig& t) {
  t.feat.H = (int)a.get_int("H", 60);
  t.feat.M = (int)a.get_int("M", 20);
  if (t.feat.M > t.feat.H) throw std::invalid_argument("--M must not exceed --H");
  e.arch = a.get("arch", "gcn");
  e.joints = d.skeleton.num_joints();
  e.in_features = 3 * t.feat.M;
  e.hidden = (int)a.get_int("hidden", 128);
  e.blocks = (int)a.get_int("blocks", 4);
  e.embed = (int)a.get_int("embed", 128);
  e.dropout = a.get_double("dropout", 0.1);
  e.norm = a.get("norm", "layer");
  e.embed_from = a.get("embed-from", "backbone");
  t.steps = (int)a.get_int("steps", 600);
  t.lr = a.get_double("lr", 2e-3);
  t.tau = a.get_double("tau", 0.1);
  t.P = (int)a.get_int("P", 8);
  t.Q = (int)a.get_int("Q", 4);
  t.seed = (uint64_t)a.get_int("seed", 1);
  t.augment = !a.has("no-aug");
  if (t.steps < 1 || t.P < 2 || t.Q < 1) throw std::invalid_argument("--steps >= 1, --P >= 2, --Q >= 1");
}

static std::string eval_usage(const char* head) {
  return std::string(head) + kDataOptions + kEncoderOptions +
         "  --k 1,5,10          support sizes      --draws N (10)   --folds N (5)\n"
                "  --score max|knn|mahalanobis (max)      --no-seen  --no-unseen  --no-ae\n"
                "  --out DIR           results.json, results.md, roc_*.svg, train_*.csv (default results/<dataset>)\n"
                "generative augmentation (a diffusion model per training set, trained on its clips only):\n"
                "  --gen-aug           train the encoders with generated clips mixed into batches\n"
                "  --gen-ablation N    also train with and without them for N seeds; report the AUC difference\n"
                "  --gen-ratio X (0.25) share of batch classes from the generated pool\n"
                "  --gen-per-class N (20)  --gen-partial N (1) variants per real clip  --gen-strength X (0.4)\n"
                "  --gen-ddim S (50)  --gen-guidance G (2)  --gen-kinds class,partial  (which generated clips to use)\n"
                "  --diff-steps N (1200)  --diff-latent N (128)  --diff-ff N (512)  --diff-layers N (4)  --diff-frames N (auto)\n"
                "  --device cpu|cuda   where the diffusion models train and sample\n"
                "  pools and diffusion checkpoints are cached in --out (diffusion_<tag>.safetensors, genpool_<tag>/)\n";
}

int cmd_eval(const Args& a) {
  std::string usage = eval_usage("usage: haad eval [options]\nTrains and evaluates few-shot anomaly detection: seen and unseen categories,\n"
                                 "K-shot supports, AUC/AP/EER over seeded support draws, baselines on the same episodes.\n");
  if (a.has("help")) {
    std::printf("%s", usage.c_str());
    return 0;
  }
  check_options(a, usage);
  manual_seed((uint64_t)a.get_int("seed", 1));
  Dataset d = load_from_args(a);
  EvalConfig c;
  configs_from_args(a, d, c.enc, c.train);
  c.Ks = a.get_ints("k", {1, 5, 10});
  c.draws = (int)a.get_int("draws", 10);
  c.folds = (int)a.get_int("folds", 5);
  c.seed = (uint64_t)a.get_int("seed", 1);
  c.mode = parse_score_mode(a.get("score", "max"));
  c.seen = !a.has("no-seen");
  c.unseen = !a.has("no-unseen");
  c.baseline_ae = !a.has("no-ae");
  c.out_dir = a.get("out", "results/" + d.name);
  if (a.has("gen-aug") || a.has("gen-ablation")) {
    c.gen_aug = make_gen_aug(a, d, c.out_dir);
    c.gen_ratio = a.get_double("gen-ratio", 0.25);
    c.ablation_seeds = (int)a.get_int("gen-ablation", 0);
  }
  EvalReport r = run_eval(d, c);
  std::printf("\n%s\nresults: %s/results.json, results.md, roc_seen.svg, roc_unseen.svg\n", r.markdown.c_str(), c.out_dir.c_str());
  return 0;
}

int cmd_train(const Args& a) {
  std::string usage = std::string("usage: haad train --out MODEL.safetensors [options]\nTrains the encoder on the train subjects (odd subjects).\n") +
                      kDataOptions + kEncoderOptions +
                      "  --heldout a,b       leave these categories out of training (unseen setting)\n"
                      "  --all-subjects      train on every subject's clips\n"
                      "  --resume            continue from --out if it exists\n"
                      "  --gen-pool DIR      generated clips (haad generate --class all ... --out DIR) mixed into batches\n"
                      "  --gen-ratio X (0.25) share of each batch's categories drawn from them\n";
  if (a.has("help")) {
    std::printf("%s", usage.c_str());
    return 0;
  }
  check_options(a, usage);
  if (!a.has("out")) throw std::invalid_argument("--out MODEL.safetensors is required");
  manual_seed((uint64_t)a.get_int("seed", 1));
  Dataset d = load_from_args(a);
  EncoderConfig e;
  TrainConfig t;
  configs_from_args(a, d, e, t);
  CategorySplit cs;
  std::vector<int> idx = training_clips(a, d, &cs);
  std::unique_ptr<Encoder> enc = make_encoder(e, d.skeleton);
  std::printf("encoder %s: %lld parameters\n", e.arch.c_str(), (long long)enc->num_parameters());
  t.checkpoint = a.get("out");
  t.resume = a.has("resume");
  ExtraClips pool;
  if (a.has("gen-pool")) {
    pool = load_pool_for_training(a.get("gen-pool"), d, cs.train_classes);
    t.use_extra(pool, a.get_double("gen-ratio", 0.25));
    std::printf("generated pool: %zu clips from %s, ratio %.2f\n", pool.motions.size(), a.get("gen-pool").c_str(), t.extra_ratio);
  }
  t.log_csv = a.get("out") + ".csv";
  TrainResult r = train_contrastive(*enc, d, idx, t);
  save_encoder(t.checkpoint, *enc, t.feat, d.skeleton, d.classes,
               {{"step", std::to_string(r.steps)}, {"best_val", std::to_string(r.best_val)}});
  std::printf("trained %d steps in %.1fs (%.0f clips/s); model: %s, loss log: %s\n", r.steps, r.seconds, r.clips_per_sec,
              t.checkpoint.c_str(), t.log_csv.c_str());
  return 0;
}

static Skeleton skeleton_by_name(const std::string& name, const std::string& json_path) {
  if (!json_path.empty()) {
    Dataset g;
    std::string dir = fs::path(json_path).parent_path().string();
    return load_generic(dir.empty() ? "." : dir).skeleton;
  }
  if (name == "msr20") return skeleton_msr20();
  if (name == "kinect_v1") return skeleton_kinect_v1();
  if (name == "smpl24") return skeleton_smpl24();
  throw std::invalid_argument("model skeleton '" + name + "' is not built in: pass --skeleton DIR/skeleton.json");
}

// Clips that loaded, prepared for the encoder; the bad ones are reported on
// stderr (and returned in batch.errors) unless --strict made them fatal.
static std::vector<Motion> load_clips(const std::string& spec, const Skeleton& s, const FeatureConfig& f, bool strict,
                                      ClipBatch& batch, const char* what) {
  batch = load_clip_batch(resolve_clip_files(spec), s, strict);
  for (const ClipError& e : batch.errors) std::fprintf(stderr, "haad: skipped %s clip %s: %s\n", what, e.file.c_str(), e.reason.c_str());
  std::vector<Motion> out;
  for (const Motion& m : batch.motions) out.push_back(prepare_motion(m, s, f));
  return out;
}

// a CSV field, quoted when it holds a comma, quote or line break
static std::string csv_field(const std::string& v) {
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string q = "\"";
  for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// exit status when some clips could not be used (the others were processed)
static constexpr int kSomeClipsFailed = 3;

static const char* kScoreUsage =
    "usage: haad score --model M --support DIR_OR_LIST --clips DIR_OR_LIST [options]\n"
                "Scores clips ((T,J,3) .npy) against K normal support clips: 1 = anomalous.\n"
                "  --score max|knn|mahalanobis (max)  --threshold X (flag scores above X)\n"
                "  --window W --stride S  score long clips window by window (a score curve)\n"
                "  --localize          per clip: the joints and frames that differ most from the nearest support clip\n"
                "  --skeleton FILE      skeleton.json for models on a generic-layout skeleton\n"
                "  --format json|csv (json)  --out FILE (default stdout)\n"
                "  --strict            stop at the first unusable clip (default: report it, score the rest)\n"
                "DIR_OR_LIST: a folder of .npy clips, @FILE with one path per line, or a,b,c.npy.\n"
                "A clip that cannot be used gets an error entry (file, reason); the others are scored and the\n"
                "exit status is 3 when any clip failed.\n";

int cmd_score(const Args& a) {
  if (a.has("help") || !a.has("model") || !a.has("support") || !a.has("clips")) {
    std::printf("%s", kScoreUsage);
    return a.has("help") ? 0 : 2;
  }
  check_options(a, kScoreUsage);
  auto t0 = std::chrono::steady_clock::now();
  SafeTensors st = load_safetensors(a.get("model"));
  auto it = st.metadata.find("skeleton");
  if (it == st.metadata.end()) throw std::runtime_error(a.get("model") + ": not a haad encoder (no skeleton in metadata)");
  Skeleton s = skeleton_by_name(it->second, a.get("skeleton"));
  LoadedEncoder L = load_encoder(a.get("model"), s);
  const bool strict = a.has("strict");
  ClipBatch sb, tb;
  std::vector<Motion> sup = load_clips(a.get("support"), s, L.feat, strict, sb, "support");
  if (sup.empty()) throw std::runtime_error(a.get("support") + ": none of the support clips can be used");
  std::vector<Motion> test = load_clips(a.get("clips"), s, L.feat, strict, tb, "test");
  const std::vector<std::string>& sf = sb.files;
  const std::vector<std::string>& tf = tb.files;
  std::vector<const Motion*> sp;
  for (auto& m : sup) sp.push_back(&m);
  Tensor se = embed_motions(*L.enc, sp, s, L.feat);
  ScoreMode mode = parse_score_mode(a.get("score", "max"));
  int W = (int)a.get_int("window", 0), S = (int)a.get_int("stride", W > 0 ? W / 4 : 1);
  double thr = a.get_double("threshold", -1);
  std::ostringstream o;
  bool csv = a.get("format", "json") == "csv";
  Json arr = Json::array();
  if (csv) o << "clip,window_start,window_end,score" << (thr >= 0 ? ",anomalous" : "") << ",error\n";
  for (size_t i = 0; i < test.size(); ++i) {
    std::vector<int> starts = W > 0 ? window_starts(test[i].T, W, S) : std::vector<int>{0};
    std::vector<Motion> wins;
    for (int st0 : starts) wins.push_back(W > 0 && test[i].T > W ? slice_frames(test[i], st0, W) : test[i]);
    std::vector<const Motion*> wp;
    for (auto& w : wins) wp.push_back(&w);
    std::vector<double> sc = anomaly_scores(se, embed_motions(*L.enc, wp, s, L.feat), mode);
    Json cj = Json::object().set("clip", Json::string(tf[i]));
    Json curve = Json::array();
    double mx = -1e30;
    for (size_t w = 0; w < sc.size(); ++w) {
      int end = std::min(test[i].T, starts[w] + (W > 0 ? W : test[i].T));
      mx = std::max(mx, sc[w]);
      if (csv) o << tf[i] << "," << starts[w] << "," << end << "," << sc[w] << (thr >= 0 ? (sc[w] > thr ? ",1" : ",0") : "") << ",\n";
      curve.push(Json::object().set("start", Json::number(starts[w])).set("end", Json::number(end)).set("score", Json::number(sc[w])));
    }
    cj.set("score", Json::number(mx));
    if (a.has("localize")) {
      Localization loc = localize(*L.enc, test[i], sp, se, s, L.feat);
      Json lj = Json::object().set("nearest_support", Json::string(sf[loc.nearest]));
      Json je = Json::object(), jp = Json::object(), fr = Json::array();
      for (int j = 0; j < s.num_joints(); ++j) {
        je.set(s.joints[j], Json::number(loc.joint_embedding[j]));
        jp.set(s.joints[j], Json::number(loc.joint_pose[j]));
      }
      // the H aligned frames, mapped back to the clip's own frame numbers
      for (int t = 0; t < (int)loc.frame_pose.size(); ++t)
        fr.push(Json::object().set("frame", Json::number(std::round(t * (test[i].T - 1.0) / std::max(1, L.feat.H - 1))))
                    .set("distance", Json::number(loc.frame_pose[t])));
      lj.set("joint_embedding_distance", je).set("joint_pose_distance", jp).set("frames", fr);
      cj.set("localization", lj);
    }
    if (W > 0) cj.set("windows", curve);
    if (thr >= 0) cj.set("anomalous", Json::boolean(mx > thr));
    arr.push(cj);
  }
  // the clips that could not be scored: a row each, with the reason
  Json errs = Json::array();
  for (const ClipError& e : tb.errors) {
    if (csv) o << csv_field(e.file) << ",,,," << (thr >= 0 ? "," : "") << csv_field(e.reason) << "\n";
    arr.push(Json::object().set("clip", Json::string(e.file)).set("error", Json::string(e.reason)));
  }
  for (const ClipError& e : sb.errors)
    errs.push(Json::object().set("clip", Json::string(e.file)).set("error", Json::string(e.reason)));
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::string text = csv ? o.str()
                         : Json::object().set("model", Json::string(a.get("model"))).set("score", Json::string(score_mode_name(mode)))
                               .set("support", Json::number((double)sf.size())).set("support_errors", errs).set("clips", arr)
                               .set("scored", Json::number((double)tf.size()))
                               .set("failed", Json::number((double)tb.errors.size()))
                               .set("milliseconds", Json::number(ms)).dump(1) + "\n";
  if (a.has("out")) write_file_atomic(a.get("out"), text);
  else std::printf("%s", text.c_str());
  size_t bad = tb.errors.size() + sb.errors.size();
  if (bad) std::fprintf(stderr, "haad score: %zu of %zu clips could not be used (listed with their reasons)\n", bad,
                        bad + tf.size() + sf.size());
  return bad ? kSomeClipsFailed : 0;
}

static const char* kEmbedUsage =
    "usage: haad embed --model M --clips DIR_OR_LIST --out EMB.npy [--skeleton FILE] [--strict]\n"
                "Writes the unit-length embeddings of the clips as an (N, D) float32 .npy, and EMB.npy.clips.txt\n"
                "with the file of each row. Unusable clips are skipped and named (exit status 3);\n"
                "--strict stops at the first one.\n";

int cmd_embed(const Args& a) {
  if (a.has("help") || !a.has("model") || !a.has("clips") || !a.has("out")) {
    std::printf("%s", kEmbedUsage);
    return a.has("help") ? 0 : 2;
  }
  check_options(a, kEmbedUsage);
  SafeTensors st = load_safetensors(a.get("model"));
  auto it = st.metadata.find("skeleton");
  if (it == st.metadata.end()) throw std::runtime_error(a.get("model") + ": not a haad encoder (no skeleton in metadata)");
  Skeleton s = skeleton_by_name(it->second, a.get("skeleton"));
  LoadedEncoder L = load_encoder(a.get("model"), s);
  ClipBatch cb;
  std::vector<Motion> ms = load_clips(a.get("clips"), s, L.feat, a.has("strict"), cb, "input");
  if (ms.empty()) throw std::runtime_error(a.get("clips") + ": none of the clips can be used");
  std::vector<const Motion*> mp;
  for (auto& m : ms) mp.push_back(&m);
  Tensor e = embed_motions(*L.enc, mp, s, L.feat);
  std::vector<float> v = e.to_vector<float>();
  npy_save(a.get("out"), {e.size(0), e.size(1)}, v.data());
  std::string rows;
  for (const std::string& f : cb.files) rows += f + "\n";
  write_file_atomic(a.get("out") + ".clips.txt", rows);
  std::printf("wrote %lld x %lld embeddings to %s (row files: %s.clips.txt)\n", (long long)e.size(0), (long long)e.size(1),
              a.get("out").c_str(), a.get("out").c_str());
  if (!cb.errors.empty()) std::fprintf(stderr, "haad embed: %zu clips skipped\n", cb.errors.size());
  return cb.errors.empty() ? 0 : kSomeClipsFailed;
}

int cmd_run(const Args& a) {
  if (a.has("help")) {
    std::printf("%s", eval_usage("usage: haad run [options]\nThe main job: train on MSR Action3D (odd subjects), evaluate seen and\n"
                                 "unseen categories with K = 1, 5, 10 and print the table (= haad eval with its defaults).\n").c_str());
    return 0;
  }
  return cmd_eval(a);
}

}  // namespace haad
