# CMake toolchain file: 32-bit Arm Linux with hardware floating point (older Raspberry Pi
# boards, Debian armhf) built with Debian's cross compiler (crossbuild-essential-armhf)
# against Debian's multiarch libraries (libfoo-dev:armhf). Cross-built programs and tests run
# under qemu-user, so ctest works:
#   cmake -S . -B build/cross-armhf -G Ninja \
#         -DCMAKE_TOOLCHAIN_FILE=toolchain/arm-linux-gnueabihf.cmake
# scripts/cross-test armhf installs what this needs and runs the unit tests.
set(CIVIQ_CROSS_TRIPLE arm-linux-gnueabihf)
set(CIVIQ_CROSS_QEMU qemu-arm)
set(CMAKE_SYSTEM_PROCESSOR arm)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)
