// Evaluation: every printed number checked against an independent computation (closed forms,
// hand-computed sums), broadcasting, literals, and the all-or-nothing rule for failing statements.

import DenseMatrix
import Testing

@testable import Notebook

/// The matrix held by `name`, or nil.
private func matrix(_ nb: TestNotebook, _ name: String) -> Matrix? {
  if case .matrix(let m) = nb.session.value(of: name) { return m }
  return nil
}

private func rows(_ rows: [[Double]]) -> Matrix {
  (try? Matrix(rows)) ?? Matrix(rows: 0, columns: 0)
}

private let scalarCases: [(String, Double)] = [
  ("norm2([3 0; 0 4])", 4.0),
  ("fro([3 0; 0 4])", 5.0),
  ("norm1([1 -2; 3 4])", 6.0),
  ("norminf([1 -2; 3 4])", 7.0),
  ("norm2([3 0; 0 4], method=power)", 4.0),
  ("norm2([3 0; 0 4], method=lanczos)", 4.0),
  ("norm2([1 1; 1 1])", 2.0),
  ("norm2(ones(3, 4))", 12.0.squareRoot()),
  ("fro(ones(3, 4))", 12.0.squareRoot()),
  ("rank([1 2; 2 4])", 1.0),
  ("rank(eye(3))", 3.0),
  ("rank(diag([1 1e-3]), tol=1e-2)", 1.0),
  ("cond(diag([4 2]))", 2.0),
  ("cond([1 0; 0 0])", Double.infinity),
  ("norm2(sn([3 0; 0 4]))", 1.0),
  ("norm2(orth(5, seed=3))", 1.0),
  ("fro(orth(5, seed=3))", 5.0.squareRoot()),
  ("1 + 2 * 3", 7.0),
  ("(1 + 2) * 3", 9.0),
  ("-2 * -3", 6.0),
  ("7 / 2", 3.5),
  ("[1 2 3] * [4; 5; 6]", 32.0),
  ("2 .* 3", 6.0),
  ("fro(hilbert(2))", (1.0 + 0.25 + 0.25 + 1.0 / 9.0).squareRoot()),
  ("pi", Double.pi),
]

@Test(arguments: scalarCases)
func scalarResults(expression: String, expected: Double) throws {
  let value = try #require(TestNotebook().number(expression))
  if expected.isInfinite {
    #expect(value == expected)
  } else {
    #expect(abs(value - expected) <= 1e-12 * max(1, abs(expected)), "\(expression) = \(value)")
  }
}

@Test func broadcastingAndMatrixArithmetic() {
  let nb = TestNotebook()
  nb.run(
    "W = [1 2; 3 4]", "a = W + 1", "b = 10 - W", "c = 2 * W", "d = W / 2", "e = W .* W",
    "f = W * W", "g = W' * [1; 1]", "h = -W", "k = [W [5; 6]; 7 8 9]", "l = [1 2] .* 3",
    "m = W * 2 + W'")
  #expect(matrix(nb, "a") == rows([[2, 3], [4, 5]]))
  #expect(matrix(nb, "b") == rows([[9, 8], [7, 6]]))
  #expect(matrix(nb, "c") == rows([[2, 4], [6, 8]]))
  #expect(matrix(nb, "d") == rows([[0.5, 1], [1.5, 2]]))
  #expect(matrix(nb, "e") == rows([[1, 4], [9, 16]]))
  #expect(matrix(nb, "f") == rows([[7, 10], [15, 22]]))
  #expect(matrix(nb, "g") == rows([[4], [6]]))
  #expect(matrix(nb, "h") == rows([[-1, -2], [-3, -4]]))
  #expect(matrix(nb, "k") == rows([[1, 2, 5], [3, 4, 6], [7, 8, 9]]))
  #expect(matrix(nb, "l") == rows([[3, 6]]))
  #expect(matrix(nb, "m") == rows([[3, 7], [8, 12]]))
}

