/*
 * External interrupts: the vector map and the handler table (irq.c).
 *
 *   0x00-0x1f  CPU exceptions (traps.c)
 *   0x20-0x2f  the 8259 PICs, moved out of the exceptions' way and masked
 *   0x30-0x3f  ISA IRQ 0-15 through the IOAPIC (COM1 is IRQ 4)
 *   0xec       local APIC timer (the tick)
 *   0xfc       call-function IPI (kernel/smp.c)
 *   0xfd       reschedule IPI
 *   0xfe       local APIC error
 *   0xff       local APIC spurious vector (never acknowledged)
 */
#ifndef _ASM_IRQ_H
#define _ASM_IRQ_H

#include <asm/percpu.h>
#include <asm/processor.h>

#define NR_VECTORS 256
#define FIRST_EXTERNAL_VECTOR 0x20
#define PIC_VECTOR_BASE 0x20
#define ISA_IRQ_VECTOR(irq) (0x30 + (irq))
#define LOCAL_TIMER_VECTOR 0xec
#define CALL_FUNCTION_VECTOR 0xfc
#define RESCHEDULE_VECTOR 0xfd
#define ERROR_APIC_VECTOR 0xfe
#define SPURIOUS_APIC_VECTOR 0xff

/* Runs with interrupts off; the local APIC is acknowledged afterwards. */
typedef void (*irq_handler_t)(struct pt_regs *regs);

/**
 * request_irq - install the handler of an external vector
 * @vector: FIRST_EXTERNAL_VECTOR..0xfe
 * @handler: called for every interrupt on @vector
 * @name: shown by the `interrupts` command
 *
 * Return: 0, -EINVAL for a bad vector, -EBUSY if it has a handler.
 */
int request_irq(unsigned int vector, irq_handler_t handler, const char *name);

/* Per-CPU interrupt counts (Linux's irq_cpustat_t), for `cpus`. */
struct irq_cpustat {
	unsigned long apic_timer_irqs; /* this CPU's ticks */
	unsigned long ipi_sent;	       /* IPIs this CPU sent */
	unsigned long ipi_received;    /* IPIs it handled */
};
extern struct irq_cpustat irq_stat[NR_CPUS];

/* Interrupts taken on @vector since boot, summed over the CPUs. */
unsigned long irq_count(unsigned int vector);

/* Boot: 8259s masked, local APIC on, IOAPIC pins masked. Interrupts stay
 * disabled until the caller enables them. */
void init_IRQ(void);

#endif
