/*
 * Running functions on other CPUs, after Linux's kernel/smp.c: the
 * call-function IPI, the reschedule IPI, and the set of online CPUs.
 *
 * Each CPU has a queue of call_single_data (csd) to run. A caller fills
 * one csd per target CPU from its own row of cfd_csd[caller][target],
 * queues it on the target's queue and sends the IPI if the queue was
 * empty (a non-empty queue has an IPI on the way already). The target's
 * handler runs every queued csd, interrupts off, and unlocks each when
 * its function has returned: a waiting caller spins on that, and a csd is
 * reused only once it is unlocked.
 *
 * The `cpus` command lives here too: what each CPU is doing and the IPIs
 * it sent and took.
 */
#include <asm/irq.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/smp.h>

#include "kerrno.h"
#include "kernel/sched.h"
#include "shell_cmd.h"
#include "list.h"
#include "printk.h"
#include "smp.h"
#include "spinlock.h"

int nr_cpus_online = 1;
struct cpumask cpu_online_mask = { 1 };

struct call_single_data {
	struct list_head list;
	smp_call_func_t func;
	void *info;
	int locked; /* queued or running; the caller may not reuse it */
};

struct call_single_queue {
	spinlock_t lock;
	struct list_head list;
};

static struct call_single_queue call_single_queue[NR_CPUS];
static struct call_single_data cfd_csd[NR_CPUS][NR_CPUS];

void set_cpu_online(int cpu)
{
	cpumask_set_cpu(cpu, &cpu_online_mask);
	__atomic_add_fetch(&nr_cpus_online, 1, __ATOMIC_RELEASE);
}

static void send_ipi(int cpu, unsigned int vector)
{
	irq_stat[smp_processor_id()].ipi_sent++;
	arch_send_ipi(cpu, vector);
}

static void csd_lock_wait(struct call_single_data *csd)
{
	while (__atomic_load_n(&csd->locked, __ATOMIC_ACQUIRE))
		cpu_relax();
}

/* Queue @func(@info) on @cpu and kick it. Interrupts off. */
static void queue_csd(int cpu, smp_call_func_t func, void *info)
{
	struct call_single_data *csd = &cfd_csd[smp_processor_id()][cpu];
	struct call_single_queue *q = &call_single_queue[cpu];
	bool was_empty;

	csd_lock_wait(csd);
	csd->func = func;
	csd->info = info;
	csd->locked = 1;
	spin_lock(&q->lock);
	was_empty = list_empty(&q->list);
	list_add_tail(&csd->list, &q->list);
	spin_unlock(&q->lock);
	if (was_empty)
		send_ipi(cpu, CALL_FUNCTION_VECTOR);
}

/* The next csd of this CPU's queue, or NULL. */
static struct call_single_data *dequeue_csd(struct call_single_queue *q)
{
	struct call_single_data *csd = NULL;

	spin_lock(&q->lock);
	if (!list_empty(&q->list)) {
		csd = list_first_entry(&q->list, struct call_single_data, list);
		list_del(&csd->list);
	}
	spin_unlock(&q->lock);
	return csd;
}

static void generic_smp_call_function_interrupt(struct pt_regs *regs)
{
	struct call_single_queue *q = &call_single_queue[smp_processor_id()];
	struct call_single_data *csd;

	(void)regs;
	irq_stat[smp_processor_id()].ipi_received++;
	while ((csd = dequeue_csd(q))) {
		csd->func(csd->info);
		__atomic_store_n(&csd->locked, 0, __ATOMIC_RELEASE);
	}
}

static void smp_call_function_many_cond(const struct cpumask *mask,
					smp_call_func_t func, void *info,
					bool wait, bool run_local)
{
	int this, cpu, nr_remote = 0;
	unsigned long flags;

	local_irq_save(flags);
	this = smp_processor_id();
	for_each_online_cpu(cpu) {
		if (cpu == this || !cpumask_test_cpu(cpu, mask))
			continue;
		queue_csd(cpu, func, info);
		nr_remote++;
	}
	if (run_local)
		func(info);
	local_irq_restore(flags);
	WARN_ONCE(nr_remote && wait && irqs_disabled(),
		  "waiting for other CPUs with interrupts off\n");
	if (!wait)
		return;
	for_each_online_cpu(cpu)
		if (cpu != this && cpumask_test_cpu(cpu, mask))
			csd_lock_wait(&cfd_csd[this][cpu]);
}

void smp_call_function_many(const struct cpumask *mask, smp_call_func_t func,
			    void *info, bool wait)
{
	smp_call_function_many_cond(mask, func, info, wait, false);
}

void on_each_cpu(smp_call_func_t func, void *info, bool wait)
{
	smp_call_function_many_cond(&cpu_online_mask, func, info, wait, true);
}

void smp_send_reschedule(int cpu)
{
	send_ipi(cpu, RESCHEDULE_VECTOR);
}

/* Nothing to run: the way out of the interrupt (irq.c) switches threads. */
static void reschedule_interrupt(struct pt_regs *regs)
{
	(void)regs;
	irq_stat[smp_processor_id()].ipi_received++;
	WRITE_ONCE(current->need_resched, true);
}

void smp_init(void)
{
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		spin_lock_init(&call_single_queue[cpu].lock,
			       "call_single_queue.lock");
		INIT_LIST_HEAD(&call_single_queue[cpu].list);
	}
	request_irq(CALL_FUNCTION_VECTOR, generic_smp_call_function_interrupt,
		    "call-function IPI");
	request_irq(RESCHEDULE_VECTOR, reschedule_interrupt, "reschedule IPI");
	smp_boot_cpus();
}

static int cmd_cpus(int argc, char **argv)
{
	int cpu;

	(void)argv;
	if (argc != 1)
		return -EINVAL;
	for_each_online_cpu(cpu) {
		struct irq_cpustat *st = &irq_stat[cpu];
		struct task *t = READ_ONCE(cpu_curr[cpu]);

		shell_printf(
			"cpu %d: online apic_id=%u ticks=%lu ipi_sent=%lu ipi_received=%lu current=%s\n",
			cpu, x86_cpu_to_apicid[cpu],
			READ_ONCE(st->apic_timer_irqs), READ_ONCE(st->ipi_sent),
			READ_ONCE(st->ipi_received), t ? t->comm : "?");
	}
	shell_printf("cpus: %d online\n", num_online_cpus());
	return 0;
}
SHELL_CMD(cpus, cmd_cpus, "cpus",
	  "each CPU: APIC id, ticks, IPIs sent and received, current thread");
