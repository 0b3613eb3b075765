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

# Networks for `netlip` (their own stream, so the files above do not change). Two-layer ReLU nets
# x ↦ w₂ᵀ relu(W₁x + b₁) + b₂ with input dimension ≥ hidden width, so that every activation
# pattern is reached by some input (W₁ has full row rank): their exact Lipschitz constant is the
# largest ‖w₂ᵀ D W₁‖ over all 2^h patterns D, found here by enumeration
# (netlip-h<h>-expected.npy: the exact constant and the product bound σ₁(W₁)·σ₁(w₂)).
# A 64-unit net, whose exact value is out of enumeration's reach (netlip-h64-expected.npy: the
# product bound), and 3- and 4-layer nets (netlip-deep<L>-expected.npy: each layer's σ₁, the
# product bound, and the best split of the chain into one- and two-layer blocks with each pair
# measured exactly: max over patterns of ‖W_{l+1} D W_l‖_F, its ‖·‖₂ for a one-row W_{l+1}).
import itertools

lip_rng = np.random.default_rng(2026)


def dense_net(widths):
    """Layers (weight, bias) as float32, PyTorch-initialised: U(±1/√fan_in)."""
    layers = []
    for fan_in, fan_out in zip(widths[:-1], widths[1:]):
        bound = 1 / np.sqrt(fan_in)
        w = lip_rng.uniform(-bound, bound, (fan_out, fan_in)).astype('<f4')
        b = lip_rng.uniform(-bound, bound, fan_out).astype('<f4')
        layers.append((w, b))
    return layers


def save_net(name, layers):
    entries = []
    for l, (w, b) in enumerate(layers):
        entries.append(('fc%d.weight' % (l + 1), 'F32', w.shape, w.tobytes()))
        entries.append(('fc%d.bias' % (l + 1), 'F32', b.shape, b.tobytes()))
    write(name, safetensors(entries))


def pattern_max(w1, w2):
    """max over D ∈ {0,1}^h of ‖w2 D w1‖_F by enumeration (‖·‖₂ when w2 has one row)."""
    best = 0.0
    for d in itertools.product([0.0, 1.0], repeat=w1.shape[0]):
        best = max(best, np.linalg.norm(w2 @ (np.array(d)[:, None] * w1)))
    return best


def sigma(w):
    return np.linalg.svd(w.astype('<f8'), compute_uv=False)[0]


for h in (8, 12, 16):
    layers = dense_net([h + 4, h, 1])
    save_net('netlip-h%d.safetensors' % h, layers)
    (w1, _), (w2, _) = [(w.astype('<f8'), b) for w, b in layers]
    np.save('netlip-h%d-expected.npy' % h, np.array([pattern_max(w1, w2), sigma(w1) * sigma(w2)]))

layers = dense_net([72, 64, 1])
save_net('netlip-h64.safetensors', layers)
np.save('netlip-h64-expected.npy', np.array([sigma(layers[0][0]) * sigma(layers[1][0])]))

for name, widths in (('deep3', [10, 12, 12, 1]), ('deep4', [10, 12, 12, 12, 1])):
    layers = dense_net(widths)
    save_net('netlip-%s.safetensors' % name, layers)
    ws = [w.astype('<f8') for w, _ in layers]
    sigmas = [sigma(w) for w in ws]
    pairs = [pattern_max(ws[l], ws[l + 1]) for l in range(len(ws) - 1)]
    best = [1.0]
    for k in range(1, len(ws) + 1):
        split = best[k - 1] * sigmas[k - 1]
        if k >= 2:
            split = min(split, best[k - 2] * min(pairs[k - 2], sigmas[k - 2] * sigmas[k - 1]))
        best.append(split)
    np.save('netlip-%s-expected.npy' % name, np.array(sigmas + [np.prod(sigmas), best[-1]]))

# A 3-layer 64-wide net for timing (no expected values).
save_net('netlip-deep3-64.safetensors', dense_net([64, 64, 64, 1]))

# Convolution chains for `netlip` (their own stream). netlip-conv1d: conv1 (2×2×3) → ReLU → conv2
# (2×2×3) → ReLU → flatten → fc (2×8) on inputs of 2 channels × n = 4 positions; netlip-conv2d:
# conv (2×1×3×3) → ReLU → flatten → fc (1×8) on 1×4×4 inputs with stride 2. Each convolution's
# explicit matrix is built here from its definition (PyTorch's cross-correlation, offsets
# p = ⌊(k − 1)/2⌋, y[o, i] = Σ_c Σ_t K[o, c, t]·x[c, s·i + t − p], the input index mod n or the
# term dropped outside) and saved (netlip-conv1d-<padding>-C<l>.npy, netlip-conv2d-<padding>-C.npy)
# so that a test can recompute J(x). netlip-conv<d>-expected.npy has one row per padding
# (circular, zero): each layer's exact norm by SVD, the product, the certified bound (the product
# of each convolution's ceiling, the SVD of its circular stride-1 matrix on n + k − 1 for zero
# padding and on n for circular, and of the dense σ₁), and the exact Lipschitz constant: the
# largest ‖J‖ over the activation patterns whose region has an interior (a linear program per
# pattern, largest ‖J‖ first, stopping at the first one realised).
from scipy.optimize import linprog

