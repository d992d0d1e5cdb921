/*
 * Reading the multiboot2 boot information (MBI): a list of tags, each
 * 8-byte aligned, starting after an 8-byte header (total size, reserved).
 * We take the command line, the memory map (tag 6; tag 17, the EFI map,
 * when booted through UEFI), the modules and the ACPI RSDP (tags 14 and
 * 15), and log the maps as read.
 *
 * Nothing in the MBI is trusted: every tag is checked against the MBI's
 * total size and its own size before a field is read, and every string
 * must end inside its tag. A bad tag is reported with its type and offset
 * and skipped; the rest still boots. Only a tag whose size runs past the
 * end stops the walk, since the next tag cannot be found after it. The
 * parser touches no hardware, so the host tests and the fuzzer
 * (tests/fuzz/fuzz_mbi.c) run this very file.
 */
#include <asm/page.h>

#include "kerrno.h"
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
	MB2_TAG_ACPI_OLD = 14, /* a copy of the ACPI 1.0 RSDP */
	MB2_TAG_ACPI_NEW = 15, /* a copy of the ACPI 2.0+ RSDP */
	MB2_TAG_EFI_MMAP = 17,
};

struct mb2_tag {
	u32 type;
	u32 size;
};

/* The first fields of tags 6 and 17, after type and size. */
struct mb2_map_header {
	u32 entry_size;
	u32 entry_version;
};

