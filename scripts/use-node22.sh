# Source this file: puts a Node.js >= 22.19 first on PATH (the project's floor: @pulumi/pulumi >= 3.250 and
# undici 8 need it). Uses the machine's node when new enough, else installs npm's `node@22` package (which ships
# the binary) into a cache outside the repository and reuses it next time.
_qr_node_ok() {
    command -v node >/dev/null 2>&1 && node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=19)?0:1)'
}
if ! _qr_node_ok; then
    _qr_node_dir="${QLIK_ROLES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-qlik-roles}/node22"
    if [ ! -x "$_qr_node_dir/node_modules/node/bin/node" ]; then
        echo "[use-node22] installing Node 22 (npm package node@22) into $_qr_node_dir" >&2
        mkdir -p "$_qr_node_dir"
        npm install --no-save --no-audit --no-fund --prefix "$_qr_node_dir" node@22 >&2
    fi
    export PATH="$_qr_node_dir/node_modules/node/bin:$PATH"
    _qr_node_ok || { echo "[use-node22] could not provide Node >= 22.19 (got $(node --version 2>&1))" >&2; return 1 2>/dev/null || exit 1; }
fi
unset -f _qr_node_ok
