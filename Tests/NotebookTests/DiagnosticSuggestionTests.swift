// Did-you-mean suggestions: edit distance, thresholds and tie-breaking.

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
] as [(String, [String], String?)])
func suggestion(name: String, candidates: [String], expected: String?) {
  #expect(Suggestion.nearest(to: name, in: candidates) == expected)
}

@Test func editDistance() {
  #expect(Suggestion.distance(Array("kitten"), Array("sitting")) == 3)
  #expect(Suggestion.distance(Array(""), Array("abc")) == 3)
  #expect(Suggestion.distance(Array("same"), Array("same")) == 0)
}
