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
    "\t[1 2] * [1 2]",
    """
    error: cannot multiply 1×2 by 1×2
      \t[1 2] * [1 2]
      \t      ^
      note: inner dimensions 2 and 1 differ

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
      note: '+' needs equal shapes, or a scalar on one side

    """
  ),
  (
    "[1 2] .* [1 2 3]",
    """
    error: cannot multiply 1×2 and 1×3 element-wise
      [1 2] .* [1 2 3]
            ^^
      note: '.*' needs equal shapes

    """
  ),
  (
    "W / W",
    """
    error: cannot divide by a 2×2 matrix
      W / W
        ^
      note: '/' divides by a scalar only

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
