// The numbers session 00's comments state, each checked against the transcript the session
// replays to (SessionsTests holds the transcript to the replay; FitCommandTests holds every
// number of a fit report to an independent computation from the model).

import Foundation
import Testing

@testable import Notebook

@Suite struct SessionClaimsFitTests {
  /// The recorded transcript of session 00.
  static let transcript: String = {
    (try? String(contentsOfFile: packageRoot + "/sessions/00-lipschitz-and-generalization.out", encoding: .utf8)) ?? ""
  }()

  /// The output of the statement that starts with `prefix`, up to the next prompt or comment.
  static func output(of prefix: String) -> String {
    let lines = transcript.split(separator: "\n", omittingEmptySubsequences: false)
    guard let start = lines.firstIndex(where: { $0.hasPrefix("liplab> " + prefix) }) else { return "" }
    let rest = lines[(start + 1)...]
    let end = rest.firstIndex { $0.hasPrefix("liplab> ") || $0.hasPrefix("#") } ?? lines.endIndex
    return lines[(start + 1) ..< end].joined(separator: "\n")
  }

  /// The report row `label` of the fit of `model`.
  static func fitted(_ model: String, _ label: String) throws -> Double {
    try #require(number(label, in: output(of: "fit \(model) ")))
  }

  /// The sweep's row for λ (its cells: λ, train, test, ‖f‖_L, Π‖W_l‖₂, sensitivity, status).
  static func sweep(_ lambda: String) throws -> [Double] {
    let row = try #require(firstRow(lambda, in: output(of: "sweep r ")))
    return row.dropFirst().dropLast().compactMap(Double.init)
  }

  static func near(_ value: Double, _ claim: Double, digits: Double) -> Bool {
    abs(value - claim) <= 0.5 * Foundation.pow(10, Foundation.floor(Foundation.log10(abs(claim))) - digits + 1)
  }

  @Test func session00Claims() throws {
    #expect(!Self.transcript.isEmpty)
    // "The target's slope is 3·cos(3x): its largest |slope| … is 3 (at x = 0)."
    let slopes = (0 ... 2000).map { 3 * Foundation.cos(3 * (-1 + Double($0) / 1000)) }
    #expect(slopes.map(abs).max() == 3 && slopes[1000] == 3)

    // No constraint.
    let (train, test) = (try Self.fitted("m", "train MSE"), try Self.fitted("m", "test MSE"))
    #expect(Self.near(train, 0.0026, digits: 2) && Self.near(test, 0.0097, digits: 2))
    #expect(train / test > 0.2 && train / test < 0.3, "about a quarter")
    let lip = try Self.fitted("m", "‖f‖_L")
    #expect(Self.near(lip, 4.1, digits: 2) && lip > 3)
    let sensitivity = try Self.fitted("m", "sensitivity")
    #expect(sensitivity == lip, "the sensitivity reaches ‖f‖_L")
    let product = try Self.fitted("m", "Π‖W_l‖₂")
    #expect(Self.near(product, 17, digits: 2) && Self.near(product / lip, 4, digits: 1))

    // l2, and ‖W‖F ≥ ‖W‖₂ on its second layer.
    #expect(Self.near(try Self.fitted("a", "test MSE"), 0.0078, digits: 2))
    #expect(Self.near(try Self.fitted("a", "‖f‖_L"), 3.6, digits: 2))
    let norms = Self.output(of: "norms weight(a, 2)")
    let (frobenius, spectral) = (try #require(number("‖W‖F", in: norms)), try #require(number("‖W‖₂", in: norms)))
    #expect(frobenius >= spectral)

    // specreg at λ = 0.01: ‖f‖_L the target's 3.0, the lowest test error of the three.
    let specreg = try Self.fitted("s", "test MSE"), l2 = try Self.fitted("a", "test MSE")
    #expect(Self.near(try Self.fitted("s", "‖f‖_L"), 3.0, digits: 2))
    #expect(Self.near(specreg, 0.0072, digits: 2) && specreg < test && specreg < l2)
    #expect(Self.near(try Self.fitted("s", "train MSE"), 0.0083, digits: 2))

    // sn: Π‖W_l/σ_l‖₂ = 1.01, a test error of 0.13.
    #expect(Self.near(try Self.fitted("n", "Π‖W_l‖₂"), 1.01, digits: 3))
    let (snLip, snProduct) = (try Self.fitted("n", "‖f‖_L"), try Self.fitted("n", "Π‖W_l‖₂"))
    #expect(snLip <= snProduct)
    #expect(Self.near(try Self.fitted("n", "test MSE"), 0.13, digits: 2))

    // The sweep.
    let small = try Self.sweep("0.0001"), large = try Self.sweep("0.1"), best = try Self.sweep("0.01")
    #expect(Self.near(small[2], 4.4, digits: 2) && Self.near(small[1], 0.0097, digits: 2))
    #expect(Self.near(large[2], 1.4, digits: 2) && large[0] > 0.08 && large[1] > 0.08)
    #expect(Self.output(of: "sweep r ").contains("the lowest test error is at λ = 0.01\n"))
    #expect(Self.near(best[2], 3, digits: 2))
    // The same start and settings as 's': the same fit.
    #expect(best[1] == specreg)
  }
}
