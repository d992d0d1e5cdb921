/*
 * Backtraces of other CPUs, through a non-maskable interrupt (Linux's
 * include/linux/nmi.h): the way to see what a CPU is doing when it does
 * not take interrupts, a spinlock holder with interrupts off above all.
 */
#ifndef _NMI_H
#define _NMI_H

#include "compiler.h"

/**
 * trigger_single_cpu_backtrace - make @cpu print its registers and stack
 * @cpu: an online CPU other than this one
 *
 * Sends @cpu an NMI; its handler prints "NMI backtrace for CPU#N" with the
 * registers and the backtrace of what the NMI interrupted. Does not wait.
 * Return: false (and nothing sent) if @cpu is this CPU or not online.
 */
bool trigger_single_cpu_backtrace(int cpu);

/* NMI backtraces printed since boot (each CPU's handler adds its own). */
extern unsigned long nr_nmi_backtraces;

#endif
