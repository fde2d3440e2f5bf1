// Rows in Paperclip's API shapes: camelCase columns, nulls for unset ones.
// None of these carries a value: a secret's JSON is its metadata only.
#pragma once

#include "clasp/json_input.h"
#include "clasp/native/secret_store.h"

namespace clasp::native::api {

OrderedJson CompanyJson(const CompanyRow& row);
OrderedJson SecretJson(const SecretRow& row);
// A user's value as metadata: SecretJson's fields with its owner and
// definition; never a value.
OrderedJson UserSecretValueJson(const SecretRow& row);
OrderedJson AccessEventJson(const AccessEventRow& row);
// A usage entry: the binding's columns plus its target {type, id, label,
// href, status}; targets that no longer exist get Paperclip's fallback
// (label = id, href and status null).
OrderedJson UsageJson(const BindingRow& row, StoreTxn& txn);

}  // namespace clasp::native::api