conv_rng = np.random.default_rng(2027)


def conv_matrix(k, n, padding, stride):
    """The explicit matrix of the convolution with kernel k (c_out×c_in×k or c_out×c_in×kh×kw)."""
    k = k.astype('<f8')
    co, ci = k.shape[:2]
    spatial = k.shape[2:]
    m = (n + stride - 1) // stride
    d = len(spatial)
    a = np.zeros((co * m ** d, ci * n ** d))
    for o in range(co):
        for c in range(ci):
            for taps in itertools.product(*[range(s) for s in spatial]):
                for out in itertools.product(range(m), repeat=d):
                    at = []
                    for axis in range(d):
                        j = stride * out[axis] + taps[axis] - (spatial[axis] - 1) // 2
                        if padding == 'circular':
                            j %= n
                        elif not 0 <= j < n:
                            break
                        at.append(j)
                    if len(at) < d:
                        continue
                    row = o * m ** d + int(np.ravel_multi_index(out, (m,) * d))
                    column = c * n ** d + int(np.ravel_multi_index(tuple(at), (n,) * d))
                    a[row, column] += k[(o, c) + taps]
    return a


def exact_chain(mats, biases):
    """The Lipschitz constant of x ↦ A_L relu(… relu(A_1 x + b_1) …): the largest ‖J‖ over the
    activation patterns realised on an open region."""
    hidden = [a.shape[0] for a in mats[:-1]]
    candidates = []
    for bits in itertools.product([0.0, 1.0], repeat=sum(hidden)):
        ds, at = [], 0
        for h in hidden:
            ds.append(np.array(bits[at:at + h]))
            at += h
        j = mats[0]
        for d, a in zip(ds, mats[1:]):
            j = a @ (d[:, None] * j)
        candidates.append((np.linalg.svd(j, compute_uv=False)[0], ds))
    candidates.sort(key=lambda c: -c[0])
    n = mats[0].shape[1]
    for value, ds in candidates:
        # Pre-activations z_l = M_l x + c_l under the pattern; signs s_l(M_l x + c_l) ≥ t.
        rows, rhs = [], []
        m, c = mats[0], biases[0]
        for l, d in enumerate(ds):
            s = 2 * d - 1
            rows.append(-s[:, None] * m)
            rhs.append(s * c)
            m, c = mats[l + 1] @ (d[:, None] * m), mats[l + 1] @ (d * c) + biases[l + 1]
        a_ub = np.hstack([np.vstack(rows), np.ones((sum(hidden), 1))])
        result = linprog(np.r_[np.zeros(n), -1.0], A_ub=a_ub, b_ub=np.concatenate(rhs),
                         bounds=[(None, None)] * n + [(None, 1.0)], method='highs')
        if result.status == 0 and -result.fun > 1e-9:
            return value
    return 0.0


def conv_chain(name, tensors, kinds, n, stride):
    """Saves the net and its explicit matrices; returns the expected rows."""
    entries = []
    for (layer, w, b) in tensors:
        entries.append((layer + '.weight', 'F32', w.shape, w.tobytes()))
        entries.append((layer + '.bias', 'F32', b.shape, b.tobytes()))
    write(name + '.safetensors', safetensors(entries))
    rows = []
    for padding in ('circular', 'zero'):
        mats, biases, sigmas, ceilings = [], [], [], []
        size = n
        for (layer, w, b), kind in zip(tensors, kinds):
            if kind == 'conv':
                a = conv_matrix(w, size, padding, stride)
                positions = (size + stride - 1) // stride
                biases.append(np.repeat(b.astype('<f8'), positions ** (w.ndim - 2)))
                big = size + max(w.shape[2:]) - 1 if padding == 'zero' else size
                ceilings.append(sigma(conv_matrix(w, big, 'circular', 1)))
                suffix = '-C%d' % (len(mats) + 1) if kinds.count('conv') > 1 else '-C'
                np.save('%s-%s%s.npy' % (name, padding, suffix), a)
                size = positions
            else:
                a = w.astype('<f8')
                biases.append(b.astype('<f8'))
                ceilings.append(sigma(a))
            mats.append(a)
            sigmas.append(sigma(a))
        rows.append(sigmas + [np.prod(sigmas), np.prod(ceilings), exact_chain(mats, biases)])
    np.save(name + '-expected.npy', np.array(rows))


def uniform(shape, fan_in):
    bound = 1 / np.sqrt(fan_in)
    return conv_rng.uniform(-bound, bound, shape).astype('<f4')


conv_chain('netlip-conv1d', [
    ('conv1', uniform((2, 2, 3), 6), uniform(2, 6)),
    ('conv2', uniform((2, 2, 3), 6), uniform(2, 6)),
    ('fc', uniform((2, 8), 8), uniform(2, 8)),
], ['conv', 'conv', 'dense'], 4, 1)
conv_chain('netlip-conv2d', [
    ('conv', uniform((2, 1, 3, 3), 9), uniform(2, 9)),
    ('fc', uniform((1, 8), 8), uniform(1, 8)),
], ['conv', 'dense'], 4, 2)
