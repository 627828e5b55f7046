#!/usr/bin/env bash
# Makes this machine able to build and run the connector image without a Docker engine (see the
# team notes on containers): installs podman, runc and debootstrap from Debian when missing, and
# builds a local Debian bookworm base image (`localhost/bookworm-base`) when it is absent, because
# no container registry is reachable here. Idempotent: a second run only checks and exits.
#
# Must run as root. Environment:
#   BASE_IMAGE_NAME  local base image name (default localhost/bookworm-base)
#   DEBIAN_MIRROR    debootstrap mirror (default: Debian's deb.debian.org over plain HTTP; apt checks signatures)
#
# Build and run the image afterwards with (runc, chroot isolation, host network; the CA bundle
# volume only for the pip steps, never for the apt step of the base):
#   podman build --isolation chroot --network host \
#     --volume /etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro \
#     --build-arg BASE_IMAGE=localhost/bookworm-base -t destination-unified-ats:dev .
#   podman --runtime runc run --rm -i --network host --ulimit nofile=20000:20000 \
#     --ulimit nproc=4096:4096 destination-unified-ats:dev spec
set -euo pipefail

BASE_IMAGE_NAME=${BASE_IMAGE_NAME:-localhost/bookworm-base}
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian} # ignore-https-check: the base has no CA bundle yet

say() { echo "[container_setup] $*" >&2; }
die() {
  say "ERROR: $*"
  exit 1
}

[ "$(id -u)" -eq 0 ] || die "must run as root (it installs Debian packages and builds a root filesystem)"

# 1. Tools ------------------------------------------------------------------------------------------
missing=()
command -v podman >/dev/null 2>&1 || missing+=(podman)
command -v runc >/dev/null 2>&1 || missing+=(runc)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if [ "${#missing[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get to install them"
  say "installing ${missing[*]} from Debian (apt-get update first) ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  # With recommends, as the container notes verified (uidmap, fuse-overlayfs, slirp4netns, catatonit ...).
  apt-get install -y -qq "${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
  say "installed ${missing[*]}"
else
  say "podman, runc and debootstrap are present"
fi
podman --version >&2 || die "podman is installed but does not run"

# 2. Local base image -------------------------------------------------------------------------------
if podman image exists "$BASE_IMAGE_NAME"; then
  say "base image $BASE_IMAGE_NAME already exists"
else
  rootfs=$(mktemp -d /tmp/bookworm-rootfs.XXXXXX)
  trap 'rm -rf "$rootfs" "$rootfs.log"' EXIT
  say "building $BASE_IMAGE_NAME: debootstrap --variant=minbase bookworm (about a minute) ..."
  start=$(date +%s)
  debootstrap --variant=minbase bookworm "$rootfs" "$DEBIAN_MIRROR" >"$rootfs.log" 2>&1 ||
    { tail -n 30 "$rootfs.log" >&2; die "debootstrap failed (log above)"; }
  rm -f "$rootfs.log"
  # Leave no package lists or caches in the base; the Dockerfile runs apt-get update itself.
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb
  tar -C "$rootfs" -c . | podman import --quiet - "$BASE_IMAGE_NAME" >/dev/null || die "podman import failed"
  say "built $BASE_IMAGE_NAME in $(($(date +%s) - start)) s"
fi

# 3. Smoke test of the runtime the tests use --------------------------------------------------------
# crun fails on cgroups here and the default nofile limit cannot be set: runc with explicit ulimits.
if ! out=$(podman --runtime runc run --rm --network host --ulimit nofile=20000:20000 --ulimit nproc=4096:4096 \
  "$BASE_IMAGE_NAME" echo container-ok 2>&1); then
  say "$out"
  die "podman cannot run a container with runc here"
fi
[ "$out" = container-ok ] || die "unexpected output from the smoke container: $out"
say "ready: podman (runtime runc) runs $BASE_IMAGE_NAME"
