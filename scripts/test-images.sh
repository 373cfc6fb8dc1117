#!/usr/bin/env bash
# Builds berth's test image from Debian's busybox-static, without any network:
#
#   berth-test/busybox:latest   /bin/busybox, a symlink for every applet at its usual
#                               place (busybox --list-full), /etc/passwd, /etc/group,
#                               /tmp, /root; Cmd ["sh"].
#
# The image is written as a `docker save` archive, .cache/test-images/busybox.tar
# (reproducible: fixed mtimes and owners, so the same busybox gives the same image ID),
# which tests can also load into other engines or push to a test registry. Then it is
# `docker load`ed unless the engine already has exactly that image.
#
#   scripts/test-images.sh          build when stale, load when missing; prints the tar path
#   scripts/test-images.sh --no-load   build only
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="$here/.cache/test-images"
archive="$cache/busybox.tar"
image_ref="berth-test/busybox:latest"
busybox=/bin/busybox
load=1
[ "${1:-}" = "--no-load" ] && load=0

is_static_busybox() {
  dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'install ok installed'
}

if ! is_static_busybox; then
  if [ "$(id -u)" != 0 ]; then
    echo "test-images.sh: Debian's busybox-static is not installed; run as root or: apt-get install -y busybox-static" >&2
    exit 1
  fi
  echo "test-images.sh: installing busybox-static" >&2
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -n 1)" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq busybox-static >/dev/null
fi

mkdir -p "$cache"
# The cache is build output, never source.
[ -f "$here/.cache/.gitignore" ] || printf '*\n' >"$here/.cache/.gitignore"

# The archive depends on the busybox binary and on this script; rebuild when either changes.
stamp="$(sha256sum "$busybox" "${BASH_SOURCE[0]}" | sha256sum | cut -d' ' -f1)"
if ! [ -f "$archive" ] || [ "$(cat "$cache/busybox.stamp" 2>/dev/null)" != "$stamp" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  rootfs="$work/rootfs"
  mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,etc,root,tmp,proc,sys,dev,var/www}
  chmod 1777 "$rootfs/tmp"
  chmod 700 "$rootfs/root"
  cp "$busybox" "$rootfs/bin/busybox"
  "$busybox" --list-full | while read -r applet; do
    [ "$applet" = bin/busybox ] && continue
    mkdir -p "$rootfs/$(dirname "$applet")"
    ln -sf /bin/busybox "$rootfs/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"

  layer="$work/layer.tar"
  tar --create --file="$layer" --directory="$rootfs" --sort=name --mtime='@0' \
    --owner=0 --group=0 --numeric-owner --format=posix \
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime .
  diff_id="$(sha256sum "$layer" | cut -d' ' -f1)"
  config="$work/config.json"
  printf '%s' \
    '{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",' \
    '"config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["sh"],' \
    '"Labels":{"berth.test.image":"busybox"}},' \
    '"rootfs":{"type":"layers","diff_ids":["sha256:'"$diff_id"'"]},' \
    '"history":[{"created":"1970-01-01T00:00:00Z","created_by":"berth scripts/test-images.sh (busybox-static)"}]}' \
    >"$config"
  config_digest="$(sha256sum "$config" | cut -d' ' -f1)"

  bundle="$work/bundle"
  mkdir -p "$bundle/$diff_id"
  mv "$layer" "$bundle/$diff_id/layer.tar"
  printf '1.0' >"$bundle/$diff_id/VERSION"
  mv "$config" "$bundle/$config_digest.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' \
    "$config_digest" "$image_ref" "$diff_id" >"$bundle/manifest.json"
  printf '{"berth-test/busybox":{"latest":"%s"}}' "$diff_id" >"$bundle/repositories"
  tar --create --file="$archive.$$.partial" --directory="$bundle" --sort=name --mtime='@0' \
    --owner=0 --group=0 --numeric-owner .
  mv "$archive.$$.partial" "$archive"
  printf 'sha256:%s\n' "$config_digest" >"$cache/busybox.id"
  printf '%s\n' "$stamp" >"$cache/busybox.stamp"
  echo "test-images.sh: built $archive" >&2
fi

if [ "$load" = 1 ]; then
  want="$(cat "$cache/busybox.id")"
  have="$(docker image inspect --format '{{.Id}}' "$image_ref" 2>/dev/null || true)"
  if [ "$have" != "$want" ]; then
    docker load --quiet --input "$archive" >&2
    echo "test-images.sh: loaded $image_ref ($want)" >&2
  fi
fi
echo "$archive"
