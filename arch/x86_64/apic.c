/*
 * The local APIC: each CPU's interrupt controller and its timer, which
 * gives the periodic tick, and the sender of inter-processor interrupts
 * (IPIs). Its registers are a 4 KiB MMIO page (xAPIC mode), 32-bit each,
 * 16 bytes apart, at the same physical address on every CPU (each CPU
 * sees its own); the boot CPU maps it uncached with ioremap().
 */
#include <asm/apic.h>
#include <asm/irqflags.h>
#include <asm/irq.h>
#include <asm/page.h>
#include <asm/processor.h>

#include "printk.h"
#include "smp.h"
#include "ktime.h"
#include "mm/vmalloc.h"

#define MSR_IA32_APICBASE 0x1b
#define MSR_IA32_APICBASE_ENABLE (1UL << 11)
#define APICBASE_ADDR_MASK 0x000ffffffffff000UL
#define X86_FEATURE_APIC (1U << 9) /* CPUID 1 EDX */

/* Register offsets. */
#define APIC_ID 0x20
#define APIC_LVR 0x30	  /* version */
#define APIC_TASKPRI 0x80 /* task priority: 0 accepts every vector */
#define APIC_EOI 0xb0
#define APIC_SPIV 0xf0	  /* spurious vector, and the software enable bit */
#define APIC_ESR 0x280	  /* error status */
#define APIC_ICR 0x300	  /* interrupt command, low word: sends */
#define APIC_ICR2 0x310	  /* interrupt command, high word: destination */
#define APIC_LVTT 0x320	  /* local vector table: timer */
#define APIC_LVT0 0x350	  /* LINT0 pin (the 8259's output, ExtINT) */
#define APIC_LVTERR 0x370 /* error */
#define APIC_TMICT 0x380  /* timer initial count */
#define APIC_TMCCT 0x390  /* timer current count */
#define APIC_TDCR 0x3e0	  /* timer divide configuration */

#define APIC_SPIV_APIC_ENABLED (1U << 8)
#define APIC_LVT_MASKED (1U << 16)
#define APIC_LVT_TIMER_PERIODIC (1U << 17) /* else one-shot */
#define APIC_TDR_DIV_16 0x3
#define APIC_ICR_BUSY (1U << 12) /* delivery status: send pending */
#define APIC_DM_FIXED 0x000
#define APIC_DM_NMI 0x400
#define APIC_DM_INIT 0x500
#define APIC_DM_STARTUP 0x600
#define APIC_INT_ASSERT (1U << 14)

unsigned long lapic_timer_khz;
static volatile u32 *lapic_base;
static unsigned long apic_errors;

static u32 apic_read(unsigned int reg)
{
	return lapic_base[reg / 4];
}

static void apic_write(unsigned int reg, u32 v)
{
	lapic_base[reg / 4] = v;
}

void lapic_eoi(void)
{
	if (lapic_base)
		apic_write(APIC_EOI, 0);
}

unsigned int lapic_id(void)
{
	return apic_read(APIC_ID) >> 24;
}

/* The error status register latches on a write; report what it says. */
static void lapic_error_interrupt(struct pt_regs *regs)
{
	u32 esr;

	(void)regs;
	apic_write(APIC_ESR, 0);
	esr = apic_read(APIC_ESR);
	if (++apic_errors <= 3)
		pr_warn("apic: error interrupt, ESR %#x\n", esr);
}

static void lapic_timer_interrupt(struct pt_regs *regs)
{
	(void)regs;
	irq_stat[smp_processor_id()].apic_timer_irqs++;
	tick_handle_periodic();
}

/* Turn this CPU's local APIC on (globally); return its physical address. */
static phys_addr_t lapic_enable(void)
{
	u64 base = rdmsr(MSR_IA32_APICBASE);

	if (!(cpuid(1, 0).edx & X86_FEATURE_APIC))
		panic("apic: this CPU has no local APIC; the tick needs one");
	wrmsr(MSR_IA32_APICBASE, base | MSR_IA32_APICBASE_ENABLE);
	return base & APICBASE_ADDR_MASK;
}

