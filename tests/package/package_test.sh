#!/usr/bin/env bash
# tests/package/package_test.sh BUILD_DIR PAGE_DIR — the Debian package as an
# operator gets it: `cpack -G DEB` from BUILD_DIR into a scratch folder, its
# control fields, unit and maintainer scripts, then `dpkg -x` into a scratch
# root (no root, nothing installed on this machine): `ldd` finds every
# library, and the extracted binary runs --version, `doctor` on an empty home
# and `serve` on a loopback port, whose page is PAGE_DIR's, byte for byte; the
# man page and the bash, zsh and fish completions are packaged, as the binary
# prints them.
set -euo pipefail
build=$(realpath "$1")
page=$(realpath "$2")
scratch=$(mktemp -d)
server=
cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
unset DATABASE_URL PAPERCLIP_SECRETS_MASTER_KEY PAPERCLIP_SECRETS_MASTER_KEY_FILE PAPERCLIP_DEPLOYMENT_MODE \
  PAPERCLIP_SECRETS_STRICT_MODE CLASP_INSTANCE_ID CLASP_BOARD_TOKEN

version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
(cd "$build" && cpack -G DEB -B "$scratch/out" >"$scratch/cpack.log" 2>&1) || fail "cpack: $(cat "$scratch/cpack.log")"
deb=$(ls "$scratch"/out/clasp_"$version"_*.deb) || fail "no clasp_${version}_*.deb: $(ls "$scratch/out")"

# Control: the libraries the binary links, adduser for postinst; nothing of
# the tests (Boost.Test, benchmark, PostgreSQL server, Chromium) or the WASM
# tree (emscripten, node).
depends=$(dpkg-deb -f "$deb" Depends)
names=", $(sed 's/ ([^)]*)//g' <<<"$depends"), "
for want in libre2-9 libssl3 libsqlite3-0 libpq5 libcurl4 libstdc++6 libc6 adduser; do
  [[ $names == *", $want, "* ]] || fail "Depends lacks $want: $depends"
done
for unwanted in boost benchmark postgresql chromium emscripten nodejs wrk; do
  [[ $depends != *$unwanted* ]] || fail "Depends names $unwanted: $depends"
done
[[ $(dpkg-deb -f "$deb" Package) == clasp && $(dpkg-deb -f "$deb" Version) == "$version" ]] || fail "package name/version"

dpkg-deb -c "$deb" >"$scratch/contents"
for path in ./usr/bin/clasp ./usr/lib/systemd/system/clasp.service ./usr/share/doc/clasp/operating.md \
  ./usr/share/man/man1/clasp.1 ./usr/share/bash-completion/completions/clasp ./usr/share/zsh/vendor-completions/_clasp \
  ./usr/share/fish/vendor_completions.d/clasp.fish; do
  grep -q " $path\$" "$scratch/contents" || fail "the package lacks $path"
done
! grep -Eq 'clasp-conformance|/include/|\.a$|tests?/' "$scratch/contents" || fail "test or build files packaged: $(cat "$scratch/contents")"

dpkg-deb -e "$deb" "$scratch/control"
[[ -x $scratch/control/postinst && -x $scratch/control/prerm && -x $scratch/control/postrm ]] || fail "maintainer scripts missing or not executable"
for script in postinst prerm postrm; do sh -n "$scratch/control/$script" || fail "$script does not parse"; done
grep -q 'adduser --quiet --system --group --home /var/lib/clasp --no-create-home clasp' "$scratch/control/postinst" ||
  fail "postinst does not create the clasp system user"
grep -q 'install -d -m 0700 -o clasp -g clasp /var/lib/clasp' "$scratch/control/postinst" || fail "postinst does not make /var/lib/clasp 0700"
! grep -v '^#' "$scratch/control/postrm" | grep -q 'rm -r\|/var/lib/clasp\|deluser' || fail "postrm deletes the store or the user"

root=$scratch/root
dpkg -x "$deb" "$root"
unit=$root/usr/lib/systemd/system/clasp.service
for line in 'ExecStart=clasp serve' 'User=clasp' 'ProtectSystem=strict' 'NoNewPrivileges=yes' 'StateDirectory=clasp' \
  'StateDirectoryMode=0700' 'Environment=CLASP_HOME=/var/lib/clasp' 'ProtectHome=yes' 'LimitCORE=0'; do
  grep -qx "$line" "$unit" || fail "the unit lacks '$line'"
