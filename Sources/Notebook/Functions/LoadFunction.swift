// `load("file")`: a matrix from a file, in whichever format `MatrixFormat` recognises.

extension FunctionTable {
  static var loadFunction: FunctionSpec {
    FunctionSpec(
      "load",
      summary: "read a matrix from a CSV file or a NumPy .npy file",
      help: [
        "A file named *.npy (or starting with NumPy's magic string) is read as .npy: float64 or float32, C or Fortran order; a 1-D array becomes a column. Anything else is text: numbers separated by commas or whitespace, one row per line. The path is relative to the working directory. Only a regular file is read (not a device or a FIFO), and a file larger than a matrix within the element limit ('set limit=N') can be is refused before it is read."
      ],
      signature: Signature([Parameter("file")])
    ) { a throws(Diagnostic) in
      guard case .string(let path) = try a.value(0) else {
        throw Diagnostic("the file name must be a string in quotes", at: a.range(0))
      }
      do throws(Diagnostic) {
        return .matrix(try MatrixFile.read(path: path, limit: a.elementLimit))
      } catch {
        throw error.located(at: a.range(0))
      }
    }
  }
}
