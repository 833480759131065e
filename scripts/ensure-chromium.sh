#!/usr/bin/env bash
# Installs Debian's chromium for the browser end-to-end tests when it is missing.
# The browser tests skip themselves with a clear message when /usr/bin/chromium is absent.
set -u
[ -x /usr/bin/chromium ] && exit 0
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo -n"  # a non-root user with password-less sudo can install too
if command -v apt-get >/dev/null && { [ -z "$SUDO" ] || sudo -n true 2>/dev/null; }; then
  echo "installing chromium for the browser tests (apt-get)..."
  $SUDO apt-get update -qq >/dev/null 2>&1
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null 2>&1 \
    && echo "chromium installed" && exit 0
fi
echo "chromium could not be installed: the browser tests will be skipped" >&2
exit 1
