/*
 * Starting the other CPUs (arch/x86_64/smpboot.c), and the IPI that
 * kernel/smp.c sends through their local APICs.
 */
#ifndef _ASM_SMP_H
#define _ASM_SMP_H

#include <asm/percpu.h>

#include "types.h"

/* Each online CPU's local APIC ID (Linux's x86_cpu_to_apicid). */
extern u8 x86_cpu_to_apicid[NR_CPUS];

/* Boot: choose the trampoline's pages below 1 MiB (memblock keeps the
 * first MiB reserved). */
void reserve_real_mode(void);

/*
 * smp_boot_cpus - start every CPU the MADT lists, one at a time
 *
 * Each is sent INIT, STARTUP, STARTUP and comes up through the
 * trampoline; a CPU that has not answered within a second is reported,
 * sent INIT again (so it cannot start late) and left out. Context: boot,
 * after the scheduler and the tick run on the boot CPU.
 */
void smp_boot_cpus(void);

/* Send @vector to online CPU @cpu. */
void arch_send_ipi(int cpu, unsigned int vector);

#endif