@Test func constructors() {
  let nb = TestNotebook()
  nb.run(
    "Z = zeros(2, 3)", "O = ones(2)", "I = eye(3)", "D = diag([1 2])", "d = diag([1 2; 3 4])",
    "L = linspace(0, 1, 5)", "S = svdvals(diag([3 1 2]))", "E = []")
  #expect(matrix(nb, "Z") == Matrix(rows: 2, columns: 3))
  #expect(matrix(nb, "O") == Matrix(rows: 2, columns: 2, repeating: 1))
  #expect(matrix(nb, "I") == rows([[1, 0, 0], [0, 1, 0], [0, 0, 1]]))
  #expect(matrix(nb, "D") == rows([[1, 0], [0, 2]]))
  #expect(matrix(nb, "d") == rows([[1], [4]]))
  #expect(matrix(nb, "L")?.isApproximatelyEqual(to: rows([[0], [0.25], [0.5], [0.75], [1]]), absolute: 1e-15) == true)
  #expect(matrix(nb, "S")?.isApproximatelyEqual(to: rows([[3], [2], [1]]), relative: 1e-12) == true)
  #expect(matrix(nb, "E")?.shape == Shape(0, 0))
}

@Test func spectrumHasThePrescribedSingularValues() throws {
  let nb = TestNotebook()
  nb.run("A = spectrum(6, 4, sv=[3 2 1], seed=1)", "s = svdvals(A)")
  let s = try #require(matrix(nb, "s"))
  #expect(s.isApproximatelyEqual(to: rows([[3], [2], [1], [0]]), relative: 1e-10, absolute: 1e-10))
}

@Test func randomFunctionsAreDeterministic() {
  let nb = TestNotebook()
  nb.run("seed 5", "A = randn(3, 3)", "B = randn(3, 3)", "seed 5", "C = randn(3, 3)",
         "D = randn(3, 3, seed=9)", "E = randn(3, 3, seed=9)", "F = rand(2, 2)")
  #expect(matrix(nb, "A") == matrix(nb, "C"))
  #expect(matrix(nb, "A") != matrix(nb, "B"))
  #expect(matrix(nb, "D") == matrix(nb, "E"))
  #expect(matrix(nb, "F")?.elements.allSatisfy { $0 >= 0 && $0 < 1 } == true)
  // A fresh session starts as if after `seed 0`.
  let fresh = TestNotebook()
  let seeded = TestNotebook()
  fresh.run("A = randn(2, 2)")
  seeded.run("seed 0", "A = randn(2, 2)")
  #expect(matrix(fresh, "A") == matrix(seeded, "A"))
}

@Test func aFailingStatementChangesNothing() {
  let nb = TestNotebook()
  nb.run("W = [1 2]", "seed 1")
  #expect(nb.outcome("W = W * W") == .failed)
  #expect(matrix(nb, "W") == rows([[1, 2]]))
  // The random draws of a failing statement are not kept either.
  #expect(nb.outcome("X = randn(2, 2) * [1 2 3]") == .failed)
  #expect(nb.session.value(of: "X") == nil)
  nb.run("Y = randn(2, 2)")
  let reference = TestNotebook()
  reference.run("seed 1", "Y = randn(2, 2)")
  #expect(matrix(nb, "Y") == matrix(reference, "Y"))
  // A command failing on its second argument removes nothing.
  #expect(nb.outcome("clear W Q") == .failed)
  #expect(nb.session.value(of: "W") != nil)
  // A setting change is all or nothing.
  #expect(nb.outcome("set digits=8 width=10") == .failed)
  #expect(nb.session.settings.digits == 6)
  #expect(nb.session.history.map(\.text) == ["W = [1 2]", "seed 1", "Y = randn(2, 2)"])
}

@Test func assignmentPrintsAOneLineConfirmation() {
  let nb = TestNotebook()
  #expect(nb.run("W = [3 0; 0 4]") == "W : 2×2\n")
  #expect(nb.run("x = norm2(W)") == "x = 4\n")
  #expect(nb.run("s = \"data.csv\"") == "s = \"data.csv\"\n")
  #expect(nb.run("W") == "W : 2×2\n  3  0\n  0  4\n")
  #expect(nb.run("x") == "x = 4\n")
  #expect(nb.run("x + 1") == "5\n")
  #expect(nb.run("W'") == "2×2\n  3  0\n  0  4\n")
}

