"""Lint: clang-format (the checked-in .clang-format) and cppcheck on the
kernel and test C sources, and the layering check (tools/check_layers.py:
no #include against the rules of docs/ARCHITECTURE.md). Each tool is one
result; its complaints are the diagnostic."""
import glob
import os
import subprocess

from lib.result import Result

SUITE = "lint"
DIRS = ["arch", "boot", "include", "init", "kernel", "lib", "mm",
        "tests/host", "tests/fuzz"]


def sources(ctx, exts):
    files = []
    for d in DIRS:
        for ext in exts:
            files += glob.glob(os.path.join(ctx.root, d, "**", "*" + ext),
                               recursive=True)
    return sorted(files)


def run(ctx):
    files = sources(ctx, [".c", ".h"])
    p = subprocess.run(["clang-format", "--dry-run", "--Werror"] + files,
                       capture_output=True, text=True, cwd=ctx.root)
    yield Result(f"clang-format clean ({len(files)} files)",
                 p.returncode == 0, p.stderr[-4000:])
    c_files = [f for f in files if f.endswith(".c")]
    p = subprocess.run(
        ["cppcheck", "--quiet", "--error-exitcode=1", "--inline-suppr",
         "--enable=warning,portability,performance",
         "--suppress=missingIncludeSystem", "--std=c11",
         "-D__GNUC__", "-Iinclude", "-I.", "-Iarch/x86_64/include"] + c_files,
        capture_output=True, text=True, cwd=ctx.root)
    yield Result(f"cppcheck clean ({len(c_files)} files)", p.returncode == 0,
                 p.stderr[-4000:])
    p = subprocess.run(["python3", "tools/check_layers.py"],
                       capture_output=True, text=True, cwd=ctx.root)
    yield Result("includes follow the layering rules of "
                 "docs/ARCHITECTURE.md", p.returncode == 0,
                 p.stdout[-4000:] + p.stderr[-2000:])
