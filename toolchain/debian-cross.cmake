# Shared part of the Debian cross toolchain files; the including file sets
# CIVIQ_CROSS_TRIPLE (GNU triplet = Debian multiarch directory), CIVIQ_CROSS_QEMU (the
# qemu-user binary) and CMAKE_SYSTEM_PROCESSOR.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_C_COMPILER ${CIVIQ_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${CIVIQ_CROSS_TRIPLE}-g++)
set(CMAKE_LIBRARY_ARCHITECTURE ${CIVIQ_CROSS_TRIPLE})

# Multiarch: target libraries live in /usr/lib/<triple>, headers in /usr/include (shared) and
# /usr/include/<triple>; the cross libc lives in /usr/<triple>. Programs (code generators,
# scripts) come from the build machine.
set(CMAKE_FIND_ROOT_PATH /usr/${CIVIQ_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)

# pkg-config must see only the target's .pc files, never the build machine's.
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/${CIVIQ_CROSS_TRIPLE}/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# Run target programs (tests, generators) under qemu-user with the cross libc's loader; the
# multiarch libraries are found at their real paths. No binfmt_misc registration is needed.
find_program(CIVIQ_QEMU_USER NAMES ${CIVIQ_CROSS_QEMU} ${CIVIQ_CROSS_QEMU}-static)
if(CIVIQ_QEMU_USER)
	set(CMAKE_CROSSCOMPILING_EMULATOR ${CIVIQ_QEMU_USER} -L /usr/${CIVIQ_CROSS_TRIPLE})
endif()
