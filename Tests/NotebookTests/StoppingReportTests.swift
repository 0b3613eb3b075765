// What the iterative commands say when they stop: `lanczos` at rounding level or at max=,
// `norm2(…, method=power|lanczos)` refusing an unconverged value, `run p` settling on a singular
// value other than σ₁. Each claim is checked against the exact singular values.

import DenseMatrix
import Testing

@testable import Notebook

@Suite struct StoppingReportTests {
  @Test func lanczosNamesRoundingWhenTolIsOutOfReach() {
    let notebook = TestNotebook()
    notebook.run("H = spectrum(40, 30, sv=[1; 0.99; linspace(0.5, 0.05, 28)], seed=2)")
    let out = notebook.run("lanczos H tol=1e-16 max=100000")
    #expect(out.contains("without reaching tol=1e-16: what is left of the\n  residual is rounding"))
    #expect(!out.contains("max=100000"))
    let capped = notebook.run("lanczos H max=3")
    #expect(capped.contains("stopped after 3 steps (max=3) without reaching tol=1e-10"))
  }

  @Test func norm2ByPowerRefusesAnUnconvergedValue() throws {
    let notebook = TestNotebook()
    // σ₂/σ₁ = 0.99999: 100000 power steps shrink the angle to v₁ by (σ₂/σ₁)^(2k) ≈ e⁻² only,
    // and the residual, about (σ₁ − σ₂)·θ ≈ 1e-6, stays above sqrt(1e-14) = 1e-7.
    let out = notebook.run("x = norm2(spectrum(20, 20, sv=[1 0.99999 0.9], seed=1), method=power)")
    // The exact text is in DiagnosticTests.
    #expect(out.hasPrefix("error: power iteration did not converge in 100000 steps"))
    #expect(notebook.session.value(of: "x") == nil)
    // The converged routes agree with the exact σ₁.
    notebook.run("W = spectrum(30, 20, sv=[3; 1; 0.5], seed=1)")
    let exact = try #require(notebook.number("norm2(W, method=jacobi)"))
    #expect(close(notebook.number("norm2(W, method=power)"), exact, relative: 1e-13))
    #expect(close(notebook.number("norm2(W, method=lanczos)"), exact, relative: 1e-13))
  }
}
