// clasp/aws_inventory.h — an AWS Secrets Manager ListSecrets page as the
// remote inventory of IMP-1/2.
//
// clasp has no AWS client: the operator (or a deployment tool holding the
// AWS credentials) runs ListSecrets and hands clasp the JSON page, e.g. the
// output of `aws secretsmanager list-secrets`. This module reads that page
// the way Paperclip's provider reads the response it fetched itself; no
// value is in a ListSecrets page and none is ever asked for.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clasp/json_input.h"
#include "clasp/remote_import.h"
#include "clasp/result.h"

namespace clasp {

struct RemoteSecretPage {
  std::vector<RemoteSecretEntry> secrets;
  std::optional<std::string> next_token;
};

// {"SecretList":[{"ARN","Name","Description","KmsKeyId","Tags","CreatedDate",
// "LastAccessedDate","LastChangedDate","DeletedDate",...}],"NextToken"} ->
// one entry per listed secret, as Paperclip's listRemoteSecrets maps it:
//   - entries whose ARN (or, when ARN is absent or null, Name) is falsy are skipped;
//   - external_ref = ARN ?? Name; name = Name ?? ARN;
//   - metadata = {createdDate, lastAccessedDate, lastChangedDate, deletedDate
//     (ISO 8601 UTC with milliseconds, or null), hasDescription, hasKmsKey
//     (JS truthiness), tagCount (Tags' length when an array, else 0)}; the
//     description, key id and tags themselves are not carried.
// Dates: a number is epoch seconds (the AWS JSON protocol, and the CLI's
// default), a string must be an ISO 8601 date-time with Z or an offset;
// anything else reads as null. (Paperclip's own gateway passes the raw
// number to `new Date()`, which reads it as milliseconds: a known upstream
// quirk clasp does not copy.)
// A page that is not an object, a SecretList that is not an array, an entry
// that is not an object, or an ARN/Name/NextToken that is neither a string
// nor null -> 400 remote_inventory_invalid naming the JSON Pointer.
//   {"SecretList":[{"ARN":"arn:aws:secretsmanager:us-east-1:1:secret:db-AbC123","Name":"db","CreatedDate":1.7e9}]}
//     -> [{external_ref "arn:…", name "db", metadata.createdDate "2023-11-14T22:13:20.000Z"}]
//   {"SecretList":{}} -> remote_inventory_invalid at /SecretList
Result<RemoteSecretPage> ParseAwsListSecretsPage(const OrderedJson& page);

// The date rule above on one value (nullopt for null).
//   AwsDateIso(1700000000.5) == "2023-11-14T22:13:20.500Z"
//   AwsDateIso("2023-06-01T10:00:00.123456+02:00") == "2023-06-01T08:00:00.123Z"
//   AwsDateIso("yesterday") == nullopt
std::optional<std::string> AwsDateIso(const OrderedJson& value);

}  // namespace clasp
