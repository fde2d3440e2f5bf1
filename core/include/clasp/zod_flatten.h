// clasp/zod_flatten.h — zod's error.flatten(), the `details` Paperclip's
// services attach to their own 422s.
//
// Where a route's validator answers 400 with the raw issues (zod_issues.h),
// Paperclip's services re-parse with a schema and throw
// unprocessable("<message>", parsed.error.flatten()), so the body is
//   422 {"error":"Invalid provider vault config",
//        "details":{"formErrors":[],"fieldErrors":{"config":["Invalid AWS region"]}}}
// (VLT-3: a PATCH whose config fails the provider's strict schema). clasp
// builds the same object from the issue objects of zod::IssuesJson.
#pragma once

#include "clasp/json_input.h"

namespace clasp::zod {

// flatten() of zod issue objects: an issue with an empty path adds its
// message to formErrors, any other to fieldErrors[<first path element>]
// (keys in first-seen order; a numeric first element becomes its decimal
// key, as a JS property name). Entries that are not issue objects with a
// message are skipped.
//   [{"path":["config","region"],"message":"Invalid AWS region"}]
//     -> {"formErrors":[],"fieldErrors":{"config":["Invalid AWS region"]}}
//   [{"path":[],"message":"Invalid input: expected object, received string"}]
//     -> {"formErrors":["Invalid input: expected object, received string"],"fieldErrors":{}}
//   "not an array" -> {"formErrors":[],"fieldErrors":{}}
OrderedJson FlattenJson(const OrderedJson& issues);

}  // namespace clasp::zod
