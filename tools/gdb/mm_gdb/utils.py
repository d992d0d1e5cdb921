"""Shared plumbing: cached type lookups, struct layouts decoded from raw
bytes, memory reads (virtual, and physical through the direct map or QEMU's
physical-memory mode) and argument parsing."""
import struct

import gdb

from mm_gdb.constants import C


class CachedType:
    """A gdb.Type looked up on first use, forgotten when symbols change."""

    _all = []

    def __init__(self, name):
        self.name = name
        self._type = None
        CachedType._all.append(self)

    def get(self):
        if self._type is None:
            try:
                self._type = gdb.lookup_type(self.name)
            except gdb.error:
                raise gdb.GdbError(f"no type '{self.name}': load the kernel "
                                   "with its debug info first")
        return self._type

    def pointer(self):
        return self.get().pointer()

    def sizeof(self):
        return self.get().sizeof

    @classmethod
    def flush(cls, _event=None):
        for t in cls._all:
            t._type = None
        Layout.flush()


gdb.events.new_objfile.connect(CachedType.flush)


class Layout:
    """Offsets of a struct's scalar fields, nested ones as "lru.next", so a
    whole array of structs can be read in one go and decoded in Python."""

    _cache = {}

    def __init__(self, ctype):
        self.type = ctype.get()
        self.size = self.type.sizeof
        self.fields = {}
        self._walk(self.type, 0, "")

    def _walk(self, t, base, prefix):
        for f in t.strip_typedefs().fields():
            ft = f.type.strip_typedefs()
            off = base + f.bitpos // 8
            name = prefix + (f.name or "")
            if ft.code in (gdb.TYPE_CODE_STRUCT, gdb.TYPE_CODE_UNION):
                # An anonymous union's members belong to the outer struct.
                self._walk(ft, off, name + "." if f.name else prefix)
            elif ft.code in (gdb.TYPE_CODE_INT, gdb.TYPE_CODE_PTR,
                             gdb.TYPE_CODE_ENUM, gdb.TYPE_CODE_BOOL):
                signed = ft.code == gdb.TYPE_CODE_INT and ft.is_signed
                self.fields[name] = (off, ft.sizeof, signed)

    @classmethod
    def of(cls, ctype):
        lay = cls._cache.get(ctype.name)
        if lay is None:
            lay = cls._cache[ctype.name] = Layout(ctype)
        return lay

    @classmethod
    def flush(cls):
        cls._cache.clear()

    def offset(self, name):
        return self.fields[name][0]

    def decode(self, raw, base=0):
        """The scalar fields of the struct at @raw[@base:] as a dict."""
        out = {}
        for name, (off, size, signed) in self.fields.items():
            out[name] = int.from_bytes(raw[base + off:base + off + size],
                                       "little", signed=signed)
        return out


def read_virt(addr, size):
    """@size bytes at kernel virtual address @addr (bytes)."""
    try:
        return bytes(gdb.selected_inferior().read_memory(addr, size))
    except gdb.MemoryError:
        raise gdb.GdbError(f"cannot read {size} bytes at {addr:#x}")


def read_u64_virt(addr):
    return struct.unpack("<Q", read_virt(addr, 8))[0]


class PhysMode(gdb.Parameter):
    """How mm- commands read physical memory.

direct: through the kernel's direct map (phys + DIRECT_MAP_START), which maps
all usable RAM in every address space. qemu: QEMU's physical-memory mode
(maint packet Qqemu.PhyMemMode:1), which also reaches memory the direct map
leaves out. A direct-map read that fails is retried in qemu mode."""

    set_doc = "Set how mm- commands read physical memory (direct|qemu)."
    show_doc = "Show how mm- commands read physical memory."

    def __init__(self):
        super().__init__("mm-phys-mode", gdb.COMMAND_DATA, gdb.PARAM_ENUM,
                         ["direct", "qemu"])
        self.value = "direct"

    def get_set_string(self):
        return ""

    def get_show_string(self, svalue):
        return f"mm- commands read physical memory via: {svalue}"


