/*
 * ISA interrupts: the IOAPIC delivers them (only COM1's IRQ 4 is used), and
 * the two 8259 PICs of the PC/AT are masked for good.
 *
 * The ACPI MADT (acpi.c) gives the IOAPIC's address and the GSI of its
 * first pin, and the interrupt source overrides: an ISA IRQ that reaches
 * another GSI (QEMU wires the PIT's IRQ 0 to GSI 2), or with another
 * polarity or trigger mode than ISA's active high, edge.
 */
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <asm/page.h>

#include "kerrno.h"
#include "printk.h"
#include "mm/vmalloc.h"
#include "arch/x86_64/acpi.h"

/* Two registers give indirect access to the rest: select, then read or
 * write the window. */
#define IOAPIC_REGSEL 0x00
#define IOAPIC_WINDOW 0x10
#define IOAPIC_VER 0x01
#define IOAPIC_REDTBL(pin) (0x10 + 2 * (pin)) /* low word; high is +1 */
#define IOAPIC_REDIR_MASKED (1U << 16)
#define IOAPIC_REDIR_LEVEL (1U << 15)
#define IOAPIC_REDIR_ACTIVE_LOW (1U << 13)

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
	ioapic_base = ioremap(madt.ioapic_addr, PAGE_SIZE);
	if (!ioapic_base)
		panic("ioapic: cannot map %#llx",
		      (unsigned long long)madt.ioapic_addr);
	ioapic_pins = ((ioapic_read(IOAPIC_VER) >> 16) & 0xff) + 1;
	for (unsigned int pin = 0; pin < ioapic_pins; pin++) {
		ioapic_write(IOAPIC_REDTBL(pin), IOAPIC_REDIR_MASKED);
		ioapic_write(IOAPIC_REDTBL(pin) + 1, 0);
	}
	pr_info("ioapic: %u pins at %#llx (GSI %u-%u, %s), all masked; 8259 PICs masked\n",
		ioapic_pins, (unsigned long long)madt.ioapic_addr,
		madt.ioapic_gsi_base, madt.ioapic_gsi_base + ioapic_pins - 1,
		madt.from_acpi ? "from the ACPI MADT" : "assumed");
}

/* The low word of @irq's redirection entry: polarity, trigger, @vector. */
static u32 isa_irq_redirection(unsigned int irq, unsigned int vector)
{
	u16 flags = madt.isa_irq_flags[irq];
	u32 v = vector & 0xff;

	if ((flags & ACPI_MADT_POLARITY_MASK) == ACPI_MADT_POLARITY_ACTIVE_LOW)
		v |= IOAPIC_REDIR_ACTIVE_LOW;
	if ((flags & ACPI_MADT_TRIGGER_MASK) == ACPI_MADT_TRIGGER_LEVEL)
		v |= IOAPIC_REDIR_LEVEL;
	return v;
}

int ioapic_route_isa_irq(unsigned int irq, unsigned int vector)
{
	unsigned int pin;

	if (!ioapic_base || irq >= NR_ISA_IRQS ||
	    madt.isa_irq_gsi[irq] < madt.ioapic_gsi_base)
		return -EINVAL;
	pin = madt.isa_irq_gsi[irq] - madt.ioapic_gsi_base;
	if (pin >= ioapic_pins)
		return -EINVAL;
	/* Destination first, then the low word, whose write unmasks:
	 * fixed delivery, physical destination. */
	ioapic_write(IOAPIC_REDTBL(pin) + 1, lapic_id() << 24);
	ioapic_write(IOAPIC_REDTBL(pin), isa_irq_redirection(irq, vector));
	return 0;
}
