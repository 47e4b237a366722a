#!/bin/sh
# Install everything wsc needs to build, test and benchmark on Debian 12.
# Idempotent: packages already present are left alone. Run as root or via sudo.
set -eu

pkgs="build-essential autoconf automake pkg-config
libwebsockets-dev libjansson-dev libedit-dev libssl-dev
python3 python3-websockets openssl tmux mandoc shellcheck valgrind
clang socat bash zsh fish time uwsc"

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	echo "setup: all packages present"
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null 2>&1 || {
		echo "setup: need root or sudo to install:$missing" >&2
		exit 1
	}
	SUDO=sudo
fi
echo "setup: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