phys_mode = PhysMode()


def _qemu_phys_mode(on):
    gdb.execute(f"maint packet Qqemu.PhyMemMode:{1 if on else 0}",
                to_string=True)


def read_phys_qemu(pa, size):
    """@size bytes at physical address @pa, in QEMU's physical mode."""
    _qemu_phys_mode(True)
    try:
        return bytes(gdb.selected_inferior().read_memory(pa, size))
    except gdb.MemoryError:
        raise gdb.GdbError(f"cannot read physical {pa:#x} (+{size})")
    finally:
        _qemu_phys_mode(False)


def read_phys(pa, size, mode=None):
    """@size bytes at physical address @pa; @mode is "direct" or "qemu"
    (default: the mm-phys-mode setting)."""
    mode = mode or phys_mode.value
    if mode == "direct":
        try:
            return bytes(gdb.selected_inferior().read_memory(
                C.DIRECT_MAP_START + pa, size))
        except gdb.MemoryError:
            pass  # not in the direct map, or not mapped yet: ask QEMU
    return read_phys_qemu(pa, size)


def read_u64_phys(pa, mode=None):
    return struct.unpack("<Q", read_phys(pa, 8, mode))[0]


def to_int(value):
    """A gdb.Value (pointer, integer, register) as a Python int."""
    if value.type.strip_typedefs().code == gdb.TYPE_CODE_PTR:
        return int(value.cast(gdb.lookup_type("unsigned long")))
    return int(value)


def eval_int(expr):
    """Evaluate a gdb expression (a number, symbol, cast, register) to an
    int; raises GdbError with the expression on failure."""
    try:
        return to_int(gdb.parse_and_eval(expr))
    except gdb.error as e:
        raise gdb.GdbError(f"cannot evaluate '{expr}': {e}")


def symbol_value(name):
    """A kernel global as a gdb.Value."""
    try:
        return gdb.parse_and_eval(name)
    except gdb.error:
        raise gdb.GdbError(f"no symbol '{name}': is build/kernel.elf loaded?")


def c_string(ptr):
    """The NUL-terminated string at a char * (gdb.Value or int)."""
    if isinstance(ptr, int):
        if ptr == 0:
            return "(null)"
        ptr = gdb.Value(ptr).cast(gdb.lookup_type("char").pointer())
    elif to_int(ptr) == 0:
        return "(null)"
    return ptr.string(errors="replace")


def enum_names(type_name, prefix=""):
    """{value: name} of a C enum from the debug info, @prefix removed.
    Where two names share a value, the first declared wins."""
    out = {}
    for f in gdb.lookup_type(type_name).fields():
        name = f.name[len(prefix):] if f.name.startswith(prefix) else f.name
        out.setdefault(f.enumval, name)
    return out


def parse_args(arg, min_args, max_args, usage):
    """Split a command's argument string like a shell; GdbError with
    @usage if the count is wrong."""
    argv = gdb.string_to_argv(arg)
    if not min_args <= len(argv) <= max_args:
        raise gdb.GdbError(f"usage: {usage}")
    return argv


class MmCommand(gdb.Command):
    """Base of the mm- commands: subclasses implement run(arg); a failed
    read of kernel memory or a bad expression becomes a one-line error."""

    def __init__(self, name):
        super().__init__(name, gdb.COMMAND_DATA)
        self.cmd_name = name

    def invoke(self, arg, from_tty):
        if gdb.selected_inferior().pid == 0:
            raise gdb.GdbError(f"{self.cmd_name}: not connected to the "
                               "kernel (target remote ...; make debug does"
                               " it)")
        try:
            self.run(arg)
        except gdb.error as e:  # includes gdb.MemoryError
            raise gdb.GdbError(f"{self.cmd_name}: {e}")

    def run(self, arg):
        raise NotImplementedError
