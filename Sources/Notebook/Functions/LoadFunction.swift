// `load("file")`: a matrix from a file, in whichever format `MatrixFormat` recognises, or a
// model's named tensors from a safetensors or .npz file.

extension FunctionTable {
  static var loadFunction: FunctionSpec {
    FunctionSpec(
      "load",
      summary: "read a matrix from a CSV file, a matrix or tensor from a NumPy .npy file, or a model's weights from a .safetensors or .npz file",
      help: [
        "A file named *.safetensors gives weights: a model's named tensors, in file order. show w lists each tensor's name, stored dtype and shape, and w(\"encoder.0.weight\") is one of them, a matrix (rank 1 or 2) or a tensor usable everywhere. Every safetensors dtype of numbers is read exactly as doubles: F64, F32, F16 and BF16, the signed and unsigned integers of 1 to 8 bytes, and BOOL (as 0 and 1); a scalar (shape ()) is a number. A file is refused, with the tensor named, where the safetensors reference refuses it: a header over 100 MB or longer than the file, not UTF-8 or not a JSON object, __metadata__ values that are not strings, an unknown dtype, offsets that are not contiguous from 0 (a gap or an overlap), a byte length that is not the elements times the element size, or bytes after the last tensor; the element count is checked against the limit before anything is allocated, and the data is read once, in order. A file named *.npz (NumPy's savez or savez_compressed: stored or deflated members, with their CRC-32 checked) gives weights the same way, one tensor per member, named without its .npy. A load that takes over a second shows a progress bar at a terminal; Ctrl-C stops it, and nothing is assigned. save w \"copy.safetensors\" writes weights back.",
        "A file named *.npy (or starting with NumPy's magic string) is read as .npy: float64, float32, signed and unsigned integers of 1 to 8 bytes and bool (as 0 and 1), either byte order, C or Fortran order; a 1-D array becomes a column, a 2-D array a matrix, and a 3-D or 4-D array a tensor (show prints it slice by slice). A 64-bit integer that a double cannot hold exactly (beyond 2⁵³) is an error.",
        "Every entry is held as a double, but a matrix read from float32 data remembers it: its entries carry float32's rounding, so rank's default tolerance and the rounding level of cond and svd use float32's ε = 2⁻²³ ≈ 1.19e-7 for it, as NumPy does, and rank, cond, norms and svd print a note line naming that ε. A copy (V = W), the transpose W', indexing and slicing (W(1:3, :)) keep the mark, and show prints the same entries; save writes float64, which loads back as an ordinary matrix; anything that computes new values (arithmetic, element-wise functions, reductions, W^k, sn(W)) gives an ordinary double matrix, and so do brackets ([W, V]) and every other file and type.",
        "Anything else is text: numbers separated by commas (a line with a comma) or by spaces and tabs, one row per line; blank lines and lines starting with # are skipped. The first line is a header, and skipped, only when none of its cells is or starts like a number: x,y is a header, while 1;2 is data and an error naming the ';' (no other character separates). Every row needs as many numbers as the first. A number too large for a double (1e400) or one that underflows to 0 (1e-400) is an error, as it is in a literal.",
        "The path is relative to the working directory. Only a regular file is read (not a device or a FIFO), and a file larger than a matrix within the element limit ('set limit=N') can be is refused before it is read. save W \"w.npy\" and save W \"w.csv\" write files that load reads back exactly.",
      ],
      signature: Signature([Parameter("file")])
    ) { a throws(Diagnostic) in
      guard case .string(let path) = try a.value(0) else {
        throw Diagnostic("the file name must be a string in quotes", at: a.range(0))
      }
      do throws(Diagnostic) {
        if let format = ArchiveFormat(path: path) {
          return .object(WeightsValue(try format.read(path: path, limit: a.elementLimit)))
        }
        return Value(try MatrixFile.readTensor(path: path, limit: a.elementLimit))
      } catch {
        throw error.located(at: a.range(0))
      }
    }
  }
}
