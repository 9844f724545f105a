"""mlprep test harness: runs one card's tests against a user's solution file.

Shipped inside the mlprep binary and written next to the workspace before each run.
Usage: python3 harness.py SOLUTION.py TESTS.py [--start N] [--per-test SECONDS] [--mem MB]
Writes one JSON object per line to its original stdout:
  {"event": "collected", "tests": [...]}
  {"event": "start", "name": ...}
  {"event": "result", "name", "status": pass|fail|error|timeout, "message", "line", "seconds", "output",
   "input": the last call into the user's code, e.g. "two_sum([2, 7], 9)" (or null),
   "test_line": the line of the test that failed (or null)}
  {"event": "done"}
User code never writes to that stream: its stdout/stderr are captured per test and truncated.
Each line starts with the run's token, read from stdin before any user code runs, so lines
that user code writes to the stream itself are ignored by mlprep.
"""

import functools
import importlib.util
import io
import json
import linecache
import math
import os
import reprlib
import signal
import sys
import time
import traceback

OUTPUT_CAP = 4000


def _emit(stream, obj):
    stream.write(json.dumps(obj) + "\n")
    stream.flush()


class _Channel:
    """The result stream: every line carries the run's token."""

    def __init__(self, stream, token):
        self._stream, self._token = stream, token

    def write(self, s):
        self._stream.write(self._token + s)

    def flush(self):
        self._stream.flush()


class _Capped(io.TextIOBase):
    """A text sink that keeps at most OUTPUT_CAP characters and counts the rest."""

    def __init__(self):
        self.parts = []
        self.size = 0
        self.dropped = 0

    def write(self, s):
        s = str(s)
        room = OUTPUT_CAP - self.size
        if room > 0:
            self.parts.append(s[:room])
            self.size += min(len(s), room)
        self.dropped += max(0, len(s) - max(room, 0))
        return len(s)

    def text(self):
        out = "".join(self.parts)
        if self.dropped:
            out += "\n... (%d more characters not shown)" % self.dropped
        return out


class _Timeout(BaseException):
    pass


def _on_alarm(signum, frame):
    raise _Timeout()


# ---- comparison helpers available to every card's tests ----------------------------------


def _is_arraylike(x):
    return hasattr(x, "shape") and hasattr(x, "dtype")


def assert_equal(got, expected, msg=""):
    """Exact equality with an 'expected ... got ...' message."""
    if _is_arraylike(got) or _is_arraylike(expected):
        import numpy as np

        if np.shape(got) != np.shape(expected) or not np.array_equal(got, expected):
            raise AssertionError(_fmt(msg, "expected %r, got %r" % (expected, got)))
        return
    if got != expected:
        raise AssertionError(_fmt(msg, "expected %r, got %r" % (expected, got)))


def assert_close(got, expected, rtol=1e-6, atol=1e-8, msg=""):
    """Approximate equality for floats, sequences and numpy arrays (shapes must match)."""
    try:
        import numpy as np
    except ImportError:
        np = None
    if np is not None and (_is_arraylike(got) or _is_arraylike(expected) or isinstance(got, (list, tuple))):
        g = np.asarray(got, dtype=float)
        e = np.asarray(expected, dtype=float)
        if g.shape != e.shape:
            raise AssertionError(_fmt(msg, "shape: expected %s, got %s" % (e.shape, g.shape)))
        if not np.allclose(g, e, rtol=rtol, atol=atol, equal_nan=True):
            diff = np.abs(g - e)
            worst = int(np.argmax(diff)) if diff.size else 0
            raise AssertionError(
                _fmt(msg, "not close (rtol=%g, atol=%g): max abs diff %.3g at flat index %d\nexpected %s\ngot      %s"
                     % (rtol, atol, float(diff.max()) if diff.size else 0.0, worst, _short(e), _short(g)))
            )
        return
    if isinstance(got, (list, tuple)) or isinstance(expected, (list, tuple)):
        if len(got) != len(expected):
            raise AssertionError(_fmt(msg, "length: expected %d, got %d" % (len(expected), len(got))))
        for i, (a, b) in enumerate(zip(got, expected)):
            assert_close(a, b, rtol, atol, _fmt(msg, "at index %d" % i))
        return
    if not math.isclose(float(got), float(expected), rel_tol=rtol, abs_tol=atol):
        raise AssertionError(_fmt(msg, "expected %r, got %r (rtol=%g, atol=%g)" % (expected, got, rtol, atol)))


def assert_shape(arr, shape, msg=""):
    """The array (or nested list) has exactly this shape."""
    import numpy as np

    got = tuple(np.shape(arr))
    if got != tuple(shape):
        raise AssertionError(_fmt(msg, "shape: expected %s, got %s" % (tuple(shape), got)))


