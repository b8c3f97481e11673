// Batch loading of clips for score/embed: one bad clip never loses the batch.
#include <filesystem>
#include <fstream>
#include "io/clips.h"
#include "io/npy.h"
#include "io/procedural.h"
#include "io/skeleton.h"
#include "nn/checkpoint.h"
#include "tests/testing.h"

namespace fs = std::filesystem;

namespace haad::test {

TEST(ClipBatch, BadClipsAreReportedAndTheRestLoad) {
  Dataset p = procedural_dataset(1, 2, 1);  // plausible clips on a built-in skeleton
  const Skeleton& s = p.skeleton;
  const int J = s.num_joints();
  std::string dir = ::testing::TempDir() + "haad_clip_batch";
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (int i = 0; i < 4; ++i) {
    const Motion& m = p.clips[i].motion;
    npy_save(dir + "/ok" + std::to_string(i) + ".npy", {m.T, J, 3}, m.xyz.data());
  }
  std::vector<float> zeros(30 * J * 3, 0.f);
  npy_save(dir + "/b_zero.npy", {30, J, 3}, zeros.data());                 // all zero
  npy_save(dir + "/b_joints.npy", {30, J - 5, 3}, zeros.data());           // wrong skeleton
  write_file_atomic(dir + "/b_trunc.npy", "\x93NUMPY\x01\x00garbage");    // not an npy
  std::vector<std::string> files = resolve_clip_files(dir);
  ASSERT_EQ(files.size(), 7u);
  ClipBatch b = load_clip_batch(files, s, false);
  EXPECT_EQ(b.motions.size(), 4u);
  ASSERT_EQ(b.errors.size(), 3u);
  EXPECT_EQ(b.errors[0].file, dir + "/b_joints.npy");
  EXPECT_NE(b.errors[0].reason.find(std::to_string(J - 5) + " joints"), std::string::npos) << b.errors[0].reason;
  EXPECT_NE(b.errors[2].reason.find("unusable clip (all_zero)"), std::string::npos) << b.errors[2].reason;
  for (const std::string& f : b.files) EXPECT_NE(f.find("/ok"), std::string::npos);
  // --strict: the first bad clip stops the batch, naming it
  try {
    load_clip_batch(files, s, true);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("b_joints.npy"), std::string::npos) << e.what();
  }
}

TEST(ClipBatch, ListsFromFilesAndLongCommaLists) {
  std::string dir = ::testing::TempDir() + "haad_clip_lists";
  fs::remove_all(dir);
  fs::create_directories(dir);
  // a comma list far longer than a path may be (PATH_MAX 4096, NAME_MAX 255)
  std::string spec;
  for (int i = 0; i < 2000; ++i) spec += (i ? "," : "") + dir + "/clip_" + std::to_string(i) + ".npy";
  EXPECT_EQ(resolve_clip_files(spec).size(), 2000u);
  // @list: one path per line, comments and blank lines skipped, relative to the list's folder
  { std::ofstream(dir + "/list.txt") << "# clips\na.npy\n\n  /abs/b.npy \r\n"; }
  EXPECT_EQ(resolve_clip_files("@" + dir + "/list.txt"), (std::vector<std::string>{dir + "/a.npy", "/abs/b.npy"}));
  EXPECT_THROW(resolve_clip_files("@" + dir + "/missing.txt"), std::invalid_argument);
  fs::create_directories(dir + "/empty");
  try {
    resolve_clip_files(dir + "/empty");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("no .npy clips"), std::string::npos) << e.what();
  }
}

}  // namespace haad::test
