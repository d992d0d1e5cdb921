"""One test outcome, as every suite reports it."""
from dataclasses import dataclass


@dataclass
class Result:
    name: str
    ok: bool
    diag: str = ""  # what to print when it failed (log tail, assertion)
    # Why the check could not run. A skip is neither a pass nor a failure:
    # the runner prints "ok N - name # SKIP reason" and counts it apart.
    # A suite must never skip what `make test` needs (QEMU, GDB, OVMF):
    # that is a failure, not a skip.
    skip: str | None = None
