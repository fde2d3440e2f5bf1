// Private to native/src: a SecretStore whose transactions are an enclosing one.
#pragma once

#include "clasp/native/secret_store.h"

namespace clasp::native {

// Runs every Transact on an enclosing transaction. SecretService and
// EnvTargetService each open one per call; on this store their writes join
// the caller's transaction, so a failure anywhere rolls the whole of it back
// while the rules stay in those services.
class NestedStore final : public SecretStore {
 public:
  explicit NestedStore(StoreTxn& txn) : txn_(txn) {}
  Status Transact(const std::function<Status(StoreTxn&)>& body, Durability) override { return body(txn_); }

 private:
  StoreTxn& txn_;
};

}  // namespace clasp::native
