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

  @Test func runChecksItsSigmaAgainstNorm2WhenTheMatrixIsTooLargeToDecompose() throws {
    // W = P ⊗ G with P = [3 −3; 1 1]: its singular values are σᵢ(P)·σⱼ(G), σ(P) = (√18, √2).
    // The ones start lies in the √2 block, so the iteration settles on √2·σ₁(G), not √18·σ₁(G).
    let notebook = preciseNotebook()
    notebook.run("G = rand(150, 150, seed=5)", "W = [3*G -3*G; G G]", "p = power(W, init=ones)")
    let out = notebook.run("run p")
    let g = try #require(notebook.session.value(of: "G")?.matrix)
    let sigmaG = try g.singularValues(method: .jacobi)[0]
    #expect(out.contains("converged after"))
    #expect(out.contains("is a singular value, but σ₁ = "))
    #expect(close(Double(try #require(row("σ₁", in: out))[1]), 18.0.squareRoot() * sigmaG, relative: 1e-12))
    #expect(close(Double(try #require(row("σ", in: out))[1]), 2.0.squareRoot() * sigmaG, relative: 1e-9))
    // A random start finds σ₁ and says nothing.
    notebook.run("q = power(W, init=random, seed=1)")
    #expect(!notebook.run("run q").contains("is a singular value, but"))
  }

  @Test func aSmallComponentAlongV1IsNotConvergence() throws {
    // From [1e-8; 1; 0] σ sits near 1 while the v₁ component grows by 4 per step: the change
    // of σ is tiny long before the residual is, and run waits for the residual.
    let notebook = preciseNotebook()
    notebook.run("q = power(diag([2; 1; 0.3]), init=[1e-8; 1; 0])")
    let out = notebook.run("run q tol=1e-13")
    #expect(out.contains("converged after"))
    #expect(close(Double(try #require(row("σ", in: out))[1]), 2, relative: 1e-12))
  }

  @Test func thePredictedColumnNeverClaimsAnErrorAboveOne() throws {
    // From a ones start ⟂ v₁ the first-order prediction is 1e+28 and more: σ_k ∈ [0, σ₁], so a
    // relative error above 1 cannot be; the column says "> 1" there and the value elsewhere.
    let notebook = preciseNotebook()
    notebook.run("G = rand(40, 40, seed=5)", "W = [3*G -3*G; G G]", "p = power(W, init=ones)")
    let out = notebook.run("step p 12")
    guard case .object(let object) = try #require(notebook.session.value(of: "p")),
      let tracker = object as? PowerTracker
    else { Issue.record("p is not a tracker"); return }
    var clamped = 0
    for record in tracker.records {
      let cell = try #require(row(String(record.k), in: out))[3]
      let predicted = try #require(record.predicted)
      if predicted > 1 {
        clamped += 1
        #expect(cell == "> 1")
      } else {
        #expect(close(Double(cell), predicted, relative: 1e-15))
      }
      #expect(try #require(record.error) <= 1)
    }
    #expect(clamped > 0)
  }
}
