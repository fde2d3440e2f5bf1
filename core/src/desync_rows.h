// Binding rows by address, so the repair planner can check "the rows after
// the repair" without copying a million rows (see desync_repair.cpp).
#ifndef CLASP_CORE_SRC_DESYNC_ROWS_H_
#define CLASP_CORE_SRC_DESYNC_ROWS_H_

#include <vector>

#include "clasp/desync.h"

namespace clasp::internal {

using RowRefs = std::vector<const BindingRow*>;

RowRefs RefsOf(const std::vector<BindingRow>& rows);

// DesyncReport over rows held elsewhere.
std::vector<Diagnostic> DesyncReport(const std::vector<TargetEnv>& targets, const RowRefs& rows,
                                     const SecretMap& secrets);

}  // namespace clasp::internal

#endif  // CLASP_CORE_SRC_DESYNC_ROWS_H_
