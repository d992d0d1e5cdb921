/*
 * setup_arch: everything x86_64-specific that must happen before the
 * memory manager can run: console, descriptor tables, the boot information,
 * the command line, memblock and the kernel's page tables.
 */
#include <asm/page.h>
#include <asm/smp.h>

#include "console.h"
#include "kernel/setup.h"
#include "lib.h"
#include "param.h"
#include "printk.h"
#include "mm/mm.h"
#include "mm/memblock.h"
#include "arch/x86_64/bootinfo.h"
#include "arch/x86_64/cpu.h"

extern const char _kernel_phys_start[], _end[];

static u64 mem_limit;
param_size_min("mem", mem_limit, 1,
	       "use no RAM at or above this physical address (e.g. mem=64M)");

/* The boot page tables map only the first 4 GiB at DIRECT_MAP_START. */
#define BOOT_DIRECT_MAP_LIMIT (4ULL << 30)

static void memblock_setup(void)
{
	phys_addr_t kstart = (phys_addr_t)_kernel_phys_start;
	phys_addr_t kend = __pa_symbol(_end);

	memblock_setup_ram(boot_info.map, boot_info.map_nr,
			   boot_info.map_source, mem_limit);
	/* Boot page tables map only the first 4 GiB until paging_init(). */
	memblock.current_limit = BOOT_DIRECT_MAP_LIMIT;
	if (memblock_reserve(kstart, kend - kstart))
		panic("memblock: cannot reserve the kernel image");
	boot_info_reserve();
	pr_info("memblock: %llu KiB usable, kernel image [%#llx-%#llx) %llu KiB\n",
		(unsigned long long)memblock_phys_mem_size() >> 10,
		(unsigned long long)kstart, (unsigned long long)kend,
		(unsigned long long)(kend - kstart) >> 10);
}

void setup_arch(u32 magic, phys_addr_t mbi_pa)
{
	cpu_init(0, NULL); /* first: spinlocks need the per-CPU data */
	console_init();
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
	fw_cfg_append_cmdline();
	pr_info("Kernel command line: %s\n", boot_info.cmdline);
	parse_kernel_cmdline(boot_info.cmdline);
	memblock_setup();
	reserve_real_mode();
	mm_check_minimum_memory();
	paging_init();
}
