import CBLAS

/// Tuning of the C allocator for large matrices.
public enum Allocator {
  /// Keeps blocks of up to 64 MiB on the heap instead of mapping and unmapping them for
  /// each allocation: glibc otherwise returns every large matrix to the kernel when it is
  /// freed, and the next one pays page faults and zeroing again (a 256×256 product lost
  /// a quarter of its speed to that). Executables call this once at start-up.
  public static func keepLargeBlocks() {
    #if canImport(Glibc)
      _ = mallopt(M_MMAP_THRESHOLD, 64 << 20)
      _ = mallopt(M_TRIM_THRESHOLD, 128 << 20)
    #endif
  }
}
