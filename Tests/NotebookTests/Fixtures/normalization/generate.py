# Regenerates the normalization fixtures (python3 generate.py, in this folder; NumPy only).
#
# Each layer is written out from PyTorch's definitions, independently of liplab: BatchNorm
# (nn.BatchNorm1d/2d in training mode), LayerNorm over (C, H, W) with a per-channel affine
# (nn.GroupNorm(1, C)), InstanceNorm (nn.InstanceNorm2d(affine=True)), GroupNorm (nn.GroupNorm),
# Switchable Norm (Luo et al. 2018: LN and BN statistics from the IN ones), all with the biased
# variance; BatchNorm's running statistics (momentum 0.1, unbiased running variance) over three
# batches and evaluation mode with them; Weight Norm's rows g·v/‖v‖ and its spectral norm.
# Inputs and outputs are float64 .npy files that FixtureNormalizationTests reads.
import numpy as np

EPS = 1e-5
rng = np.random.default_rng(2018)


def save(name, a):
    np.save(name + '.npy', np.ascontiguousarray(np.asarray(a, dtype='<f8')))


def channel(v, ndim):
    return v.reshape((1, -1) + (1,) * (ndim - 2))


def affine(xhat, gamma, beta):
    return xhat * channel(gamma, xhat.ndim) + channel(beta, xhat.ndim)


def batchnorm(x, gamma, beta, eps=EPS):
    axes = (0,) + tuple(range(2, x.ndim))
    mu = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)
    return affine((x - mu) / np.sqrt(var + eps), gamma, beta)


def layernorm(x, gamma, beta, eps=EPS):
    axes = tuple(range(1, x.ndim))
    mu = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)
    return affine((x - mu) / np.sqrt(var + eps), gamma, beta)


def instancenorm(x, gamma, beta, eps=EPS):
    axes = tuple(range(2, x.ndim))
    mu = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)
    return affine((x - mu) / np.sqrt(var + eps), gamma, beta)


def groupnorm(x, groups, gamma, beta, eps=EPS):
    n = x.shape[0]
    xr = x.reshape(n, groups, -1)
    mu = xr.mean(axis=-1, keepdims=True)
    var = xr.var(axis=-1, keepdims=True)
    return affine(((xr - mu) / np.sqrt(var + eps)).reshape(x.shape), gamma, beta)


def softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


def switchnorm(x, mean_logits, var_logits, gamma, beta, eps=EPS):
    n, c = x.shape[:2]
    xr = x.reshape(n, c, -1)
    mean_in = xr.mean(-1, keepdims=True)
    var_in = xr.var(-1, keepdims=True)
    mean_ln = mean_in.mean(1, keepdims=True)
    var_ln = (var_in + mean_in ** 2).mean(1, keepdims=True) - mean_ln ** 2
    mean_bn = mean_in.mean(0, keepdims=True)
    var_bn = (var_in + mean_in ** 2).mean(0, keepdims=True) - mean_bn ** 2
    wm, wv = softmax(np.array(mean_logits)), softmax(np.array(var_logits))
    mean = wm[0] * mean_in + wm[1] * mean_ln + wm[2] * mean_bn
    var = wv[0] * var_in + wv[1] * var_ln + wv[2] * var_bn
    return affine(((xr - mean) / np.sqrt(var + eps)).reshape(x.shape), gamma, beta)


MEAN_LOGITS = [0.5, -1.0, 2.0]
VAR_LOGITS = [1.0, 0.0, -0.5]

# Three batches: 4-D (N×C×H×W), 3-D (N×C×L) and a matrix (N×C), each with γ and β.
cases = {
    'x4': rng.standard_normal((4, 6, 3, 3)) * 2.0 + 0.5,
    'x3': rng.standard_normal((5, 4, 7)),
    'x2': rng.standard_normal((8, 6)) * 3.0 - 1.0,
}
for name, x in cases.items():
    c = x.shape[1]
    gamma = rng.uniform(0.5, 2.0, c) * rng.choice([-1.0, 1.0], c)
    beta = rng.standard_normal(c)
    save(name, x)
    save(name + '-gamma', gamma)
    save(name + '-beta', beta)
    save(name + '-batch', batchnorm(x, gamma, beta))
    save(name + '-layer', layernorm(x, gamma, beta))
    save(name + '-instance', instancenorm(x, gamma, beta))
    save(name + '-switch', switchnorm(x, MEAN_LOGITS, VAR_LOGITS, gamma, beta))
    save(name + '-batch-eps', batchnorm(x, gamma, beta, eps=0.5))
for groups in (2, 3):
    x = cases['x4']
    c = x.shape[1]
    save('x4-group%d' % groups, groupnorm(x, groups, np.load('x4-gamma.npy'), np.load('x4-beta.npy')))
save('x3-group2', groupnorm(cases['x3'], 2, np.load('x3-gamma.npy'), np.load('x3-beta.npy')))

# BatchNorm's running statistics over three batches, then evaluation mode on a fourth.
momentum = 0.1
running_mean, running_var = np.zeros(3), np.ones(3)
for step in range(1, 4):
    b = rng.standard_normal((6, 3, 2, 2)) * (1.0 + step) + step
    save('bn-batch%d' % step, b)
    axes = (0, 2, 3)
    running_mean = (1 - momentum) * running_mean + momentum * b.mean(axis=axes)
    running_var = (1 - momentum) * running_var + momentum * b.var(axis=axes, ddof=1)
    save('bn-mean%d' % step, running_mean)
    save('bn-var%d' % step, running_var)
x_eval = rng.standard_normal((2, 3, 2, 2))
save('bn-eval-x', x_eval)
save('bn-eval-y', (x_eval - channel(running_mean, 4)) / np.sqrt(channel(running_var, 4) + EPS))

# Weight Norm: rows g_i v_i/‖v_i‖, ‖W‖₂ between max|g| and ‖g‖₂.
v = rng.standard_normal((5, 7))
g = rng.uniform(0.5, 3.0, 5)
save('wn-v', v)
save('wn-g', g)
w = g[:, None] * v / np.linalg.norm(v, axis=1, keepdims=True)
save('wn-w', w)
save('wn-norms', [np.linalg.norm(w, 2), np.abs(g).max(), np.linalg.norm(g)])
