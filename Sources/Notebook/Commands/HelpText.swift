// The text of `help` and `help <topic>`, generated from the same tables that dispatch commands
// and functions (and, for `help methods`, the critics' method table), so the documentation
// cannot drift from what runs.

import Critics

/// Builds help pages from the command and function tables.
struct HelpText {
  let commands: CommandTable
  let functions: FunctionTable

  /// Every topic `help` knows: the command and function names, `syntax`, `methods` and each
  /// method's name.
  var topics: [String] {
    Array(Set(commands.names + functions.names + ["syntax", "methods"] + Method.allCases.map(\.rawValue)))
      .sorted()
  }

  /// `help specreg`: one training method, as a critic method and, for those that have one, as a
  /// fit method.
  func method(_ method: Method, width: Int) -> [String] {
    var lines = ["method \(method.rawValue) of 'train c method=\(method.rawValue)' and 'compare'"]
    lines += wrap(method.summary + ".", indent: "  ", width: width - 2)
    if WeightPenaltyLesson.applies(to: method) {
      lines += [""] + wrap(WeightPenaltyLesson.text, indent: "  ", width: width - 2)
    }
    if let fit = FitMethod(rawValue: method.rawValue) {
      lines += [""] + wrap("In 'fit m x y method=\(fit.rawValue)': \(fit.summary).", indent: "  ", width: width - 2)
    }
    lines.append("type 'help train' for the options that override the defaults")
    return lines
  }

  /// `help methods`: the training methods of `train` and `compare`, one each.
  func methods(width: Int) -> [String] {
    let column = Method.allCases.map(\.rawValue.count).max() ?? 0
    let indent = String(repeating: " ", count: column + 4)
    var lines = ["methods of 'train c method=…' and 'compare …', each with its paper's defaults:"]
    for method in Method.allCases {
      // NOTE: one line each: a summary too long for the width loses its parenthesised
      // defaults, which 'help train' lists in full.
      var summary = method.summary
      if indent.count + summary.count > width,
        let cut = summary.indices.first(where: { summary[$0...].hasPrefix(" (") })
      {
        summary = String(summary[..<cut])
      }
      var wrapped = wrap(summary, indent: indent, width: width)
      wrapped[0] = "  " + method.rawValue.padding(to: column) + "  " + wrapped[0].dropFirst(indent.count)
      lines += wrapped
    }
    lines.append("type 'help train' for the options that override the defaults")
    return lines
  }

  /// The language reference shown by `help syntax`.
  static let syntax = [
    "syntax: one statement per line",
    "  name = expr           assign; prints a one-line confirmation (W : 2×2, x = 4)",
    "  expr                  print the value",
    "  verb arg key=value    a command; arguments are split at spaces, so wrap",
    "                        an expression with spaces in parentheses: show (A + B)",
    "  # starts a comment; an open [ or ( continues the statement on the next line,",
    "  unless that line is a command or an assignment: the bracket is then reported",
    "  and the line starts the next statement.",
    "values:",
    "  numbers 1, 2.5, 1e-12; strings \"file.csv\"; constants pi, Inf, NaN",
    "  [1 2; 3 4]            a matrix: elements by spaces or commas, rows by ; or new",
    "                        lines; blocks join side by side and stacked: [A b; c' 1]",
    "  [1 -2] has two elements, [1 - 2] and [1-2] one: inside [ ], a sign with a",
    "  space before it and none after starts a new element.",
    "  randn(4, 6, 3, 3)     a tensor (a batch N×C×H×W): zeros, ones, rand, randn",
    "                        with 3 or 4 sizes, reshape(x, 4, 6, 9), load(\"x.npy\")",
    "operators, loosest first:",
    "  a:b a:s:b   + -   * / .* ./   unary -   ^ .^   postfix ' (i, j) .name",
    "  + - .* ./ .^ are element-wise and broadcast: a number over a matrix (W + 1),",
    "  a row over every row and a column over every column ([1 2] + [10; 20] is",
    "  2×2); * is the matrix product (or scales by a number), / divides by a number,",
    "  ^ is a number's power or a square matrix's power W^3 = W*W*W (whole exponents",
    "  ≥ 0); .^ is the element-wise power. ^ binds tighter than a leading minus and",
    "  groups to the right: -2^2 is -4, 2^3^2 is 512. A power that is not a real",
    "  number, as (-8)^(1/3) or sqrt(-1), is an error.",
    "  a:b is the row a, a+1, …, b; a:s:b steps by s (0:0.25:1).",
    "  Tensors broadcast the same way, aligned at the last dimension, and a vector",
    "  of C entries against an N×C×… tensor is one value per channel (x + [1 2 3]).",
    "indexing, from 1, as in Octave:",
    "  W(i, j)               row i, column j; W(2, :) a row, W(:, 3) a column; i and",
    "                        j may be vectors or ranges: W(1:2, [3 1]); end is the",
    "                        last: W(end, :); v(i) indexes a vector (row or column).",
    "  x(n, c, i, j)         one index per dimension of a tensor: x(1, :, :, :) is",
    "                        the first sample, a 1×C×H×W tensor.",
    "  W'(1, 2), size(W)(1)  any value can be indexed: write ( right after it.",
    "  c(x)                  a critic f evaluated at every entry of x, in x's shape.",
    "  p.sigma               a member of an object: p.sigma, p.u, p.v and p.k of a",
    "                        power tracker (its estimate, vectors and steps).",
    "calls: f(a, b, key=value); 'help' lists the functions, 'help f' explains one.",
  ]

