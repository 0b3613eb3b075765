// safetensors reading: every dtype against the values NumPy decodes (Fixtures/networks, written
// by generate.py), every rejection of the reference implementation with its exact message, the
// element limit, and the JSON parser the header goes through.

import DenseMatrix
import Testing

@testable import Notebook

let networksDirectory = fixturesDirectory + "/networks"

@Suite struct FilesSafetensorsTests {
  func archive(_ file: String, limit: Int = Matrix.defaultElementLimit) throws(Diagnostic) -> TensorArchive {
    try SafetensorsReader.read(path: networksDirectory + "/" + file, limit: limit)
  }

  func message(_ file: String, limit: Int = Matrix.defaultElementLimit) -> String? {
    diagnostic { () throws(Diagnostic) in _ = try archive(file, limit: limit) }?.message
      .replacing(networksDirectory + "/", with: "")
  }

  static let dtypes = ["F64", "F32", "F16", "BF16", "I64", "I32", "I16", "I8", "U64", "U32", "U16", "U8", "BOOL"]

  @Test(arguments: dtypes)
  func everyDtypeIsReadExactlyAsNumPyDecodesIt(dtype: String) throws {
    let model = try archive("dtypes.safetensors")
    let found = try #require(model.tensor(named: dtype.lowercased()))
    let expected = try MatrixFile.readTensor(path: networksDirectory + "/expected-\(dtype.lowercased()).npy")
    #expect(found.dtype == dtype)
    #expect(found.tensor.shape == expected.shape)
    // Bit for bit (the F16 fixture holds -0 and +Inf).
    #expect(found.tensor.elements.map(\.bitPattern) == expected.elements.map(\.bitPattern))
    #expect((found.tensor.precision == .single) == ["F32", "F16", "BF16"].contains(dtype))
  }

  @Test func tensorsKeepFileOrderAndMetadata() throws {
    let model = try archive("dtypes.safetensors")
    #expect(model.tensors.map(\.name) == Self.dtypes.map { $0.lowercased() })
    #expect(model.metadata.map(\.key) == ["format", "note"])
    #expect(model.metadata.map(\.value) == ["pt", "liplab fixtures"])
  }

  @Test func aScalarIsOneEntryAndAKernelKeepsItsFourDimensions() throws {
    let model = try archive("scalar-and-kernel.safetensors")
    let scalar = try #require(model.tensor(named: "bn.num_batches_tracked"))
    #expect(scalar.tensor.elements == [7])
    #expect(scalar.shapeText == "()")
    let kernel = try #require(model.tensor(named: "conv.weight"))
    #expect(kernel.tensor == (try MatrixFile.readTensor(path: networksDirectory + "/expected-kernel.npy")))
    #expect(kernel.shapeText == "2×3×2×2")
  }

  @Test(arguments: [
    ("bad-short.safetensors", "'bad-short.safetensors' is not a safetensors file: it has 3 bytes, fewer than the 8 of its header length"),
    ("bad-header-too-large.safetensors", "'bad-header-too-large.safetensors' declares a safetensors header of 100000001 bytes, over the limit of 100 MB"),
    ("bad-header-past-end.safetensors", "'bad-header-past-end.safetensors' is truncated: its safetensors header needs 64 bytes, the file has 7"),
    ("bad-not-utf8.safetensors", "'bad-not-utf8.safetensors' has a safetensors header that is not UTF-8"),
    ("bad-start.safetensors", "'bad-start.safetensors' has a safetensors header that does not start with '{'"),
    ("bad-json.safetensors", "'bad-json.safetensors' has a malformed safetensors header: expected a key at byte 30"),
    ("bad-metadata.safetensors", "'bad-metadata.safetensors' has __metadata__ value 'epochs' that is a number; safetensors metadata values are strings"),
    ("bad-dtype.safetensors", "'bad-dtype.safetensors' tensor 'w' has dtype 'Q4', which liplab does not read (it reads F64, F32, F16, BF16, I64, I32, I16, I8, U64, U32, U16, U8, BOOL)"),
    ("bad-gap.safetensors", "'bad-gap.safetensors' tensor 'w' starts at byte 8 of the data, leaving a gap after byte 0 (offsets must be contiguous from 0)"),
    ("bad-overlap.safetensors", "'bad-overlap.safetensors' tensor 'b' starts at byte 8 of the data, overlapping the tensor before it, which ends at 16"),
    ("bad-length.safetensors", "'bad-length.safetensors' tensor 'w' has 12 bytes of data (offsets [0, 12]), but 4 elements of F32 need 16"),
    ("bad-trailing.safetensors", "'bad-trailing.safetensors' has 3 bytes after its last tensor's data"),
    ("bad-truncated.safetensors", "'bad-truncated.safetensors' is truncated: its tensors need 16 bytes of data, the file has 10"),
    ("bad-inexact.safetensors", "'bad-inexact.safetensors' tensor 'n' entry 2 is an I64 integer that a double cannot hold exactly"),
    ("bad-rank5.safetensors", "'bad-rank5.safetensors' tensor 'w' has 5 dimensions; liplab reads tensors of 0 to 4"),
  ])
  func everyRejectionNamesTheFileAndTheTensor(file: String, expected: String) {
    #expect(message(file) == expected)
  }

