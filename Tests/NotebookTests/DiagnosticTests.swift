// Every diagnostic's exact rendered text: message, caret under the offending token, notes.

import Testing

@testable import Notebook

/// Runs `input` after defining W (2×2), A and B (3×2) and returns what was printed.
private func rendered(_ input: String, origin: SourceOrigin = .interactive) -> String {
  let nb = TestNotebook()
  nb.run("W = [1 2; 3 4]", "A = ones(3, 2)", "B = ones(3, 2)")
  return nb.run(input, origin: origin)
}

@Test(arguments: [
  (
    "svd W bins=3",
    """
    error: bins= is an option of the histogram
      svd W bins=3
                 ^
      note: svd W histogram=log bins=3 draws it

    """
  ),
  (
    "svd W histogram=log bins=0",
    """
    error: bins must be between 1 and 200
      svd W histogram=log bins=0
                               ^

    """
  ),
  (
    "\t[1 2] * [1 2]",
    """
    error: cannot multiply 1×2 by 1×2
      \t[1 2] * [1 2]
      \t      ^
      note: inner dimensions 2 and 1 differ

    """
  ),
  (
    "x = ones(2, 3, 4) + ones(2, 4, 4)",
    """
    error: cannot add 2×3×4 and 2×4×4
      x = ones(2, 3, 4) + ones(2, 4, 4)
                        ^
      note: element-wise, shapes align at their last dimension and each needs equal sizes or a size of 1; a vector of C entries against an N×C×… tensor is one value per channel (dimension 2)

    """
  ),
  (
    "x = reshape(ones(2, 3, 4), 5, 5)",
    """
    error: cannot reshape a 2×3×4 tensor (24 entries) to 5×5 (25 entries)
      x = reshape(ones(2, 3, 4), 5, 5)
          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^

    """
  ),
  (
    "x = groupnorm(ones(2, 6, 2), groups=4)",
    """
    error: groups=4 does not divide the 6 channels into equal groups
      x = groupnorm(ones(2, 6, 2), groups=4)
                                          ^

    """
  ),
  (
    "x = batchnorm(ones(2, 3, 2), gamma=[1 2])",
    """
    error: gamma needs one value per channel: 3, got 2
      x = batchnorm(ones(2, 3, 2), gamma=[1 2])
                                         ^^^^^

    """
  ),
  (
    "x = zeros(2, 2, 2, 2, 2)",
    """
    error: a tensor has at most 4 dimensions, got 5 sizes
      x = zeros(2, 2, 2, 2, 2)
                            ^

    """
  ),
  (
    "x = randn(1000, 1000, 1000, 10)",
    """
    error: a 1000×1000×1000×10 tensor is too large (10000000000 elements, the limit is 268435456)
      x = randn(1000, 1000, 1000, 10)
          ^^^^^^^^^^^^^^^^^^^^^^^^^^^
      note: raise the limit with 'set limit=N'

    """
  ),
  (
    "x = groupnorm(ones(2, 6, 2))",
    """
    error: groupnorm needs groups=G
      x = groupnorm(ones(2, 6, 2))
          ^^^^^^^^^^^^^^^^^^^^^^^^
      note: usage: groupnorm(x, groups=2)

    """
  ),
  (
    "x = batchnorm(ones(1, 3))",
    """
    error: batchnorm needs more than one value per channel, got a 1×3 batch
      x = batchnorm(ones(1, 3))
                    ^^^^^^^^^^

    """
  ),
  (
    "x = ones(2, 3, 4) * ones(2, 3, 4)",
    """
    error: cannot multiply a 2×3×4 tensor by a 2×3×4 tensor with '*'
      x = ones(2, 3, 4) * ones(2, 3, 4)
                        ^
      note: '*' is the matrix product; '.*' multiplies tensors element by element

    """
  ),
  (
    "x = switchnorm(ones(2, 3, 2), mean=[1 2])",
    """
    error: mean= needs 3 finite logits (instance, layer, batch), got 2 values
      x = switchnorm(ones(2, 3, 2), mean=[1 2])
                                         ^^^^^

    """
  ),
  (
    "x = ones(2, 3, 4)(1, 2)",
    """
    error: a 2×3×4 tensor takes 3 indices, got 2
      x = ones(2, 3, 4)(1, 2)
          ^^^^^^^^^^^^^^^^^^^
      note: x(1, :, :, :) is the first sample; ':' takes a whole dimension

    """
  ),
  (
    "x = ones(2, 3, 4)(1, 4, :)",
    """
    error: position 4 is out of range: positions are 1 to 3
      x = ones(2, 3, 4)(1, 4, :)
                           ^
      note: indices count from 1; 'end' is the last

    """
  ),
  (
    "x = 日本 + 1",
    """
    error: unknown variable '日本'
      x = 日本 + 1
          ^^^^

    """
  ),
  (
    "x = spectrum(2, 2, sv=[1 -1])",
    """
    error: singular values must be finite and ≥ 0, got -1
      x = spectrum(2, 2, sv=[1 -1])
          ^^^^^^^^^^^^^^^^^^^^^^^^^

    """
  ),
  (
    "x = linspace(0, 1/0, 3)",
    """
    error: linspace needs finite ends, got 0 and Inf
      x = linspace(0, 1/0, 3)
          ^^^^^^^^^^^^^^^^^^^

    """
  ),
  (
    "x = 1e309",
    """
    error: number '1e309' is too large for a double
      x = 1e309
          ^^^^^
      note: the largest finite double is about 1.8e308; write Inf for ∞

    """
  ),
  (
    "seed 9223372036854775807",
    """
    error: argument 'N' of 'seed' must be at most 9e15, got 9.2233720368547758e+18
      seed 9223372036854775807
           ^^^^^^^^^^^^^^^^^^^

    """
  ),
  (
    "spectrum(2, 2, sv=[1 2 3])",
    """
    error: a 2×2 matrix has 2 singular values, 3 were given
      spectrum(2, 2, sv=[1 2 3])
      ^^^^^^^^^^^^^^^^^^^^^^^^^^

    """
  ),
  (
    "norm2(Wx)",
    """
    error: unknown variable 'Wx'
      norm2(Wx)
            ^^
      note: did you mean 'W'?

    """
  ),
  (
    "nrm2(W)",
    """
    error: unknown function 'nrm2'
      nrm2(W)
      ^^^^
      note: did you mean 'norm2'?

    """
  ),
  (
    "y = nrom2(W)",
    """
    error: unknown function 'nrom2'
      y = nrom2(W)
          ^^^^^
      note: did you mean 'norm2'?

    """
  ),
  (
    "set widht=50",
    """
    error: unknown option 'widht' for 'set'
      set widht=50
          ^^^^^
      note: did you mean 'width'?

    """
  ),
  (
    "vras",
    """
    error: unknown variable 'vras'
      vras
      ^^^^
      note: did you mean 'vars'?

    """
  ),
  (
    "hlep",
    """
    error: unknown variable 'hlep'
      hlep
      ^^^^
      note: did you mean 'help'?

    """
  ),
  (
    "qiut",
    """
    error: unknown variable 'qiut'
      qiut
      ^^^^
      note: did you mean 'quit'?

    """
  ),
  (
    "x = norms W",
    """
    error: unexpected 'W' after the expression
      x = norms W
                ^
      note: 'norms' is a command: write 'norms …' at the start of a line

    """
  ),
  (
    "y = 2 * svd [1 2]",
    """
    error: unexpected '[' after the expression
      y = 2 * svd [1 2]
                  ^
      note: 'svd' is a command: write 'svd …' at the start of a line

    """
  ),
  (
    "norms(W)",
    """
    error: unknown function 'norms'
      norms(W)
      ^^^^^
      note: 'norms' is a command: write 'norms …' at the start of a line

    """
  ),
  (
    "x = W W",
    """
    error: unexpected 'W' after the expression
      x = W W
            ^

    """
  ),
  (
    "y = A * B",
    """
    error: cannot multiply 3×2 by 3×2
      y = A * B
            ^
      note: inner dimensions 2 and 3 differ

    """
  ),
  (
    "[1 2] + [1 2 3]",
    """
    error: cannot add 1×2 and 1×3
      [1 2] + [1 2 3]
            ^
      note: element-wise, each dimension needs equal sizes or a size of 1 (a number, a row or a column stretches)

    """
  ),
  (
    "[1 2] .* [1 2 3]",
    """
    error: cannot multiply 1×2 and 1×3 element-wise
      [1 2] .* [1 2 3]
            ^^
      note: element-wise, each dimension needs equal sizes or a size of 1 (a number, a row or a column stretches)

    """
  ),
  (
    "W ./ [1 2 3]",
    """
    error: cannot combine 2×2 and 1×3 element by element in './'
      W ./ [1 2 3]
        ^^
      note: element-wise, each dimension needs equal sizes or a size of 1 (a number, a row or a column stretches)

    """
  ),
  (
    "A ^ 2",
    """
    error: cannot raise a 3×2 matrix to a power
      A ^ 2
        ^
      note: '^' of a matrix is the matrix power W·W·…·W, which needs a square matrix
      note: for element-wise powers write '.^'

    """
  ),
  (
    "W ^ 0.5",
    """
    error: a matrix power needs a whole exponent ≥ 0, got 0.5
      W ^ 0.5
        ^
      note: '^' of a matrix is the matrix power W·W·…·W
      note: for element-wise powers write '.^'

    """
  ),
  (
    "(-8)^(1/3)",
    """
    error: -8 ^ 0.3333333333333333 is not a real number
      (-8)^(1/3)
          ^
      note: a negative number has real powers only for whole exponents

    """
  ),
  (
    "[4 -1] .^ 0.5",
    """
    error: -1 .^ 0.5 is not a real number (entry (1, 2))
      [4 -1] .^ 0.5
             ^^
      note: a negative number has real powers only for whole exponents

    """
  ),
  (
    "sqrt(W - 3)",
    """
    error: sqrt(-2) is not a real number (entry (1, 1))
      sqrt(W - 3)
      ^^^^^^^^^^^
      note: sqrt needs x ≥ 0

    """
  ),
  (
    "log(-1)",
    """
    error: log(-1) is not a real number
      log(-1)
      ^^^^^^^
      note: log needs x ≥ 0

    """
  ),
  (
    "sum(W, dim=3)",
    """
    error: dim must be 1 (down the columns) or 2 (across the rows), got 3
      sum(W, dim=3)
                 ^

    """
  ),
  (
    "max(W, 1, dim=1)",
    """
    error: max(a, b) compares entries and takes no dim=
      max(W, 1, dim=1)
                    ^

    """
  ),
  (
    "max(zeros(0, 2))",
    """
    error: the max of no entries is undefined
      max(zeros(0, 2))
      ^^^^^^^^^^^^^^^^

    """
  ),
  (
    "W(3, 1)",
    """
    error: row 3 is out of range: rows are 1 to 2
      W(3, 1)
        ^
      note: indices count from 1; 'end' is the last

    """
  ),
  (
    "W(1, 0)",
    """
    error: column 0 is out of range: columns are 1 to 2
      W(1, 0)
           ^
      note: indices count from 1; 'end' is the last

    """
  ),
  (
    "W(1.5, :)",
    """
    error: row 1.5 is not a whole number
      W(1.5, :)
        ^^^
      note: indices count from 1; 'end' is the last

    """
  ),
  (
    "W(2)",
    """
    error: a 2×2 matrix is indexed by (row, column)
      W(2)
      ^^^^
      note: one index is for a vector: v(3); a matrix takes W(2, 3), W(2, :) or W(:, 3)

    """
  ),
  (
    "W(1, 2, 1)",
    """
    error: a matrix takes 2 indices (row, column), got 3
      W(1, 2, 1)
      ^^^^^^^^^^

    """
  ),
  (
    "W(W, 1)",
    """
    error: an index is a whole number, a vector of them or ':', got a 2×2 matrix
      W(W, 1)
        ^

    """
  ),
  (
    "W(i=1)",
    """
    error: an index takes no options, got 'i='
      W(i=1)
        ^

    """
  ),
  (
    "x = :",
    """
    error: expected an expression, found ':'
      x = :
          ^

    """
  ),
  (
    "sum(:)",
    """
    error: ':' alone stands for a whole dimension, only inside an index
      sum(:)
          ^
      note: as in W(:, 2), the second column

    """
  ),
  (
    "1:0:3",
    """
    error: the step of a range cannot be 0
      1:0:3
        ^

    """
  ),
  (
    "1:Inf",
    """
    error: a range needs finite numbers, got a number
      1:Inf
        ^^^

    """
  ),
  (
    "\"s\"(1)",
    """
    error: cannot index a string
      "s"(1)
      ^^^^^^
      note: indexing W(i, j) applies to matrices and tensors, c(x) to critics and models, and w("name") to loaded weights

    """
  ),
  (
    "W.sigma",
    """
    error: a 2×2 matrix has no members, so '.sigma' means nothing
      W.sigma
       ^^^^^^

    """
  ),
  (
    "size(W, 3)",
    """
    error: a matrix has dimensions 1 and 2, got 3
      size(W, 3)
              ^

    """
  ),
  (
    "(1:3)(4)",
    """
    error: entry 4 is out of range: entries are 1 to 3
      (1:3)(4)
            ^
      note: indices count from 1; 'end' is the last

    """
  ),
  (
    "W(NaN, 1)",
    """
    error: row NaN is not a whole number
      W(NaN, 1)
        ^^^
      note: indices count from 1; 'end' is the last

    """
  ),
  (
    "1:1e20",
    """
    error: a range of 1e+20 entries is too large
      1:1e20
      ^^^^^^

    """
  ),
  (
    "W / W",
    """
    error: cannot divide by a 2×2 matrix
      W / W
        ^
      note: '/' divides by a number; './' divides element by element

    """
  ),
  (
    "C = [1 2",
    """
    error: expected ']' at end of input
      C = [1 2
              ^
      note: to close '[' at 1:5

    """
  ),
  (
    "f(1, 2",
    """
    error: expected ')' at end of input
      f(1, 2
            ^
      note: to close '(' at 1:2

    """
  ),
  (
    "x = 3 @ 4",
    """
    error: unexpected character '@'
      x = 3 @ 4
            ^

    """
  ),
  (
    "x = \"abc",
    """
    error: unterminated string
      x = "abc
          ^
      note: a string ends with '"' on the same line

    """
  ),
  (
    "1e+",
    """
    error: malformed number '1e+'
      1e+
      ^^^
      note: an exponent needs digits, as in 1e-12

    """
  ),
  (
    "3 = x",
    """
    error: unexpected '='
      3 = x
        ^
      note: only a variable name can be assigned to

    """
  ),
  (
    "shw W",
    """
    error: unknown command 'shw'
      shw W
      ^^^
      note: did you mean 'show'?

    """
  ),
  (
    "svd [1 2; 3",
    """
    error: expected ']' at end of input
      svd [1 2; 3
                 ^
      note: to close '[' at 1:5

    """
  ),
  (
    "set digts=8",
    """
    error: unknown option 'digts' for 'set'
      set digts=8
          ^^^^^
      note: did you mean 'digits'?

    """
  ),
  (
    "norm2(W, metod=svd)",
    """
    error: unknown option 'metod' for 'norm2'
      norm2(W, metod=svd)
               ^^^^^
      note: did you mean 'method'?

    """
  ),
  (
    "set plot=braile",
    """
    error: unknown value 'braile' for 'plot'
      set plot=braile
               ^^^^^^
      note: plot is one of: ascii, unicode

    """
  ),
  (
    "zeros(100000, 100000)",
    """
    error: a 100000×100000 matrix is too large (10000000000 elements, the limit is 268435456)
      zeros(100000, 100000)
      ^^^^^^^^^^^^^^^^^^^^^
      note: raise the limit with 'set limit=N'

    """
  ),
  (
    "norm2(spectrum(20, 20, sv=[1 0.99999 0.9], seed=1), method=power)",
    """
    error: power iteration did not converge in 100000 steps
      norm2(spectrum(20, 20, sv=[1 0.99999 0.9], seed=1), method=power)
      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
      note: it stopped at σ = 0.999995 with ‖Wᵀu − σv‖ = 9.99294e-06: σ₂/σ₁ is close to 1
      note: norm2(W) gives σ₁ exact to rounding

    """
  ),
  (
    "norm2([1 NaN])",
    """
    error: the matrix has NaN or Inf entries
      norm2([1 NaN])
            ^^^^^^^
      note: 'norm2' needs finite entries

    """
  ),
  (
    "show W W",
    """
    error: too many arguments to 'show'
      show W W
             ^
      note: usage: show W
      note: wrap an expression containing spaces in parentheses

    """
  ),
  (
    "show",
    """
    error: missing argument 'W' of 'show'
      show
      ^^^^
      note: usage: show W

    """
  ),
  (
    "zeros(2.5)",
    """
    error: argument 'm' of 'zeros' must be a whole number ≥ 0, got 2.5
      zeros(2.5)
            ^^^

    """
  ),
  (
    "zeros",
    """
    error: 'zeros' is a function
      zeros
      ^^^^^
      note: call it as zeros(…)

    """
  ),
  (
    "[1 2; 3]",
    """
    error: cannot stack a 1×1 row under a 1×2 row
      [1 2; 3]
      ^^^^^^^^
      note: rows of a matrix literal need the same number of columns

    """
  ),
  (
    "clear Q",
    """
    error: unknown variable 'Q'
      clear Q
            ^

    """
  ),
  (
    "help nrm2",
    """
    error: no help for 'nrm2'
      help nrm2
           ^^^^
      note: did you mean 'norm2'?
      note: type 'help' for the list of commands and functions

    """
  ),
  (
    "netlip W",
    """
    error: netlip needs weights loaded from a file, a critic or an mlp, got a 2×2 matrix
      netlip W
             ^
      note: w = load("model.safetensors") (or .npz) reads weights

    """
  ),
  (
    "netlip mlp(hidden=[4]) act=sigmoid",
    """
    error: unknown value 'sigmoid' for 'act'
      netlip mlp(hidden=[4]) act=sigmoid
                                 ^^^^^^^
      note: act is one of: relu, leaky, tanh, any

    """
  ),
  (
    "netlip mlp(hidden=[4]) act=leaky slope=2",
    """
    error: slope must lie in [0, 1]
      netlip mlp(hidden=[4]) act=leaky slope=2
                                             ^
      note: a leaky slope outside [0, 1] is not covered by the pattern bound

    """
  ),
  (
    "netlip mlp(hidden=[4]) order=3",
    """
    error: order must be a string of weight names
      netlip mlp(hidden=[4]) order=3
                                   ^
      note: order="fc1.weight fc2.weight"

    """
  ),
  (
    "netlip mlp(hidden=[4]) restarts=5000",
    """
    error: restarts must be between 0 and 1000
      netlip mlp(hidden=[4]) restarts=5000
                                      ^^^^

    """
  ),
  (
    "netlip mlp(hidden=[4]) gap=-1",
    """
    error: gap must be a number ≥ 0
      netlip mlp(hidden=[4]) gap=-1
                                 ^^

    """
  ),
  (
    "netlip critic(hidden=[4], norm=layer)",
    """
    error: netlip takes chains of dense layers; this critic has LayerNorm
      netlip critic(hidden=[4], norm=layer)
             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
      note: LayerNorm is not affine: its own bound is in 'lip'

    """
  ),
  (
    "netlip critic(hidden=[4], act=leaky, slope=-0.5)",
    """
    error: slope must lie in [0, 1] for the pattern bound, got -0.5
      netlip critic(hidden=[4], act=leaky, slope=-0.5)
             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

    """
  ),
])
func diagnosticText(input: String, expected: String) {
  #expect(rendered(input) == expected)
}

