// Values the language holds besides numbers, strings and matrices: power-iteration trackers,
// critics, distributions… Each kind conforms to `NotebookObject`, so a new kind of object is a new
// file, not an edit to `Value`.

/// A non-matrix value a notebook variable can hold.
public protocol NotebookObject: Sendable {
  /// The type's name as shown to users (`power`, `critic`, `distribution`).
  var typeName: String { get }
  /// A one-line summary for `vars` and for printing the value, with numbers formatted by the
  /// session's `NumberFormat`.
  func summary(_ format: NumberFormat) -> String
  /// Lines printed below the summary when the value itself is printed (`show m`, or `m` alone),
  /// not in `vars` or an assignment's confirmation; none by default.
  func detailLines(_ format: NumberFormat) -> [String]
  /// The names `value.name` reads (`p.sigma`), in the order help lists them; none by default.
  var memberNames: [String] { get }
  /// The member called `name`, one of `memberNames`.
  /// - Throws: a diagnostic (without a position) when it has no value yet.
  func member(_ name: String) throws(Diagnostic) -> Value
  /// The doubles it holds, counted against the session's memory budget (0 by default).
  var elementCount: Int { get }
}

extension NotebookObject {
  /// No lines below the summary.
  public func detailLines(_ format: NumberFormat) -> [String] { [] }
  /// No members.
  public var memberNames: [String] { [] }
  /// Nothing large.
  public var elementCount: Int { 0 }
  /// No members: always throws.
  public func member(_ name: String) throws(Diagnostic) -> Value {
    throw Diagnostic("a \(typeName) has no member '\(name)'")
  }
}
