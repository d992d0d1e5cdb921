# Build, run and test the kernel. `make help` lists the targets.
#
#   make            build/kernel.elf and build/os.iso
#   make run        boot the ISO in QEMU, serial console on this terminal
#   make test       every test (lint, host unit tests, fuzz, QEMU tests)
#
# Variables: MEM=128M SMP=1 CMDLINE="..." UEFI=1
# Toolchains: CROSS_COMPILE=x86_64-elf- (a GNU cross toolchain) or LLVM=1
# (clang and ld.lld), as Linux's kbuild spells them.

MEM ?= 128M
SMP ?= 1
CMDLINE ?=
UEFI ?= 0
# DEBUG=0 builds without the locking checks (include/lockdep.h).
DEBUG ?= 1

# The toolchain that builds the kernel. By default the host's gcc and ld;
# CROSS_COMPILE=PREFIX- takes PREFIX-gcc, PREFIX-ld and PREFIX-nm (OSDev's
# x86_64-elf-, or Debian's x86_64-linux-gnu-); LLVM=1 takes clang, ld.lld
# and the llvm- tools, which build an x86_64 kernel from any host. Each
# toolchain builds in a directory of its own (BUILD), so switching between
# them never mixes objects.
CROSS_COMPILE ?=
LLVM ?=
ifeq ($(LLVM),1)
CC := clang --target=x86_64-unknown-none-elf
LD := ld.lld
NM := llvm-nm
READELF := llvm-readelf
BUILD ?= build-llvm
else
CC := $(CROSS_COMPILE)gcc
LD := $(CROSS_COMPILE)ld
NM := $(CROSS_COMPILE)nm
READELF := $(CROSS_COMPILE)readelf
BUILD ?= build$(if $(CROSS_COMPILE),-$(patsubst %-,%,$(CROSS_COMPILE)))
endif
# Quiet build lines ("  CC  file"); `make V=1` shows the full commands.
ifeq ($(V),1)
Q :=
quiet = @true
else
Q := @
quiet = @printf '  %-7s %s\n'
endif
PYTHON := python3

# --- kernel -----------------------------------------------------------------

# Tables built in sections (.ktests, .shell_cmds) keep the order of the
# source: gcc needs telling, clang always emits globals in that order.
KCFLAGS_ORDER := $(if $(filter 1,$(LLVM)),,-fno-toplevel-reorder)
KCFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fcf-protection=none -m64 \
	-mcmodel=kernel -mno-red-zone -mno-mmx -mno-sse -mno-sse2 -mno-80387 \
	-mgeneral-regs-only -fno-pic -fno-pie -fno-omit-frame-pointer \
	-fno-strict-aliasing -fno-common $(KCFLAGS_ORDER) -Wall -Wextra \
	-Werror -Iinclude -I. -Iarch/x86_64/include -MMD -MP \
	$(if $(filter 1,$(DEBUG)),-DCONFIG_DEBUG_LOCKING)
KASFLAGS := $(filter-out -std=gnu11,$(KCFLAGS)) -D__ASSEMBLY__
KLDFLAGS := -nostdlib -static -z max-page-size=0x1000 -T linker.ld

