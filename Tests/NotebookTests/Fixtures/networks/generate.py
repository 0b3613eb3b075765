# Regenerates the model-file fixtures of the safetensors and .npz tests (python3 generate.py, in
# this folder; needs only NumPy). safetensors is written by hand as its specification lays it out
# (8-byte little-endian header length, JSON header padded with spaces to a multiple of 8, the data
# buffer), so the fixtures need neither the safetensors package nor PyTorch. Every decoded value a
# test compares with is written beside it by NumPy as float64 .npy (expected-*.npy).
import json
import struct

import numpy as np

a = np.array([[1.0, -2.5, 0.1], [3e-4, 5.0, -6.25]])


def bf16_bits(values):
    """float32 values whose low 16 bits are zero, and their top halves (bfloat16)."""
    bits = np.asarray(values, dtype='<f4').view('<u4') & 0xFFFF0000
    return bits.view('<f4'), (bits >> 16).astype('<u2')


def safetensors(tensors, metadata=None, order=None):
    """The bytes of a safetensors file: tensors is a list of (name, dtype, shape, raw bytes)."""
    header = {}
    if metadata is not None:
        header['__metadata__'] = metadata
    offset = 0
    for name, dtype, shape, raw in tensors:
        header[name] = {'dtype': dtype, 'shape': list(shape), 'data_offsets': [offset, offset + len(raw)]}
        offset += len(raw)
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * (-len(text) % 8)
    return struct.pack('<Q', len(text)) + text + b''.join(raw for _, _, _, raw in tensors)


def raw_file(header_bytes, data=b''):
    return struct.pack('<Q', len(header_bytes)) + header_bytes + data


def write(name, content):
    with open(name, 'wb') as fh:
        fh.write(content)


# Every dtype liplab reads, with the values a float64 holds exactly (expected-<dtype>.npy).
f16 = np.array([1.0, -2.5, 0.1, 2.0**-24 * 3, 65504.0, -0.0, np.inf], dtype='<f2')
bf16_values, bf16 = bf16_bits([1.5, -2.0, 3.14159, 1e-3, -1e30, 7.0])
ints = np.array([[1, -2, 3], [-4, 5, -128]])
by_dtype = {
    'F64': (a, a.astype('<f8')),
    'F32': (a.astype('<f4'), a.astype('<f4')),
    'F16': (f16, f16),
    'BF16': (bf16, bf16_values),
    'I64': (np.array([-2**63, 2**53, -1], dtype='<i8'), None),
    'I32': (np.array([-2**31, 2**31 - 1, 0], dtype='<i4'), None),
    'I16': (ints.astype('<i2'), None),
    'I8': (ints.astype('i1'), None),
    'U64': (np.array([0, 2**53, 2**63 + 2**11], dtype='<u8'), None),
    'U32': (np.array([0, 2**32 - 1], dtype='<u4'), None),
    'U16': (np.array([[0, 65535], [7, 128]], dtype='<u2'), None),
    'U8': (np.array([[0, 255], [7, 128]], dtype='u1'), None),
    'BOOL': (np.array([True, False, True]), None),
}
entries = []
for dtype, (stored, values) in by_dtype.items():
    entries.append((dtype.lower(), dtype, stored.shape, stored.tobytes()))
    decoded = (values if values is not None else stored).astype('<f8')
    np.save('expected-%s.npy' % dtype.lower(), decoded)
write('dtypes.safetensors', safetensors(entries, metadata={'format': 'pt', 'note': 'liplab fixtures'}))

# A scalar (shape [], as PyTorch stores BatchNorm's num_batches_tracked) and a conv kernel.
kernel = (np.arange(2 * 3 * 2 * 2) * 0.25 - 1).reshape(2, 3, 2, 2).astype('<f4')
np.save('expected-kernel.npy', kernel.astype('<f8'))
write('scalar-and-kernel.safetensors', safetensors([
    ('bn.num_batches_tracked', 'I64', (), np.array(7, dtype='<i8').tobytes()),
    ('conv.weight', 'F32', kernel.shape, kernel.tobytes()),
]))

# Malformed files, one for every rejection.
good = {'w': {'dtype': 'F64', 'shape': [2], 'data_offsets': [0, 16]}}
data16 = np.array([1.0, 2.0]).tobytes()
write('bad-short.safetensors', b'\x05\x00\x00')
write('bad-header-too-large.safetensors', struct.pack('<Q', 100_000_001) + b'{}')
write('bad-header-past-end.safetensors', struct.pack('<Q', 64) + b'{"w":1}')
write('bad-not-utf8.safetensors', raw_file(b'{"\xff": 1}    '))
write('bad-start.safetensors', raw_file(b'  {}    '))
write('bad-json.safetensors', raw_file(b'{"w": {"dtype": "F64",}}'))
write('bad-metadata.safetensors', raw_file(json.dumps(dict(good, __metadata__={'epochs': 3})).encode(), data16))
write('bad-dtype.safetensors', raw_file(json.dumps({'w': {'dtype': 'Q4', 'shape': [2], 'data_offsets': [0, 16]}}).encode(), data16))
write('bad-gap.safetensors', raw_file(json.dumps({'w': {'dtype': 'F64', 'shape': [2], 'data_offsets': [8, 24]}}).encode(), bytes(24)))
write('bad-overlap.safetensors', raw_file(json.dumps({
    'a': {'dtype': 'F64', 'shape': [2], 'data_offsets': [0, 16]},
    'b': {'dtype': 'F64', 'shape': [2], 'data_offsets': [8, 24]}}).encode(), bytes(24)))
