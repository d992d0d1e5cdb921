/* x86_64 CPU setup shared inside arch/x86_64: descriptor tables and traps. */
#ifndef _ARCH_X86_64_CPU_H
#define _ARCH_X86_64_CPU_H

#include <asm/processor.h>

#include "types.h"

/* Interrupt stack table slots (1-based in the IDT gate). */
#define IST_DOUBLE_FAULT 1
#define IST_NMI 2
#define IST_MACHINE_CHECK 3
#define IST_COUNT 3
#define IST_STACK_SIZE 16384

#define KERNEL_CS 0x08

/*
 * cpu_init - load @cpu's GDT and TSS and point GS at its per-CPU data
 * @cpu: the CPU number this CPU runs as
 * @ist_stacks: IST_COUNT * IST_STACK_SIZE bytes of stacks (NULL: the
 *              boot CPU's static ones)
 */
void cpu_init(int cpu, void *ist_stacks);
/* Build the IDT (boot CPU) and load it; idt_load() loads it (the rest). */
void idt_init(void);
void idt_load(void);
bool ist_stack_contains(unsigned long addr);
/* An NMI another CPU sent for a backtrace: print it (nmi.c); false if not. */
bool nmi_cpu_backtrace(const struct pt_regs *regs);

/* CPU features found at boot. */
struct cpu_features {
	bool gbpages; /* 1 GiB pages */
	bool nx;
	bool erms;     /* CPUID 7 EBX: enhanced rep movsb/stosb */
	bool fsrm;     /* CPUID 7 EDX: fast short rep movsb */
	bool rep_good; /* rep movsq/stosq is fast (from family and model) */
	unsigned int family, model;
	char vendor[13];
};
extern struct cpu_features boot_cpu;
void cpu_detect(void);

/* Called by entry.S for every vector. */
void do_interrupt(struct pt_regs *regs);

/* External interrupts (vectors 32..255), see irq.c. */
void do_irq(struct pt_regs *regs);

/* Print an unhandled exception with registers and backtrace, and stop. */
__attribute__((noreturn)) void die(const char *what, struct pt_regs *regs);

#endif