def _short(a):
    s = repr(a)
    return s if len(s) < 300 else s[:300] + " ..."


def _fmt(prefix, text):
    return "%s: %s" % (prefix, text) if prefix else text


HELPERS = {"assert_equal": assert_equal, "assert_close": assert_close, "assert_shape": assert_shape}


# ---- running -------------------------------------------------------------------------------


class _Calls:
    """The latest outermost call from a test into the user's functions: (name, args, kwargs),
    made into text only when a test fails."""

    def __init__(self):
        self.last = None
        self.depth = 0

    def text(self):
        if self.last is None:
            return None
        try:
            return _call_text(*self.last)
        except BaseException:
            return "%s(...)" % self.last[0]


_CALLS = _Calls()


# Bounded, so recording a call costs little even for a large list called in a loop.
_REPR = reprlib.Repr()
_REPR.maxlist = _REPR.maxtuple = _REPR.maxset = _REPR.maxfrozenset = _REPR.maxdeque = 12
_REPR.maxdict = 8
_REPR.maxstring = _REPR.maxother = 80
_REPR.maxlevel = 3


def _arg_text(x):
    # A large array is described, not printed: numpy's own repr of it costs milliseconds.
    if _is_arraylike(x) and getattr(x, "size", 0) > 24:
        return "array(shape=%s, dtype=%s)" % (tuple(x.shape), x.dtype)
    return _REPR.repr(x)


def _call_text(name, args, kwargs):
    parts = [_arg_text(a) for a in args] + ["%s=%s" % (k, _arg_text(v)) for k, v in kwargs.items()]
    text = "%s(%s)" % (name, ", ".join(parts))
    return text if len(text) < 600 else text[:600] + " ..."


def _snapshot(x):
    # Small containers only: copying a million-element list on every call would cost more
    # than the user's code (a large one is shown truncated anyway).
    t = type(x)
    if (t is list or t is dict or t is set or t is bytearray) and len(x) <= 64:
        return t(x)
    return x


def _recording(name, fn):
    """`fn`, noting its arguments (before the call can mutate them) when a test calls it."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if _CALLS.depth == 0:
            # Cheap here (it runs on every call); small containers are copied so an in-place
            # change by the user's code does not alter the input shown.
            _CALLS.last = (name, tuple(_snapshot(a) for a in args), {k: _snapshot(v) for k, v in kwargs.items()})
        _CALLS.depth += 1
        try:
            return fn(*args, **kwargs)
        finally:
            _CALLS.depth -= 1

    return wrapper


def _test_line(tb, tests_name):
    line = None
    for frame in traceback.extract_tb(tb):
        if frame.filename == tests_name:
            line = (frame.line or "").strip() or None
    return line



def _user_line(tb, solution_path):
    """The deepest traceback frame in the user's file, as 'line N: source'."""
    found = None
    for frame in traceback.extract_tb(tb):
        if os.path.abspath(frame.filename) == solution_path:
            found = frame
    if found is None:
        return None
    return {"line": found.lineno, "source": (found.line or "").strip()}


def _describe(exc, tb, solution_path, tests_name):
    where = _user_line(tb, solution_path)
    test_frame = None
    for frame in traceback.extract_tb(tb):
        if frame.filename == tests_name:
            test_frame = frame
    text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    if isinstance(exc, AssertionError) and not str(exc) and test_frame is not None:
        text = "assertion failed: %s" % (test_frame.line or "").strip()
    return text, where