KSRC := $(wildcard boot/*.S arch/x86_64/*.S arch/x86_64/*.c init/*.c kernel/*.c \
	kernel/*/*.c mm/*.c lib/*.c)
KOBJ := $(patsubst %,$(BUILD)/kobj/%.o,$(basename $(KSRC)))

all: $(BUILD)/kernel.elf $(BUILD)/os.iso

$(BUILD)/kobj/%.o: %.c
	@mkdir -p $(dir $@)
	$(quiet) CC $<
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

$(BUILD)/kobj/%.o: %.S
	@mkdir -p $(dir $@)
	$(quiet) AS $<
	$(Q)$(CC) $(KASFLAGS) -c $< -o $@

# Two links: the first gives the symbol table that the second embeds for
# backtraces. The table sits in the last section, so no address moves.
$(BUILD)/kernel.stage1.elf: $(KOBJ) $(BUILD)/ksyms_empty.o linker.ld
	$(quiet) LD $@
	$(Q)$(LD) $(KLDFLAGS) -o $@ $(KOBJ) $(BUILD)/ksyms_empty.o

$(BUILD)/ksyms_empty.S: tools/gen_ksyms.py
	@mkdir -p $(BUILD)
	$(Q)$(PYTHON) tools/gen_ksyms.py < /dev/null > $@

$(BUILD)/ksyms.S: $(BUILD)/kernel.stage1.elf tools/gen_ksyms.py
	$(quiet) KSYMS $@
	$(Q)$(NM) -n --defined-only $< | $(PYTHON) tools/gen_ksyms.py > $@

$(BUILD)/%.o: $(BUILD)/%.S
	$(Q)$(CC) $(KASFLAGS) -c $< -o $@

$(BUILD)/kernel.elf: $(KOBJ) $(BUILD)/ksyms.o linker.ld
	$(quiet) LD $@
	$(Q)$(LD) $(KLDFLAGS) -o $@ $(KOBJ) $(BUILD)/ksyms.o
	@grub-file --is-x86-multiboot2 $@ || \
		{ echo "$@: no multiboot2 header" >&2; exit 1; }
	@$(PYTHON) tools/check_segments.py $(READELF) $@

$(BUILD)/os.iso: $(BUILD)/kernel.elf iso/boot/grub/grub.cfg
	@rm -rf $(BUILD)/isodir
	@mkdir -p $(BUILD)/isodir/boot/grub
	@cp $(BUILD)/kernel.elf $(BUILD)/isodir/boot/kernel.elf
	@cp iso/boot/grub/grub.cfg $(BUILD)/isodir/boot/grub/grub.cfg
	$(quiet) ISO $@
	$(Q)grub-mkrescue -o $@ $(BUILD)/isodir 2>$(BUILD)/grub-mkrescue.log || \
		{ cat $(BUILD)/grub-mkrescue.log >&2; exit 1; }

# --- running ----------------------------------------------------------------

OVMF := /usr/share/ovmf/OVMF.fd
QEMU_FW := $(if $(filter 1,$(UEFI)),-bios $(OVMF))
comma := ,
QEMU_CMDLINE := $(if $(CMDLINE),-fw_cfg name=opt/cmdline$(comma)string="$(CMDLINE)")
QEMU := qemu-system-x86_64 -m $(MEM) -smp $(SMP) -display none -no-reboot \
	-nic none -device isa-debug-exit,iobase=0xf4,iosize=0x04 $(QEMU_FW)

run: deps all
	$(QEMU) -serial mon:stdio $(QEMU_CMDLINE) -cdrom $(BUILD)/os.iso; \
	status=$$?; [ $$status -eq 33 ] || [ $$status -eq 0 ] || \
		echo "qemu exited with status $$status"

# --- host unit tests (mm/ on the host, ASan + UBSan) ------------------------

HOST_CC := gcc
HOST_CFLAGS := -std=gnu11 -g -O1 -D__HOST__ -DCONFIG_DEBUG_LOCKING \
	-fsanitize=address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer -Wall -Wextra \
	-Werror -Iinclude -I. -Iarch/x86_64/include -Itests/host -MMD -MP
HOST_SRC := $(wildcard mm/*.c) arch/x86_64/multiboot2.c arch/x86_64/acpi_madt.c lib/seq_file.c lib/kstrtox.c lib/prandom.c \
	lib/sort.c lib/spinlock.c tests/host/support.c
HOST_OBJ := $(patsubst %,$(BUILD)/hobj/%.o,$(basename $(HOST_SRC)))
HOST_TESTS := $(patsubst tests/host/%.c,$(BUILD)/host/%,\
	$(wildcard tests/host/test_*.c))

$(BUILD)/hobj/%.o: %.c
	@mkdir -p $(dir $@)
	$(quiet) HOSTCC $<
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -c $< -o $@

$(BUILD)/host/%: $(BUILD)/hobj/tests/host/%.o $(HOST_OBJ)
	@mkdir -p $(dir $@)
	$(quiet) HOSTLD $@
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -o $@ $^ -lcmocka

# The kernel's own vsnprintf, renamed so it can sit beside libc's.
$(BUILD)/hobj/lib/vsprintf_kernel.o: lib/vsprintf.c
	@mkdir -p $(dir $@)
	$(quiet) HOSTCC $<
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -Dvsnprintf=kernel_vsnprintf \
		-Dsnprintf=kernel_snprintf -c $< -o $@

$(BUILD)/host/test_vsprintf: $(BUILD)/hobj/tests/host/test_vsprintf.o \
		$(BUILD)/hobj/lib/vsprintf_kernel.o $(HOST_OBJ)
	@mkdir -p $(dir $@)
	$(quiet) HOSTLD $@
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -o $@ $^ -lcmocka

host-tests: $(HOST_TESTS)

# --- tests --------------------------------------------------------------------

test: deps all host-tests
	$(PYTHON) tests/run.py

# The long TLB shootdown run: the tlb suite (tests/suites/44_tlb.py) until
# 10^6 pages have migrated under writers on 4 CPUs (make test: 10^5).
STRESS_PAGES ?= 1000000
stress: deps all
	STRESS_PAGES=$(STRESS_PAGES) $(PYTHON) tests/run.py tlb

LINT_FILES = $(shell find arch boot include init kernel lib mm tests/host \
	tests/fuzz -name '*.[ch]' 2>/dev/null)

# Formatting, static analysis and the layering check (also the first suite
# of `make test`).
lint: deps
	$(PYTHON) tests/run.py lint

# Rewrite the sources in the checked-in style.
format:
	clang-format -i $(LINT_FILES)

# Benchmarks under QEMU's -icount (repeatable instruction counts), written
# to docs/BENCHMARKS.md. Not part of `make test`: they take minutes.
bench: deps all
	$(PYTHON) tools/bench.py

# --- mutation check ----------------------------------------------------------

# Deliberate faults in mm/ (tests/mutants/catalog.py), each built into a
# scratch copy of the tree in build/mutants/: every one must make a test
# fail. Prints the table of mutants and their killers. `make test` runs the
# host part (tests/suites/35_mutants.py); this adds the in-kernel tests.
mutants: deps all host-tests
	$(PYTHON) tests/mutants/runner.py

.PHONY: mutants

# Self-test mode in every supported configuration (memory sizes, machine
# types, BIOS/UEFI, boot parameters), two at a time; prints a table.
# MATRIX="NAME ..." runs only those (names as tests/matrix.py lists them).
matrix: deps all
	$(PYTHON) tests/matrix.py $(MATRIX)
.PHONY: matrix

# --- set-up -------------------------------------------------------------------

# Debian packages the build, `run` and the tests need. `deps` installs the
# missing ones with apt-get (as root, or through sudo).
# clang, lld and llvm are the LLVM=1 toolchain (`make test` builds with it
# too); CROSS_COMPILE=x86_64-linux-gnu- adds Debian's cross binutils (its
# gcc is the host's). Other prefixes, such as OSDev's x86_64-elf-, are
# toolchains Debian does not package: build them as OSDev describes.
DEB_PACKAGES := gcc make binutils python3 qemu-system-x86 grub-pc-bin \
	grub-common grub-efi-amd64-bin ovmf xorriso mtools gdb libcmocka-dev \
	clang lld llvm libclang-rt-14-dev cppcheck clang-format valgrind \
	$(if $(filter x86_64-linux-gnu-,$(CROSS_COMPILE)),binutils-x86-64-linux-gnu)

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | \
		grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing missing packages:" $$missing; \
		sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		$$sudo apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q \
			--no-install-recommends $$missing; \
	fi

.SECONDARY:
.PHONY: all run test stress host-tests lint format deps clean help bench

clean:
	rm -rf $(BUILD)

help:
	@echo "make            build build/kernel.elf and build/os.iso"
	@echo "make run        boot in QEMU (MEM=128M SMP=1 CMDLINE=... UEFI=1); Ctrl-A X quits"
	@echo "make test       every test; ends with 'N passed, N failed'"
	@echo "make stress     TLB shootdowns under load until 10^6 pages migrated (STRESS_PAGES=N)"
	@echo "make lint       clang-format, cppcheck and the layering check"
	@echo "make mutants    deliberate faults in mm/: each must make a test fail"
	@echo "make format     reformat the sources"
	@echo "make LLVM=1     build with clang and ld.lld into build-llvm/ (any target)"
	@echo "make CROSS_COMPILE=x86_64-elf-  build with a GNU cross toolchain into build-x86_64-elf/"
	@echo "make deps       install the Debian packages the build and tests need"
	@echo "make debug      QEMU paused under gdb with the mm- helpers; 'make console' in a 2nd terminal"
	@echo "make demo       scripted session rendered to build/demo.svg"
	@echo "make bench      benchmarks under -icount, written to docs/BENCHMARKS.md"
	@echo "make fuzz       libFuzzer: the allocator, then the boot input (MBI), 10 minutes each"
	@echo "make matrix     self-tests in every supported configuration (MATRIX=\"NAME ...\")"

# --- page allocator: fuzzing and benchmark ----------------------------------

# libFuzzer (clang) drives mm/ with sequences of allocations and frees
# (tests/fuzz/fuzz_page_alloc.c). `make fuzz-short` is the run `make test`
# does (tests/suites/30_fuzz.py); `make fuzz` runs FUZZ_TIME seconds and keeps
# its corpus in build/fuzz/corpus.
FUZZ_CC := clang
FUZZ_TIME ?= 600
FUZZ_CFLAGS := -std=gnu11 -g -O1 -D__HOST__ -DHOST_NO_CMOCKA -DCONFIG_DEBUG_LOCKING \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -Iinclude -I. -Iarch/x86_64/include -Itests/host
FUZZ_ENV := ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1
FUZZ_RUN := $(BUILD)/fuzz/fuzz_page_alloc -max_len=1024 -rss_limit_mb=4096 \
	-artifact_prefix=$(BUILD)/fuzz/

# The boot input's harness (tests/fuzz/fuzz_mbi.c) feeds arbitrary MBI bytes
# through the multiboot2 parser, memblock and zone setup; `make fuzz` runs
# it after the allocator's, FUZZ_TIME seconds each, corpus in
# build/fuzz/corpus-mbi.
FUZZ_MBI_RUN := $(BUILD)/fuzz/fuzz_mbi -max_len=8192 -rss_limit_mb=4096 \
	-artifact_prefix=$(BUILD)/fuzz/

$(BUILD)/fuzz/%: tests/fuzz/%.c $(HOST_SRC) $(wildcard tests/host/*.h)
	@mkdir -p $(dir $@)
	$(quiet) FUZZCC $@
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^)

fuzz: $(BUILD)/fuzz/fuzz_page_alloc $(BUILD)/fuzz/fuzz_mbi
	@mkdir -p $(BUILD)/fuzz/corpus $(BUILD)/fuzz/corpus-mbi
	$(FUZZ_ENV) $(FUZZ_RUN) -max_total_time=$(FUZZ_TIME) $(BUILD)/fuzz/corpus
	$(FUZZ_ENV) $(FUZZ_MBI_RUN) -max_total_time=$(FUZZ_TIME) \
		$(BUILD)/fuzz/corpus-mbi tests/fuzz/mbi-seeds

fuzz-short: $(BUILD)/fuzz/fuzz_page_alloc $(BUILD)/fuzz/fuzz_mbi
	$(FUZZ_ENV) $(FUZZ_RUN) -max_total_time=25 -seed=1
	@mkdir -p $(BUILD)/fuzz/corpus-mbi-short
	$(FUZZ_ENV) $(FUZZ_MBI_RUN) -max_total_time=20 -seed=1 \
		$(BUILD)/fuzz/corpus-mbi-short tests/fuzz/mbi-seeds

# Instructions per operation on the allocator's paths: the host build at -O2
# under callgrind (tests/host/bench_page_alloc.c), net of the loop's cost.
BENCH_CFLAGS := -std=gnu11 -O2 -g -D__HOST__ -DHOST_NO_CMOCKA -Wall -Wextra -Iinclude -I. \
	-Iarch/x86_64/include -Itests/host

$(BUILD)/host/bench_page_alloc: tests/host/bench_page_alloc.c $(HOST_SRC)
	@mkdir -p $(dir $@)
	$(quiet) HOSTLD $@
	$(Q)$(HOST_CC) $(BENCH_CFLAGS) -o $@ $^

bench-host: $(BUILD)/host/bench_page_alloc
	@rm -rf $(BUILD)/bench && mkdir -p $(BUILD)/bench
	$(Q)valgrind --tool=callgrind --collect-atstart=no \
		--callgrind-out-file=$(BUILD)/bench/callgrind.out \
		$(BUILD)/host/bench_page_alloc >/dev/null 2>$(BUILD)/bench/valgrind.log
	@for f in $$(ls $(BUILD)/bench/callgrind.out.* | sort -t. -k3 -n); do \
		awk '/^desc: Trigger: Client Request:/ { name = $$5; n = $$6 } \
		     /^(summary|totals):/ { ir = $$2 } \
		     END { if (n) print name, n, ir }' $$f; \
	done | awk '$$1 == "baseline" { base = $$3 / $$2; \
		printf "%-26s %7.1f instructions/iteration (subtracted below)\n", \
			"loop overhead", base; next } \
		{ printf "%-26s %7.1f instructions/op (%d ops)\n", $$1, \
			$$3 / $$2 - base, $$2 }'

.PHONY: fuzz fuzz-short bench-host

# --- debugging with gdb -------------------------------------------------------

# The GDB helpers (tools/gdb, docs/DEBUGGING.md) take the kernel's constants
# from build/gdb/mm_constants.py, printed by a host program compiled against
# our own headers, so they change when a header does.
#
# `make debug` boots the ISO under QEMU paused (-S), its gdbstub on a unix
# socket, and runs gdb in this terminal with the kernel's symbols and the
# helpers loaded. The serial console is a second socket: run `make console`
# in another terminal (everything it prints is also in build/debug/serial.log).
# gdb stops at BREAK with a temporary hardware breakpoint, the kind that
# survives GRUB loading the kernel; BREAK= stays at the first BIOS
# instruction. Quitting gdb ends QEMU.
GDB ?= gdb
GDBFLAGS ?=
BREAK ?= start_kernel
DEBUG_DIR := $(BUILD)/debug
GDB_CONSTANTS := $(BUILD)/gdb/mm_constants.py

$(BUILD)/gdb/gen_constants: tools/gdb/gen_constants.c
	@mkdir -p $(dir $@)
	$(quiet) HOSTCC $@
	$(Q)$(HOST_CC) -std=gnu11 -O1 -D__HOST__ -Wall -Wextra -Werror \
		-Iinclude -I. -Iarch/x86_64/include -MMD -MP -o $@ $<

$(GDB_CONSTANTS): $(BUILD)/gdb/gen_constants
	$(quiet) GEN $@
	$(Q)$< > $@.tmp && mv $@.tmp $@

gdb-helpers: $(GDB_CONSTANTS)
all: gdb-helpers

# Recursive (=), so that $(comma) is defined by the time it expands.
DEBUG_CMDLINE = $(if $(CMDLINE),-fw_cfg 'name=opt/cmdline$(comma)string=$(CMDLINE)')
DEBUG_QEMU = $(QEMU) -S $(DEBUG_CMDLINE) -cdrom $(BUILD)/os.iso \
	-chardev socket,id=gdb0,path=$(DEBUG_DIR)/gdb.sock,server=on,wait=off \
	-gdb chardev:gdb0 \
	-chardev socket,id=ser0,path=$(DEBUG_DIR)/serial.sock,server=on,wait=off,logfile=$(DEBUG_DIR)/serial.log \
	-serial chardev:ser0
DEBUG_GDB = $(GDB) -q $(GDBFLAGS) -ex 'file $(BUILD)/kernel.elf' \
	-ex 'set architecture i386:x86-64' -ex 'source tools/gdb/mm-gdb.py' \
	-ex 'target remote $(DEBUG_DIR)/gdb.sock' \
	$(if $(BREAK),-ex 'thbreak $(BREAK)' -ex continue)

# QEMU runs in a session of its own, and gdb (with `set -m`) in a process
# group of its own that owns the terminal: the Ctrl-C that interrupts the
# guest reaches gdb only, not QEMU, make or this shell, which stops QEMU
# once gdb quits.
debug: all
	@mkdir -p $(DEBUG_DIR)
	@rm -f $(DEBUG_DIR)/gdb.sock $(DEBUG_DIR)/serial.sock $(DEBUG_DIR)/serial.log
	@setsid $(DEBUG_QEMU) </dev/null >$(DEBUG_DIR)/qemu.log 2>&1 & qemu=$$!; \
	for i in 1 2 3 4 5 6 7 8 9 10; do \
		[ -S $(DEBUG_DIR)/gdb.sock ] && break; sleep 0.2; done; \
	if ! [ -S $(DEBUG_DIR)/gdb.sock ]; then \
		cat $(DEBUG_DIR)/qemu.log; kill $$qemu 2>/dev/null; exit 1; fi; \
	echo "QEMU is paused, gdbstub at $(DEBUG_DIR)/gdb.sock (pid $$qemu)."; \
	echo "Serial console: in a second terminal, type  make console"; \
	echo "  (output also goes to $(DEBUG_DIR)/serial.log). Quit gdb to end QEMU."; \
	if [ -t 0 ]; then set -m; fi; $(DEBUG_GDB); \
	kill $$qemu 2>/dev/null; wait $$qemu 2>/dev/null; true

# The serial console of `make debug`: type shell commands, Ctrl-] quits.
console:
	@$(PYTHON) tools/gdb/console.py $(DEBUG_DIR)/serial.sock

.PHONY: gdb-helpers debug console

# --- demo: a scripted shell session and its picture ---------------------------

# Boots, fragments memory, compacts it, saves the console log and draws the
# pageblock maps of the two `frag` runs side by side (docs/SHELL.md).
DEMO_MEM ?= 256M
DEMO_SCRIPT := "mkfrag random 90" frag compact frag stats
# The CMA picture: the area's pageblocks (c) before and after cma_alloc().
DEMO_CMA_CMDLINE := cma=64M@512M
DEMO_CMA_SCRIPT := "mkfrag random 95" "frag DMA32" "cma alloc default 32M" \
	"frag DMA32" cma

demo: all
	$(PYTHON) tests/lib/session.py --mem $(DEMO_MEM) --log $(BUILD)/demo.log \
		$(DEMO_SCRIPT)
	$(PYTHON) tools/fragmap $(BUILD)/demo.log -o $(BUILD)/demo.svg \
		--title "mkfrag random 90, then compact: before and after"
	$(PYTHON) tests/lib/session.py --mem 1G --cmdline "$(DEMO_CMA_CMDLINE)" \
		--log $(BUILD)/demo-cma.log $(DEMO_CMA_SCRIPT)
	$(PYTHON) tools/fragmap $(BUILD)/demo-cma.log -o $(BUILD)/demo-cma.svg \
		--title "a 64 MiB CMA area at 512 MiB: cma alloc default 32M, before and after"
	@echo "demo: $(BUILD)/demo.log, $(BUILD)/demo.svg, $(BUILD)/demo-cma.svg"

.PHONY: demo

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
