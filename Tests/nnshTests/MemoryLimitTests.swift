import Foundation
import Testing

/// The session-wide memory budget through the real binary under `ulimit -v`: a matrix
/// that does not fit is a located error, never SIGABRT, and the default budget follows
/// the address-space limit.
@Suite struct MemoryLimitTests {
  /// Runs `nnsh -c script` under `ulimit -v kib` (through bash).
  static func runLimited(kib: Int, _ script: String) throws -> BinaryRunner.Result {
    try BinaryRunner.bash("ulimit -v \(kib) && exec \"$NNSH\" -c \"$0\"", [script])
  }

  /// The reproducer: three 800 MB vectors under a 2 GB address space with a 1G
  /// budget. The second is refused by the budget, at its statement.
  @Test func theBudgetRefusesTheSecondVectorAtItsStatement() throws {
    let r = try Self.runLimited(kib: 2_000_000, "limit memory=1G; let a = ones(1e8,1); let b = a+1; let c = b+1")
    #expect(!r.endedBySignal, "\(r.stderr)")
    #expect(r.status == 1)
    #expect(r.stderr.contains("<command line>:1:47: error: a matrix of 762.9M does not fit: the session already holds 762.9M of matrices (a 762.9M); limit memory=1G"), "\(r.stderr)")
  }

  /// A budget set above what the system allows: the allocation that malloc refuses is a
  /// located error too, not an abort ("failed to allocate").
  @Test func anAllocationTheSystemRefusesIsALocatedError() throws {
    let r = try Self.runLimited(kib: 1_000_000, "limit memory=100G; let a = ones(4e7,1); let b = a+1; let c = b+1")
    #expect(!r.endedBySignal, "\(r.stderr)")
    #expect(r.status == 1)
    #expect(r.stderr.contains("<command line>:1:62: error: the system refused 305.2M for a matrix; the session holds 610.4M of matrices (a 305.2M, b 305.2M)"), "\(r.stderr)")
    #expect(r.stderr.contains("^^^"), "\(r.stderr)")
  }

  /// With no `limit`, the default is half of the address-space limit when that is the
  /// smallest bound: 2 000 000 KiB → 976.6M.
  @Test func theDefaultBudgetFollowsTheAddressSpaceLimit() throws {
    let r = try Self.runLimited(kib: 2_000_000, "limit")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.hasPrefix("limit memory=976.6M: "), "\(r.stdout)")
    #expect(r.stdout.contains("half of the process's memory limit, 1.9G"), "\(r.stdout)")
    let refused = try Self.runLimited(kib: 2_000_000, "let a = ones(1e8, 1); let b = a + 1")
    #expect(!refused.endedBySignal)
    #expect(refused.stderr.contains("1:31: error: a matrix of 762.9M does not fit: the session already holds 762.9M"), "\(refused.stderr)")
  }
}
