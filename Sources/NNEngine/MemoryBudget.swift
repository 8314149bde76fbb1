#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif
import Synchronization

/// How many bytes of matrices a session may hold at once, and how many it holds now.
///
/// Every matrix buffer (`MatrixBuffer`) is charged to a budget when it is allocated and
/// credited back when it is freed, so `live` is the sum over every matrix alive in the
/// session — variables, the network's parameters and buffers, the data set, autodiff
/// history and the temporaries of the statement being run:
///
///     live = Σ over live buffers of 8 · capacity
///
/// A checked allocation (`reserve`) is refused when `live + new > limit`; an unchecked
/// one (`charge`, for the few small or non-throwing paths such as a copy-on-write copy) is
/// counted all the same and, when it passes the limit, leaves an *overrun* that the shell
/// turns into an error at the expression that caused it.
///
///     let budget = MemoryBudget(limit: 100 << 20)
///     try budget.reserve(80_000_000)        // fine: 76.3M of 100M
///     try budget.reserve(80_000_000)        // throws EngineError.outOfMemory
///
/// The session owns its budget; matrices find it through `MemoryBudget.current`, which
/// the shell points at its session's budget when it is made and whenever it runs source
/// (a thread-local slot, because values are created deep inside engine code that has no
/// session to hand). Each buffer remembers the budget it was charged to, so a value freed
/// after another session became current is credited to the right one. Everything derived
/// from the limit (`maxElements`, the shell's history bound) is read from the session's
/// budget, so two sessions in one process keep their own limits.
/// The counters are atomics: BLAS and future training threads may free buffers.
public final class MemoryBudget: Sendable {
  private let limitBytes: Atomic<Int>
  private let liveBytes = Atomic<Int>(0)
  /// The size of the last unchecked allocation that took `live` past the limit, or 0.
  private let overrunBytes = Atomic<Int>(0)

  /// A budget of `limit` bytes (the default: see `defaultLimit`).
  public init(limit: Int = MemoryBudget.defaultLimit) {
    limitBytes = Atomic(limit)
  }

  /// The most bytes of matrices the session may hold.
  public var limit: Int {
    get { limitBytes.load(ordering: .relaxed) }
    set { limitBytes.store(newValue, ordering: .relaxed) }
  }

  /// The most elements one matrix may hold under this budget: the limit in Doubles, and
  /// never more than BLAS's 32-bit integers can address. A matrix beyond it is refused
  /// before anything is allocated (`Matrix.validate`).
  ///
  ///     MemoryBudget(limit: 1 << 20).maxElements   // 131072
  public var maxElements: Int { Swift.min(limit / 8, 1 << 31 - 1) }

  /// The bytes of matrices alive now.
  public var live: Int { liveBytes.load(ordering: .relaxed) }

  /// Charges `bytes` if they fit under the limit; throws `EngineError.outOfMemory`
  /// (and charges nothing) if not.
  public func reserve(_ bytes: Int) throws(EngineError) {
    let after = liveBytes.add(bytes, ordering: .relaxed).newValue
    let limit = self.limit
    if after > limit || after < 0 {
      liveBytes.subtract(bytes, ordering: .relaxed)
      throw EngineError.outOfMemory(requested: bytes, inUse: after &- bytes, limit: limit, refusedBySystem: false)
    }
  }

  /// Charges `bytes` without refusing them; records an overrun if they pass the limit.
  public func charge(_ bytes: Int) {
    let after = liveBytes.add(bytes, ordering: .relaxed).newValue
    if after > limit { overrunBytes.store(bytes, ordering: .relaxed) }
  }

  /// Credits back `bytes` of a freed buffer.
  public func release(_ bytes: Int) {
    liveBytes.subtract(bytes, ordering: .relaxed)
  }