  @Test func theElementLimitIsCheckedBeforeReading() {
    // dtypes.safetensors holds 6+6+7+6+3+3+6+6+3+2+4+4+3 = 59 entries.
    #expect(message("dtypes.safetensors", limit: 58) == "'dtypes.safetensors' holds 59 elements in its tensors, more than the limit of 58")
    #expect(message("dtypes.safetensors", limit: 59) == nil)
  }

  @Test func halfPrecisionDecodesEveryClassExactly() {
    #expect(SafetensorsDType.halfToDouble(0x3C00) == 1)
    #expect(SafetensorsDType.halfToDouble(0x0001) == 0x1p-24)  // smallest subnormal
    #expect(SafetensorsDType.halfToDouble(0x03FF) == 1023 * 0x1p-24)  // largest subnormal
    #expect(SafetensorsDType.halfToDouble(0x0400) == 0x1p-14)  // smallest normal
    #expect(SafetensorsDType.halfToDouble(0x7BFF) == 65504)
    #expect(SafetensorsDType.halfToDouble(0xFC00) == -.infinity)
    #expect(SafetensorsDType.halfToDouble(0x7E00).isNaN)
    #expect(SafetensorsDType.halfToDouble(0x8000).bitPattern == (-0.0).bitPattern)
  }
}

@Suite struct JSONValueTests {
  func parse(_ text: String) throws(JSONError) -> JSONValue {
    try Array(text.utf8).withUnsafeBytes { raw in Result { () throws(JSONError) in try JSONValue.parse(raw) } }.get()
  }

  func error(_ text: String) -> JSONError? {
    do { _ = try parse(text) } catch { return error }
    return nil
  }

  @Test func valuesOfEveryKind() throws {
    #expect(
      try parse(#" {"a": [1, -2, 3.5e2, true, false, null], "b\u00e9\n": "x\"\\\/\ud83d\ude00"} "#)
        == .object([
          ("a", .array([.integer(1), .integer(-2), .number(350), .bool(true), .bool(false), .null])),
          ("bé\n", .string("x\"\\/😀")),
        ]))
    #expect(try parse("9007199254740993") == .integer(9_007_199_254_740_993))  // kept exactly
    #expect(try parse("[]") == .array([]))
    #expect(try parse("{}") == .object([]))
  }

  @Test(arguments: [
    ("{\"a\": 1,}", JSONError(reason: "expected a key", offset: 8)),
    ("[1 2]", JSONError(reason: "expected ',' or ']'", offset: 3)),
    ("{\"a\": 1, \"a\": 2}", JSONError(reason: "the key \"a\" appears twice", offset: 12)),
    ("01", JSONError(reason: "a number with a leading zero", offset: 2)),
    ("\"\\ud800x\"", JSONError(reason: "expected '\\u'", offset: 7)),
    ("\"a\tb\"", JSONError(reason: "a control character in a string", offset: 3)),
    ("1 2", JSONError(reason: "text after the value", offset: 2)),
    ("", JSONError(reason: "unexpected end", offset: 0)),
  ])
  func malformedTextIsAnErrorAtItsByte(text: String, expected: JSONError) {
    #expect(error(text) == expected)
  }