struct mb2_module {
	u32 mod_start;
	u32 mod_end;
	/* then the module's command line, NUL-terminated */
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

/* Report a tag that is skipped. */
static void bad_tag(const struct mb2_tag *tag, u32 off, const char *why)
{
	pr_err("multiboot2: bad tag (type %u, size %u) at offset %u: %s; skipped\n",
	       tag->type, tag->size, off, why);
	boot_info.bad_tags++;
}

/* The tag's payload as a string, or NULL if no NUL ends it inside the tag. */
static const char *tag_string(const struct mb2_tag *tag, u32 skip)
{
	const char *s = (const char *)(tag + 1) + skip;
	u32 room = tag->size - sizeof(*tag);

	if (room <= skip || strnlen(s, room - skip) == room - skip)
		return NULL;
	return s;
}

static void add_map_entry(u64 base, u64 len, u32 type)
{
	if (boot_info.map_nr == MEMMAP_MAX_INPUT) {
		boot_info.map_dropped++;
		return;
	}
	boot_info.map[boot_info.map_nr++] =
		(struct memmap_entry){ base, len, type };
}

/*
 * The header of tag 6 or 17: entries of at least @min_size bytes that fit
 * in the tag. Returns how many there are (0: the tag is bad).
 */
static u32 map_entries(const struct mb2_tag *tag, u32 off, u32 min_size,
		       u32 *esize)
{
	struct mb2_map_header h;
	u32 room;

	if (tag->size < sizeof(*tag) + sizeof(h)) {
		bad_tag(tag, off, "too short for a memory map header");
		return 0;
	}
	memcpy(&h, tag + 1, sizeof(h));
	room = tag->size - sizeof(*tag) - sizeof(h);
	if (h.entry_size < min_size) {
		pr_err("multiboot2: entry size %u, expected at least %u\n",
		       h.entry_size, min_size);
		bad_tag(tag, off, "entries too small");
		return 0;
	}
	if (room % h.entry_size)
		pr_warn("multiboot2: tag %u at offset %u: %u bytes after the last whole entry ignored\n",
			tag->type, off, room % h.entry_size);
	*esize = h.entry_size;
	return room / h.entry_size;
}

/* Entry @i of a map tag, copied out: entries need not be aligned. */
static void map_entry(const struct mb2_tag *tag, u32 esize, u32 i, void *e,
		      size_t size)
{
	const u8 *p = (const u8 *)(tag + 1) + sizeof(struct mb2_map_header);

	memcpy(e, p + (size_t)i * esize, size);
}

static void parse_mmap(const struct mb2_tag *tag, u32 off)
{
	struct mb2_mmap_entry e;
	u32 esize, n = map_entries(tag, off, sizeof(e), &esize);

	if (!n)
		return;
	pr_info("BIOS-provided physical RAM map (multiboot2 tag 6):\n");
	for (u32 i = 0; i < n; i++) {
		map_entry(tag, esize, i, &e, sizeof(e));
		pr_info("  [mem 0x%016llx-0x%016llx] %s (type %u)\n",
			(unsigned long long)e.base,
			(unsigned long long)(e.base + e.length - 1),
			e820_name(e.type), e.type);
		add_map_entry(e.base, e.length, e.type);
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

static void parse_efi_mmap(const struct mb2_tag *tag, u32 off, bool use_it)
{
	struct efi_memory_desc d;
	u32 dsize, n = map_entries(tag, off, sizeof(d), &dsize);

	if (!n)
		return;
	pr_info("EFI memory map (multiboot2 tag 17):\n");
	for (u32 i = 0; i < n; i++) {
		u64 len;

		map_entry(tag, dsize, i, &d, sizeof(d));
		if (d.num_pages > (~0ULL >> 12)) {
			pr_err("multiboot2: EFI descriptor %u: %llu pages is more than 64 bits can address; skipped\n",
			       i, (unsigned long long)d.num_pages);
			continue;
		}
		len = d.num_pages << 12;
		pr_info("  [mem 0x%016llx-0x%016llx] %s attr %#llx\n",
			(unsigned long long)d.phys_start,
			(unsigned long long)(d.phys_start + len - 1),
			d.type < ARRAY_SIZE(efi_type_names)
				? efi_type_names[d.type]
				: "unknown",
			(unsigned long long)d.attribute);
		boot_info.efi_map_nr++;
		if (use_it)
			add_map_entry(d.phys_start, len, efi_to_e820(d.type));
	}
	if (use_it)
		boot_info.map_source = "EFI memory map (tag 17)";
}

static void parse_module(const struct mb2_tag *tag, u32 off)
{
	struct mb2_module m;
	const char *name = tag_string(tag, sizeof(m));

	if (!name) {
		bad_tag(tag, off,
			"module string not NUL-terminated in the tag");
		return;
	}
	memcpy(&m, tag + 1, sizeof(m));
	if (m.mod_end < m.mod_start) {
		bad_tag(tag, off, "module ends before it starts");
		return;
	}
	if (boot_info.nr_modules == BOOT_MAX_MODULES) {
		bad_tag(tag, off, "too many modules");
		return;
	}
	boot_info.modules[boot_info.nr_modules++] =
		(struct boot_module){ m.mod_start, m.mod_end };
	pr_info("multiboot2: module [%#x-%#x) %s\n", m.mod_start, m.mod_end,
		name);
}

static void parse_cmdline(const struct mb2_tag *tag, u32 off)
{
	const char *s = tag_string(tag, 0);

	if (!s) {
		bad_tag(tag, off, "command line not NUL-terminated in the tag");
		return;
	}
	boot_cmdline_add(s, strlen(s), "the boot loader's command line");
}

/* The RSDP copy of tag 14 or 15; the newer one wins (acpi.c checks it). */
static void parse_acpi_rsdp(const struct mb2_tag *tag)
{
	if (boot_info.acpi_rsdp && tag->type == MB2_TAG_ACPI_OLD)
		return;
	boot_info.acpi_rsdp = (const u8 *)tag + sizeof(*tag);
	boot_info.acpi_rsdp_size = tag->size - (u32)sizeof(*tag);
}

/* First pass: everything but the EFI map, which is only a fallback. */
static void parse_tag(const struct mb2_tag *tag, u32 off)
{
	switch (tag->type) {
	case MB2_TAG_CMDLINE:
		parse_cmdline(tag, off);
		break;
	case MB2_TAG_LOADER_NAME:
		boot_info.loader_name = tag_string(tag, 0);
		if (!boot_info.loader_name)
			bad_tag(tag, off, "name not NUL-terminated in the tag");
		break;
	case MB2_TAG_MODULE:
		parse_module(tag, off);
		break;
	case MB2_TAG_MMAP:
		parse_mmap(tag, off);
		break;
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
		parse_acpi_rsdp(tag);
		break;
	}
}

int multiboot2_parse_info(const void *mbi, u32 size, phys_addr_t mbi_pa)
{
	const u8 *p = mbi;
	u32 total, off = 8, efi_off = 0;
	const struct mb2_tag *efi = NULL;

	memset(&boot_info, 0, sizeof(boot_info));
	boot_info.map_source = "no memory map";
	if (size < 16)
		return -EINVAL;
	memcpy(&total, p, sizeof(total));
	if (total < 16 || total > size) {
		pr_err("multiboot2: total size %u is not in [16, %u]\n", total,
		       size);
		return -EINVAL;
	}
	boot_info.mbi_start = mbi_pa;
	boot_info.mbi_end = mbi_pa + total;
	while (total - off >= sizeof(struct mb2_tag)) {
		const struct mb2_tag *tag = (const void *)(p + off);

		if (tag->type == MB2_TAG_END)
			break;
		if (tag->size < sizeof(*tag) || tag->size > total - off) {
			pr_err("multiboot2: bad tag (type %u, size %u) at offset %u: runs past the end (%u bytes); the tags after it are lost\n",
			       tag->type, tag->size, off, total);
			boot_info.bad_tags++;
			break;
		}
		if (tag->type == MB2_TAG_EFI_MMAP) {
			efi = tag;
			efi_off = off;
		} else {
			parse_tag(tag, off);
		}
		if (ALIGN(tag->size, 8) >= total - off)
			break;
		off += ALIGN(tag->size, 8);
	}
	if (efi)
		parse_efi_mmap(efi, efi_off, boot_info.map_nr == 0);
	if (boot_info.map_dropped)
		pr_err("multiboot2: more than %d memory map entries: %u ignored\n",
		       MEMMAP_MAX_INPUT, boot_info.map_dropped);
	return (int)boot_info.bad_tags;
}

void multiboot2_parse(phys_addr_t mbi_pa)
{
	u32 total = *(const u32 *)__va(mbi_pa);

	if (total < 16 || total > MB2_MAX_INFO_SIZE)
		panic("multiboot2: implausible boot information size %u at %#llx",
		      total, (unsigned long long)mbi_pa);
	multiboot2_parse_info(__va(mbi_pa), total, mbi_pa);
	pr_info("multiboot2: loader \"%s\", command line \"%s\"\n",
		boot_info.loader_name ? boot_info.loader_name : "?",
		boot_info.cmdline);
	if (!boot_info.map_nr)
		panic("multiboot2: the boot loader gave no memory map (tags 6 and 17 both missing or malformed)");
}

/* Reserve a range the boot loader handed over; it must stay out of reach. */
static void reserve_boot_range(phys_addr_t start, phys_addr_t end,
			       const char *what)
{
	if (memblock_reserve(start, end - start))
		panic("memblock: cannot reserve the %s [%#llx-%#llx): the reserved table is full",
		      what, (unsigned long long)start, (unsigned long long)end);
}

void boot_info_reserve(void)
{
	reserve_boot_range(boot_info.mbi_start, boot_info.mbi_end,
			   "boot information");
	for (unsigned int i = 0; i < boot_info.nr_modules; i++)
		reserve_boot_range(boot_info.modules[i].start,
				   boot_info.modules[i].end, "module");
}

void boot_cmdline_add(const char *s, size_t len, const char *source)
{
	char *cl = boot_info.cmdline;
	size_t used = strlen(cl), sep = used ? 1 : 0, keep = len, room;

	room = sizeof(boot_info.cmdline) - 1 - used;
	room = room > sep ? room - sep : 0;
	if (len > room) {
		/* Cut at a word boundary: half a word could be a wrong value
		 * (mem=64 from mem=64M). */
		keep = room;
		while (keep && s[keep] != ' ')
			keep--;
		pr_err("Kernel command line too long: %s is %zu bytes, %zu fit (%d in all); ignored from \"%.40s\"%s\n",
		       source, len, keep, BOOT_CMDLINE_MAX - 1, s + keep,
		       len - keep > 40 ? "..." : "");
	}
	if (!keep)
		return;
	if (sep)
		cl[used++] = ' ';
	memcpy(cl + used, s, keep);
	cl[used + keep] = '\0';
}
