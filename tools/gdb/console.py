#!/usr/bin/env python3
"""A serial console for `make debug`: connect this terminal to the guest's
COM1, which QEMU serves on a unix socket. Keys go to the guest as typed;
Ctrl-] quits (the guest keeps running).

Usage: tools/gdb/console.py SOCKET     (`make console` passes the socket)
"""
import os
import select
import socket
import sys
import termios
import time

QUIT = b"\x1d"  # Ctrl-]


def connect(path, wait=10.0):
    """Connect to @path, waiting up to @wait seconds for QEMU to create it."""
    deadline = time.monotonic() + wait
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(path)
            return s
        except OSError as e:
            s.close()
            if time.monotonic() > deadline:
                sys.exit(f"console: cannot connect to {path}: {e.strerror}"
                         " (is `make debug` running?)")
            time.sleep(0.2)


def raw_input_mode(fd):
    """Pass every key through (no line editing, echo or signals) but keep
    output processing, so the guest's \\n still starts a new line.
    Returns the old settings."""
    old = termios.tcgetattr(fd)
    new = termios.tcgetattr(fd)
    new[0] &= ~(termios.ICRNL | termios.IXON)
    new[3] &= ~(termios.ICANON | termios.ECHO | termios.ISIG |
                termios.IEXTEN)
    new[6][termios.VMIN] = 1
    new[6][termios.VTIME] = 0
    termios.tcsetattr(fd, termios.TCSANOW, new)
    return old


def pump(sock, fd_in, fd_out):
    """Copy between the socket and the terminal until Ctrl-] or EOF."""
    while True:
        ready, _, _ = select.select([sock, fd_in], [], [])
        if sock in ready:
            data = sock.recv(4096)
            if not data:
                return "the guest's console closed (QEMU exited)"
            os.write(fd_out, data)
        if fd_in in ready:
            data = os.read(fd_in, 1024)
            if not data or QUIT in data:
                return None
            sock.sendall(data)


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__.strip())
    sock = connect(argv[1])
    fd_in, fd_out = sys.stdin.fileno(), sys.stdout.fileno()
    tty = os.isatty(fd_in)
    print(f"console: connected to {argv[1]}; Ctrl-] quits. "
          "Press Enter for a prompt.", flush=True)
    old = raw_input_mode(fd_in) if tty else None
    try:
        why = pump(sock, fd_in, fd_out)
    finally:
        if old:
            termios.tcsetattr(fd_in, termios.TCSADRAIN, old)
        sock.close()
    print(f"\nconsole: {why or 'closed'}")


if __name__ == "__main__":
    main(sys.argv)
