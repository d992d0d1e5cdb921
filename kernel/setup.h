/* The boot sequence: start_kernel() and the architecture's part of it. */
#ifndef _KERNEL_SETUP_H
#define _KERNEL_SETUP_H

#include "types.h"

/* Entered from boot/multiboot2.S in the higher half. */
__attribute__((noreturn)) void start_kernel(u32 magic, u32 mbi_pa);

/* Console, CPU tables, boot information, command line, memblock, paging. */
void setup_arch(u32 magic, phys_addr_t mbi_pa);

/* Set by the `selftest` boot parameter. */
extern bool selftest_mode;

#endif
