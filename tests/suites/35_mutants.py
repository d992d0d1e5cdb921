"""Host mutants: each deliberate fault of tests/mutants/catalog.py that a
host test should catch is built into a scratch copy of the tree and must
make one of its host tests fail (a failure, a crash or a hang). One result
per mutant; a survivor fails, and so does a mutant that no longer applies
to the code (its `find` text changed: refresh it). `make mutants` runs the
same list with the in-kernel tests too and prints the table.
"""
from lib.result import Result
from mutants import runner

SUITE = "mutants"
NEEDS = ["host-tests"]
JOBS = 2


def run(ctx):
    mutants, _ = runner.selected([], host_only=True)
    err = runner.baseline(mutants, host_only=True)
    if err:
        yield Result("the unmutated tree passes the mutants' tests", False,
                     err)
        return
    for o in runner.run_all(mutants, host_only=True, jobs=JOBS):
        m = o.mutant
        if o.killed:
            name = f"{m.name} ({m.breaks}) killed by {o.by}"
        else:
            name = f"{m.name} ({m.breaks}) killed"
        yield Result(name, o.killed, f"{o.status}: {o.by}\n{o.log}")