@Test func scriptDiagnosticsCarryFileLineAndColumn() {
  let nb = TestNotebook()
  nb.run("A = ones(3, 2)")
  nb.console.reset()
  let out = nb.session.execute(
    StatementSource(text: "y = A * A", origin: .file("sessions/03-critics.lip"), firstLine: 12))
  #expect(out == .failed)
  #expect(
    nb.console.text == """
      sessions/03-critics.lip:12:7: error: cannot multiply 3×2 by 3×2
        y = A * A
              ^
        note: inner dimensions 2 and 3 differ

      """)
}

@Test func multiLineStatementPointsAtTheRightLine() {
  let nb = TestNotebook()
  let out = nb.session.execute(
    StatementSource(text: "M = [1 2\n3 x]", origin: .file("a.lip"), firstLine: 4))
  #expect(out == .failed)
  #expect(
    nb.console.text == """
      a.lip:5:3: error: unknown variable 'x'
        3 x]
          ^

      """)
}

/// netlip's diagnostics about the weights of a file (loaded first, so the text holds no path).
@Test(arguments: [
  (
    "netlip m order=\"fc2.weight fc1.weight\"",
    """
    error: 'fc1.weight' (12×10) does not take the 12 outputs of 'fc2.weight' (12×12)
      netlip m order="fc2.weight fc1.weight"
                     ^^^^^^^^^^^^^^^^^^^^^^^
      note: consecutive weights chain when each one's columns equal the previous one's rows; order="…" sets the order

    """
  ),
  (
    "netlip m order=\"fc1.weight fc9.weight\"",
    """
    error: the weights have no tensor 'fc9.weight'
      netlip m order="fc1.weight fc9.weight"
                     ^^^^^^^^^^^^^^^^^^^^^^^
      note: did you mean 'fc1.weight'?

    """
  ),
  (
    "netlip m order=\"fc1.bias\"",
    """
    error: 'fc1.bias' is F32 12, not a dense weight or a convolution kernel
      netlip m order="fc1.bias"
                     ^^^^^^^^^^
      note: netlip chains floating-point weights: dense (out × in) and kernels (c_out × c_in × k…)

    """
  ),
  (
    "netlip k",
    """
    error: 'conv1.weight' (4×3×3) takes 3 channels × 32 positions = 96 inputs, not the 8 outputs of '0.weight' (8×5)
      netlip k
             ^
      note: a convolution after a dense layer reads its outputs as c_in channels × n positions
      note: n=… sets the input's size (here 32: no n makes every layer chain)

    """
  ),
  (
    "netlip c n=5",
    """
    error: 'fc.weight' (2×8) takes 8 inputs, not the 2 channels × 5 positions = 10 outputs of 'conv2.weight' (2×2×3)
      netlip c n=5
                 ^
      note: a dense layer after convolutions takes their output flattened in C order (channels × positions)

    """
  ),
  (
    "netlip g order=\"conv.weight conv.weight\" n=4",
    """
    error: 'conv.weight' (2×1×3×3) takes 1 channel × 4×4 positions = 16 inputs, not the 2 channels × 4×4 positions = 32 outputs of 'conv.weight' (2×1×3×3)
      netlip g order="conv.weight conv.weight" n=4
                     ^^^^^^^^^^^^^^^^^^^^^^^^^
      note: consecutive convolutions chain when each one's c_in equals the previous one's c_out

    """
  ),
  (
    "netlip c stride=9 n=4",
    """
    error: stride 9 is above the 4 positions that reach 'conv1.weight'
      netlip c stride=9 n=4
                      ^
      note: the stride applies to every convolution of the chain

    """
  ),
  (
    "netlip k order=\"conv1.weight conv2.weight\"",
    """
    error: 'conv2.weight' (2×3×3×3) is a 2-D convolution after 1-D ones
      netlip k order="conv1.weight conv2.weight"
                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^
      note: netlip chains convolutions of one spatial rank

    """
  ),
  (
    "netlip c stride=0",
    """
    error: stride must be at least 1
      netlip c stride=0
                      ^

    """
  ),
  (
    "netlip c n=0",
    """
    error: n must be at least 1
      netlip c n=0
                 ^

    """
  ),
])
func netlipWeightsDiagnosticText(input: String, expected: String) {
  let nb = TestNotebook()
  nb.run(
    "m = load(\"\(networksDirectory)/netlip-deep3.safetensors\")", "k = load(\"\(networksDirectory)/layers.safetensors\")",
    "c = load(\"\(networksDirectory)/netlip-conv1d.safetensors\")", "g = load(\"\(networksDirectory)/netlip-conv2d.safetensors\")")
  #expect(nb.run(input) == expected)
}
