// The haad subcommands.
#pragma once
#include "apps/cli.h"

namespace haad {
int cmd_data_info(const Args& a);
int cmd_convert(const Args& a);
}  // namespace haad
