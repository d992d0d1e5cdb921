/*
 * External interrupts: a handler table indexed by vector, with a count per
 * vector and CPU (each CPU counts in its own slot, so no count is shared
 * between CPUs; `interrupts` prints them as Linux's /proc/interrupts
 * does, a column per CPU). Every interrupt from the local APIC is acknowledged (EOI) after
 * its handler, except the APIC's spurious vector, which sets no in-service
 * bit. A vector nobody registered is counted as spurious and otherwise
 * ignored.
 *
 * The way out of an interrupt is where the tick preempts a thread. The
 * rule: switch only if the interrupted code had interrupts enabled. Our
 * spinlocks disable interrupts while held, so such code holds no spinlock
 * and may stop anywhere; code with interrupts off (a lock holder, the
 * scheduler itself, an exception handler) is never switched away from
 * here. A maskable interrupt is only taken with interrupts enabled, so
 * today the check always passes; it states the rule, and keeps it true if
 * a handler ever re-enables interrupts and nests.
 */
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/irqflags.h>

#include "kerrno.h"
#include "kernel/sched.h"
#include "shell_cmd.h"
#include "printk.h"
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/cpu.h"

struct irq_desc {
	irq_handler_t handler;
	const char *name;
	unsigned long count[NR_CPUS]; /* taken on each CPU */
};

static struct irq_desc irq_desc[NR_VECTORS];
struct irq_cpustat irq_stat[NR_CPUS];
static unsigned long spurious_irqs;

int request_irq(unsigned int vector, irq_handler_t handler, const char *name)
{
	if (vector < FIRST_EXTERNAL_VECTOR || vector >= SPURIOUS_APIC_VECTOR ||
	    !handler)
		return -EINVAL;
	if (irq_desc[vector].handler)
		return -EBUSY;
	irq_desc[vector].name = name;
	irq_desc[vector].handler = handler;
	return 0;
}

unsigned long irq_count(unsigned int vector)
{
	unsigned long sum = 0;

	for (int cpu = 0; vector < NR_VECTORS && cpu < NR_CPUS; cpu++)
		sum += READ_ONCE(irq_desc[vector].count[cpu]);
	return sum;
}

static void spurious_irq(unsigned int vector)
{
	spurious_irqs++;
	if (spurious_irqs <= 3)
		pr_warn("spurious interrupt on vector %u\n", vector);
	/* Anything from the IOAPIC or the local APIC is in service until
	 * acknowledged, and would block every vector below it. */
	if (vector >= ISA_IRQ_VECTOR(0) && vector != SPURIOUS_APIC_VECTOR)
		lapic_eoi();
}

void do_irq(struct pt_regs *regs)
{
	unsigned int vector = (unsigned int)regs->vector;
	struct irq_desc *desc = &irq_desc[vector];

	desc->count[smp_processor_id()]++; /* interrupts off: ours alone */
	if (!desc->handler) {
		spurious_irq(vector);
		return;
	}
	desc->handler(regs);
	lapic_eoi();
	if ((regs->rflags & X86_EFLAGS_IF) && scheduler_running &&
	    need_resched())
		preempt_schedule_irq();
}

void init_IRQ(void)
{
	legacy_pic_disable();
	lapic_init();
	acpi_boot_init();
	ioapic_init();
}

static int cmd_interrupts(int argc, char **argv)
{
	int cpu;

	(void)argv;
	if (argc != 1)
		return -EINVAL;
	printk("VECTOR      COUNT");
	for_each_online_cpu(cpu)
		printk("       CPU%d", cpu);
	printk(" NAME\n");
	for (unsigned int v = FIRST_EXTERNAL_VECTOR; v < NR_VECTORS; v++) {
		unsigned long total = irq_count(v);

		if (!irq_desc[v].handler && !total)
			continue;
		printk("  %#4x %10lu", v, total);
		for_each_online_cpu(cpu)
			printk(" %10lu", READ_ONCE(irq_desc[v].count[cpu]));
		printk(" %s\n", irq_desc[v].name ? irq_desc[v].name : "(none)");
	}
	printk("spurious: %lu\n", spurious_irqs);
	return 0;
}
SHELL_CMD(interrupts, cmd_interrupts, "interrupts",
	  "interrupts taken per vector since boot, in all and on each CPU");
