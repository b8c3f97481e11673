// haad train / eval / run / score / embed
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include "apps/commands.h"
#include "contrastive/eval.h"
#include "contrastive/localize.h"
#include "engine/rng.h"
#include "io/npy.h"
#include "io/procedural.h"
#include "io/splits.h"
#include "nn/checkpoint.h"

namespace fs = std::filesystem;

namespace haad {

const char* kModelOptions =
    "  --data DIR          data root holding msr_action3d/, utkinect/ (default: $HAAD_DATA or ../shared/data)\n"
    "  --dataset NAME      msr (default) | utkinect | humanact12 | generic\n"
    "  --path DIR          the dataset folder itself (instead of --data)\n"
    "  --arch gcn|stgcn    encoder (default gcn)    --hidden N (128)  --blocks N (4)  --embed N (128)\n"
    "  --embed-from backbone|head  which features score clips (default backbone: pooled, before the head)\n"
    "  --steps N (600)     --lr X (2e-3)  --tau X (0.1)  --P N (8)  --Q N (4)  --no-aug\n"
    "  --H N (60)          frames after resampling   --M N (20) DCT coefficients kept\n"
    "  --seed N (1)        seeds everything: CPU runs are bit-reproducible\n";

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

int cmd_eval(const Args& a) {
  if (a.has("help")) {
    std::printf("usage: haad eval [options]\nTrains and evaluates few-shot anomaly detection: seen and unseen categories,\n"
                "K-shot supports, AUC/AP/EER over seeded support draws, baselines on the same episodes.\n%s"
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
                "  pools and diffusion checkpoints are cached in --out (diffusion_<tag>.safetensors, genpool_<tag>/)\n",
                kModelOptions);
    return 0;
  }
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
  if (a.has("help")) {
    std::printf("usage: haad train --out MODEL.safetensors [options]\nTrains the encoder on the train subjects (odd subjects).\n%s"
                "  --heldout a,b       leave these categories out of training (unseen setting)\n"
                "  --resume            continue from --out if it exists\n"
                "  --gen-pool DIR      generated clips (haad generate --class all ... --out DIR) mixed into batches\n"
                "  --gen-ratio X (0.25) share of each batch's categories drawn from them\n", kModelOptions);
    return 0;
  }
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

// .npy clips from a folder or a comma-separated list
static std::vector<std::string> clip_files(const std::string& spec) {
  std::vector<std::string> files;
  if (fs::is_directory(spec)) {
    for (auto& e : fs::directory_iterator(spec))
      if (e.path().extension() == ".npy") files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
  } else {
    std::stringstream ss(spec);
    for (std::string x; std::getline(ss, x, ',');)
      if (!x.empty()) files.push_back(x);
  }
  if (files.empty()) throw std::invalid_argument(spec + ": no .npy clips");
  return files;
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

static std::vector<Motion> load_clips(const std::vector<std::string>& files, const Skeleton& s, const FeatureConfig& f) {
  std::vector<Motion> out;
  for (const std::string& p : files) {
    NpyArray a = npy_load(p);
    if (a.shape.size() != 3 || a.shape[2] != 3) throw std::runtime_error(p + ": expected a (T, J, 3) clip");
    if (a.shape[1] != s.num_joints())
      throw std::runtime_error(p + ": " + std::to_string(a.shape[1]) + " joints, the model's skeleton '" + s.name + "' has " +
                               std::to_string(s.num_joints()));
    Motion m((int)a.shape[0], (int)a.shape[1]);
    m.xyz = std::move(a.data);
    Motion copy = m;
    std::string why = sanitize(copy, s, SanityConfig{});
    if (!why.empty()) throw std::runtime_error(p + ": unusable clip (" + why + ")");
    out.push_back(prepare_motion(copy, s, f));
  }
  return out;
}

int cmd_score(const Args& a) {
  if (a.has("help") || !a.has("model") || !a.has("support") || !a.has("clips")) {
    std::printf("usage: haad score --model M --support DIR_OR_LIST --clips DIR_OR_LIST [options]\n"
                "Scores clips ((T,J,3) .npy) against K normal support clips: 1 = anomalous.\n"
                "  --score max|knn|mahalanobis (max)  --threshold X (flag scores above X)\n"
                "  --window W --stride S  score long clips window by window (a score curve)\n"
                "  --localize          per clip: the joints and frames that differ most from the nearest support clip\n"
                "  --skeleton FILE      skeleton.json for models on a generic-layout skeleton\n"
                "  --format json|csv (json)  --out FILE (default stdout)\n");
    return a.has("help") ? 0 : 2;
  }
  auto t0 = std::chrono::steady_clock::now();
  SafeTensors st = load_safetensors(a.get("model"));
  auto it = st.metadata.find("skeleton");
  if (it == st.metadata.end()) throw std::runtime_error(a.get("model") + ": not a haad encoder (no skeleton in metadata)");
  Skeleton s = skeleton_by_name(it->second, a.get("skeleton"));
  LoadedEncoder L = load_encoder(a.get("model"), s);
  std::vector<std::string> sf = clip_files(a.get("support")), tf = clip_files(a.get("clips"));
  std::vector<Motion> sup = load_clips(sf, s, L.feat), test = load_clips(tf, s, L.feat);
  std::vector<const Motion*> sp;
  for (auto& m : sup) sp.push_back(&m);
  Tensor se = embed_motions(*L.enc, sp, s, L.feat);
  ScoreMode mode = parse_score_mode(a.get("score", "max"));
  int W = (int)a.get_int("window", 0), S = (int)a.get_int("stride", W > 0 ? W / 4 : 1);
  double thr = a.get_double("threshold", -1);
  std::ostringstream o;
  bool csv = a.get("format", "json") == "csv";
  Json arr = Json::array();
  if (csv) o << "clip,window_start,window_end,score" << (thr >= 0 ? ",anomalous" : "") << "\n";
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
      if (csv) o << tf[i] << "," << starts[w] << "," << end << "," << sc[w] << (thr >= 0 ? (sc[w] > thr ? ",1" : ",0") : "") << "\n";
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
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::string text = csv ? o.str()
                         : Json::object().set("model", Json::string(a.get("model"))).set("score", Json::string(score_mode_name(mode)))
                               .set("support", Json::number((double)sf.size())).set("clips", arr)
                               .set("milliseconds", Json::number(ms)).dump(1) + "\n";
  if (a.has("out")) write_file_atomic(a.get("out"), text);
  else std::printf("%s", text.c_str());
  return 0;
}

int cmd_embed(const Args& a) {
  if (a.has("help") || !a.has("model") || !a.has("clips") || !a.has("out")) {
    std::printf("usage: haad embed --model M --clips DIR_OR_LIST --out EMB.npy [--skeleton FILE]\n"
                "Writes the unit-length embeddings of the clips as an (N, D) float32 .npy.\n");
    return a.has("help") ? 0 : 2;
  }
  SafeTensors st = load_safetensors(a.get("model"));
  auto it = st.metadata.find("skeleton");
  if (it == st.metadata.end()) throw std::runtime_error(a.get("model") + ": not a haad encoder (no skeleton in metadata)");
  Skeleton s = skeleton_by_name(it->second, a.get("skeleton"));
  LoadedEncoder L = load_encoder(a.get("model"), s);
  std::vector<std::string> files = clip_files(a.get("clips"));
  std::vector<Motion> ms = load_clips(files, s, L.feat);
  std::vector<const Motion*> mp;
  for (auto& m : ms) mp.push_back(&m);
  Tensor e = embed_motions(*L.enc, mp, s, L.feat);
  std::vector<float> v = e.to_vector<float>();
  npy_save(a.get("out"), {e.size(0), e.size(1)}, v.data());
  std::printf("wrote %lld x %lld embeddings to %s\n", (long long)e.size(0), (long long)e.size(1), a.get("out").c_str());
  return 0;
}

int cmd_run(const Args& a) {
  if (a.has("help")) {
    std::printf("usage: haad run [--data DIR] [eval options]\nThe main job: train on MSR Action3D (odd subjects), evaluate seen and\n"
                "unseen categories with K = 1, 5, 10 and print the table (= haad eval with its defaults).\n");
    return 0;
  }
  return cmd_eval(a);
}

}  // namespace haad
