/* Ending the run: QEMU's isa-debug-exit device, or a reset. */
#include <asm/io.h>
#include <asm/processor.h>

#include "console.h"

/* isa-debug-exit: QEMU exits with status (value << 1) | 1. */
#define DEBUG_EXIT_PORT 0xf4

void machine_exit(int code)
{
	outb(DEBUG_EXIT_PORT, (u8)code);
	cpu_halt_forever();
}

void machine_restart(void)
{
	struct {
		u16 limit;
		u64 base;
	} __attribute__((packed)) null_idt = { 0, 0 };

	outb(0x64, 0xfe); /* pulse the reset line */
	__asm__ __volatile__("lidt %0; int3" ::"m"(null_idt));
	cpu_halt_forever();
}
