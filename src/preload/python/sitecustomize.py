"""zmqdiag's sitecustomize for `zmqdiag repro -- <command>`, put first on PYTHONPATH.

It registers faulthandler on SIGUSR2 with all threads, writing into a file of its own
($ZMQDIAG_STACKS_DIR/<pid>): on a hang zmqdiag sends that signal and reads where every thread
was, even a thread blocked inside C (zmq_ctx_term), and a flood on stderr cannot bury it.
Then it imports the user's own sitecustomize, if any, as Python would have.
"""
import os
import sys


def _zmqdiag_register():
    folder = os.environ.get("ZMQDIAG_STACKS_DIR")
    if not folder or not os.path.isdir(folder):
        return None
    import faulthandler
    import signal

    stacks = open(os.path.join(folder, str(os.getpid())), "w")
    faulthandler.register(signal.SIGUSR2, file=stacks, all_threads=True, chain=False)
    return stacks


def _zmqdiag_chain():
    here = os.path.dirname(os.path.abspath(__file__))
    ours = sys.modules.pop("sitecustomize", None)
    saved = sys.path[:]
    try:
        sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
        import importlib

        importlib.import_module("sitecustomize")
    except ImportError as e:
        if e.name != "sitecustomize":
            raise
    finally:
        sys.path[:] = saved
        if ours is not None:
            sys.modules["sitecustomize"] = ours


# Kept open for the life of the process: faulthandler writes to its descriptor.
_zmqdiag_stacks = _zmqdiag_register()
_zmqdiag_chain()
