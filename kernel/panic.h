/* The pieces of panic() that the exception handlers share. */
#ifndef _KERNEL_PANIC_H
#define _KERNEL_PANIC_H

#include <asm/processor.h>

#include "compiler.h"

/* Enter the fatal path: interrupts off, a second panic just stops. */
void panic_begin(void);
/* Print all registers and a backtrace starting at @regs. */
void show_regs(const struct pt_regs *regs);
/* Print "Kernel panic - not syncing: @msg" and end the run (failure). */
__noreturn void panic_end(const char *msg);
/* Print the frame-pointer chain starting at frame @rbp. */
void show_backtrace(unsigned long rip, unsigned long rbp);

/* True while a panic is being reported (the console takes no locks). */
extern bool oops_in_progress;

#endif