  /// The overview: every command and function with its summary, wrapped to `width` columns.
  func overview(width: Int = 80) -> [String] {
    let longest = max(
      commands.specs.map(\.usage.count).max() ?? 0, functions.specs.map(\.usage.count).max() ?? 0)
    let column = min(longest, 24)
    let indent = String(repeating: " ", count: column + 4)
    func row(_ usage: String, _ summary: String) -> [String] {
      let wrapped = wrap(summary, indent: indent, width: max(width, column + 24))
      if usage.count > column { return wrappedLine(usage, at: " [", width: width, indent: "  ", hang: 4) + wrapped }
      var lines = wrapped
      lines[0] = "  " + usage.padding(to: column) + "  " + lines[0].dropFirst(indent.count)
      return lines
    }
    var lines = ["commands:"]
    for spec in commands.specs { lines += row(spec.usage, spec.summary) }
    lines.append("functions:")
    for spec in functions.specs { lines += row(spec.usage, spec.summary) }
    lines.append("type 'help <name>' for one command or function, 'help syntax' for the language,")
    lines.append("'help methods' for the ways of training a critic")
    return lines
  }

  /// The page for one command or function, or nil for an unknown topic.
  func topic(_ name: String, width: Int = 80) -> [String]? {
    if name == "syntax" { return HelpText.syntax }
    if name == "methods" { return methods(width: width) }
    var lines: [String] = []
    if let spec = commands[name] {
      lines += page(usage: spec.usage, summary: spec.summary, help: spec.help, signature: spec.signature, width: width)
    }
    if let spec = functions[name] {
      if !lines.isEmpty { lines.append("") }
      lines += page(usage: spec.usage, summary: spec.summary, help: spec.help, signature: spec.signature, width: width)
    }
    if let method = Method(rawValue: name) {
      if !lines.isEmpty { lines.append("") }
      lines += self.method(method, width: width)
    }
    return lines.isEmpty ? nil : lines
  }

  private func page(usage: String, summary: String, help: [String], signature: Signature, width: Int) -> [String] {
    var lines = wrappedLine(usage, at: " [", width: width, indent: "", hang: 4)
      + wrap(summary, indent: "  ", width: width - 2)
    for paragraph in help { lines += [""] + wrap(paragraph, indent: "  ", width: width - 2) }
    if !signature.options.isEmpty {
      lines.append("options:")
      let keyWidth = signature.options.map(\.key.count).max() ?? 0
      let indent = String(repeating: " ", count: keyWidth + 5)
      for option in signature.options {
        var wrapped = wrap(option.help, indent: indent, width: max(width, indent.count + 30))
        if wrapped.isEmpty { wrapped = [indent] }
        wrapped[0] = "  " + (option.key + "=").padding(to: keyWidth + 1) + "  "
          + wrapped[0].dropFirst(indent.count)
        lines += wrapped
      }
    }
    return lines
  }

  /// Splits `text` into lines of at most `width` characters at spaces.
  private func wrap(_ text: String, indent: String, width: Int) -> [String] {
    var lines: [String] = []
    var line = indent
    for word in text.split(separator: " ") {
      if line.count > indent.count && line.count + 1 + word.count > width {
        lines.append(line)
        line = indent
      }
      line += (line.count > indent.count ? " " : "") + word
    }
    if line.count > indent.count { lines.append(line) }
    return lines
  }
}
