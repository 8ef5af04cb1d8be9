#!/usr/bin/env python3
"""Checks the reference column of the reader fuzz cases against SciPy and NumPy.

First write the files: npx tsx scripts/malformed_files.ts DIR; then, with Debian's Python
(python3-scipy, python3-numpy):
    /usr/bin/python3 scripts/check_malformed_files.py DIR
Each file is opened by its format's reference reader (scipy.io.loadmat; numpy.load for .npy and
.npz; numpy.loadtxt for CSV) in a child process (SciPy can crash on a malformed file), and the outcome
is compared with the case's `reference`:
  agrees    it refuses what we refuse, and reads the same names, shapes and values where we read;
  stricter  we refuse, it reads (the case says why we refuse nonetheless);
  more      both read; it also reads variables we leave out; the shared ones agree;
  unchecked not asked (the case says why).
Prints one line per case and exits 1 when any case's reference does not hold.
"""
import json
import subprocess
import sys
import warnings

CHILD = r'''
import json, sys, warnings
import numpy as np
path, fmt, header = sys.argv[1], sys.argv[2], sys.argv[3] == '1'
def arr(a):
    a = np.asarray(a)
    if a.dtype.kind not in 'biufc':
        return None
    out = {'shape': list(a.shape), 'data': [float(v) for v in np.real(a).ravel(order='C')], 'dtype': a.dtype.str}
    if a.dtype.kind == 'c':
        out['imag'] = [float(v) for v in np.imag(a).ravel(order='C')]
    if a.dtype.kind in 'iu':
        out['ints'] = [str(int(v)) for v in a.ravel(order='C')]
    return out
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    try:
        if fmt == 'mat':
            import scipy.io
            m = scipy.io.loadmat(path)
            res = {k: arr(v) for k, v in m.items() if not k.startswith('__')}
        elif fmt == 'npy':
            res = arr(np.load(path, allow_pickle=False))
        elif fmt == 'npz':
            z = np.load(path, allow_pickle=False)
            res = {k: arr(z[k]) for k in z.files}
        else:
            t = np.loadtxt(path, delimiter=',', skiprows=1 if header else 0, ndmin=2, encoding='utf-8-sig')
            res = {'rows': t.shape[0], 'columns': [[float(v) for v in t[:, j]] for j in range(t.shape[1])]}
        out = {'read': res}
    except Exception as e:
        out = {'refused': f'{type(e).__name__}: {e}'[:160]}
out['warnings'] = [str(w.message)[:100] for w in caught]
print(json.dumps(out))
'''


def reference(case, path):
    """The reference reader's outcome for one file: {'read': ...} or {'refused': why} or {'crashed': code}."""
    r = subprocess.run([sys.executable, '-c', CHILD, path, case['format'], '1' if case.get('header') else '0'], capture_output=True, text=True)
    if r.returncode != 0:
        return {'crashed': r.returncode, 'stderr': r.stderr[-200:]}
    return json.loads(r.stdout)


def same_array(ours, theirs):
    if theirs is None or list(theirs['shape']) != list(ours['shape']):
        return False
    # As floats: JSON writes 2**60 as 1152921504606847000, which Python reads as another int.
    data = [float(v) for v in ours['data']]
    if theirs['data'] != data:
        return False
    return theirs.get('imag', [0.0] * len(data)) == [float(v) for v in ours.get('imag', [0.0] * len(data))]


def agrees_on_values(case, ours, theirs, extra_allowed):
    """Whether the reference read the values we read (our names, shapes, values; more names only if allowed)."""
    fmt = case['format']
    if fmt == 'npy':
        return same_array(ours, theirs)
    if fmt == 'csv':
        columns = [ours['columns'][n] for n in ours['names']]
        if all(len(c) == 0 for c in columns):
            return theirs['rows'] == 0
        return theirs['columns'] == columns
    names_ok = set(ours) <= set(theirs) if extra_allowed else set(ours) == set(theirs)
    return names_ok and all(same_array(ours[k], theirs[k]) for k in ours)


def main(folder):
    with open(f'{folder}/manifest.json') as f:
        cases = json.load(f)
    bad = 0
    counts = {}
    for case in cases:
        ref = case['reference']
        kind = ref if isinstance(ref, str) else next(iter(ref))
        counts[kind] = counts.get(kind, 0) + 1
        we_refuse = 'refused' in case['expect']
        if kind == 'unchecked':
            print(f"skip  {case['file']}: {ref['unchecked']}")
            continue
        got = reference(case, f"{folder}/{case['file']}")
        if 'crashed' in got:
            ok, said = False, f"crashed ({got['crashed']})"
        elif 'refused' in got:
            ok, said = we_refuse and kind == 'agrees', f"refuses: {got['refused']}"
        else:
            said = f"reads: {json.dumps(got['read'])[:120]}"
            if kind == 'stricter':
                ok = we_refuse
            elif we_refuse:
                ok = False
            else:
                ok = agrees_on_values(case, case['expect']['read'], got['read'], kind == 'more')
        if got.get('warnings'):
            said += f" (warns: {got['warnings'][0]})"
        bad += not ok
        print(f"{'ok  ' if ok else 'FAIL'}  {case['file']} [{kind}; ours: {'refused' if we_refuse else 'read'}]: {said}")
    print(f"{len(cases)} cases ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))}); {bad} where the reference column does not hold")
    return 1 if bad else 0


if __name__ == '__main__':
    warnings.simplefilter('ignore')
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else 'results/malformed'))
