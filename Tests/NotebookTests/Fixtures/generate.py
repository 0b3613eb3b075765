# Regenerates the NumPy-written fixtures used by FilesNPYTests (python3 generate.py, in this folder).
import numpy as np
from numpy.lib import format as f

a = np.array([[1.0, -2.5, 0.1], [3e-4, 5.0, -6.25]])
np.save('c-order-f8.npy', a)
np.save('fortran-order-f8.npy', np.asfortranarray(a))
np.save('vector-f4.npy', np.array([0.5, -1.25, 3.0, 0.1], dtype='<f4'))
np.save('big-endian-f8.npy', a.astype('>f8'))
with open('version2-f8.npy', 'wb') as fh:
    f.write_array(fh, a, version=(2, 0))
with open('version3-f8.npy', 'wb') as fh:
    f.write_array(fh, a, version=(3, 0))
np.save('int64.npy', np.array([[1, 2], [3, 4]], dtype='<i8'))
np.save('three-d.npy', np.zeros((2, 3, 4)))
np.savetxt('savetxt.csv', a, delimiter=',', header='a,b,c')
# Integer and boolean dtypes, which load reads as doubles (issue 10).
ints = np.array([[1, -2, 3], [-4, 5, -128]])
np.save('int8.npy', ints.astype('i1'))
np.save('int16-big-endian.npy', ints.astype('>i2'))
np.save('int32.npy', ints.astype('<i4'))
np.save('uint8.npy', np.array([[0, 255], [7, 128]], dtype='u1'))
np.save('uint64.npy', np.array([0, 2**53, 2**63 + 2**11], dtype='<u8'))
np.save('bool.npy', np.array([[True, False], [False, True]]))
np.save('int64-inexact.npy', np.array([1, 2**53 + 1], dtype='<i8'))
# A rank-1 matrix u vᵀ rounded to float32, and the same float32 values as float64: NumPy's
# matrix_rank gives 1 for the first (float32's ε) and 10 for the second (float64's ε), the ranks
# load must keep (issue 10, float32 input).
rng = np.random.default_rng(11)
outer = np.outer(rng.standard_normal(10), rng.standard_normal(10)).astype('<f4')
np.save('rank1-f4.npy', outer)
np.save('rank1-f8.npy', outer.astype('<f8'))
# Tensors: a 3-D array in C order and a 4-D float32 array in Fortran order, which load reads as
# tensors with the same row-major entries (entry (i, j, k) of the first is 0.5·(12i + 4j + k) − 3).
np.save('tensor-c-f8.npy', (np.arange(24.0) * 0.5 - 3).reshape(2, 3, 4))
np.save('tensor-fortran-f4.npy', np.asfortranarray((np.arange(120.0) / 8).reshape(2, 3, 4, 5).astype('<f4')))
