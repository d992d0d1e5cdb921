/*
 * ISA interrupts: the IOAPIC delivers them (only COM1's IRQ 4 is used), and
 * the two 8259 PICs of the PC/AT are masked for good.
 *
 * We do not parse the ACPI MADT: the IOAPIC is assumed at its usual
 * address, 0xfec00000, with ISA IRQ n on pin n. That holds for QEMU's pc
 * and q35 machines for every IRQ but 0 (the PIT, on pin 2), which we leave
 * masked.
 */
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <asm/page.h>

#include "kerrno.h"
#include "printk.h"
#include "mm/vmalloc.h"

#define IOAPIC_PHYS_BASE 0xfec00000UL

/* Two registers give indirect access to the rest: select, then read or
 * write the window. */
#define IOAPIC_REGSEL 0x00
#define IOAPIC_WINDOW 0x10
#define IOAPIC_VER 0x01
#define IOAPIC_REDTBL(pin) (0x10 + 2 * (pin)) /* low word; high is +1 */
#define IOAPIC_REDIR_MASKED (1U << 16)

/* The 8259s: command and data ports of the master and the slave. */
#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define PIC_ICW1_INIT 0x11 /* edge, cascade, ICW4 follows */
#define PIC_ICW4_8086 0x01

static volatile u32 *ioapic_base;
static unsigned int ioapic_pins;

static u32 ioapic_read(unsigned int reg)
{
	ioapic_base[IOAPIC_REGSEL / 4] = reg;
	return ioapic_base[IOAPIC_WINDOW / 4];
}

static void ioapic_write(unsigned int reg, u32 v)
{
	ioapic_base[IOAPIC_REGSEL / 4] = reg;
	ioapic_base[IOAPIC_WINDOW / 4] = v;
}

/*
 * Masking alone would do, but a PIC can still raise a spurious IRQ 7 or
 * 15, and at the BIOS's vectors (8-15) that would look like an exception:
 * move them to PIC_VECTOR_BASE first.
 */
void legacy_pic_disable(void)
{
	outb(PIC1_CMD, PIC_ICW1_INIT);
	outb(PIC2_CMD, PIC_ICW1_INIT);
	outb(PIC1_DATA, PIC_VECTOR_BASE);
	outb(PIC2_DATA, PIC_VECTOR_BASE + 8);
	outb(PIC1_DATA, 1 << 2); /* the slave hangs on the master's IRQ 2 */
	outb(PIC2_DATA, 2);	 /* ... and is told so */
	outb(PIC1_DATA, PIC_ICW4_8086);
	outb(PIC2_DATA, PIC_ICW4_8086);
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);
}

void ioapic_init(void)
{
	ioapic_base = ioremap(IOAPIC_PHYS_BASE, PAGE_SIZE);
	if (!ioapic_base)
		panic("ioapic: cannot map %#lx", IOAPIC_PHYS_BASE);
	ioapic_pins = ((ioapic_read(IOAPIC_VER) >> 16) & 0xff) + 1;
	for (unsigned int pin = 0; pin < ioapic_pins; pin++) {
		ioapic_write(IOAPIC_REDTBL(pin), IOAPIC_REDIR_MASKED);
		ioapic_write(IOAPIC_REDTBL(pin) + 1, 0);
	}
	pr_info("ioapic: %u pins at %#lx, all masked; 8259 PICs masked\n",
		ioapic_pins, IOAPIC_PHYS_BASE);
}

int ioapic_route_isa_irq(unsigned int irq, unsigned int vector)
{
	if (!ioapic_base || irq >= ioapic_pins || irq >= 16)
		return -EINVAL;
	/* Destination first, then the low word, whose write unmasks:
	 * fixed delivery, physical destination, active high, edge. */
	ioapic_write(IOAPIC_REDTBL(irq) + 1, lapic_id() << 24);
	ioapic_write(IOAPIC_REDTBL(irq), vector & 0xff);
	return 0;
}
