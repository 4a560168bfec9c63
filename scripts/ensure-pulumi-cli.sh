#!/usr/bin/env bash
# ensure-pulumi-cli.sh — make the Pulumi CLI (the version pinned below, PINNED_VERSION) available
# without any download other than from package registries.
#
# Usage (run it, do not source it; it prints shell `export` lines on stdout, logs on stderr):
#
#     env_out="$(scripts/ensure-pulumi-cli.sh)" && eval "$env_out"
#
# (`eval "$(scripts/ensure-pulumi-cli.sh)"` also works but swallows a failure exit code.)
# `--print-env` is accepted as an explicit synonym of the default behaviour.
# `--version` prints the CLI version this script provides, and nothing else.
# `--help` prints this header.
#
# Afterwards `pulumi`, `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs` are on PATH.
# For a throwaway, offline local backend see scripts/pulumi-offline-env.sh.
#
# Resolution order:
#   1. a `pulumi` already on PATH that reports v<version> (and has `pulumi-language-nodejs`
#      beside it or on PATH) is used as is;
#   2. else ${PULUMI_CLI_CACHE:-$HOME/.cache/pulumi-qlik-roles/pulumi-cli}/v<version>/bin, if it
#      holds both binaries;
#   3. else both binaries are built there from Go modules (Go module proxy only), then used.
#      Build sources live in <cache>/v<version>/build-src, never inside the repo.
#
# How the binaries are built:
#   * pulumi: a throwaway wrapper module requiring github.com/pulumi/pulumi/pkg/v3 and sdk/v3 at
#     v<version> (pkg's go.mod has `replace` lines, so `go install pkg@version` is refused).
#   * pulumi-language-nodejs: its module
#     github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 has no tags, so it can
#     only be fetched as a pseudo-version of a release commit. Set
#     PULUMI_LANGUAGE_NODEJS_MODULE_VERSION=v3.0.0-<yyyymmddhhmmss>-<12 hex> to use one. Without
#     it (or if the proxy refuses it) the script falls back to the last sdk/v3 release that still
#     contained the language host as a package (github.com/pulumi/pulumi/sdk/v3@v3.68.0,
#     package nodejs/cmd/pulumi-language-nodejs; override with
#     PULUMI_LANGUAGE_NODEJS_FALLBACK_SDK_VERSION). That older host speaks a compatible subset of
#     the protocol: plain programs and dynamic providers work; features that need newer
#     resource-monitor RPCs (stack transforms, resource hooks, parameterized packages) do not.
#   * pulumi-resource-pulumi-nodejs: a shell shim shipped in the npm package @pulumi/pulumi; the
#     directory node_modules/@pulumi/pulumi of this repo is put on PATH (run `npm ci` first), and
#     a copy goes beside a cached pulumi build (as in official releases, which avoids a
#     "using pulumi-resource-pulumi-nodejs from $PATH" warning on every run).
#
# Environment knobs: PULUMI_CLI_CACHE, PULUMI_CLI_VERSION (overrides PINNED_VERSION),
#   PULUMI_LANGUAGE_NODEJS_MODULE_VERSION, PULUMI_LANGUAGE_NODEJS_FALLBACK_SDK_VERSION,
#   PULUMI_CLI_FORCE_BUILD=1 (ignore PATH and cache, rebuild).

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
    echo "ensure-pulumi-cli.sh: run it, do not source it:" >&2
    # shellcheck disable=SC2016 # literal usage text
    echo '    env_out="$(scripts/ensure-pulumi-cli.sh)" && eval "$env_out"' >&2
    return 1
fi

set -euo pipefail

log() { printf '[ensure-pulumi-cli] %s\n' "$*" >&2; }
die() { printf '[ensure-pulumi-cli] ERROR: %s\n' "$*" >&2; exit 1; }

# The one place the repo's Pulumi CLI version is set. It is the newest release of
# github.com/pulumi/pulumi/pkg/v3 the Go module proxy served when last bumped, so the tests run against
# the engine new users install. It is not read from package.json: there @pulumi/pulumi is a peer range
# (users' programs bring their own SDK), and the devDependency the repo's own tests use must equal this
# version exactly (checked by test/package/dependencies.test.ts). To bump: change both, `npm install`,
# then run this script (a cold build takes ~5 minutes and ~2 GB of Go module cache).
PINNED_VERSION="3.276.0"

case "${1:-}" in
    "" | --print-env) ;;
    --version) v="${PULUMI_CLI_VERSION:-$PINNED_VERSION}"; printf '%s\n' "${v#v}"; exit 0 ;;
    -h | --help) sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) die "unknown argument: $1 (try --help)" ;;
