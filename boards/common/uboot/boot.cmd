# U-Boot boot script of the Raspberry Pi boards: A/B root file systems with a try counter,
# the layout RAUC's U-Boot backend expects (boards/rpi4-*/rauc/system.conf).
#
# The U-Boot environment (uboot.env on the boot partition; Linux reads and writes it with
# fw_printenv/fw_setenv, /etc/fw_env.config) holds
#   BOOT_ORDER    slots in order of preference, e.g. "A B"; `rauc install` puts the newly
#                 written slot first
#   BOOT_A_LEFT   boots left for slot A before it is given up (3 after install or mark-good)
#   BOOT_B_LEFT   the same for B
# Every boot takes the first slot in BOOT_ORDER with tries left and decrements its counter.
# Once civiq is healthy, civiq-mark-good.service runs `rauc status mark-good booted`, which
# resets the counter to 3. A slot that does not reach that within 3 boots (crash, hang, the
# watchdog, or civiq-rollback.service marking it bad) is skipped, so the board comes back on
# the other slot — the previous version with its data. If no slot has tries left, both are
# reset to 3 and the board resets (a technician is needed; see docs/technician.md).
#
# Build: mkimage -A arm64 -T script -C none -d boot.cmd boot.scr (scripts/mkimage does it).
# Partitions (scripts/mkimage): 1 boot (vfat), 2 rootfs A, 3 rootfs B, 4 data (ext4).

test -n "${BOOT_ORDER}" || setenv BOOT_ORDER "A B"
test -n "${BOOT_A_LEFT}" || setenv BOOT_A_LEFT 3
test -n "${BOOT_B_LEFT}" || setenv BOOT_B_LEFT 3

setenv civiq_part
setenv civiq_slot
for BOOT_SLOT in "${BOOT_ORDER}"; do
	if test "x${civiq_part}" != "x"; then
		# a slot was already chosen
	elif test "x${BOOT_SLOT}" = "xA"; then
		if test ${BOOT_A_LEFT} -gt 0; then
			setexpr BOOT_A_LEFT ${BOOT_A_LEFT} - 1
			echo "civiq: booting slot A, ${BOOT_A_LEFT} tries left"
			setenv civiq_part 2
			setenv civiq_slot A
		fi
	elif test "x${BOOT_SLOT}" = "xB"; then
		if test ${BOOT_B_LEFT} -gt 0; then
			setexpr BOOT_B_LEFT ${BOOT_B_LEFT} - 1
			echo "civiq: booting slot B, ${BOOT_B_LEFT} tries left"
			setenv civiq_part 3
			setenv civiq_slot B
		fi
	fi
done

if test -z "${civiq_part}"; then
	echo "civiq: no slot has tries left, resetting both to 3"
	setenv BOOT_A_LEFT 3
	setenv BOOT_B_LEFT 3
	saveenv
	reset
fi
saveenv

# Quiet, locked-down console: kernel messages on tty3, no blinking cursor, no blanking, no
# logo; tty1 belongs to the civiq program. The root is mounted read-only (fstab).
setenv bootargs "console=tty3 quiet loglevel=3 logo.nologo vt.global_cursor_default=0 consoleblank=0 root=/dev/mmcblk0p${civiq_part} rootfstype=ext4 rootwait ro fsck.repair=yes rauc.slot=${civiq_slot}"

# Debian's kernel and initrd from the chosen slot (its /vmlinuz and /initrd.img links; the
# kernel image is gzip-compressed). The Pi firmware put the device tree at ${fdt_addr}.
setenv kernel_comp_addr_r 0x0a000000
setenv kernel_comp_size 0x04000000
load mmc 0:${civiq_part} ${ramdisk_addr_r} /initrd.img
setenv civiq_rdsize ${filesize}
load mmc 0:${civiq_part} ${kernel_addr_r} /vmlinuz
booti ${kernel_addr_r} ${ramdisk_addr_r}:${civiq_rdsize} ${fdt_addr}

echo "civiq: booting slot ${civiq_slot} failed"
reset
