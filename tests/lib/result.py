"""One test outcome, as every suite reports it."""
from dataclasses import dataclass


@dataclass
class Result:
    name: str
    ok: bool
    diag: str = ""  # what to print when it failed (log tail, assertion)
