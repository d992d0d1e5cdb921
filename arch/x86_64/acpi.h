/*
 * What the ACPI MADT says about the interrupt hardware (acpi.c): the local
 * APIC of each CPU, the IOAPIC, and how ISA IRQs reach its pins.
 */
#ifndef _ARCH_X86_64_ACPI_H
#define _ARCH_X86_64_ACPI_H

#include <asm/percpu.h>

#include "types.h"

#define NR_ISA_IRQS 16

/* MPS INTI flags of an interrupt source override. */
#define ACPI_MADT_POLARITY_MASK 0x3
#define ACPI_MADT_POLARITY_ACTIVE_LOW 0x3
#define ACPI_MADT_TRIGGER_MASK 0xc
#define ACPI_MADT_TRIGGER_LEVEL 0xc

struct madt_info {
	unsigned int nr_lapics;		 /* enabled CPUs, up to NR_CPUS */
	u8 lapic_ids[NR_CPUS];		 /* their APIC IDs, in MADT order */
	unsigned int lapics_left;	 /* enabled CPUs beyond NR_CPUS */
	unsigned int x2apic_unreachable; /* enabled, ID above xAPIC's 254 */
	phys_addr_t ioapic_addr;
	u32 ioapic_gsi_base;		/* the GSI of its pin 0 */
	u32 isa_irq_gsi[NR_ISA_IRQS];	/* ISA IRQ -> GSI */
	u16 isa_irq_flags[NR_ISA_IRQS]; /* polarity and trigger */
	bool from_acpi;			/* false: the fallback below was used */
};

extern struct madt_info madt;

/*
 * How the parser reaches a table: map(@pa, @len) returns @len readable
 * bytes at physical address @pa, or NULL; unmap() gives them back. The
 * kernel uses ioremap(); the host tests, a buffer of crafted tables.
 */
struct acpi_table_access {
	const void *(*map)(phys_addr_t pa, u32 len);
	void (*unmap)(const void *p);
};

/**
 * acpi_parse_madt - what the MADT says, found through an RSDP
 * @info: filled in, from the MADT or else with the fallback
 * @rsdp: the RSDP as the boot loader copied it, or NULL if it passed none
 * @rsdp_size: its size in bytes
 * @access: how the other tables are mapped
 * @boot_apic_id: the boot CPU's local APIC ID (for the fallback)
 *
 * A missing or bad RSDP, RSDP/XSDT or MADT (signature, length, checksum,
 * an entry running past the table's end, no enabled CPU or no IOAPIC) is
 * reported, naming the fallback: the boot CPU alone, the IOAPIC at
 * 0xfec00000 with GSI base 0, and ISA IRQ n on pin n.
 * Return: true if @info comes from the MADT (@info->from_acpi).
 */
bool acpi_parse_madt(struct madt_info *info, const void *rsdp, u32 rsdp_size,
		     const struct acpi_table_access *access, u8 boot_apic_id);

/*
 * acpi_boot_init - fill madt from the RSDP the boot loader passed, with
 * acpi_parse_madt() over ioremap(). Context: boot, after ioremap() works.
 */
void acpi_boot_init(void);

#endif
