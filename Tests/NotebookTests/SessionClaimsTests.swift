// The numbers the sessions' comments state, each recomputed: a comment that states a number is
// a claim (sessions/02, 03 and 05). The statements are the sessions' own.

import Critics
import DenseMatrix
import Testing

@testable import Notebook

@Suite struct SessionClaimsTests {
  /// The tracker held in `name`.
  func tracker(_ notebook: TestNotebook, _ name: String) throws -> PowerTracker {
    guard case .object(let object) = try #require(notebook.session.value(of: name)),
      let tracker = object as? PowerTracker
    else { throw Diagnostic("not a tracker") }
    return tracker
  }

  /// The number in the second cell of the row labelled `label`.
  func value(_ label: String, _ output: String) -> Double? {
    row(label, in: output).flatMap { Double($0[1]) }
  }

  @Test func session02PowerIteration() throws {
    let nb = preciseNotebook()
    nb.run("E = spectrum(40, 30, sv=[1; linspace(0.5, 0.05, 29)], seed=2)", "p = power(E, init=random, seed=1)")
    nb.run("step p 6")
    let records = try tracker(nb, "p").records
    // "every step divides it by about 20 … starts above 16 and tends to (σ₁/σ₂)⁴ = 16"
    let factors = (1 ..< records.count).map { records[$0 - 1].error! / records[$0].error! }
    #expect(factors.allSatisfy { $0 > 16 && $0 < 30 }, "\(factors)")
    #expect(Double.pow(1 / 0.5, 4) == 16)
    // "from the third step on the two columns agree to three digits"
    for r in records where r.k >= 3 { #expect(abs(r.error! - r.predicted!) <= 5e-4 * r.error!) }
    // "(0.99)⁴ ≈ 0.96"
    #expect(abs(Double.pow(0.99, 4) - 0.96) < 0.001)

    nb.run("H = spectrum(40, 30, sv=[1; 0.99; linspace(0.5, 0.05, 28)], seed=2)", "q = power(H, init=random, seed=1)")
    nb.run("step q 5")
    let power = nb.run("run q tol=1e-9")
    let powerProducts = try #require(value("products", power))
    let powerError = try #require(value("error", power))
    #expect(powerProducts == 600)
    let lanczos = nb.run("lanczos H tol=1e-4")
    let lanczosProducts = try #require(value("products", lanczos))
    // "a better σ for a thirtieth of the work"
    #expect(try #require(value("error", lanczos)) < powerError)
    #expect(lanczosProducts * 30 <= powerProducts * 1.2 && lanczosProducts * 30 >= powerProducts * 0.8)
    // "sqrt(2·gap) ≈ 0.14, fourteen times the gap" for gap = 0.01
    #expect(abs((2 * 0.01).squareRoot() - 0.14) < 0.002 && abs((2 * 0.01).squareRoot() / 0.01 - 14) < 0.2)
    // "on spectrum(400, 300, …) with the same σ₁ and σ₂ it also needs 19 products"
    nb.run("B = spectrum(400, 300, sv=[1; 0.99; linspace(0.5, 0.05, 298)], seed=2)")
    #expect(row("products", in: nb.run("lanczos B tol=1e-4"))?[1] == "19")
    #expect(lanczosProducts <= 19)
    // "13 products, against the 12 of the six power steps above (error 2e-8)"
    #expect(row("products", in: nb.run("lanczos E tol=1e-4"))?[1] == "13")
    #expect(abs(records[5].error! - 2e-8) < 0.5e-8)

    // The ones-vector failure: σ₁ = sqrt(18), σ₂ = √2, a 67 % error, escape factor 9, 3⁴ = 81.
    nb.run("W0 = [3 -3; 1 1]", "W = orth(2, seed=3) * W0")
    let w = try #require(nb.session.value(of: "W")?.matrix)
    let sigma = try w.singularValues(method: .jacobi)
    #expect(abs(sigma[0] - 18.0.squareRoot()) < 1e-14 && abs(sigma[1] - 2.0.squareRoot()) < 1e-14)
    #expect(abs((sigma[0] - sigma[1]) / sigma[0] - 0.67) < 0.005)
    #expect(abs(sigma[0] * sigma[0] / (sigma[1] * sigma[1]) - 9) < 1e-12)
    // "a deliberate component of about 5e-7 along v₁ … takes over after about 7 steps"
    let v0 = [1, 1.000001].map { $0 / (1 + 1.000001 * 1.000001).squareRoot() }
    let along = abs(v0[0] - v0[1]) / 2.0.squareRoot()
    #expect(abs(along - 5e-7) < 0.1e-7)
    nb.run("g = power(W, init=[1 1.000001])", "step g 10")
    let g = try tracker(nb, "g").records
    #expect(g[4].error! > 0.1 && g[9].error! < 1e-3)
  }

  @Test func session03SpectralNormalization() throws {
    let nb = preciseNotebook()
    nb.run("W = randn(16, 8, seed=4)")
    let sigma = try #require(nb.session.value(of: "W")?.matrix).singularValues(method: .jacobi)
    // "It tends to (σ₂/σ₁)⁴ ≈ 0.61 (σ₂/σ₁ = 0.885)"
    #expect(abs(sigma[1] / sigma[0] - 0.885) < 0.0005)
    #expect(abs(Double.pow(sigma[1] / sigma[0], 4) - 0.61) < 0.005)
    // "after 30 updates σ is still 0.4 % low, so W / σ is 1.004-Lipschitz"
    nb.run("H = spectrum(16, 8, sv=[1; 0.98; linspace(0.6, 0.1, 6)], seed=4)", "h = power(H, mode=sn, seed=5)")
    nb.run("step h 10", "run h max=20")
    let h = try tracker(nb, "h").records
    #expect(h.count == 30)
    #expect(abs(h[29].error! - 0.004) < 0.0005, "\(h[29].error!)")
    #expect(abs(1 / (1 - h[29].error!) - 1.004) < 0.0005)
    // "the error falls by only 3 to 6 % per update" (after the first two)
    for k in 3 ..< 30 {
      let drop = 1 - h[k].error! / h[k - 1].error!
      #expect(drop > 0.025 && drop < 0.065, "update \(k + 1): \(drop)")
    }
  }

  @Test func session05GradientPenalty() throws {
    // "slope about 1.2 … s = 1 + W₁/(2λ) = 1.2 for λ = 10", "1.02 for λ = 100",
    // "s = −1 + 4/(2λ) = −0.8, an estimate of −3.2", "where the loss is λ = 10"
    let gp = try #require(LinearCriticLoss(method: .wganGP, meanGap: 4, lambda: 10))
    #expect(gp.bestSlope == 1.2 && abs(gp.trapSlope! + 0.8) < 1e-15 && gp.barrier == 10)
    #expect(abs(try #require(LinearCriticLoss(method: .wganGP, meanGap: 4, lambda: 100)).bestSlope - 1.02) < 1e-15)
    #expect(abs(gp.trapSlope! * 4 + 3.2) < 1e-14)
  }
}