  @Test func deepNestingIsRefusedWithoutExhaustingTheStack() {
    #expect(error(String(repeating: "[", count: 100_000))?.reason == "nested too deeply")
    #expect(error(String(repeating: "[", count: 64) + String(repeating: "]", count: 64)) == nil)
  }
}

@Suite struct ModelValueTests {
  let path = networksDirectory + "/scalar-and-kernel.safetensors"

  @Test func loadGivesAModelThatShowAndVarsDescribe() {
    let nb = TestNotebook()
    #expect(nb.run("m = load(\"\(path)\")") == "m : weights  2 tensors, 25 parameters (I64 F32)\n")
    let table = [
      "  name" + String(repeating: " ", count: 18) + "  dtype  shape",
      "  bn.num_batches_tracked  I64    ()",
      "  conv.weight" + String(repeating: " ", count: 11) + "  F32    2×3×2×2",
    ]
    #expect(nb.run("show m") == (["m : weights  2 tensors, 25 parameters (I64 F32)"] + table).joined(separator: "\n") + "\n")
    #expect(nb.run("vars") == "  m  weights   2 tensors, 25 parameters (I64 F32)\n")
  }

  @Test func aTensorComesOutByName() throws {
    let nb = TestNotebook()
    nb.run("m = load(\"\(path)\")")
    #expect(nb.run("k = m(\"conv.weight\")") == "k : 2×3×2×2 tensor\n")
    guard case .tensor(let k) = nb.session.value(of: "k") else {
      Issue.record("k is not a tensor")
      return
    }
    #expect(k == (try MatrixFile.readTensor(path: networksDirectory + "/expected-kernel.npy")))
    #expect(nb.run("m(\"bn.num_batches_tracked\") + 1") == "8\n")
  }

  @Test func anUnknownNameOrAnIndexIsAnErrorUnderIt() {
    let nb = TestNotebook()
    nb.run("m = load(\"\(path)\")")
    #expect(
      nb.run("m(\"conv.weigth\")") == """
        error: the weights have no tensor 'conv.weigth'
          m("conv.weigth")
            ^^^^^^^^^^^^^
          note: did you mean 'conv.weight'?
          note: show the weights to list their 2 tensors

        """)
    #expect(nb.run("m(1)").hasPrefix("error: loaded weights are indexed by one tensor name in quotes"))
  }
}

/// The fractions a load reports, in order.
private final class FractionLog: @unchecked Sendable {
  var fractions: [Double] = []
}

@Suite struct LoadProgressTests {
  let scratch = TemporaryDirectory()
  var directory: String { scratch.path }

  /// A file of three tensors, the middle one 2.4 MB (three read blocks).
  func largeArchive() throws -> String {
    var big = Tensor(shape: [300, 1000])
    for i in big.elements.indices { big.elements[i] = Double(i % 977) }
    let archive = TensorArchive(tensors: [
      NamedTensor(name: "a", dtype: "F64", tensor: Tensor(shape: [3], repeating: 1)),
      NamedTensor(name: "big", dtype: "F64", tensor: big),
      NamedTensor(name: "c", dtype: "F32", tensor: Tensor(shape: [2, 2], repeating: 0.5)),
    ])
    let path = directory + "/large.safetensors"
    try archive.write(to: path)
    return path
  }

  @Test func aLoadReportsRisingProgressToTheEnd() throws {
    let path = try largeArchive()
    let log = FractionLog()
    let model = try Interruption.withCheck({ false }, progress: { log.fractions.append($0) }) { () throws(Diagnostic) in
      try ArchiveFormat.safetensors.read(path: path, limit: .max)
    }
    #expect(model.tensors.map(\.name) == ["a", "big", "c"])
    #expect(log.fractions.count >= 4)
    #expect(log.fractions == log.fractions.sorted())
    #expect(log.fractions.last == 1)
  }

  @Test func ctrlCStopsALoad() throws {
    let path = try largeArchive()
    let log = FractionLog()
    // The check turns true once the first block of the large tensor has been read.
    let error = diagnostic { () throws(Diagnostic) in
      _ = try Interruption.withCheck({ log.fractions.count > 1 }, progress: { log.fractions.append($0) }) { () throws(Diagnostic) in
        try ArchiveFormat.safetensors.read(path: path, limit: .max)
      }
    }
    #expect(error?.message == "interrupted")
    #expect(log.fractions.count == 2)
  }
}
