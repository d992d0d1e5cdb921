/*
 * Reading the multiboot2 boot information (MBI): a list of tags, each
 * 8-byte aligned, starting after an 8-byte header (total size, reserved).
 * We take the command line, the memory map (tag 6; tag 17, the EFI map,
 * when booted through UEFI) and the modules, and log the maps as read.
 * A malformed MBI is reported and the rest of it ignored.
 */
#include <asm/page.h>

#include "lib.h"
#include "printk.h"
#include "arch/x86_64/bootinfo.h"

struct boot_info boot_info;

enum mb2_tag_type {
	MB2_TAG_END = 0,
	MB2_TAG_CMDLINE = 1,
	MB2_TAG_LOADER_NAME = 2,
	MB2_TAG_MODULE = 3,
	MB2_TAG_MMAP = 6,
	MB2_TAG_EFI_MMAP = 17,
};

struct mb2_tag {
	u32 type;
	u32 size;
};

struct mb2_mmap_entry {
	u64 base;
	u64 length;
	u32 type;
	u32 reserved;
};

struct efi_memory_desc {
	u32 type;
	u32 pad;
	u64 phys_start;
	u64 virt_start;
	u64 num_pages;
	u64 attribute;
};

static const char *const e820_names[] = {
	"unknown", "usable", "reserved", "ACPI data", "ACPI NVS", "unusable",
};

static const char *const efi_type_names[] = {
	"Reserved",
	"LoaderCode",
	"LoaderData",
	"BootServicesCode",
	"BootServicesData",
	"RuntimeServicesCode",
	"RuntimeServicesData",
	"ConventionalMemory",
	"UnusableMemory",
	"ACPIReclaimMemory",
	"ACPIMemoryNVS",
	"MemoryMappedIO",
	"MemoryMappedIOPortSpace",
	"PalCode",
	"PersistentMemory",
};

static const char *e820_name(u32 type)
{
	return type < ARRAY_SIZE(e820_names) ? e820_names[type] : "other";
}

static void add_map_entry(u64 base, u64 len, u32 type)
{
	if (boot_info.map_nr == MEMMAP_MAX_INPUT) {
		pr_err("multiboot2: more than %d memory map entries, ignoring the rest\n",
		       MEMMAP_MAX_INPUT);
		return;
	}
	boot_info.map[boot_info.map_nr++] =
		(struct memmap_entry){ base, len, type };
}

static void parse_mmap(const struct mb2_tag *tag)
{
	const u32 *hdr = (const u32 *)(tag + 1); /* entry_size, version */
	u32 esize = hdr[0];
	const u8 *p = (const u8 *)(hdr + 2), *end = (const u8 *)tag + tag->size;

	if (esize < sizeof(struct mb2_mmap_entry)) {
		pr_err("multiboot2: memory map entry size %u is too small, map ignored\n",
		       esize);
		return;
	}
	pr_info("BIOS-provided physical RAM map (multiboot2 tag 6):\n");
	for (; p + esize <= end; p += esize) {
		const struct mb2_mmap_entry *e = (const void *)p;

		pr_info("  [mem 0x%016llx-0x%016llx] %s (type %u)\n",
			(unsigned long long)e->base,
			(unsigned long long)(e->base + e->length - 1),
			e820_name(e->type), e->type);
		add_map_entry(e->base, e->length, e->type);
	}
	boot_info.map_source = "multiboot2 memory map (tag 6)";
}

/* The firmware type of memory that is free once boot services have ended. */
static u32 efi_to_e820(u32 type)
{
	switch (type) {
	case 1:
	case 2:
	case 3:
	case 4:
	case 7:
		return MEMMAP_USABLE;
	case 9:
		return MEMMAP_ACPI_RECLAIMABLE;
	case 10:
		return MEMMAP_ACPI_NVS;
	case 8:
		return MEMMAP_BAD;
	default:
		return MEMMAP_RESERVED;
	}
}