  /// The overrun left by an unchecked allocation since the last call, as the error to
  /// report, or nil; clears it.
  public func takeOverrun() -> EngineError? {
    let bytes = overrunBytes.exchange(0, ordering: .relaxed)
    guard bytes > 0 else { return nil }
    return .outOfMemory(requested: bytes, inUse: Swift.max(0, live - bytes), limit: limit, refusedBySystem: false)
  }

  // MARK: - The current budget

  /// The budget of threads whose session has not installed one (tools, tests of the engine).
  public static let process = MemoryBudget()

  /// The thread-local slot of `current`, holding a retained reference.
  private static let currentKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key) { p in
      if let p { Unmanaged<MemoryBudget>.fromOpaque(p).release() }
    }
    return key
  }()

  /// The budget new matrices are charged to on this thread: the running session's, or
  /// `process`. Per thread (like a task-local) so that two sessions in one process —
  /// parallel tests — each count their own matrices.
  public static var current: MemoryBudget {
    get {
      guard let p = pthread_getspecific(currentKey) else { return process }
      return Unmanaged<MemoryBudget>.fromOpaque(p).takeUnretainedValue()
    }
    set {
      let old = pthread_getspecific(currentKey)
      if let old, old == Unmanaged.passUnretained(newValue).toOpaque() { return }
      pthread_setspecific(currentKey, Unmanaged.passRetained(newValue).toOpaque())
      if let old { Unmanaged<MemoryBudget>.fromOpaque(old).release() }
    }
  }

  /// Makes `budget` this thread's current one and returns the one it replaces, to be
  /// put back when the session's work is done:
  ///
  ///     let previous = MemoryBudget.install(session.memory)
  ///     defer { MemoryBudget.current = previous }
  public static func install(_ budget: MemoryBudget) -> MemoryBudget {
    let previous = current
    current = budget
    return previous
  }

  // MARK: - The default

  /// Half of the smallest of: physical memory, `RLIMIT_AS`, `RLIMIT_DATA`, and the
  /// cgroup's memory limit (v2 `memory.max`, v1 `memory.limit_in_bytes`) — and at least
  /// 8 MiB. Half, because the process needs room besides its matrices (the runtime,
  /// BLAS's buffers, the parser) and an address-space limit counts all of it.
  ///
  ///     ulimit -v 2000000     →  limit memory=976.6M
  public static let defaultLimit: Int = Swift.max(systemMemoryBound / 2, 8 << 20)

  /// The smallest memory bound the system puts on this process, in bytes.
  public static var systemMemoryBound: Int {
    var bound = physicalMemory
    #if os(Linux)
      for resource in [RLIMIT_AS, RLIMIT_DATA] {
        var r = rlimit()
        if getrlimit(__rlimit_resource_t(resource.rawValue), &r) == 0, r.rlim_cur < rlim_t(Int.max) {
          bound = Swift.min(bound, Int(r.rlim_cur))
        }
      }
      for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
        if let n = readNumber(path), n > 0 { bound = Swift.min(bound, n) }
      }
    #endif
    return bound
  }

  /// The machine's physical memory in bytes (8 GiB when it cannot be told).
  public static var physicalMemory: Int {
    let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
    guard pages > 0, size > 0 else { return 8 << 30 }
    let (bytes, overflow) = pages.multipliedReportingOverflow(by: size)
    return overflow ? Int.max : bytes
  }

  /// The decimal number at the start of a small file (`max` and unreadable files give nil).
  static func readNumber(_ path: String) -> Int? {
    guard let f = fopen(path, "r") else { return nil }
    defer { fclose(f) }
    var buffer = [CChar](repeating: 0, count: 64)
    guard fgets(&buffer, 64, f) != nil else { return nil }
    let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return Int(text.trimmingWhitespace)
  }
}

extension String {
  fileprivate var trimmingWhitespace: Substring {
    var s = Substring(self)
    while let c = s.last, c.isWhitespace { s.removeLast() }
    while let c = s.first, c.isWhitespace { s.removeFirst() }
    return s
  }
}
