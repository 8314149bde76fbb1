#if canImport(Glibc)
  import Glibc
#endif
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

  /// Blocks from this size up are mapped afresh for each allocation (see
  /// `keepLargeBlocks`), so their every page is faulted in when first written.
  public static let largeBlock = 64 << 20
  /// A transparent huge page on x86-64 and arm64 Linux.
  static let hugePage = 2 << 20

  /// Memory for a matrix buffer (freed with `free`): `malloc`, and for a block of
  /// `largeBlock` bytes or more, 2 MiB-aligned memory the kernel is asked to back with
  /// transparent huge pages (`madvise(MADV_HUGEPAGE)`, which Debian's default `madvise`
  /// mode requires), as NumPy does for its large arrays. Writing a fresh 376 MB block
  /// (a loaded data set) then takes about 180 faults of 2 MiB instead of 92 000 of
  /// 4 KiB, and the shuffled reads of training miss the TLB less. Where huge pages are
  /// off, the advice is ignored and nothing changes.
  ///
  ///     let p = Allocator.allocate(400 << 20)   // 2 MiB-aligned, huge pages advised
  public static func allocate(_ bytes: Int) -> UnsafeMutableRawPointer? {
    #if os(Linux)
      if bytes >= largeBlock {
        var p: UnsafeMutableRawPointer? = nil
        guard posix_memalign(&p, hugePage, bytes) == 0, let p else { return nil }
        _ = madvise(p, bytes, MADV_HUGEPAGE)
        return p
      }
    #endif
    return malloc(bytes)
  }
}