void setup_local_APIC(void)
{
	lapic_enable();
	apic_write(APIC_TASKPRI, 0);
	/* The 8259s are masked: nothing may arrive as ExtINT on LINT0. */
	apic_write(APIC_LVT0, APIC_LVT_MASKED);
	apic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
	apic_write(APIC_LVTERR, ERROR_APIC_VECTOR);
	apic_write(APIC_ESR, 0);
	apic_write(APIC_ESR, 0);
	apic_write(APIC_SPIV, APIC_SPIV_APIC_ENABLED | SPURIOUS_APIC_VECTOR);
	apic_write(APIC_EOI, 0); /* drop anything left in service */
}

void lapic_init(void)
{
	phys_addr_t pa = lapic_enable();

	lapic_base = ioremap(pa, PAGE_SIZE);
	if (!lapic_base)
		panic("apic: cannot map the local APIC at %#llx",
		      (unsigned long long)pa);
	request_irq(ERROR_APIC_VECTOR, lapic_error_interrupt, "apic error");
	request_irq(LOCAL_TIMER_VECTOR, lapic_timer_interrupt, "timer");
	setup_local_APIC();
	pr_info("apic: local APIC id %u, version %#x, at %#llx\n", lapic_id(),
		apic_read(APIC_LVR) & 0xff, (unsigned long long)pa);
}

void lapic_timer_oneshot(u32 count)
{
	apic_write(APIC_TDCR, APIC_TDR_DIV_16);
	apic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
	apic_write(APIC_TMICT, count);
}

u32 lapic_timer_count(void)
{
	return apic_read(APIC_TMCCT);
}

/*
 * QEMU counts one step more per period than programmed (the zero state):
 * 1.6 ppm at HZ 100. Hardware conventions differ, and nothing here can
 * notice so little, so the count is the plain quotient.
 */
void lapic_timer_start_tick(unsigned int hz, unsigned long khz)
{
	unsigned long count = (khz * 1000 / APIC_TIMER_DIVIDE + hz / 2) / hz;

	if (!count || count > 0xffffffffUL)
		panic("apic: no timer count gives %u Hz from %lu kHz", hz, khz);
	apic_write(APIC_TDCR, APIC_TDR_DIV_16);
	apic_write(APIC_LVTT, APIC_LVT_TIMER_PERIODIC | LOCAL_TIMER_VECTOR);
	apic_write(APIC_TMICT, (u32)count);
}

/* Write the interrupt command: destination first, then the low word,
 * whose write sends; wait until the APIC has taken it. Interrupts off. */
static void apic_icr_write(u32 low, unsigned int apic_id)
{
	apic_write(APIC_ICR2, apic_id << 24);
	apic_write(APIC_ICR, low);
	while (apic_read(APIC_ICR) & APIC_ICR_BUSY)
		cpu_relax();
}

/* apic_icr_write() with interrupts off, whatever the caller's state. */
static void apic_icr_send(u32 low, unsigned int apic_id)
{
	unsigned long flags;

	local_irq_save(flags);
	apic_icr_write(low, apic_id);
	local_irq_restore(flags);
}

void apic_send_IPI(unsigned int apic_id, unsigned int vector)
{
	apic_icr_send(APIC_DM_FIXED | APIC_INT_ASSERT | vector, apic_id);
}

void apic_send_NMI(unsigned int apic_id)
{
	apic_icr_send(APIC_DM_NMI | APIC_INT_ASSERT, apic_id);
}

void apic_send_INIT(unsigned int apic_id)
{
	apic_icr_write(APIC_DM_INIT | APIC_INT_ASSERT, apic_id);
}

void apic_send_SIPI(unsigned int apic_id, phys_addr_t start)
{
	apic_icr_write(APIC_DM_STARTUP | (u32)(start >> 12), apic_id);
}