esac

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"

LANGHOST_MODULE="github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3"
LANGHOST_FALLBACK_SDK_VERSION="${PULUMI_LANGUAGE_NODEJS_FALLBACK_SDK_VERSION:-v3.68.0}"

# ---------------------------------------------------------------- version
VERSION="${PULUMI_CLI_VERSION:-$PINNED_VERSION}"
VERSION="${VERSION#v}"
[[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] ||
    die "PULUMI_CLI_VERSION must be an exact release such as $PINNED_VERSION, got \"$VERSION\""
CACHE_ROOT="${PULUMI_CLI_CACHE:-$HOME/.cache/pulumi-qlik-roles/pulumi-cli}"
CACHE_DIR="$CACHE_ROOT/v$VERSION"
BIN_DIR="$CACHE_DIR/bin"
SRC_DIR="$CACHE_DIR/build-src"

# A scratch PULUMI_HOME so that probing a CLI never touches ~/.pulumi.
PROBE_HOME="$(mktemp -d "${TMPDIR:-/tmp}/pulumi-probe-home.XXXXXX")"
trap 'rm -rf "$PROBE_HOME"' EXIT

# Prints the version a pulumi binary reports, or nothing.
cli_version() {
    PULUMI_HOME="$PROBE_HOME" PULUMI_SKIP_UPDATE_CHECK=true \
        timeout 60 "$1" version 2>/dev/null | tr -d '[:space:]' || true
}

# ---------------------------------------------------------------- shim
SHIM_DIR="$REPO_ROOT/node_modules/@pulumi/pulumi"
check_shim() {
    if [[ -x "$SHIM_DIR/pulumi-resource-pulumi-nodejs" ]]; then
        return 0
    fi
    log "WARNING: $SHIM_DIR/pulumi-resource-pulumi-nodejs not found: run 'npm ci' in $REPO_ROOT"
    log "         (it ships in the npm package @pulumi/pulumi; dynamic providers need it on PATH)."
    return 1
}

# ---------------------------------------------------------------- go
find_go() {
    if command -v go >/dev/null 2>&1; then
        command -v go
    elif [[ -x /usr/local/go/bin/go ]]; then
        echo /usr/local/go/bin/go
    fi
}

explain_missing_tools() {
    cat >&2 <<EOF
[ensure-pulumi-cli] ERROR: need either the Pulumi CLI v$VERSION or a Go toolchain to build it.
Install ONE of:
  * Go >= 1.26.6 (the version pulumi/pkg v$VERSION declares), e.g. unpack the official
    go1.26.x.linux-amd64.tar.gz to /usr/local/go and put /usr/local/go/bin on PATH; the build then
    needs only the Go module proxy (GOPROXY, default https://proxy.golang.org);
  * or the Pulumi CLI v$VERSION with its language hosts on PATH:
        curl -fsSL https://get.pulumi.com | sh -s -- --version $VERSION
        export PATH="\$HOME/.pulumi/bin:\$PATH"
EOF
    exit 1
}

# Runs a go command; if it fails because the checksum database cannot be reached, retries it
# once with GOSUMDB=off (for that command only).
run_go() {
    local out rc=0
    out="$(mktemp)"
    "$GO" "$@" >"$out" 2>&1 || rc=$?
    cat "$out" >>"$LOG_FILE"
    if ((rc != 0)) && grep -qiE 'sum\.golang\.org|verifying .*(dial|lookup|timeout|connection)|GOSUMDB' "$out"; then
        log "checksum database unreachable; retrying 'go $1' with GOSUMDB=off"
        rc=0
        GOSUMDB=off "$GO" "$@" >>"$LOG_FILE" 2>&1 || rc=$?
    fi
    rm -f "$out"
    return "$rc"
}

# Prints `replace` directives of a go.mod whose targets are module versions (not local paths),
# so the wrapper module builds the same dependency set as upstream.
versioned_replaces() {
    awk '
        /^replace[[:space:]]*\($/ { inblock = 1; next }
        inblock && /^\)/ { inblock = 0; next }
        {
            line = $0
            sub(/\/\/.*/, "", line)
            if (inblock) line = "replace " line
            if (line !~ /^replace[[:space:]]/) next
            n = split(line, f, /[[:space:]]+/)
            for (i = 1; i <= n; i++) if (f[i] == "=>") break
            # replace OLD [V] => NEW VERSION  (a local path target has no version)
            if (i < n && (n - i) == 2 && f[i + 1] !~ /^\.|^\//) print line
        }' "$1"
}

build_cli() {
    local dir="$SRC_DIR/cli" gomod
    mkdir -p "$dir"
    log "  resolving github.com/pulumi/pulumi/pkg/v3@v$VERSION ..."
    run_go mod download github.com/pulumi/pulumi/pkg/v3@"v$VERSION" github.com/pulumi/pulumi/sdk/v3@"v$VERSION" ||
        die "go mod download of pulumi pkg/sdk v$VERSION failed (see $LOG_FILE)"
    gomod="$("$GO" env GOMODCACHE)/cache/download/github.com/pulumi/pulumi/pkg/v3/@v/v$VERSION.mod"
    {
        echo "module local/pulumi-cli-build"
        echo
        echo "go 1.26"
        echo
        echo "require ("
        echo "	github.com/pulumi/pulumi/pkg/v3 v$VERSION"
        echo "	github.com/pulumi/pulumi/sdk/v3 v$VERSION"
        echo ")"
        [[ -f "$gomod" ]] && versioned_replaces "$gomod"
    } >"$dir/go.mod"
    cat >"$dir/tools.go" <<'EOF'
//go:build tools

// Package tools only pins the main package that this throwaway module builds.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
EOF
    rm -f "$dir/go.sum"
    log "  compiling pulumi v$VERSION (several minutes on 2 cores) ..."
    (cd "$dir" && run_go build -o "$BIN_DIR/pulumi.tmp" \
        -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$VERSION" \
        github.com/pulumi/pulumi/pkg/v3/cmd/pulumi) ||
        die "building pulumi failed (see $LOG_FILE)"
    mv -f "$BIN_DIR/pulumi.tmp" "$BIN_DIR/pulumi"
}

# Builds pulumi-language-nodejs from its own module at a pseudo-version. Returns non-zero if the
# module version cannot be had.
build_langhost_module() {
    local pv="$1" dir="$SRC_DIR/language-nodejs"
    rm -rf "$dir" && mkdir -p "$dir"
    log "  trying $LANGHOST_MODULE@$pv ..."
    run_go mod download "$LANGHOST_MODULE@$pv" || {
        log "  the module proxy refused $LANGHOST_MODULE@$pv"
        return 1
    }
    cat >"$dir/go.mod" <<EOF
module local/pulumi-language-nodejs-build

go 1.26

require (
	$LANGHOST_MODULE $pv
	github.com/pulumi/pulumi/pkg/v3 v$VERSION
	github.com/pulumi/pulumi/sdk/v3 v$VERSION
)
EOF
    cat >"$dir/tools.go" <<EOF
//go:build tools

package tools

import _ "$LANGHOST_MODULE"
EOF
    (cd "$dir" && run_go build -o "$BIN_DIR/pulumi-language-nodejs.tmp" \
        -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$VERSION" \
        "$LANGHOST_MODULE") || return 1
    mv -f "$BIN_DIR/pulumi-language-nodejs.tmp" "$BIN_DIR/pulumi-language-nodejs"
    echo "pulumi-language-nodejs: $LANGHOST_MODULE@$pv" >>"$BIN_DIR/BUILD-INFO"
}

# Fallback: the language host as a package of an older sdk/v3 release (before it became its own
# module), built in its own wrapper module so it does not clash with sdk/v3 v$VERSION.
build_langhost_fallback() {
    local sdkv="$LANGHOST_FALLBACK_SDK_VERSION" dir="$SRC_DIR/language-nodejs"
    local pkg="github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
    rm -rf "$dir" && mkdir -p "$dir"
    log "  WARNING: no pseudo-version of $LANGHOST_MODULE for v$VERSION is available;"
    log "           building the Node.js language host from github.com/pulumi/pulumi/sdk/v3@$sdkv"
    cat >"$dir/go.mod" <<EOF
module local/pulumi-language-nodejs-build

go 1.18

require github.com/pulumi/pulumi/sdk/v3 $sdkv
EOF
    cat >"$dir/tools.go" <<EOF
//go:build tools

package tools

import _ "$pkg"
EOF
    (cd "$dir" && run_go build -o "$BIN_DIR/pulumi-language-nodejs.tmp" \
        -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$sdkv" "$pkg") ||
        die "building pulumi-language-nodejs from sdk/v3@$sdkv failed (see $LOG_FILE)"
    mv -f "$BIN_DIR/pulumi-language-nodejs.tmp" "$BIN_DIR/pulumi-language-nodejs"
    echo "pulumi-language-nodejs: $pkg from github.com/pulumi/pulumi/sdk/v3@$sdkv (fallback)" >>"$BIN_DIR/BUILD-INFO"
}

# Pseudo-versions of the language-host module known to match a CLI release (none yet: the proxy
# available to this project refuses every pseudo-version of that module tried so far).
known_langhost_pseudo_version() {
    case "$1" in
        *) echo "" ;;
    esac
}

build_all() {
    mkdir -p "$BIN_DIR" "$SRC_DIR"
    cd "$SRC_DIR"
    LOG_FILE="$CACHE_DIR/build.log"
    : >"$LOG_FILE"
    export GOFLAGS="-mod=mod -buildvcs=false"
    log "building Pulumi CLI v$VERSION with $("$GO" version | cut -d' ' -f3) into $BIN_DIR"
    log "  (log: $LOG_FILE)"
    local start=$SECONDS
    rm -f "$BIN_DIR/BUILD-INFO"
    echo "pulumi: github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$VERSION" >"$BIN_DIR/BUILD-INFO"
    build_cli
    log "  pulumi built in $((SECONDS - start))s"
    local t=$SECONDS pv
    pv="${PULUMI_LANGUAGE_NODEJS_MODULE_VERSION:-$(known_langhost_pseudo_version "$VERSION")}"
    if [[ -z "$pv" ]] || ! build_langhost_module "$pv"; then
        build_langhost_fallback
    fi
    log "  pulumi-language-nodejs built in $((SECONDS - t))s"
    log "build finished in $((SECONDS - start))s"
}

# ---------------------------------------------------------------- resolve
emit_env() {
    local bin_dir="$1" new_path="$PATH"
    local shim_dir=""
    if check_shim; then
        shim_dir="$SHIM_DIR"
        # Also place a copy beside our own build of pulumi: the CLI then sees the same file both
        # as "bundled" and first on PATH, and does not warn "using ... from $PATH" on every run.
        if [[ "$bin_dir" == "$BIN_DIR" ]] &&
            ! cmp -s "$SHIM_DIR/pulumi-resource-pulumi-nodejs" "$bin_dir/pulumi-resource-pulumi-nodejs"; then
            install -m 0755 "$SHIM_DIR/pulumi-resource-pulumi-nodejs" "$bin_dir/pulumi-resource-pulumi-nodejs"
        fi
    fi
    # bin_dir first, then the shim dir, then the rest of PATH without duplicates of either.
    local rest="" d
    local IFS=:
    for d in $PATH; do
        [[ "$d" == "$bin_dir" || ( -n "$shim_dir" && "$d" == "$shim_dir" ) ]] || rest="${rest:+$rest:}$d"
    done
    unset IFS
    new_path="$bin_dir${shim_dir:+:$shim_dir}${rest:+:$rest}"
    printf 'export PATH=%q\n' "$new_path"
    printf 'export PULUMI_CLI_BIN_DIR=%q\n' "$bin_dir"
    log "pulumi v$VERSION ready: $bin_dir"
}

langhost_beside() {
    local dir="$1"
    [[ -x "$dir/pulumi-language-nodejs" ]] || command -v pulumi-language-nodejs >/dev/null 2>&1
}

if [[ "${PULUMI_CLI_FORCE_BUILD:-0}" != 1 ]]; then
    if existing="$(command -v pulumi 2>/dev/null)" && [[ "$(cli_version "$existing")" == "v$VERSION" ]] &&
        langhost_beside "$(dirname "$existing")"; then
        log "using pulumi v$VERSION already on PATH ($existing)"
        emit_env "$(dirname "$existing")"
        exit 0
    fi
    if [[ -x "$BIN_DIR/pulumi" && -x "$BIN_DIR/pulumi-language-nodejs" ]] &&
        [[ "$(cli_version "$BIN_DIR/pulumi")" == "v$VERSION" ]]; then
        log "using cached build in $BIN_DIR"
        emit_env "$BIN_DIR"
        exit 0
    fi
fi

GO="$(find_go)"
[[ -n "$GO" ]] || explain_missing_tools
mkdir -p "$CACHE_DIR"
# Serialise concurrent builds of the same version.
if command -v flock >/dev/null 2>&1; then
    exec 9>"$CACHE_DIR/.lock"
    flock 9
    # Another process may have finished the build while we waited.
    if [[ "${PULUMI_CLI_FORCE_BUILD:-0}" != 1 && -x "$BIN_DIR/pulumi" && -x "$BIN_DIR/pulumi-language-nodejs" ]] &&
        [[ "$(cli_version "$BIN_DIR/pulumi")" == "v$VERSION" ]]; then
        emit_env "$BIN_DIR"
        exit 0
    fi
fi
build_all
got="$(cli_version "$BIN_DIR/pulumi")"
[[ "$got" == "v$VERSION" ]] || die "built pulumi reports '$got', expected v$VERSION"
emit_env "$BIN_DIR"
