/*
 * NMI backtraces (include/nmi.h), after Linux's lib/nmi_backtrace.c: a CPU
 * asks another for its stack by setting that CPU's bit and sending it an
 * NMI, which arrives even while the other CPU spins or holds a lock with
 * interrupts off. An NMI nobody asked for is still fatal (traps.c).
 */
#include <asm/apic.h>
#include <asm/processor.h>
#include <asm/smp.h>

#include "kernel/panic.h"
#include "arch/x86_64/cpu.h"
#include "nmi.h"
#include "printk.h"
#include "smp.h"

static struct cpumask backtrace_mask; /* CPUs asked, not yet answered */
unsigned long nr_nmi_backtraces;

bool trigger_single_cpu_backtrace(int cpu)
{
	if (cpu == smp_processor_id() || cpu < 0 || cpu >= num_online_cpus())
		return false;
	cpumask_set_cpu(cpu, &backtrace_mask);
	apic_send_NMI(x86_cpu_to_apicid[cpu]);
	return true;
}

/*
 * The NMI handler's part: print this CPU's registers and backtrace if one
 * was asked for. Not while this CPU is in the middle of a console line:
 * taking the console lock again would deadlock, so that request goes
 * unanswered (Linux buffers such lines; we keep it simple).
 * Return: true if the NMI was a backtrace request.
 */
bool nmi_cpu_backtrace(const struct pt_regs *regs)
{
	int cpu = smp_processor_id();

	if (!cpumask_test_cpu(cpu, &backtrace_mask))
		return false;
	cpumask_clear_cpu(cpu, &backtrace_mask);
	if (console_locked_here())
		return true;
	pr_warn("NMI backtrace for CPU#%d:\n", cpu);
	show_regs(regs);
	__atomic_add_fetch(&nr_nmi_backtraces, 1, __ATOMIC_RELAXED);
	return true;
}
