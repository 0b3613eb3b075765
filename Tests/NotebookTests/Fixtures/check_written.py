# Reads the .npy and .csv files liplab's writers produced (FilesWriteTests) with NumPy itself and
# checks them bit for bit against the matrix the test wrote: python3 check_written.py W.npy W.csv
import sys
import numpy as np

expected = np.array([
    [1.0, -2.5, 0.1, 1.0 / 3.0],
    [3e-4, -0.0, 5e-324, 1.7976931348623157e308],
    [np.nan, np.inf, -np.inf, -1e-300],
])

def same(a, b):
    return (a.dtype == np.float64 and a.shape == b.shape
            and np.array_equal(a, b, equal_nan=True)
            and np.array_equal(np.signbit(a), np.signbit(b)))

npy = np.load(sys.argv[1])
csv = np.loadtxt(sys.argv[2], delimiter=',', ndmin=2)
if not npy.flags['C_CONTIGUOUS']:
    sys.exit('the .npy array is not in C order')
for name, array in (('npy', npy), ('csv', csv)):
    if not same(array, expected):
        sys.exit(f'{name} differs: {array!r}')
print('ok')
