#!/usr/bin/env bash
# A JRE 17 base image for Jib built from Debian's packages alone (for machines that reach Debian's
# repositories but no container registry): debootstrap a minimal bookworm with openjdk-17-jre-headless,
# and write it as a one-layer image in `docker save` format, which Jib takes as a base (tar://…).
#
#   scripts/base-image.sh [out]        default target/base-image.tar; needs root (debootstrap)
#   mvn -B package jib:buildTar -DskipTests -Djib.from.image=tar://$PWD/target/base-image.tar
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$(realpath -m "${1:-target/base-image.tar}")
MIRROR=${MIRROR:-http://deb.debian.org/debian}
command -v debootstrap >/dev/null || { apt-get install -y debootstrap >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y debootstrap >/dev/null; }; }
WORK=$(mktemp -d -t base-image.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
ROOT="$WORK/rootfs"
debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates bookworm "$ROOT" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
  || { tail -20 "$WORK/debootstrap.log" >&2; exit 1; }
rm -rf "$ROOT"/var/cache/apt/archives/*.deb "$ROOT"/var/lib/apt/lists/* "$ROOT"/usr/share/doc/* "$ROOT"/usr/share/man/* "$ROOT"/proc/* "$ROOT"/sys/* "$ROOT"/dev/*
echo 'nonroot:x:65532:65532:nonroot:/home/nonroot:/usr/sbin/nologin' >>"$ROOT/etc/passwd"
echo 'nonroot:x:65532:' >>"$ROOT/etc/group"
mkdir -p "$ROOT/home/nonroot" && chown 65532:65532 "$ROOT/home/nonroot"
IMG="$WORK/image"
mkdir -p "$IMG"
tar --numeric-owner -C "$ROOT" -cf "$IMG/layer.tar" .
DIFF="sha256:$(sha256sum "$IMG/layer.tar" | cut -d' ' -f1)"
JAVA_HOME_IN=$(basename "$(ls -d "$ROOT"/usr/lib/jvm/java-17-openjdk-*)")
cat >"$IMG/config.json" <<JSON
{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/usr/lib/jvm/$JAVA_HOME_IN","LANG=C.UTF-8"],"User":"65532:65532"},"rootfs":{"type":"layers","diff_ids":["$DIFF"]},"history":[{"created_by":"scripts/base-image.sh: debootstrap bookworm minbase + openjdk-17-jre-headless"}]}
JSON
CONFIG="$(sha256sum "$IMG/config.json" | cut -d' ' -f1).json"
mv "$IMG/config.json" "$IMG/$CONFIG"
echo "[{\"Config\":\"$CONFIG\",\"RepoTags\":[\"renovation-base:17-jre\"],\"Layers\":[\"layer.tar\"]}]" >"$IMG/manifest.json"
mkdir -p "$(dirname "$OUT")"
tar -C "$IMG" -cf "$OUT" manifest.json "$CONFIG" layer.tar
echo "base image: $OUT ($(du -h "$OUT" | cut -f1)), $JAVA_HOME_IN"
