/*
 * The console: COM1 on this machine. Output turns "\n" into "\r\n" so the
 * text reads correctly in a plain terminal; input is one byte at a time.
 */
#ifndef _CONSOLE_H
#define _CONSOLE_H

#include "types.h"

void console_init(void);
void console_write(const char *s, size_t len);
/* The next input byte, or -1 if none is waiting. */
int console_getc(void);
/* The next input byte; the calling thread sleeps until one arrives (before
 * the scheduler and the receive interrupt run, it polls). */
int console_getc_wait(void);
/* Take input by interrupt from now on (after init_IRQ). */
void console_init_irq(void);

/**
 * machine_exit - end the QEMU run through the isa-debug-exit device
 * @code: 0x10 for success (QEMU exits with 33), 0x11 for failure (35)
 *
 * Without the device (real hardware) the CPU halts for good.
 */
__attribute__((noreturn)) void machine_exit(int code);

#define EXIT_SUCCESS_CODE 0x10
#define EXIT_FAILURE_CODE 0x11

/* Reset the machine (keyboard controller pulse, then a triple fault). */
__attribute__((noreturn)) void machine_restart(void);

#endif
