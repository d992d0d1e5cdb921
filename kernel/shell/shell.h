/*
 * The serial-console shell: reads lines, finds each command in the table
 * that SHELL_CMD() builds (include/shell_cmd.h) and runs it.
 */
#ifndef _KERNEL_SHELL_H
#define _KERNEL_SHELL_H

#include "shell_cmd.h"

#define SHELL_PROMPT "mm> "

/* Read and run commands from the console forever. */
__attribute__((noreturn)) void shell_run(void);

/* Run one command line (modified in place); returns the command's result. */
int shell_exec(char *line);

/* Find a registered command by name, or NULL. */
const struct shell_cmd *shell_find(const char *name);

#endif
