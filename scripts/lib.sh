# Shared by the scripts in this folder: paths and the idempotent installers.
# Sourced, not run.
set -euo pipefail

CLASP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLASP_CACHE="$CLASP_ROOT/.cache"
CLASP_SHARED="${CLASP_SHARED:-$CLASP_ROOT/../shared}"
JOBS="${JOBS:-$(nproc)}"
# Paths relative to the checkout in ccache's keys: a fresh clone elsewhere
# reuses the objects an earlier clone compiled (CMakeLists.txt uses ccache).
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$CLASP_ROOT}"

log() { printf '[clasp] %s\n' "$*" >&2; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# Debian packages building clasp needs: the native binary (and its .deb,
# which cpack and build-essential's dpkg-dev make) and the WASM page compiled
# into it (Emscripten, which runs on node; npm fetches the pinned RE2 sources;
# terser minifies the WASM package's JS).
# This is all scripts/run.sh installs.
BUILD_APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache
  nlohmann-json3-dev libre2-dev libboost-dev libssl-dev libsqlite3-dev libpq-dev libcurl4-openssl-dev
  emscripten binaryen nodejs npm node-terser
)
# What only the tests and benchmarks add (scripts/test.sh, bench, soak):
# Boost.Test, Google Benchmark, the sqlite3 shell, a PostgreSQL server, wrk
# and Chromium.
TEST_APT_PACKAGES=(
  libboost-test-dev libbenchmark-dev sqlite3 postgresql wrk chromium
)
APT_PACKAGES=("${BUILD_APT_PACKAGES[@]}" "${TEST_APT_PACKAGES[@]}")

# Installs only what is missing, so a second run costs one dpkg query.

ensure_apt_packages() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  # Node may come from outside apt on developer machines; then keep it.
  if command -v node >/dev/null && command -v npm >/dev/null; then
    local filtered=()
    for pkg in "${missing[@]}"; do
      [[ $pkg == nodejs || $pkg == npm ]] || filtered+=("$pkg")
    done
    missing=("${filtered[@]}")
  fi
  if (( ${#missing[@]} )); then
    log "installing Debian packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# fetch_npm_tarball NAME VERSION SHA256 -> prints the verified tarball path.
# npm pack never runs install scripts; the hash pins the exact bytes.
fetch_npm_tarball() {
  local name=$1 version=$2 sha=$3
  local dir="$CLASP_CACHE/npm"
  local file="$dir/${name//\//-}-$version.tgz"
  file="${file/@/}"
  mkdir -p "$dir"
  if [[ ! -f $file ]] || ! echo "$sha  $file" | sha256sum -c --quiet - 2>/dev/null; then
    log "fetching $name@$version from the npm registry"
    (cd "$dir" && npm pack --silent "$name@$version" >/dev/null)
    local packed
    packed="$dir/$(basename "${name//@/}" | tr '/' '-')-$version.tgz"
    [[ -f $packed ]] || packed=$(ls -t "$dir"/*"$version".tgz | head -1)
    [[ $packed == "$file" ]] || mv -f "$packed" "$file"
    if ! echo "$sha  $file" | sha256sum -c --quiet -; then
      rm -f "$file"
      log "sha256 mismatch for $name@$version"
      return 1
    fi
  fi
  printf '%s\n' "$file"
}

RE2_NPM_VERSION=1.19.2
RE2_NPM_SHA256=ade4e920e33efbb6ba8c697d4fd42176bd9d29d6e9719a76d1cf5ceff28b00b8

# RE2 sources for the WASM build (vendor/ of the npm package re2@1.19.2).
ensure_re2_sources() {
  local dest="$CLASP_CACHE/re2-$RE2_NPM_VERSION"
  if [[ ! -f $dest/vendor/re2/re2.h ]]; then
    local tgz
    tgz=$(fetch_npm_tarball re2 "$RE2_NPM_VERSION" "$RE2_NPM_SHA256")
    rm -rf "$dest" && mkdir -p "$dest"
    tar xzf "$tgz" -C "$dest" --strip-components=1 package/vendor
  fi
  printf '%s\n' "$dest/vendor"
}

PAPERCLIP_SERVER_NPM_VERSION=2026.916.1
PAPERCLIP_SERVER_NPM_SHA256=1460b1537479d82d2a06df2f9815b98cc55cf2f67e470d581c3dc8e656a6d6d2

# paperclip_server_file PATH -> prints the path of PATH (e.g.
# dist/routes/secrets.js) unpacked from the pinned @paperclipai/server
# tarball: the reference the route-parity test reads.
paperclip_server_file() {
  local rel=$1
  local dest="$CLASP_CACHE/paperclip-server-$PAPERCLIP_SERVER_NPM_VERSION"
  if [[ ! -f $dest/$rel ]]; then
    local tgz
    tgz=$(fetch_npm_tarball @paperclipai/server "$PAPERCLIP_SERVER_NPM_VERSION" "$PAPERCLIP_SERVER_NPM_SHA256")
    mkdir -p "$dest"
    tar xzf "$tgz" -C "$dest" --strip-components=1 "package/$rel"
  fi
  printf '%s\n' "$dest/$rel"
}

# ensure_npm_tree SRC NAME -> installs SRC/package.json exactly as pinned by
# SRC/package-lock.json (npm ci: integrity hashes checked, install scripts
# never run) into $CLASP_CACHE/NAME/node_modules. A second run with the same
# lockfile installs nothing.
ensure_npm_tree() {
  local src=$1 name=$2
  local dest="$CLASP_CACHE/$name"
  local want
  want=$(sha256sum "$src/package-lock.json" | cut -d' ' -f1)
  if [[ -d $dest/node_modules && $(cat "$dest/.lock-sha256" 2>/dev/null) == "$want" ]]; then
    return 0
  fi
  log "installing pinned npm packages for $name"
  mkdir -p "$dest"
  cp "$src/package.json" "$src/package-lock.json" "$dest/"
  (cd "$dest" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
  printf '%s\n' "$want" >"$dest/.lock-sha256"
}
