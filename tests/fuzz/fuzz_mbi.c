/*
 * libFuzzer harness for the boot input: each input is the bytes of a
 * multiboot2 information structure (MBI), placed where GRUB would leave it
 * and booted as the kernel boots it (tests/host/mbi_boot.h): the parser in
 * arch/x86_64/multiboot2.c, memblock_setup_ram(), the reservations, the
 * zones, the struct pages and the buddy allocator. A boot may stop with the
 * kernel's own clear panics (no memory map, too little memory); any other
 * panic, a crash, a sanitizer report or a broken zone invariant is a
 * finding.
 *
 * Simulated memory covers 4 GiB + 64 MiB, so the 16 MiB and 4 GiB zone
 * boundaries are both in reach; RAM between 256 MiB and 4 GiB is taken
 * out after parsing, so that a boot costs milliseconds, not the setting up
 * of a million struct pages.
 */
#include <stdio.h>
#include <stdlib.h>

#include "host.h"
#include "lib.h"
#include "mbi_boot.h"

#define GiB (1ULL << 30)
#define MiB (1ULL << 20)
#define SIM_MEMORY (4 * GiB + 64 * MiB)
#define WINDOW_START (256 * MiB)

static const char *const expected_panics[] = {
	"gave no memory map",
	"not enough memory",
	"implausible boot information size",
};

static void boot_fn(void *arg)
{
	(void)arg;
	multiboot2_parse(MBI_PA);
	memblock_setup_ram(boot_info.map, boot_info.map_nr,
			   boot_info.map_source, SIM_MEMORY);
	memblock_remove(WINDOW_START, 4 * GiB - WINDOW_START);
	mm_trim_zone_slivers();
	boot_info_reserve();
	mm_check_minimum_memory();
	mbi_boot_zones();
}

static void check_panic(void)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(expected_panics); i++)
		if (strstr(host_panic_msg, expected_panics[i]))
			return;
	fprintf(stderr, "unexpected panic: %s\n", host_panic_msg);
	abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static bool mapped;
	const char *broken;

	/* The MBI must fit between MBI_PA and the end of the first MiB. */
	if (size < 8 || size > MBI_MAX)
		return -1;
	if (!mapped) {
		host_mem_init(SIM_MEMORY);
		mapped = true;
	}
	memset(&contig_page_data, 0, sizeof(contig_page_data));
	movablecore_bytes = 0;
	host_log_clear();
	memcpy(__va(MBI_PA), data, size);
	/* The MBI's own total size is only trusted up to the input's. */
	if (*(const u32 *)data > size)
		memcpy(__va(MBI_PA), &(u32){ (u32)size }, 4);
	if (host_catch_panic(boot_fn, NULL)) {
		check_panic();
		return 0;
	}
	broken = mbi_check_zones();
	if (broken) {
		fprintf(stderr, "broken invariant: %s\n%s\n", broken,
			host_log());
		abort();
	}
	return 0;
}
