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
	unsigned int nr_lapics;	  /* enabled CPUs, up to NR_CPUS */
	u8 lapic_ids[NR_CPUS];	  /* their APIC IDs, in MADT order */
	unsigned int lapics_left; /* enabled CPUs beyond NR_CPUS */
	phys_addr_t ioapic_addr;
	u32 ioapic_gsi_base;		/* the GSI of its pin 0 */
	u32 isa_irq_gsi[NR_ISA_IRQS];	/* ISA IRQ -> GSI */
	u16 isa_irq_flags[NR_ISA_IRQS]; /* polarity and trigger */
	bool from_acpi;			/* false: the fallback below was used */
};

extern struct madt_info madt;

/*
 * acpi_boot_init - read the MADT through the RSDP the boot loader passed
 *
 * A missing or bad RSDP, RSDT/XSDT or MADT is reported, naming the
 * fallback: the boot CPU alone, the IOAPIC at 0xfec00000 with GSI base 0,
 * and ISA IRQ n on pin n. Context: boot, after ioremap() works.
 */
void acpi_boot_init(void);

#endif
