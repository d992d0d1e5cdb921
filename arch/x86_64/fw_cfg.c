/*
 * QEMU's fw_cfg device, read through I/O ports: a selector port picks an
 * item, the data port streams its bytes. Item 0x19 is a directory of named
 * files; we use it to find "opt/cmdline", which `-fw_cfg
 * name=opt/cmdline,string=...` sets, so tests can pass kernel parameters
 * without rebuilding the ISO.
 */
#include <asm/io.h>

#include "kerrno.h"
#include "lib.h"
#include "printk.h"
#include "arch/x86_64/bootinfo.h"

#define FW_CFG_PORT_SEL 0x510
#define FW_CFG_PORT_DATA 0x511
#define FW_CFG_SIGNATURE 0x0000
#define FW_CFG_FILE_DIR 0x0019

struct fw_cfg_file {
	u32 size;   /* big-endian */
	u16 select; /* big-endian */
	u16 reserved;
	char name[56];
};

static void fw_cfg_read(void *buf, size_t len)
{
	u8 *p = buf;

	while (len--)
		*p++ = inb(FW_CFG_PORT_DATA);
}

static u32 be32(u32 v)
{
	return __builtin_bswap32(v);
}

static bool fw_cfg_present(void)
{
	char sig[4];

	outw(FW_CFG_PORT_SEL, FW_CFG_SIGNATURE);
	fw_cfg_read(sig, sizeof(sig));
	return !memcmp(sig, "QEMU", 4);
}

int fw_cfg_read_file(const char *name, char *buf, size_t size)
{
	struct fw_cfg_file f;
	u32 count, len;

	if (!fw_cfg_present())
		return -ENODEV;
	outw(FW_CFG_PORT_SEL, FW_CFG_FILE_DIR);
	fw_cfg_read(&count, sizeof(count));
	for (u32 i = 0; i < be32(count); i++) {
		fw_cfg_read(&f, sizeof(f));
		if (strncmp(f.name, name, sizeof(f.name)))
			continue;
		len = min((size_t)be32(f.size), size - 1);
		outw(FW_CFG_PORT_SEL, __builtin_bswap16(f.select));
		fw_cfg_read(buf, len);
		buf[len] = '\0';
		return (int)min(be32(f.size), 0x7fffffffU);
	}
	return -ENOENT;
}

void fw_cfg_append_cmdline(void)
{
	static char line[BOOT_CMDLINE_MAX];
	int n = fw_cfg_read_file("opt/cmdline", line, sizeof(line));

	if (n <= 0)
		return;
	pr_info("fw_cfg: opt/cmdline \"%s\"%s\n", line,
		(size_t)n >= sizeof(line) ? " (cut: see below)" : "");
	boot_cmdline_add(line, (size_t)n, "fw_cfg's opt/cmdline");
}
