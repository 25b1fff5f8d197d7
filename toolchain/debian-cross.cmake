# Shared part of the Debian cross toolchain files; the including file sets
# CIVIQ_CROSS_TRIPLE (GNU triplet = Debian multiarch directory), CIVIQ_CROSS_QEMU (the
# qemu-user binary) and CMAKE_SYSTEM_PROCESSOR.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_C_COMPILER ${CIVIQ_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${CIVIQ_CROSS_TRIPLE}-g++)
set(CMAKE_LIBRARY_ARCHITECTURE ${CIVIQ_CROSS_TRIPLE})

# Two ways to the target's libraries:
# - multiarch (default): libfoo-dev:<arch> installed next to the build machine's; libraries in
#   /usr/lib/<triple>, headers in /usr/include and /usr/include/<triple>, the cross libc in
#   /usr/<triple>.
# - a sysroot (-DCIVIQ_SYSROOT=DIR, made by scripts/mksysroot): the target's own packages
#   unpacked into DIR, independent of the build machine's package versions.
# Programs (code generators, scripts) come from the build machine either way.
set(CIVIQ_SYSROOT "$ENV{CIVIQ_SYSROOT}" CACHE PATH "Target sysroot (scripts/mksysroot); empty: multiarch")
# try_compile projects see the cache only through this list
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES CIVIQ_SYSROOT)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
if(CIVIQ_SYSROOT)
	get_filename_component(CIVIQ_SYSROOT "${CIVIQ_SYSROOT}" ABSOLUTE)
	set(CMAKE_SYSROOT ${CIVIQ_SYSROOT})
	set(CMAKE_FIND_ROOT_PATH ${CIVIQ_SYSROOT})
	set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
	set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
	# pkg-config: the sysroot's .pc files, their paths prefixed with the sysroot
	set(ENV{PKG_CONFIG_SYSROOT_DIR} ${CIVIQ_SYSROOT})
	set(ENV{PKG_CONFIG_LIBDIR}
		"${CIVIQ_SYSROOT}/usr/lib/${CIVIQ_CROSS_TRIPLE}/pkgconfig:${CIVIQ_SYSROOT}/usr/share/pkgconfig")
	set(CIVIQ_CROSS_LOADER_ROOT ${CIVIQ_SYSROOT})
else()
	set(CMAKE_FIND_ROOT_PATH /usr/${CIVIQ_CROSS_TRIPLE})
	set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
	set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
	# pkg-config must see only the target's .pc files, never the build machine's.
	set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/${CIVIQ_CROSS_TRIPLE}/pkgconfig:/usr/share/pkgconfig")
	set(CIVIQ_CROSS_LOADER_ROOT /usr/${CIVIQ_CROSS_TRIPLE})
endif()
set(ENV{PKG_CONFIG_PATH} "")

# Run target programs (tests, generators) under qemu-user with the target's loader and
# libraries (-L: the cross libc, or the sysroot). No binfmt_misc registration is needed.
find_program(CIVIQ_QEMU_USER NAMES ${CIVIQ_CROSS_QEMU} ${CIVIQ_CROSS_QEMU}-static)
if(CIVIQ_QEMU_USER)
	set(CMAKE_CROSSCOMPILING_EMULATOR ${CIVIQ_QEMU_USER} -L ${CIVIQ_CROSS_LOADER_ROOT})
endif()
