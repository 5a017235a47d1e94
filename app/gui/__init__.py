"""The desktop interface (PySide6 only): windows, Qt models over the services, dialogs."""

import ctypes
import sys

if sys.version_info < (3, 12):
    # PySide6 6.12.0 on CPython 3.11 drops one reference to None / True / False on every call of a
    # Qt method returning void or bool (setText, processEvents, setProperty, ...): after some
    # thousands of calls the interpreter aborts ("none_dealloc" / "bool_dealloc"), at the latest at
    # exit. CPython 3.12 makes these objects immortal; here they are given references to spare.
    for _singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(_singleton)).value += 1 << 40
