// The diagnostics of the critic functions and commands, with their exact rendered text.

import Testing

@testable import Notebook

@Suite struct CriticDiagnosticTests {
  @Test(arguments: [
    (
      "train c method=wgan-cilp",
      """
      error: unknown value 'wgan-cilp' for 'method'
        train c method=wgan-cilp
                       ^^^^^^^^^
        note: did you mean 'wgan-clip'?
        note: method is one of: wgan-clip, wgan-gp, wgan-lp, sn, wn, specreg, l2, lsgan, gan-qp, wgan, gan

      """
    ),
    (
      "compare wgan-clip sm",
      """
      error: unknown value 'sm' for 'method'
        compare wgan-clip sm
                          ^^
        note: did you mean 'sn'?
        note: method is one of: wgan-clip, wgan-gp, wgan-lp, sn, wn, specreg, l2, lsgan, gan-qp, wgan, gan

      """
    ),
    (
      "train c",
      """
      error: missing method=
        train c
        ^^^^^
        note: method is one of: wgan-clip, wgan-gp, wgan-lp, sn, wn, specreg, l2, lsgan, gan-qp, wgan, gan

      """
    ),
    (
      "train W method=sn",
      """
      error: 'W' is a 2×2 matrix; 'train' needs a critic (make one with 'c = critic()')
        train W method=sn
              ^

      """
    ),
    (
      "lip W",
      """
      error: 'W' is a 2×2 matrix; 'lip' needs a critic, a model, a BatchNorm layer or a layer's name
        lip W
            ^
        note: lip c, lip m, lip bn, lip layernorm x, lip batchnorm x, lip groupnorm x groups=G, lip weightnorm V

      """
    ),
    (
      "lip c gamma=[1 2]",
      """
      error: gamma= is an option of a layer's constant, not of a critic's
        lip c gamma=[1 2]
                    ^^^^^

      """
    ),
    (
      "train c method=sn real=normal(0, -1)",
      """
      error: σ must be a positive number
        train c method=sn real=normal(0, -1)
                                         ^^
        note: σ is the standard deviation

      """
    ),
    (
      "train c method=sn fake=\"x\"",
      """
      error: 'fake=' of 'train' must be a distribution, got a string
        train c method=sn fake="x"
                               ^^^
        note: write normal(μ, σ), uniform(a, b), mixture(…) or a vector of samples

      """
    ),
    (
      "train c method=sn clip=0.1",
      """
      error: clip applies only to wgan-clip
        train c method=sn clip=0.1
                               ^^^

      """
    ),
    (
      "train c method=wgan-gp decay=0.01",
      """
      error: decay applies only to lsgan (l2 is weight decay for the others)
        train c method=wgan-gp decay=0.01
                                     ^^^^

      """
    ),
    (
      "m = mixture(normal(0, 1), normal(2, 1), weights=[1 2 3])",
      """
      error: 3 weights for 2 components
        m = mixture(normal(0, 1), normal(2, 1), weights=[1 2 3])
                                                        ^^^^^^^
        note: give one weight per component

      """
    ),
    (
      "u = uniform(1, 1)",
      """
      error: uniform(a, b) needs finite a < b
        u = uniform(1, 1)
            ^^^^^^^^^^^^^

      """
    ),
    (
      "d = critic(hidden=[8 0])",
      """
      error: hidden widths must be whole numbers ≥ 1, got 0
        d = critic(hidden=[8 0])
                          ^^^^^

      """
    ),
    (
      "d = critic(norm=batc)",
      """
      error: unknown value 'batc' for 'norm'
        d = critic(norm=batc)
                        ^^^^
        note: did you mean 'batch'?
        note: norm is one of: none, batch, layer

      """
    ),
    (
      "train b method=wgan-gp batch=1",
      """
      error: batch must be at least 2 for BatchNorm (a variance over the batch)
        train b method=wgan-gp batch=1
                                     ^

      """
    ),
    (
      "batchvalues(b, 3)",
      """
      error: batch must be at least 2 for BatchNorm (a variance over the batch)
        batchvalues(b, 3)
                       ^

      """
    ),
  ])
  func diagnostic(statement: String, expected: String) {
    let notebook = TestNotebook()
    notebook.run("c = critic(hidden=[4], seed=1)", "W = [1 2; 3 4]")
    notebook.run("b = critic(hidden=[4], norm=batch, seed=1)")
    #expect(notebook.run(statement) == expected)
    // The session is unchanged: b is still the untrained critic.
    #expect(notebook.critic("b")?.method == nil)
  }
}

@Suite struct CriticWeightFunctionTests {
  @Test func weightIsTheAppliedMatrixOfALayer() throws {
    let notebook = TestNotebook()
    notebook.run("c = critic(hidden=[3 2], seed=5)", "W = weight(c, 2)")
    guard case .matrix(let w) = notebook.session.value(of: "W") else {
      Issue.record("W is not a matrix")
      return
    }
    #expect(w == notebook.critic("c")?.critic.layers[1].weight)
    #expect(notebook.run("weight(c, 4)") == """
      error: the critic has layers 1 to 3, got 4
        weight(c, 4)
                  ^
        note: 1→3→2→1 leaky(0.2)

      """)
  }
}

@Suite struct CriticCompletionTests {
  func completions(_ line: String) -> [String] {
    let notebook = TestNotebook()
    notebook.run("c = critic(hidden=[4], seed=1)")
    return notebook.session.completions(in: line, cursor: line.count)
  }

  @Test func methodWordsAreOffered() {
    #expect(completions("train c method=wgan-").sorted() == ["wgan-clip", "wgan-gp", "wgan-lp"])
    #expect(completions("compare wgan-gp s").sorted() == ["seed=", "sn", "specreg", "steps="])
    #expect(completions("train c real=nor").contains("normal"))
    #expect(completions("lip ").contains("c"))
    #expect(completions("lip layer") == ["layernorm"])
    #expect(completions("lip c gam").contains("gamma="))
  }
}
