#!/usr/bin/env python3
"""clasp's SigV4 (native/src/aws/sigv4.cpp) against botocore.auth.SigV4Auth.

Generates CASES requests (unicode paths and query values, empty and binary
bodies, session tokens or none, repeated and case-varied headers, unsigned
headers, a given x-amz-content-sha256), signs each with botocore and with
clasp (the sigv4_cases tool, one line per case on its stdin) and requires
the Authorization headers to be byte-identical. Exits 77 (skipped) when
botocore is absent.

usage: sigv4_botocore.py SIGV4_CASES_TOOL [CASES] [SEED]
"""
import datetime
import random
import subprocess
import sys

try:
    import botocore.auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
except ImportError:
    print("SKIPPED: botocore is absent (python3 -m pip install botocore)")
    sys.exit(77)

UNICODE = "äöüßéñçøå漢字かなЖжΩπ€😀🔑 "
PATH_CHARS = "abcXYZ019-_.~!$&'()*+,;=:@ %/" + UNICODE
QUERY_CHARS = "abcXYZ019-_.~!$&'()*+,;=:@ %/?#[]" + UNICODE
VALUE_CHARS = "abc XYZ 019-_.~!$&'()*+,;=:@/?#\"\t"
UNSIGNED = ["User-Agent", "Expect", "Connection", "Transfer-Encoding", "X-Amzn-Trace-Id", "TE"]


class Headers:
    """Header pairs in order, repeats kept (AWSRequest copies .items())."""

    def __init__(self, pairs):
        self.pairs = pairs

    def items(self):
        return list(self.pairs)


def text(rng, alphabet, low, high):
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(low, high)))


def path(rng):
    if rng.random() < 0.1:
        return rng.choice(["", "/", "//", "/./", "/a/../b", "/a/./b/", "/../..", "/a//b"])
    segments = [text(rng, PATH_CHARS.replace("/", ""), 0, 8) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.2:
        segments.insert(rng.randrange(len(segments)), rng.choice([".", ".."]))
    return "/" + "/".join(segments) + ("/" if rng.random() < 0.3 else "")


def header_value(rng):
    value = text(rng, VALUE_CHARS, 0, 20)
    return rng.choice(["", " ", "  ", "\t"]) + value + rng.choice(["", " ", "\t "])


def headers(rng, host):
    pairs = [(rng.choice(["Host", "host", "HOST"]), host)]
    for _ in range(rng.randint(0, 5)):
        name = rng.choice(["Content-Type", "X-Amz-Target", "X-Custom", "x-custom", "X-Amz-Meta-Name",
                           "Accept", "X-Amz-Security-Token", "Authorization", "X-Amz-Date", *UNSIGNED])
        pairs.append((name, header_value(rng)))
    if rng.random() < 0.1:
        pairs.append(("X-Amz-Content-SHA256", "%064x" % rng.getrandbits(256)))
    return pairs


def body(rng):
    roll = rng.random()
    if roll < 0.3:
        return b""
    if roll < 0.7:
        return ('{"SecretId":"%s","SecretString":"%s"}' % (text(rng, UNICODE + "abc", 0, 10), text(rng, UNICODE, 0, 30))).encode()
    return bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 200)))


def case(rng):
    host = rng.choice(["secretsmanager.us-east-1.amazonaws.com", "127.0.0.1:4566", "sts.amazonaws.com", "localhost:8080"])
    when = datetime.datetime(2015, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(seconds=rng.randint(0, 400_000_000))
    key_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    return {
        "method": rng.choice(["GET", "POST", "PUT", "DELETE", "post", "HEAD"]),
        "path": path(rng),
        "query": [(text(rng, QUERY_CHARS, 1, 6), text(rng, QUERY_CHARS, 0, 8)) for _ in range(rng.choice([0, 0, 1, 2, 4]))],
        "headers": headers(rng, host),
        "body": body(rng),
        "when": when,
        "region": rng.choice(["us-east-1", "eu-west-3", "ap-southeast-2", "cn-north-1"]),
        "service": rng.choice(["secretsmanager", "sts", "kms", "s3"]),
        "access_key": "AKIA" + text(rng, key_alphabet[:36], 16, 16),
        "secret_key": text(rng, key_alphabet + ("é" if rng.random() < 0.05 else ""), 40, 40),
        "token": text(rng, key_alphabet, 100, 300) if rng.random() < 0.5 else "",
        "host": host,
    }


def botocore_authorization(c):
    url = "https://" + c["host"] + c["path"]
    request = AWSRequest(method=c["method"], url=url, headers=Headers(c["headers"]), data=c["body"], params=c["query"])
    botocore.auth.get_current_datetime = lambda: c["when"].replace(tzinfo=None)
    credentials = Credentials(c["access_key"], c["secret_key"], c["token"] or None)
    botocore.auth.SigV4Auth(credentials, c["service"], c["region"]).add_auth(request)
    return request.headers["Authorization"]


def hexed(value):
    return (value if isinstance(value, bytes) else value.encode("utf-8")).hex()


def pairs_field(pairs):
    return ",".join(hexed(k) + ":" + hexed(v) for k, v in pairs)


def tool_line(c):
    fields = [hexed(c["method"]), hexed(c["path"]), pairs_field(c["query"]), pairs_field(c["headers"]), hexed(c["body"]),
              hexed(c["when"].strftime("%Y%m%dT%H%M%SZ")), hexed(c["region"]), hexed(c["service"]),
              hexed(c["access_key"]), hexed(c["secret_key"]), hexed(c["token"])]
    return "\t".join(fields)


def main():
    tool = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else random.SystemRandom().randrange(1 << 30)
    rng = random.Random(seed)
    cases = [case(rng) for _ in range(count)]
    expected = [botocore_authorization(c) for c in cases]
    run = subprocess.run([tool], input="\n".join(tool_line(c) for c in cases) + "\n", capture_output=True, text=True, check=True)
    got = run.stdout.split("\n")[:-1]
    if len(got) != count:
        print(f"FAIL: the tool answered {len(got)} lines for {count} cases (seed {seed})")
        return 1
    mismatches = [i for i in range(count) if got[i] != expected[i]]
    for i in mismatches[:5]:
        c = cases[i]
        print(f"MISMATCH case {i}: method={c['method']!r} path={c['path']!r} query={c['query']!r} headers={c['headers']!r}")
        print(f"  botocore: {expected[i]}\n  clasp:    {got[i]}")
    tokens = sum(1 for c in cases if c["token"])
    unicode_paths = sum(1 for c in cases if any(ord(ch) > 127 for ch in c["path"]))
    empty = sum(1 for c in cases if not c["body"])
    print(f"seed {seed}: {count} cases ({tokens} with a session token, {unicode_paths} unicode paths, {empty} empty bodies)")
    print(f"{count - len(mismatches)} passed, {len(mismatches)} failed")
    return 1 if mismatches or count < 1000 else 0


if __name__ == "__main__":
    sys.exit(main())
