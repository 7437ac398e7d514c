#!/usr/bin/env bash
# Installs what darts4j needs on a fresh Debian machine (run as root, or with sudo available): a JDK 17+, Maven, the
# real Fashion-MNIST from Debian's dataset-fashion-mnist (the default data set; the tests read it), and PoCL, an
# OpenCL device on the CPU, on which the tests run the OpenCL backend.
# Safe to run again: it installs only what is missing.
set -euo pipefail
need=()
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || need+=(dataset-fashion-mnist)
[ -f /etc/OpenCL/vendors/pocl.icd ] || need+=(pocl-opencl-icd)
# JOCL finds OpenCL through the loader's unversioned libOpenCL.so, which the -dev package provides
[ -e /usr/lib/x86_64-linux-gnu/libOpenCL.so ] || [ -e /usr/lib/libOpenCL.so ] || need+=(ocl-icd-opencl-dev)
# the device bundle (gpu/prepare-device.sh, run by CI through gpu/bundle-test.sh) repacks the jar and compresses with xz
command -v zip >/dev/null 2>&1 || need+=(zip)
command -v unzip >/dev/null 2>&1 || need+=(unzip)
command -v xz >/dev/null 2>&1 || need+=(xz-utils)
# cell diagrams are drawn by Graphviz's dot, as the reference draws them (a layout of our own otherwise)
command -v dot >/dev/null 2>&1 || need+=(graphviz)
# charts and cell diagrams draw text with Java2D, which needs a font
{ command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list 2>/dev/null | head -1)" ]; } || need+=(fontconfig fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing ${need[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = \([0-9]*\).*/\1/p')
if [ "${java_major:-0}" -lt 17 ]; then
  echo "setup: error: darts4j needs Java 17 or newer, found ${java_major:-none}" >&2
  exit 1
fi
echo "setup: Java $java_major and $(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g') are ready" >&2
