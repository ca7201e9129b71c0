/// Out-of-place transpose of raw buffers. BLAS has no portable transpose (`somatcopy` is an
/// OpenBLAS extension), and the sparse products need row-major copies of dense operands.
enum Transpose {
    /// Writes the transpose of `src` (`rows × cols`, column-major) into `dst` (`cols × rows`,
    /// column-major). Works in 32 × 32 tiles so reads and writes both stay in cache.
    static func copy(_ src: UnsafePointer<Float>?, rows: Int, cols: Int, into dst: UnsafeMutablePointer<Float>?) {
        guard rows > 0, cols > 0, let src, let dst else { return }
        let tile = 32
        var j0 = 0
        while j0 < cols {
            let j1 = min(j0 + tile, cols)
            var i0 = 0
            while i0 < rows {
                let i1 = min(i0 + tile, rows)
                for j in j0 ..< j1 {
                    let s = src + j * rows
                    for i in i0 ..< i1 { dst[j + i * cols] = s[i] }
                }
                i0 = i1
            }
            j0 = j1
        }
    }
}
