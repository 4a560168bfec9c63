#!/usr/bin/env bash
# pulumi-offline-env.sh — settings for a throwaway, offline, local (file://) Pulumi backend.
#
# Usage (run it, do not source it; it prints shell `export` lines on stdout):
#
#     env_out="$(scripts/pulumi-offline-env.sh [DIR])" && eval "$env_out"
#
# DIR defaults to a new temporary directory. It sets:
#   PULUMI_OFFLINE_DIR      DIR (remove it with `rm -rf "$PULUMI_OFFLINE_DIR"` when done)
#   PULUMI_HOME             DIR/home   (so nothing touches ~/.pulumi)
#   PULUMI_BACKEND_URL      file://DIR/state
#   PULUMI_CONFIG_PASSPHRASE  kept if already set, else a fixed throwaway passphrase
#   PULUMI_SKIP_UPDATE_CHECK=true, PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
#
# Combine with scripts/ensure-pulumi-cli.sh, which puts the CLI on PATH.

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
    # shellcheck disable=SC2016 # literal usage text
    echo 'pulumi-offline-env.sh: run it, do not source it: env_out="$(scripts/pulumi-offline-env.sh)" && eval "$env_out"' >&2
    return 1
fi

set -euo pipefail

case "${1:-}" in
    -h | --help) sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
esac

if [[ -n "${1:-}" ]]; then
    dir="$1"
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
else
    dir="$(mktemp -d "${TMPDIR:-/tmp}/pulumi-offline.XXXXXX")"
fi
mkdir -p "$dir/home" "$dir/state"

printf 'export PULUMI_OFFLINE_DIR=%q\n' "$dir"
printf 'export PULUMI_HOME=%q\n' "$dir/home"
printf 'export PULUMI_BACKEND_URL=%q\n' "file://$dir/state"
printf 'export PULUMI_CONFIG_PASSPHRASE=%q\n' "${PULUMI_CONFIG_PASSPHRASE:-offline-throwaway-passphrase}"
printf 'export PULUMI_SKIP_UPDATE_CHECK=true\n'
printf 'export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true\n'