done
grep -q '^## Installing clasp$' "$root/usr/share/doc/clasp/operating.md" || fail "operating.md lacks the install section"
grep -q '^## Backup and restore$' "$root/usr/share/doc/clasp/operating.md" || fail "operating.md lacks backup and restore"

clasp=$root/usr/bin/clasp
ldd "$clasp" >"$scratch/ldd" || fail "ldd: $(cat "$scratch/ldd")"
! grep -q 'not found' "$scratch/ldd" || fail "unresolved libraries: $(grep 'not found' "$scratch/ldd")"
[[ $("$clasp" --version) == "clasp $version" ]] || fail "--version: $("$clasp" --version)"
# The packaged man page and completions are the packaged binary's.
cmp -s "$root/usr/share/man/man1/clasp.1" <("$clasp" man) || fail "the packaged clasp.1 is not \`clasp man\`"
for shell in bash:bash-completion/completions/clasp zsh:zsh/vendor-completions/_clasp fish:fish/vendor_completions.d/clasp.fish; do
  cmp -s "$root/usr/share/${shell#*:}" <("$clasp" completion "${shell%%:*}") || fail "the packaged ${shell%%:*} completion differs"
done
grep -q "^\.SH \"CLASP serve\"$" "$root/usr/share/man/man1/clasp.1" || fail "clasp.1 lacks serve"

# doctor on an empty home: warnings (no key, no store yet), nothing created.
home=$scratch/home
mkdir -m 0700 "$home"
doctor_rc=0
HOME=$home CLASP_HOME=$home "$clasp" doctor >"$scratch/doctor" 2>&1 || doctor_rc=$?
[[ $doctor_rc == 0 ]] || fail "doctor on an empty home exited $doctor_rc: $(cat "$scratch/doctor")"
grep -q '^warn  master_key .*does not exist yet' "$scratch/doctor" || fail "doctor: $(cat "$scratch/doctor")"
grep -q '^warn  storage .*No clasp store yet' "$scratch/doctor" || fail "doctor: $(cat "$scratch/doctor")"
[[ -z $(ls -A "$home") ]] || fail "doctor wrote into the empty home: $(find "$home")"

# serve from another directory: the page comes from the binary, not the cwd.
cd "$scratch"
HOME=$home CLASP_HOME=$home "$clasp" serve --port 0 >"$scratch/serve.out" 2>"$scratch/serve.err" &
server=$!
for _ in $(seq 1 100); do grep -q 'listening on' "$scratch/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http:\/\/127\.0\.0\.1:[0-9]*\) .*/\1/p' "$scratch/serve.out")
[[ -n $url ]] || fail "serve did not start: $(cat "$scratch/serve.out" "$scratch/serve.err")"
files=$(find "$page" -type f | wc -l)
grep -q "; page: embedded ($files files))\$" "$scratch/serve.out" || fail "startup line: $(cat "$scratch/serve.out")"

node --input-type=module - "$url" "$page" <<'JS' || fail "fetching the page"
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
const [url, page] = process.argv.slice(2);
const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; frame-ancestors 'none'";
for (const [path, file, type] of [["/", "index.html", "text/html; charset=utf-8"],
  ["/clasp.wasm", "clasp.wasm", "application/wasm"], ["/js/app.js", "js/app.js", "text/javascript; charset=utf-8"]]) {
  const res = await fetch(url + path);
  assert.equal(res.status, 200, path);
  assert.equal(res.headers.get("content-type"), type, path);
  assert.equal(res.headers.get("content-security-policy"), csp, path);
  assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), readFileSync(`${page}/${file}`), path);
}
const missing = await fetch(url + "/index.html%00.png");
assert.deepEqual([missing.status, await missing.json()], [404, { error: "Not found" }]);
const health = await fetch(url + "/api/health");
assert.equal(health.status, 200);
JS
kill "$server"
wait "$server" || fail "serve exited $? on SIGTERM"
server=
echo "ok: $(basename "$deb") ($(stat -c %s "$deb") bytes), Depends: $depends"
