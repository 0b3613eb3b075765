// Did-you-mean suggestions: edit distance (transpositions included), thresholds, tie-breaking,
// and which names a misspelt word is compared with.

import Testing

@testable import Notebook

@Test(arguments: [
  ("nrm2", ["norm1", "norm2", "fro"], "norm2"),
  ("sed", ["set", "seed"], "seed"),  // distance 1 to both: alphabetical
  ("norms", ["norm2", "show"], "norm2"),
  ("Wx", ["W", "x"], "W"),
  ("Q", ["A", "B"], nil),
  ("digts", ["digits", "width"], "digits"),
  ("SEED", ["seed"], "seed"),
  ("zzzzzz", ["zeros"], nil),
  ("a", ["a"], nil),
  ("nrom2", ["norm1", "norm2", "fro"], "norm2"),  // swapped letters: one edit
  ("widht", ["digits", "width", "limit", "plot"], "width"),
  ("hlep", ["help", "show", "vars", "quit"], "help"),
  ("qiut", ["help", "show", "vars", "quit"], "quit"),
  ("ab", ["ba"], "ba"),  // a swap of the only two letters is still one edit
] as [(String, [String], String?)])
func suggestion(name: String, candidates: [String], expected: String?) {
  #expect(Suggestion.nearest(to: name, in: candidates) == expected)
}

@Test func editDistance() {
  #expect(Suggestion.distance(Array("kitten"), Array("sitting")) == 3)
  #expect(Suggestion.distance(Array(""), Array("abc")) == 3)
  #expect(Suggestion.distance(Array("same"), Array("same")) == 0)
}

@Test(arguments: [
  ("nrom2", "norm2", 1),
  ("widht", "width", 1),
  ("ab", "ba", 1),
  ("abcd", "badc", 2),  // two separate swaps
  ("abc", "ca", 3),  // restricted: a swapped pair is not edited again (full Damerau gives 2)
  ("vras", "vars", 1),
  ("kitten", "sitting", 3),
])
func transpositionCostsOne(a: String, b: String, expected: Int) {
  #expect(Suggestion.distance(Array(a), Array(b)) == expected)
  #expect(Suggestion.distance(Array(b), Array(a)) == expected)
}

/// What `input` prints in a language-only session after `setup`.
private func rendered(_ input: String, after setup: String...) -> String {
  let nb = TestNotebook(languageOnly: true)
  for statement in setup { nb.run(statement) }
  return nb.run(input)
}

@Test func aMisspeltCommandAloneSuggestsTheCommand() {
  #expect(
    rendered("vras") == """
      error: unknown variable 'vras'
        vras
        ^^^^
        note: did you mean 'vars'?

      """)
  #expect(
    rendered("hlep  # comment") == """
      error: unknown variable 'hlep'
        hlep  # comment
        ^^^^
        note: did you mean 'help'?

      """)
}

@Test func aNearVariableWinsOverANearCommand() {
  // 'vaes' is one edit from the variable 'vans' and from the command 'vars'.
  #expect(
    rendered("vaes", after: "vans = 1") == """
      error: unknown variable 'vaes'
        vaes
        ^^^^
        note: did you mean 'vans'?

      """)
}

@Test func commandsAreNotSuggestedInsideExpressions() {
  #expect(
    rendered("x = vras") == """
      error: unknown variable 'vras'
        x = vras
            ^^^^

      """)
  #expect(
    rendered("vras + 1") == """
      error: unknown variable 'vras'
        vras + 1
        ^^^^

      """)
}
