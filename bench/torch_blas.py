"""Which BLAS this PyTorch process calls: the PyTorch side of the bench reports it, because every ratio to PyTorch
depends on it. Debian's python3-torch is built against the generic libblas.so.3 alternative; with only the netlib
reference BLAS behind it, PyTorch's float32 matrix products are 2-3.5x slower than with OpenBLAS, and every ratio
then flatters tfjs-pinn by as much.

The library is found the way the dynamic linker found it: the address libtorch_cpu's lookup scope gives `sgemm_`,
and the file that address lies in (dladdr), then what that file's lookup scope exports: `openblas_get_config`
(OpenBLAS, whose threading and thread count it also reports), `mkl_get_version_string` (MKL), `bli_info_get_version_str`
(BLIS), `ATL_buildinfo` (ATLAS), `flexiblas_*` (FlexiBLAS, a switcher); a library with none of them is the netlib
reference BLAS. A PyTorch that links MKL into itself (the pip wheels) has no sgemm_ from outside: it says so.
"""
import ctypes
import os

import torch

# Kinds whose float32 GEMM is optimised; anything else gets no ratio unless the bench is told to allow it.
OPTIMISED = ('openblas', 'mkl', 'blis', 'atlas')


class _DlInfo(ctypes.Structure):
    _fields_ = [('dli_fname', ctypes.c_char_p), ('dli_fbase', ctypes.c_void_p),
                ('dli_sname', ctypes.c_char_p), ('dli_saddr', ctypes.c_void_p)]


def _mapped(pattern):
    """Paths of the mapped shared objects whose file name contains `pattern`."""
    with open('/proc/self/maps') as f:
        paths = {line.split()[-1] for line in f if '/' in line and '.so' in line}
    return sorted(p for p in paths if pattern in os.path.basename(p))


def _providing(symbol, lib):
    """The real path of the file that `lib`'s lookup scope takes `symbol` from, or None."""
    try:
        handle = ctypes.CDLL(lib, mode=os.RTLD_NOLOAD | os.RTLD_LAZY)
        address = ctypes.cast(getattr(handle, symbol), ctypes.c_void_p).value
    except (OSError, AttributeError):
        return None
    info = _DlInfo()
    libc = ctypes.CDLL(None)
    libc.dladdr.argtypes = [ctypes.c_void_p, ctypes.POINTER(_DlInfo)]
    if libc.dladdr(address, ctypes.byref(info)) == 0 or not info.dli_fname:
        return None
    return os.path.realpath(info.dli_fname.decode())


def _symbol(handle, name, restype=ctypes.c_int):
    try:
        fn = getattr(handle, name)
    except AttributeError:
        return None
    fn.restype = restype
    fn.argtypes = []
    return fn()


def describe():
    """{'kind', 'name', 'path', 'threads'}: the BLAS behind torch's float32 matrix products in this process.

    kind is 'openblas', 'mkl', 'blis', 'atlas', 'flexiblas', 'reference' (netlib) or 'unknown'; name is one line for
    the bench header; threads the BLAS's own thread count where it tells (OpenBLAS), else None.
    """
    torch.ones(2, 2) @ torch.ones(2, 2)  # make sure the BLAS is loaded and initialised
    cpu = _mapped('libtorch_cpu')
    path = _providing('sgemm_', cpu[0]) if cpu else None
    if path is None:
        if torch.backends.mkl.is_available():
            return {'kind': 'mkl', 'name': 'MKL, linked into PyTorch', 'path': cpu[0] if cpu else None, 'threads': None}
        return {'kind': 'unknown', 'name': 'unknown: no sgemm_ found from libtorch_cpu', 'path': None, 'threads': None}
    handle = ctypes.CDLL(path, mode=os.RTLD_NOLOAD | os.RTLD_LAZY)
    config = _symbol(handle, 'openblas_get_config', ctypes.c_char_p)
    if config is not None:
        parallel = {0: 'serial', 1: 'pthread', 2: 'OpenMP'}.get(_symbol(handle, 'openblas_get_parallel'), '?')
        threads = _symbol(handle, 'openblas_get_num_threads')
        words = config.decode().split()
        core = _symbol(handle, 'openblas_get_corename', ctypes.c_char_p)
        name = f"{' '.join(words[:2])} ({parallel}, {threads} thread{'' if threads == 1 else 's'}, {core.decode() if core else '?'} kernels)"
        return {'kind': 'openblas', 'name': name, 'path': path, 'threads': threads}
    version = ctypes.create_string_buffer(256)
    try:
        handle.mkl_get_version_string(version, 256)
        return {'kind': 'mkl', 'name': version.value.decode().strip(), 'path': path, 'threads': None}
    except AttributeError:
        pass
    blis = _symbol(handle, 'bli_info_get_version_str', ctypes.c_char_p)
    if blis is not None:
        return {'kind': 'blis', 'name': f'BLIS {blis.decode()}', 'path': path, 'threads': None}
    if hasattr(handle, 'ATL_buildinfo'):
        return {'kind': 'atlas', 'name': 'ATLAS', 'path': path, 'threads': None}
    if 'flexiblas' in os.path.basename(path) or hasattr(handle, 'flexiblas_current_backend'):
        return {'kind': 'flexiblas', 'name': 'FlexiBLAS (backend not identified)', 'path': path, 'threads': None}
    if hasattr(handle, 'sgemm_') and hasattr(handle, 'xerbla_'):
        return {'kind': 'reference', 'name': 'reference BLAS (netlib)', 'path': path, 'threads': None}
    return {'kind': 'unknown', 'name': f'unknown ({os.path.basename(path)})', 'path': path, 'threads': None}


if __name__ == '__main__':
    import json
    print(json.dumps(describe()))