@Test func powerTrackerConvergesToTheLargestSingularValue() throws {
  // diag(3, 1): σ₁ = 3, σ₂/σ₁ = 1/3.
  let w = rows([[3, 0], [0, 1]])
  var tracker = try PowerTracker(matrix: w, start: .ones, mode: .exact)
  #expect(tracker.exactSigma == 3)
  #expect(abs((tracker.rate ?? 0) - 1.0 / 3.0) < 1e-15)
  let first = try tracker.step()
  #expect(first.k == 1 && first.relativeChange == nil)
  #expect(abs((first.error ?? -1) - abs(first.sigma - 3) / 3) < 1e-15)
  let steps = try tracker.run(tolerance: 1e-14, maxSteps: 200)
  let last = try #require(steps.last)
  #expect(abs(last.sigma - 3) < 1e-12)
  #expect(tracker.records.count == 1 + steps.count)
}

@Test func snModeMatchesTheFormula() throws {
  let w = rows([[2, 1], [0, 1], [1, 0]])
  var tracker = try PowerTracker(matrix: w, start: .vector([1, 0, 0]), mode: .sn)
  let record = try tracker.step()
  // By hand: v = normalize(Wᵀu) with u = e₁ → Wᵀu = (2, 1); u = normalize(W v); σ = uᵀWv.
  let v = [2 / 5.0.squareRoot(), 1 / 5.0.squareRoot()]
  let wv = [2 * v[0] + v[1], v[1], v[0]]
  let norm = (wv[0] * wv[0] + wv[1] * wv[1] + wv[2] * wv[2]).squareRoot()
  #expect(abs(record.sigma - norm) < 1e-12)
  #expect(abs((try tracker.evaluationSigma() ?? 0) - norm) < 1e-12)
}

@Test func powerFunctionMakesATracker() {
  let nb = TestNotebook()
  #expect(nb.run("p = power([3 0; 0 4], init=ones)") == "p : power  power iteration on 2×2, no steps yet\n")
  #expect(nb.run("q = power([3 0; 0 4], init=[1 2 3])").contains("the start vector has 3 entries, v needs 2"))
  #expect(nb.run("q = power([3 0; 0 4], mode=sn, seed=2)") == "q : power  sn mode on 2×2, no steps yet\n")
}

@Test func nonFiniteInputNeverCrashes() {
  let nb = TestNotebook()
  for input in [
    "norm2([1 NaN])", "svdvals([Inf 1])", "rank([NaN])", "cond([1 Inf])", "sn([NaN 1])",
    "power([1 NaN])", "1e400", "x = 0 / 0", "[1 2] / 0", "zeros(1e300)", "eye(-1)",
    "linspace(0, Inf, 3)", "spectrum(3, 3, sv=[NaN])", "spectrum(2, 2, sv=[1 2 3])",
    "norm2([])", "norm2(zeros(0, 3), method=power)", "norm2(zeros(3, 0), method=lanczos)",
    "svdvals([])", "rank([])", "cond([])", "sn([])", "power([])", "power(zeros(2, 2))",
    "norm2(zeros(3, 3), method=power)", "norm2(zeros(3, 3), method=lanczos)", "sn(zeros(2))",
    "fro([])", "norm1([])", "norminf([])", "diag([])", "linspace(1, 2, 0)", "eye(0)",
    "[[] []; []]", "[zeros(0, 2); 1 2]", "orth(0)", "hilbert(0)", "randn(0, 5)",
  ] {
    let outcome = nb.outcome(input)
    #expect(outcome == .ok || outcome == .failed)
  }
  #expect(nb.run("norm2([1 NaN])").hasPrefix("error: the matrix has NaN or Inf entries"))
}