static void parse_efi_mmap(const struct mb2_tag *tag, bool use_it)
{
	const u32 *hdr = (const u32 *)(tag + 1); /* descr_size, descr_vers */
	u32 dsize = hdr[0];
	const u8 *p = (const u8 *)(hdr + 2), *end = (const u8 *)tag + tag->size;

	if (dsize < sizeof(struct efi_memory_desc)) {
		pr_err("multiboot2: EFI descriptor size %u is too small, EFI map ignored\n",
		       dsize);
		return;
	}
	pr_info("EFI memory map (multiboot2 tag 17):\n");
	for (; p + dsize <= end; p += dsize) {
		const struct efi_memory_desc *d = (const void *)p;
		u64 len = d->num_pages << 12;

		pr_info("  [mem 0x%016llx-0x%016llx] %s attr %#llx\n",
			(unsigned long long)d->phys_start,
			(unsigned long long)(d->phys_start + len - 1),
			d->type < ARRAY_SIZE(efi_type_names)
				? efi_type_names[d->type]
				: "unknown",
			(unsigned long long)d->attribute);
		boot_info.efi_map_nr++;
		if (use_it)
			add_map_entry(d->phys_start, len, efi_to_e820(d->type));
	}
	if (use_it)
		boot_info.map_source = "EFI memory map (tag 17)";
}

static void parse_module(const struct mb2_tag *tag)
{
	const u32 *m = (const u32 *)(tag + 1); /* mod_start, mod_end, string */

	if (boot_info.nr_modules == BOOT_MAX_MODULES) {
		pr_err("multiboot2: too many modules, ignoring one\n");
		return;
	}
	boot_info.modules[boot_info.nr_modules++] =
		(struct boot_module){ m[0], m[1] };
	pr_info("multiboot2: module [%#x-%#x) %s\n", m[0], m[1],
		(const char *)(m + 2));
}

/* First pass: everything but the EFI map, which is only a fallback. */
static const struct mb2_tag *parse_tag(const struct mb2_tag *tag)
{
	switch (tag->type) {
	case MB2_TAG_CMDLINE:
		snprintf(boot_info.cmdline, sizeof(boot_info.cmdline), "%s",
			 (const char *)(tag + 1));
		break;
	case MB2_TAG_LOADER_NAME:
		boot_info.loader_name = (const char *)(tag + 1);
		break;
	case MB2_TAG_MODULE:
		parse_module(tag);
		break;
	case MB2_TAG_MMAP:
		parse_mmap(tag);
		break;
	case MB2_TAG_EFI_MMAP:
		return tag;
	}
	return NULL;
}

void multiboot2_parse(phys_addr_t mbi_pa)
{
	const u8 *mbi = __va(mbi_pa);
	u32 total = *(const u32 *)mbi, off = 8;
	const struct mb2_tag *efi = NULL;

	boot_info.mbi_start = mbi_pa;
	boot_info.mbi_end = mbi_pa + total;
	if (total < 16 || total > (1 << 20))
		panic("multiboot2: implausible boot information size %u at %#llx",
		      total, (unsigned long long)mbi_pa);
	while (off + sizeof(struct mb2_tag) <= total) {
		const struct mb2_tag *tag = (const void *)(mbi + off);

		if (tag->type == MB2_TAG_END)
			break;
		if (tag->size < sizeof(*tag) || off + tag->size > total) {
			pr_err("multiboot2: malformed tag (type %u, size %u) at offset %u, ignoring the rest\n",
			       tag->type, tag->size, off);
			break;
		}
		if (parse_tag(tag))
			efi = tag;
		off += ALIGN(tag->size, 8);
	}
	if (efi)
		parse_efi_mmap(efi, boot_info.map_nr == 0);
	pr_info("multiboot2: loader \"%s\", command line \"%s\"\n",
		boot_info.loader_name ? boot_info.loader_name : "?",
		boot_info.cmdline);
	if (!boot_info.map_nr)
		panic("multiboot2: the boot loader gave no memory map (tags 6 and 17 both missing or malformed)");
}
