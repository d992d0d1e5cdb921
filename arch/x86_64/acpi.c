/*
 * ACPI at boot: the MADT, through the RSDP the boot loader copied into the
 * multiboot2 information. The tables live in memory the map calls reserved
 * or ACPI data, outside the direct map: each is mapped with ioremap() while
 * acpi_madt.c parses it.
 */
#include <asm/apic.h>

#include "mm/vmalloc.h"
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/bootinfo.h"

struct madt_info madt;

static const void *acpi_ioremap(phys_addr_t pa, u32 len)
{
	return ioremap(pa, len);
}

static void acpi_iounmap(const void *p)
{
	iounmap((void *)p);
}

static const struct acpi_table_access acpi_ioremap_access = {
	.map = acpi_ioremap,
	.unmap = acpi_iounmap,
};

void acpi_boot_init(void)
{
	acpi_parse_madt(&madt, boot_info.acpi_rsdp, boot_info.acpi_rsdp_size,
			&acpi_ioremap_access, (u8)lapic_id());
}
