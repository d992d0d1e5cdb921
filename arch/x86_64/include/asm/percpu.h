/*
 * Per-CPU data through the GS segment, as Linux's arch/x86 does it: each
 * CPU's GS base (MSR_GS_BASE) points at its own struct pcpu_hot, whose
 * first word points back at itself. A field is then one %gs-relative load
 * away, and this_cpu_ptr() is one load for the rest.
 *
 * Threads never move between CPUs, so a pointer read here stays the
 * caller's CPU's for as long as the caller runs.
 *
 * The host build of mm/ is one CPU: there the accessors use a plain
 * struct, so the same code (spin_lock_depth, the CPU number) runs on both,
 * and a test can take a lock as another CPU would by changing the number.
 */
#ifndef _ASM_PERCPU_H
#define _ASM_PERCPU_H

#include "compiler.h"

/* Per-CPU arrays (zone->pcp, run queues, vmstat) are sized for this. */
#define NR_CPUS 8

struct pcpu_hot {
	struct pcpu_hot *self;	      /* first: %gs:0 */
	int cpu_number;		      /* second: %gs:8, smp_processor_id() */
	unsigned int spin_lock_depth; /* spinlocks held: our preempt_count */
};

#ifndef __HOST__
#define MSR_GS_BASE 0xc0000101

extern struct pcpu_hot pcpu_hot[NR_CPUS];

static __always_inline struct pcpu_hot *this_cpu_ptr(void)
{
	struct pcpu_hot *p;

	__asm__ __volatile__("movq %%gs:0, %0" : "=r"(p));
	return p;
}

static __always_inline int raw_smp_processor_id(void)
{
	int cpu;

	__asm__ __volatile__("movl %%gs:8, %0" : "=r"(cpu));
	return cpu;
}
#else
extern struct pcpu_hot host_pcpu_hot; /* lib/spinlock.c */

static inline struct pcpu_hot *this_cpu_ptr(void)
{
	return &host_pcpu_hot;
}

/* CPU 0, unless a test plays another CPU (it writes cpu_number). */
static inline int raw_smp_processor_id(void)
{
	return host_pcpu_hot.cpu_number;
}
#endif

#define this_cpu_read(field) (this_cpu_ptr()->field)
#define this_cpu_write(field, v) (this_cpu_ptr()->field = (v))
#define this_cpu_inc(field) (this_cpu_ptr()->field++)
#define this_cpu_dec(field) (this_cpu_ptr()->field--)

#endif
