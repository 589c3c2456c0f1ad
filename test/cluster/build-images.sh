#!/usr/bin/env bash
# Builds the images the cluster tier runs, with buildah (daemonless, Debian's):
#   - Java 17 base images from Debian packages (debootstrap), standing in for the Temurin bases of our Dockerfile;
#     built once per machine, kept in buildah's storage;
#   - the pause image (a static C program), once per machine;
#   - the Kaso image, from our own Dockerfile, every run (buildah's layer cache keeps the Maven dependency layer).
# Every image is then written to $KASO_CLUSTER_CACHE/images/*.tar for `ctr images import` on the node.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
source "$here/lib.sh"
apt_install buildah runc debootstrap gcc libc6-dev
images="$KASO_CLUSTER_CACHE/images"
mkdir -p "$images"

have_image() { buildah inspect --type image "$1" >/dev/null 2>&1; }

# A Debian bookworm root filesystem with one Java package, committed as an image with java on PATH.
debian_java_image() {
  local image="$1" package="$2" java_home="$3"
  have_image "$image" && { log "$image cached"; return; }
  local rootfs; rootfs="$(mktemp -d "$KASO_CLUSTER_CACHE/rootfs.XXXX")"
  log "debootstrap bookworm + $package -> $image"
  debootstrap --variant=minbase --include="$package,ca-certificates" \
    --cache-dir="$KASO_CLUSTER_CACHE/debs" bookworm "$rootfs" http://deb.debian.org/debian >"$rootfs.log" 2>&1 \
    || { tail -20 "$rootfs.log"; die "debootstrap $package"; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  local ctr; ctr="$(buildah from scratch)"
  local mnt; mnt="$(buildah mount "$ctr")"
  cp -a "$rootfs"/. "$mnt"/
  buildah umount "$ctr" >/dev/null
  buildah config --env JAVA_HOME="$java_home" \
    --env PATH="$java_home/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --env LANG=C.UTF-8 --cmd '["/bin/bash"]' "$ctr"
  buildah commit -q --rm "$ctr" "$image" >/dev/null
  rm -rf "$rootfs" "$rootfs.log"
}
mkdir -p "$KASO_CLUSTER_CACHE/debs"
debian_java_image "$BASE_JRE_IMAGE" openjdk-17-jre-headless /usr/lib/jvm/java-17-openjdk-amd64
debian_java_image "$BASE_JDK_IMAGE" openjdk-17-jdk-headless,curl /usr/lib/jvm/java-17-openjdk-amd64

# The sandbox ("pause") container of every pod: sleeps until signalled.
if ! have_image "$PAUSE_IMAGE"; then
  log "building $PAUSE_IMAGE"
  work="$(mktemp -d)"
  cat > "$work/pause.c" <<'C'
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>
static void stop(int s) { (void) s; _exit(0); }
static void reap(int s) { (void) s; while (waitpid(-1, 0, WNOHANG) > 0) {} }
int main(void) {
  signal(SIGINT, stop); signal(SIGTERM, stop); signal(SIGCHLD, reap);
  for (;;) pause();
}
C
  gcc -static -O2 -o "$work/pause" "$work/pause.c"
  ctr="$(buildah from scratch)"
  buildah copy -q "$ctr" "$work/pause" /pause >/dev/null
  buildah config --entrypoint '["/pause"]' --user 65535:65535 "$ctr"
  buildah commit -q --rm "$ctr" "$PAUSE_IMAGE" >/dev/null
  rm -rf "$work"
fi

# Our Dockerfile; only the base images are build arguments. Its build stage runs the Maven wrapper, which needs
# Maven Central from inside the build container. Where that is not reachable (on the CI machines, TLS to it fails
# inside a container), the build stage's result - the operator's shaded jar - is built with the same Maven wrapper
# outside, and the runtime stage is built from the Dockerfile's own lines, unchanged, copying that jar.
start=$(date +%s)
cd "$repo"
dockerfile="$repo/Dockerfile"
probe="$(buildah from "$BASE_JDK_IMAGE")"
if buildah run "${BUILDAH_RUN_OPTS[@]}" --network host "$probe" -- \
     curl -sSf -o /dev/null --max-time 20 https://repo.maven.apache.org/maven2/ >/dev/null 2>&1; then
  log "building $KASO_IMAGE_REPO:$KASO_IMAGE_TAG from Dockerfile (both stages)"
else
  log "the build container cannot reach Maven Central: building the build stage's result (the jar) outside,"
  log "  with ./mvnw -pl operator package, and the runtime stage from the Dockerfile as shipped"
  jar="$(ls operator/target/kaso-operator-*-all.jar 2>/dev/null | head -1 || true)"
  if [[ -z "$jar" ]] || [[ -n "$(find pom.xml operator/pom.xml operator/src/main crds helm -newer "$jar" -type f | head -1)" ]]; then
    ./mvnw -B -q -pl operator package -Dmaven.test.skip=true > "$images/maven.log" 2>&1 \
      || { tail -40 "$images/maven.log"; die "./mvnw package"; }
    jar="$(ls operator/target/kaso-operator-*-all.jar | head -1)"
  fi
  result="$(buildah from scratch)"
  buildah copy -q "$result" "$jar" /src/kaso-operator.jar >/dev/null
  buildah commit -q --rm "$result" localhost/kaso-cluster/build-stage-result:latest >/dev/null
  # The Dockerfile's ARG lines, the build stage replaced by its result, then the runtime stage verbatim.
  dockerfile="$images/Dockerfile.runtime-stage"
  runtime_from="$(grep -n '^FROM ' Dockerfile | tail -1 | cut -d: -f1)"
  { grep '^ARG ' Dockerfile | head -2
    echo "FROM localhost/kaso-cluster/build-stage-result:latest AS build"
    tail -n +"$runtime_from" Dockerfile; } > "$dockerfile"
fi
buildah rm "$probe" >/dev/null
buildah bud --layers "${BUILDAH_RUN_OPTS[@]}" --network host \
  --build-arg BUILD_IMAGE="$BASE_JDK_IMAGE" --build-arg RUNTIME_IMAGE="$BASE_JRE_IMAGE" \
  -t "$KASO_IMAGE_REPO:$KASO_IMAGE_TAG" -f "$dockerfile" "$repo" > "$images/kaso-build.log" 2>&1 \
  || { tail -40 "$images/kaso-build.log"; die "buildah bud"; }
log "image $KASO_IMAGE_REPO:$KASO_IMAGE_TAG built in $(( $(date +%s) - start )) s"
echo "IMAGE_BUILD_SECONDS=$(( $(date +%s) - start ))" > "$images/timings"

for image in "$PAUSE_IMAGE" "$BASE_JRE_IMAGE" "$KASO_IMAGE_REPO:$KASO_IMAGE_TAG"; do
  file="$images/$(echo "$image" | tr '/:' '__').tar"
  id="$(buildah inspect --type image --format '{{.FromImageID}}' "$image")"
  if [[ -f "$file" && "$(cat "$file.id" 2>/dev/null)" == "$id" ]]; then continue; fi
  rm -f "$file"
  buildah push -q "$image" "docker-archive:$file:$image" >/dev/null
  echo "$id" > "$file.id"
done
log "images written to $images"
