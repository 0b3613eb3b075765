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
