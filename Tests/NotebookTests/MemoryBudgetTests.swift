// The session-wide memory budget: what the variables hold counts against it, a refusal says
// so (and changes nothing), and clearing variables makes room again.

import DenseMatrix
import Testing

@testable import Notebook

@Suite struct MemoryBudgetTests {
  /// A session whose budget is 1000 doubles.
  private func notebook() -> TestNotebook {
    var settings = Settings()
    settings.memoryBudget = 8000
    return TestNotebook(settings: settings)
  }

  @Test func theVariablesHeldCountAgainstTheBudget() {
    let nb = notebook()
    #expect(nb.run("A = zeros(30, 30)") == "A : 30×30\n")
    #expect(
      nb.run("B = ones(20, 20)") == """
        error: a 20×20 matrix needs 3.2 kB, more than the 800 B left of the session's memory
          B = ones(20, 20)
              ^^^^^^^^^^^^
          note: the budget is 8 kB (what this process can allocate); the variables hold 7.2 kB
          note: 'clear' variables to make room

        """)
    #expect(nb.session.value(of: "B") == nil)
    // 100 doubles fit exactly beside A's 900.
    #expect(nb.run("B = ones(10, 10)") == "B : 10×10\n")
    nb.run("clear A")
    #expect(nb.run("C = ones(20, 20)") == "C : 20×20\n")
  }

  @Test func everyWayOfMakingAMatrixIsChecked() {
    let nb = notebook()
    nb.run("A = ones(20, 20)", "x = linspace(0, 1, 500)")
    for statement in [
      "A + 1", "A .* A", "-A", "A'", "A * A", "exp(A)", "A(:, [1:20 1:20])", "2 * A", "randn(25, 25)",
      "hilbert(25)", "max(A, 0)", "1:600", "[A A]", "x * x'",
    ] {
      #expect(nb.run(statement).contains("left of the session's memory"), "\(statement)")
    }
    // Small results pass.
    #expect(nb.run("sum(A)") == "400\n")
    #expect(nb.run("A(1, :) * A(:, 1)") == "20\n")
  }

  @Test func theDefaultBudgetIsPositiveAndBoundedByMemory() {
    #expect(MemoryBudget.processDefault > 1 << 20)
    #expect(Settings().memoryBudget == MemoryBudget.processDefault)
    #expect(MemoryBudget.text(2_048_000_000) == "2.05 GB")
    #expect(MemoryBudget.text(999) == "999 B")
    #expect(MemoryBudget.text(1_000) == "1 kB")
  }
}
