/* What the boot loader told us, parsed from the multiboot2 information. */
#ifndef _ARCH_X86_64_BOOTINFO_H
#define _ARCH_X86_64_BOOTINFO_H

#include "mm/memblock.h"

#define MB2_BOOTLOADER_MAGIC 0x36d76289
#define BOOT_MAX_MODULES 8
#define BOOT_CMDLINE_MAX 1024

struct boot_module {
	phys_addr_t start, end;
};

struct boot_info {
	phys_addr_t mbi_start, mbi_end; /* the MBI itself */
	char cmdline[BOOT_CMDLINE_MAX]; /* tag 1, then fw_cfg opt/cmdline */
	const char *loader_name;
	struct memmap_entry map[MEMMAP_MAX_INPUT];
	unsigned int map_nr;
	const char *map_source;	 /* which tag the map came from */
	unsigned int efi_map_nr; /* entries in the EFI map, if any */
	struct boot_module modules[BOOT_MAX_MODULES];
	unsigned int nr_modules;
};

extern struct boot_info boot_info;

/* Parse the MBI at physical @mbi_pa into boot_info; panics if unusable. */
void multiboot2_parse(phys_addr_t mbi_pa);

/**
 * fw_cfg_read_file - read a file from QEMU's fw_cfg device
 * @name: file name, e.g. "opt/cmdline"
 * @buf: destination, NUL-terminated on success
 * @size: room in @buf
 *
 * Return: the file's length, or a negative error (-ENODEV without fw_cfg,
 * -ENOENT if there is no such file, -E2BIG if it does not fit).
 */
int fw_cfg_read_file(const char *name, char *buf, size_t size);

/* Build the kernel's page tables and switch to them (paging.c). */
void paging_init(void);

#endif
