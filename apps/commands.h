// The haad subcommands.
#pragma once
#include "apps/cli.h"

namespace haad {
int cmd_data_info(const Args& a);
int cmd_convert(const Args& a);
int cmd_train(const Args& a);
int cmd_eval(const Args& a);
int cmd_run(const Args& a);
int cmd_score(const Args& a);
int cmd_embed(const Args& a);
}  // namespace haad
