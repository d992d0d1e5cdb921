/* What the boot loader told us, parsed from the multiboot2 information. */
#ifndef _ARCH_X86_64_BOOTINFO_H
#define _ARCH_X86_64_BOOTINFO_H

#include "mm/memblock.h"

#define MB2_BOOTLOADER_MAGIC 0x36d76289
#define BOOT_MAX_MODULES 8
/* The command line both ways together (GRUB's, then fw_cfg's), with its
 * NUL; what does not fit is reported, cut at a word boundary. */
#define BOOT_CMDLINE_MAX 4096
/* A larger MBI is taken for garbage. */
#define MB2_MAX_INFO_SIZE (1U << 20)

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
	const void *acpi_rsdp;	  /* the RSDP copy in tag 15 or 14, or NULL */
	u32 acpi_rsdp_size;	  /* its bytes in the tag */
	unsigned int bad_tags;	  /* reported and skipped */
	unsigned int map_dropped; /* map entries beyond MEMMAP_MAX_INPUT */
};

extern struct boot_info boot_info;

/* Parse the MBI at physical @mbi_pa into boot_info; panics if unusable. */
void multiboot2_parse(phys_addr_t mbi_pa);

/**
 * multiboot2_parse_info - parse an MBI into boot_info
 * @mbi: the MBI's bytes
 * @size: how many bytes at @mbi may be read; the MBI's own total size
 *        must not exceed it
 * @mbi_pa: the MBI's physical address, recorded for boot_info_reserve()
 *
 * Resets boot_info, then fills it from the tags. Bad tags are reported
 * and skipped. Touches no hardware (it runs on the host, under the fuzzer).
 *
 * Return: the number of bad tags, or -EINVAL if the header is unusable.
 */
int multiboot2_parse_info(const void *mbi, u32 size, phys_addr_t mbi_pa);

/* memblock_reserve() the MBI and the modules; panics if one cannot be. */
void boot_info_reserve(void);

/**
 * boot_cmdline_add - append words to boot_info.cmdline
 * @s: the words (at least min(@len, BOOT_CMDLINE_MAX - 1) bytes readable)
 * @len: their length
 * @source: where they come from, for the message if they do not all fit
 *
 * What does not fit is cut at a word boundary and reported.
 */
void boot_cmdline_add(const char *s, size_t len, const char *source);

/* Append QEMU's fw_cfg file opt/cmdline, if there is one (fw_cfg.c). */
void fw_cfg_append_cmdline(void);

/**
 * fw_cfg_read_file - read a file from QEMU's fw_cfg device
 * @name: file name, e.g. "opt/cmdline"
 * @buf: destination, NUL-terminated on success
 * @size: room in @buf
 *
 * Reads at most @size - 1 bytes, then the NUL.
 *
 * Return: the file's length (more than was read if it did not fit), or a
 * negative error (-ENODEV without fw_cfg, -ENOENT if there is no such file).
 */
int fw_cfg_read_file(const char *name, char *buf, size_t size);

/* Build the kernel's page tables and switch to them (paging.c). */
void paging_init(void);

#endif
