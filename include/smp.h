/*
 * CPU identity, the set of online CPUs, and running a function on other
 * CPUs (kernel/smp.c), in Linux's words (include/linux/smp.h, cpumask.h).
 *
 * CPUs are numbered 0..num_online_cpus()-1 in the order they came up: a
 * CPU that fails to start is left out and its number goes to the next, so
 * the online CPUs are always a prefix. The boot CPU is 0.
 */
#ifndef _SMP_H
#define _SMP_H

#include <asm/percpu.h>

/* A set of CPUs, one bit each (NR_CPUS <= 64). */
struct cpumask {
	unsigned long bits;
};
BUILD_BUG_ON(NR_CPUS > 64);

static inline void cpumask_set_cpu(int cpu, struct cpumask *m)
{
	__atomic_or_fetch(&m->bits, 1UL << cpu, __ATOMIC_RELAXED);
}

static inline void cpumask_clear_cpu(int cpu, struct cpumask *m)
{
	__atomic_and_fetch(&m->bits, ~(1UL << cpu), __ATOMIC_RELAXED);
}

static inline bool cpumask_test_cpu(int cpu, const struct cpumask *m)
{
	return (__atomic_load_n(&m->bits, __ATOMIC_RELAXED) >> cpu) & 1;
}

/* Bits clear one at a time (the builtin popcount needs libgcc). */
static inline int cpumask_weight(const struct cpumask *m)
{
	unsigned long bits = __atomic_load_n(&m->bits, __ATOMIC_RELAXED);
	int n = 0;

	for (; bits; bits &= bits - 1)
		n++;
	return n;
}

#define for_each_cpu(cpu, mask)                       \
	for ((cpu) = 0; (cpu) < NR_CPUS; (cpu)++)     \
		if (!cpumask_test_cpu((cpu), (mask))) \
			;                             \
		else

static inline int smp_processor_id(void)
{
	return raw_smp_processor_id();
}

/* CPUs that are running (the host build's: CPU 0). */
extern struct cpumask cpu_online_mask;

#ifndef __HOST__
extern int nr_cpus_online;

static inline int num_online_cpus(void)
{
	return __atomic_load_n(&nr_cpus_online, __ATOMIC_ACQUIRE);
}
#else
static inline int num_online_cpus(void)
{
	return 1;
}
#endif

#define for_each_online_cpu(cpu) \
	for ((cpu) = 0; (cpu) < num_online_cpus(); (cpu)++)

typedef void (*smp_call_func_t)(void *info);

#ifndef __HOST__
/**
 * smp_call_function_many - run @func(@info) on the CPUs of @mask
 * @mask: the CPUs; the calling CPU is left out even if it is in @mask
 * @func: runs in interrupt context (the call-function IPI), interrupts
 *        off: it must be quick and must not sleep
 * @info: its argument
 * @wait: return only once @func has returned on every CPU
 *
 * Context: thread context with interrupts on (two CPUs waiting for each
 * other with interrupts off would deadlock; it warns otherwise).
 */
void smp_call_function_many(const struct cpumask *mask, smp_call_func_t func,
			    void *info, bool wait);

/**
 * on_each_cpu - run @func(@info) on every online CPU, this one included
 * @func: as for smp_call_function_many(); here too with interrupts off
 * @info: its argument
 * @wait: return only once every CPU has run it
 */
void on_each_cpu(smp_call_func_t func, void *info, bool wait);

/* Ask @cpu to reschedule (the reschedule IPI). */
void smp_send_reschedule(int cpu);

/* A starting CPU joins the online CPUs (its last step, smpboot.c). */
void set_cpu_online(int cpu);

/* Boot: install the IPI handlers, then start the other CPUs. */
void smp_init(void);
#else
/* The host build is one CPU: the call is a local call. */
static inline void on_each_cpu(smp_call_func_t func, void *info, bool wait)
{
	(void)wait;
	func(info);
}
#endif

#endif
