# CMake toolchain file: 64-bit Arm Linux (Raspberry Pi 4 boards, Debian arm64) built with
# Debian's cross compiler (crossbuild-essential-arm64) against Debian's multiarch libraries
# (libfoo-dev:arm64). Cross-built programs and tests run under qemu-user, so ctest works:
#   cmake -S . -B build/cross-aarch64 -G Ninja \
#         -DCMAKE_TOOLCHAIN_FILE=toolchain/aarch64-linux-gnu.cmake
# scripts/cross-test aarch64 installs what this needs and runs the unit tests.
set(CIVIQ_CROSS_TRIPLE aarch64-linux-gnu)
set(CIVIQ_CROSS_QEMU qemu-aarch64)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)
