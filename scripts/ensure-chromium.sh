#!/usr/bin/env bash
# Installs Debian's chromium for the browser end-to-end tests when it is missing.
# The browser tests skip themselves with a clear message when /usr/bin/chromium is absent.
set -u
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing chromium for the browser tests (apt-get)..."
  apt-get update -qq >/dev/null 2>&1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
    && echo "chromium installed" && exit 0
fi
echo "chromium could not be installed: the browser tests will be skipped" >&2
exit 1
