/*
 * setup_arch: everything x86_64-specific that must happen before the
 * memory manager can run: console, descriptor tables, the boot information,
 * the command line, memblock and the kernel's page tables.
 */
#include <asm/page.h>

#include "console.h"
#include "kernel/setup.h"
#include "lib.h"
#include "param.h"
#include "printk.h"
#include "mm/internal.h"
#include "mm/memblock.h"
#include "arch/x86_64/bootinfo.h"
#include "arch/x86_64/cpu.h"

extern const char _kernel_phys_start[], _end[];

static u64 mem_limit;
param_size("mem", mem_limit,
	   "use no RAM at or above this physical address (e.g. mem=64M)");

/* The boot page tables map only the first 4 GiB at DIRECT_MAP_START. */
#define BOOT_DIRECT_MAP_LIMIT (4ULL << 30)

static void append_fw_cfg_cmdline(void)
{
	char extra[512];
	size_t len = strlen(boot_info.cmdline);
	int n = fw_cfg_read_file("opt/cmdline", extra, sizeof(extra));

	if (n <= 0)
		return;
	pr_info("fw_cfg: opt/cmdline \"%s\"\n", extra);
	snprintf(boot_info.cmdline + len, sizeof(boot_info.cmdline) - len,
		 "%s%s", len ? " " : "", extra);
}

static void memblock_setup(void)
{
	static struct memblock_region ranges[MEMBLOCK_MAX_REGIONS];
	struct memmap_sanitize_stats st;
	phys_addr_t kstart = (phys_addr_t)_kernel_phys_start;
	phys_addr_t kend = __pa_symbol(_end);
	unsigned int n;

	memblock_init();
	memblock.current_limit = BOOT_DIRECT_MAP_LIMIT;
	n = memmap_sanitize(boot_info.map, boot_info.map_nr, ranges,
			    MEMBLOCK_MAX_REGIONS, &st);
	pr_info("memmap: %u usable ranges from the %s (%u overlaps, %u trimmed, %u empty, %u overflowing entries fixed)\n",
		n, boot_info.map_source, st.overlaps, st.trimmed,
		st.dropped_empty, st.dropped_overflow);
	for (unsigned int i = 0; i < n; i++)
		memblock_add(ranges[i].base, ranges[i].size);
	if (mem_limit) {
		pr_info("mem=%lluK: ignoring RAM at or above %#llx\n",
			(unsigned long long)mem_limit >> 10,
			(unsigned long long)mem_limit);
		memblock_cap_memory(mem_limit);
	}
	/* The first MiB: real-mode data, BIOS areas, and page 0 (NULL). */
	memblock_reserve(0, 1 << 20);
	memblock_reserve(kstart, kend - kstart);
	memblock_reserve(boot_info.mbi_start,
			 boot_info.mbi_end - boot_info.mbi_start);
	for (unsigned int i = 0; i < boot_info.nr_modules; i++)
		memblock_reserve(boot_info.modules[i].start,
				 boot_info.modules[i].end -
					 boot_info.modules[i].start);
	pr_info("memblock: %llu KiB usable, kernel image [%#llx-%#llx) %llu KiB\n",
		(unsigned long long)memblock_phys_mem_size() >> 10,
		(unsigned long long)kstart, (unsigned long long)kend,
		(unsigned long long)(kend - kstart) >> 10);
}

void setup_arch(u32 magic, phys_addr_t mbi_pa)
{
	console_init();
	gdt_init();
	idt_init();
	pr_info("\nmm-kernel: a teaching physical memory manager (x86_64)\n");
	cpu_detect();
	if (magic != MB2_BOOTLOADER_MAGIC)
		panic("not started by a multiboot2 boot loader (eax = %#x, expected %#x)",
		      magic, MB2_BOOTLOADER_MAGIC);
	if (mbi_pa >= BOOT_DIRECT_MAP_LIMIT)
		panic("multiboot2 information at %#llx is above 4 GiB",
		      (unsigned long long)mbi_pa);
	multiboot2_parse(mbi_pa);
	append_fw_cfg_cmdline();
	pr_info("Kernel command line: %s\n", boot_info.cmdline);
	parse_kernel_cmdline(boot_info.cmdline);
	memblock_setup();
	mm_check_minimum_memory();
	paging_init();
}