@Test func randomInputNeverCrashes() {
  // A fixed-seed fuzz over the language's characters and fragments.
  let fragments = [
    "[", "]", "(", ")", "'", "\"", "#", ";", ",", "=", "+", "-", "*", "/", ".*", ".", " ", "\n",
    "1", "2.5", "1e-3", "e", "W", "x", "norm2", "zeros", "show", "set", "help", "seed", "clear",
    "digits=", "method=", "sn(", "randn(", "power(", "@", "σ", "\t", "1e", "NaN", "Inf", "0",
  ]
  var state: UInt64 = 0x9E37_79B9_7F4A_7C15
  func next() -> Int {
    state = state &* 6364136223846793005 &+ 1442695040888963407
    return Int(truncatingIfNeeded: state >> 33)
  }
  let nb = TestNotebook()
  nb.run("W = [1 2; 3 4]", "x = 3")
  for _ in 0..<3000 {
    let length = next() % 12
    let text = (0..<length).map { _ in fragments[next() % fragments.count] }.joined()
    let outcome = nb.outcome(text)
    #expect(outcome != .quit)
    _ = Session.completeness(of: text)
    _ = nb.session.completions(in: text, cursor: next() % (text.count + 1))
  }
}

@Test func anInterruptedComputationAssignsNothing() {
  let console = BufferConsole()
  let session = Session(console: console, isInterrupted: { true })
  let outcome = session.execute(StatementSource(text: "s = norm2([3 0; 0 4], method=power)", origin: .interactive))
  #expect(outcome == .interrupted)
  #expect(session.value(of: "s") == nil)
  #expect(console.text.hasPrefix("error: interrupted\n"))
}

/// A random arithmetic tree, rendered with random spacing and evaluated directly in Swift.
private struct RandomExpression {
  var state: UInt64
  mutating func next(_ n: Int) -> Int {
    state = state &* 6364136223846793005 &+ 1442695040888963407
    return Int(truncatingIfNeeded: state >> 33) % n
  }
  mutating func make(depth: Int) -> (text: String, value: Double) {
    if depth == 0 || next(3) == 0 {
      let x = Double(next(1000)) / 8
      return (NumberFormat(digits: 17).string(x), x)
    }
    let (a, x) = make(depth: depth - 1)
    let (b, y) = make(depth: depth - 1)
    let space = [" ", "", "  "][next(3)]
    switch next(5) {
    case 0: return ("(\(a)\(space)+\(space)\(b))", x + y)
    case 1: return ("(\(a)\(space)-\(space)\(b))", x - y)
    case 2: return ("(\(a)\(space)*\(space)\(b))", x * y)
    case 3: return ("(\(a)\(space).*\(space)\(b))", x * y)
    default: return ("(-\(a))", -x)
    }
  }
}

@Test func randomArithmeticMatchesDirectComputation() throws {
  var generator = RandomExpression(state: 42)
  let nb = TestNotebook()
  for _ in 0..<200 {
    let (text, expected) = generator.make(depth: 4)
    let value = try #require(nb.number(text), "\(text)")
    #expect(value == expected || (value.isNaN && expected.isNaN), "\(text)")
  }
}

@Test func runStopsByTheConvergenceRule() throws {
  // diag(3, 1) from ones: σ₂/σ₁ = 1/3, converges quickly; every stop satisfies the rule.
  var tracker = try PowerTracker(matrix: rows([[3, 0], [0, 1]]), start: .ones, mode: .exact)
  let steps = try tracker.run(tolerance: 1e-12, maxSteps: 500)
  let last = try #require(steps.last)
  #expect(steps.count < 500)
  #expect(PowerTracker.isConverged(last, tolerance: 1e-12))
  #expect(steps.dropLast().allSatisfy { !PowerTracker.isConverged($0, tolerance: 1e-12) })
  #expect(abs(last.sigma - 3) <= 1e-12 * 3)
  // The rule itself, on hand-made records.
  let base = PowerTracker.Record(
    k: 2, sigma: 2, error: nil, predicted: nil, residualLeft: 1e-7, residualRight: 1e-7,
    relativeChange: 1e-13)
  #expect(PowerTracker.isConverged(base, tolerance: 1e-12))
  var first = base
  first.k = 1
  #expect(!PowerTracker.isConverged(first, tolerance: 1e-12))
  var wide = base
  wide.residualRight = 1e-5
  #expect(!PowerTracker.isConverged(wide, tolerance: 1e-12))
}
