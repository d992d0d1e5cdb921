/*
 * Saving, disabling and restoring the interrupt flag, on this CPU only.
 * A spinlock holder keeps it off: no interrupt, so no preemption, while
 * the lock is held (other CPUs are kept out by the lock itself). The host build of mm/ has no interrupts: there they keep a
 * simulated flag, so that the locking checks (lockdep.h) see what the
 * kernel would.
 */
#ifndef _ASM_IRQFLAGS_H
#define _ASM_IRQFLAGS_H

#include "types.h"

#define X86_EFLAGS_IF (1UL << 9)

#ifndef __HOST__
static inline unsigned long arch_local_irq_save(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushfq; popq %0; cli" : "=r"(flags)::"memory");
	return flags;
}

static inline void arch_local_irq_restore(unsigned long flags)
{
	if (flags & X86_EFLAGS_IF)
		__asm__ __volatile__("sti" ::: "memory");
}

static inline void arch_local_irq_enable(void)
{
	__asm__ __volatile__("sti" ::: "memory");
}

static inline void arch_local_irq_disable(void)
{
	__asm__ __volatile__("cli" ::: "memory");
}

static inline bool arch_irqs_disabled(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushfq; popq %0" : "=r"(flags));
	return !(flags & X86_EFLAGS_IF);
}
#else
extern bool host_irqs_on; /* lib/spinlock.c */

static inline unsigned long arch_local_irq_save(void)
{
	unsigned long flags = host_irqs_on ? X86_EFLAGS_IF : 0;

	host_irqs_on = false;
	return flags;
}
static inline void arch_local_irq_restore(unsigned long flags)
{
	if (flags & X86_EFLAGS_IF)
		host_irqs_on = true;
}
static inline void arch_local_irq_enable(void)
{
	host_irqs_on = true;
}
static inline void arch_local_irq_disable(void)
{
	host_irqs_on = false;
}
static inline bool arch_irqs_disabled(void)
{
	return !host_irqs_on;
}
#endif

#define local_irq_save(flags) ((flags) = arch_local_irq_save())
#define local_irq_restore(flags) arch_local_irq_restore(flags)
#define local_irq_enable() arch_local_irq_enable()
#define local_irq_disable() arch_local_irq_disable()
#define irqs_disabled() arch_irqs_disabled()

#endif
