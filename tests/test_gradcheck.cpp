// Every op's backward against central finite differences, in double precision.
#include "tests/op_cases.h"
#include "tests/testing.h"

namespace haad::test {

class GradCheck : public ::testing::TestWithParam<OpCase> {};

TEST_P(GradCheck, MatchesFiniteDifferences) {
  const OpCase& c = GetParam();
  manual_seed(1234);
  std::vector<Tensor> in;
  for (const Dims& s : c.shapes) in.push_back(randu(s, c.lo, c.hi));
  EXPECT_TRUE(gradcheck(c.fn, in)) << c.name;
}

INSTANTIATE_TEST_SUITE_P(AllOps, GradCheck, ::testing::ValuesIn(op_cases()),
                         [](const ::testing::TestParamInfo<OpCase>& i) { return i.param.name; });

}  // namespace haad::test