write('bad-length.safetensors', raw_file(json.dumps({'w': {'dtype': 'F32', 'shape': [2, 2], 'data_offsets': [0, 12]}}).encode(), bytes(12)))
write('bad-trailing.safetensors', raw_file(json.dumps(good).encode(), data16 + b'\x00\x00\x00'))
write('bad-truncated.safetensors', raw_file(json.dumps(good).encode(), data16[:10]))
write('bad-inexact.safetensors', raw_file(json.dumps({'n': {'dtype': 'I64', 'shape': [2], 'data_offsets': [0, 16]}}).encode(),
                                          np.array([1, 2**53 + 1], dtype='<i8').tobytes()))
write('bad-rank5.safetensors', raw_file(json.dumps({'w': {'dtype': 'U8', 'shape': [1, 1, 1, 1, 2], 'data_offsets': [0, 2]}}).encode(), bytes(2)))

# .npz as NumPy writes it, stored and deflated (with the zip64 fields NumPy always writes), the
# same arrays as expected-npz-*.npy; and broken archives.
rng = np.random.default_rng(14)
npz_arrays = {
    'dense.weight': rng.standard_normal((3, 4)),
    'conv.weight': rng.standard_normal((2, 3, 2, 2)).astype('<f4'),
    'steps': np.array([1, -2, 3], dtype='<i4'),
    'mask': np.array([True, False]),
}
np.savez('stored.npz', **npz_arrays)
np.savez_compressed('deflated.npz', **npz_arrays)
for key, value in npz_arrays.items():
    np.save('expected-npz-%s.npy' % key.replace('.', '-'), value.astype('<f8'))
stored = open('stored.npz', 'rb').read()
broken = bytearray(stored)
broken[stored.index(b'\x93NUMPY') + 200] ^= 0xFF   # inside the first member's data
write('bad-crc.npz', bytes(broken))
write('bad-not-zip.npz', b'not a zip archive at all' * 2)
deflated = open('deflated.npz', 'rb').read()
cut = bytearray(deflated)
start = deflated.index(b'dense.weight.npy') + len('dense.weight.npy') + 20
cut[start:start + 40] = bytes(40)   # zeroes over the deflated stream
write('bad-deflate.npz', bytes(cut))

# A model for `layers`: every kind of weight, and what NumPy's SVD gives for each
# (layers-expected.npy: one row per weight, ‖W‖_F and σ₁ of the weight as a matrix, a kernel
# reshaped to c_out × c_in·k…; σ₁ is NaN for a vector), and for a kernel the operator norm of its
# circular stride-1 convolution on 32 positions per axis: the largest σ₁ over the c_out × c_in
# blocks of the kernel's DFT (NaN for other weights).
layer_tensors = [
    ('embed.weight', rng.standard_normal((10, 4)).astype('<f4'), 'F32'),
    ('0.weight', rng.standard_normal((8, 5)), 'F64'),
    ('0.bias', rng.standard_normal(8).astype('<f4'), 'F32'),
    ('conv1.weight', rng.standard_normal((4, 3, 3)).astype('<f4'), 'F32'),
    ('conv2.weight', rng.standard_normal((2, 3, 3, 3)).astype('<f4'), 'F32'),
]
entries = [(name, dtype, t.shape, t.tobytes()) for name, t, dtype in layer_tensors]
entries.append(('bn.num_batches_tracked', 'I64', (), np.array(100, dtype='<i8').tobytes()))
write('layers.safetensors', safetensors(entries))
expected = []
for name, t, _ in layer_tensors:
    m = t.astype('<f8').reshape(t.shape[0], -1)
    sigma = np.linalg.svd(m, compute_uv=False)[0] if t.ndim > 1 else np.nan
    if t.ndim > 2:
        axes = tuple(range(2, t.ndim))
        blocks = np.fft.fftn(t.astype('<f8'), s=[32] * len(axes), axes=axes)
        blocks = np.moveaxis(blocks.reshape(t.shape[0], t.shape[1], -1), 2, 0)
        operator = max(np.linalg.svd(b, compute_uv=False)[0] for b in blocks)
    else:
        operator = np.nan
    expected.append([np.linalg.norm(m), sigma, operator])
np.save('layers-expected.npy', np.array(expected))