def main(argv):
    solution_path = os.path.abspath(argv[1])
    tests_path = argv[2]
    start = 0
    per_test = 10.0
    mem_mb = 0
    requires = []
    i = 3
    while i < len(argv):
        if argv[i] == "--start":
            start = int(argv[i + 1])
        elif argv[i] == "--per-test":
            per_test = float(argv[i + 1])
        elif argv[i] == "--mem":
            mem_mb = int(argv[i + 1])
        elif argv[i] == "--requires":
            requires = [m for m in argv[i + 1].split(",") if m]
        i += 2

    token = sys.stdin.readline().strip()
    out = _Channel(os.fdopen(os.dup(1), "w"), token)
    del token
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    sys.stdin = io.StringIO("")
    if mem_mb > 0:
        try:
            import resource

            limit = mem_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ImportError, ValueError, OSError):
            pass
    signal.signal(signal.SIGALRM, _on_alarm)
    for name in requires:
        try:
            importlib.import_module(name)
        except ImportError:
            _emit(out, {"event": "fatal", "kind": "missing-module", "module": name,
                        "message": "this card needs the Python module `%s`, which is not installed: run `python3 -m pip install %s`" % (name, name)})
            return 3

    with open(tests_path, encoding="utf-8") as f:
        tests_src = f.read()
    tests_name = "<card tests>"
    # So tracebacks can quote the tests' lines (the source is not a file on disk).
    linecache.cache[tests_name] = (len(tests_src), None, tests_src.splitlines(True), tests_name)
    try:
        tests_code = compile(tests_src, tests_name, "exec")
    except SyntaxError as e:
        _emit(out, {"event": "fatal", "message": "the card's tests do not compile: %s (line %s)" % (e.msg, e.lineno)})
        return 3

    # Import the user's solution once; failures become every test's error.
    import_error = None
    capture = _Capped()
    module = None
    sys.stdout = sys.stderr = capture
    signal.setitimer(signal.ITIMER_REAL, per_test)
    try:
        spec = importlib.util.spec_from_file_location("solution", solution_path)
        module = importlib.util.module_from_spec(spec)
        sys.modules["solution"] = module
        spec.loader.exec_module(module)
    except _Timeout:
        import_error = ("importing your file took longer than %gs" % per_test, None)
    except SyntaxError as e:
        import_error = ("SyntaxError in your file: %s" % e.msg, {"line": e.lineno, "source": (e.text or "").strip()})
    except BaseException as e:  # includes SystemExit and KeyboardInterrupt raised by user code
        text, where = _describe(e, e.__traceback__, solution_path, tests_name)
        if isinstance(e, ModuleNotFoundError):
            text += " (install it with `python3 -m pip install %s`)" % (e.name or "?")
        if isinstance(e, SystemExit):
            text = "your file called sys.exit(%r) while being imported" % (e.code,)
        import_error = ("your file raised while being imported: %s" % text, where)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__

    namespace = {"__name__": "card_tests"}
    namespace.update(HELPERS)
    if module is not None and import_error is None:
        namespace["solution"] = module
        for k, v in vars(module).items():
            if not k.startswith("_"):
                # The user's own plain functions are recorded; classes and imports are not.
                is_theirs = getattr(v, "__module__", None) == "solution"
                if is_theirs and type(v).__name__ == "function":
                    v = _recording(k, v)
                namespace[k] = v
    try:
        exec(tests_code, namespace)
    except ImportError as e:
        name = getattr(e, "name", "") or "?"
        _emit(out, {"event": "fatal", "kind": "missing-module", "module": name,
                    "message": "the tests need the Python module `%s`, which is not installed: run `python3 -m pip install %s`" % (name, name)})
        return 3
    except BaseException as e:
        _emit(out, {"event": "fatal", "message": "the card's tests failed to load: %s" % "".join(traceback.format_exception_only(type(e), e)).strip()})
        return 3
    names = [k for k, v in namespace.items() if k.startswith("test_") and callable(v)]
    _emit(out, {"event": "collected", "tests": names, "output": capture.text()})

    for name in names[start:]:
        _emit(out, {"event": "start", "name": name})
        if import_error is not None:
            msg, where = import_error
            _emit(out, {"event": "result", "name": name, "status": "error", "message": msg, "line": where, "seconds": 0.0, "output": capture.text()})
            continue
        capture = _Capped()
        sys.stdout = sys.stderr = capture
        t0 = time.perf_counter()
        status, message, where, test_line = "pass", "", None, None
        _CALLS.last, _CALLS.depth = None, 0
        signal.setitimer(signal.ITIMER_REAL, per_test)
        try:
            namespace[name]()
        except _Timeout:
            status, message = "timeout", "did not finish within %gs" % per_test
        except AssertionError as e:
            status = "fail"
            message, where = _describe(e, e.__traceback__, solution_path, tests_name)
            test_line = _test_line(e.__traceback__, tests_name)
        except MemoryError:
            status, message = "error", "MemoryError: your code ran out of memory (limit %d MB)" % mem_mb
        except RecursionError as e:
            status = "error"
            message, where = _describe(e, e.__traceback__, solution_path, tests_name)
            test_line = _test_line(e.__traceback__, tests_name)
        except BaseException as e:
            status = "error"
            message, where = _describe(e, e.__traceback__, solution_path, tests_name)
            test_line = _test_line(e.__traceback__, tests_name)
            if isinstance(e, SystemExit):
                message = "your code called sys.exit(%r); return a value instead" % (e.code,)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        seconds = time.perf_counter() - t0
        shown_input = _CALLS.text() if status != "pass" else None
        _emit(out, {"event": "result", "name": name, "status": status, "message": message, "line": where, "seconds": seconds, "output": capture.text(),
                    "input": shown_input, "test_line": test_line if status != "pass" else None})
    _emit(out, {"event": "done"})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
