#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

/// One block of `Double`s from `malloc`, charged to a `MemoryBudget` while it lives.
///
/// Matrices do not use Swift's `Array` for their elements because an array whose
/// allocation fails aborts the process; here `malloc` returning nil becomes a thrown
/// `EngineError.outOfMemory`, which the shell reports at the statement.
public final class MatrixBuffer: @unchecked Sendable {
  @usableFromInline let pointer: UnsafeMutablePointer<Double>
  @usableFromInline let capacity: Int
  let budget: MemoryBudget

  /// The size charged for `capacity` elements.
  @usableFromInline static func bytes(_ capacity: Int) -> Int { Swift.max(capacity, 1) &* 8 }

  /// Checked: refused when the budget or the system cannot give the memory.
  @usableFromInline
  init(checkedCapacity capacity: Int) throws(EngineError) {
    let budget = MemoryBudget.current
    let (bytes, overflow) = Swift.max(capacity, 1).multipliedReportingOverflow(by: 8)
    if overflow {
      throw EngineError.outOfMemory(requested: Int.max, inUse: budget.live, limit: budget.limit, refusedBySystem: false)
    }
    try budget.reserve(bytes)
    guard let raw = malloc(bytes) else {
      budget.release(bytes)
      throw EngineError.outOfMemory(requested: bytes, inUse: budget.live, limit: budget.limit, refusedBySystem: true)
    }
    HugePages.advise(raw, bytes: bytes)
    self.pointer = raw.bindMemory(to: Double.self, capacity: Swift.max(capacity, 1))
    self.capacity = capacity
    self.budget = budget
  }

  /// Unchecked, for small buffers and copies in code that cannot throw: counted, and an
  /// overrun of the budget is left for the shell to report. Only a system that refuses
  /// the memory outright stops the process here.
  @usableFromInline
  init(uncheckedCapacity capacity: Int) {
    let budget = MemoryBudget.current
    let bytes = MatrixBuffer.bytes(capacity)
    guard let raw = malloc(bytes) else {
      fatalError("nnsh: the system refused \(bytes) bytes for a matrix")
    }
    HugePages.advise(raw, bytes: bytes)
    budget.charge(bytes)
    self.pointer = raw.bindMemory(to: Double.self, capacity: Swift.max(capacity, 1))
    self.capacity = capacity
    self.budget = budget
  }

  deinit {
    free(pointer)
    budget.release(MatrixBuffer.bytes(capacity))
  }
}

/// The elements of a `Matrix`: a copy-on-write collection of `Double` over a
/// `MatrixBuffer`, used like an array (`storage[k]`, `withUnsafeBufferPointer`, `map`).
///
///     var s: MatrixStorage = [1, 2, 3]
///     let t = s            // shares the buffer
///     s[0] = 9             // copies first (counted like any allocation): t[0] is still 1
public struct MatrixStorage: RandomAccessCollection, MutableCollection, Equatable, ExpressibleByArrayLiteral, @unchecked Sendable {
  @usableFromInline var buffer: MatrixBuffer
  /// The elements in use (at most `buffer.capacity`: a shrunk training buffer keeps its block).
  public private(set) var count: Int

  @usableFromInline
  init(buffer: MatrixBuffer, count: Int) {
    self.buffer = buffer
    self.count = count
  }

  /// `count` zeros; unchecked (see `MatrixBuffer.init(uncheckedCapacity:)`).
  public init(zeros count: Int) {
    self.init(repeating: 0, count: count)
  }

  /// `count` copies of `value`; unchecked.
  public init(repeating value: Double, count: Int) {
    buffer = MatrixBuffer(uncheckedCapacity: count)
    self.count = count
    buffer.pointer.initialize(repeating: value, count: count)
  }

  /// `count` copies of `value`, refused when the budget or the system cannot hold them.
  public init(checkedRepeating value: Double, count: Int) throws(EngineError) {
    buffer = try MatrixBuffer(checkedCapacity: count)
    self.count = count
    buffer.pointer.initialize(repeating: value, count: count)
  }

  /// `count` elements written by `body` (which must write all of them); checked.
  @inlinable
  public init(checkedCount count: Int, initializingWith body: (UnsafeMutableBufferPointer<Double>) throws -> Void) throws {
    let buffer = try MatrixBuffer(checkedCapacity: count)
    try body(UnsafeMutableBufferPointer(start: buffer.pointer, count: count))
    self.init(buffer: buffer, count: count)
  }

  /// The elements of a sequence; unchecked (arrays from files and literals are already
  /// in memory, so their copy is counted but cannot be refused here).
  public init<S: Sequence>(_ elements: S) where S.Element == Double {
    if let array = elements as? [Double] {
      self.init(array: array)
      return
    }
    let array = Array(elements)
    self.init(array: array)
  }

  /// The elements of an array, refused when the budget cannot hold the copy.
  public init(checked array: [Double]) throws(EngineError) {
    buffer = try MatrixBuffer(checkedCapacity: array.count)
    count = array.count
    MatrixStorage.copy(array, to: buffer.pointer)
  }

  init(array: [Double]) {
    buffer = MatrixBuffer(uncheckedCapacity: array.count)
    count = array.count
    MatrixStorage.copy(array, to: buffer.pointer)
  }

  private static func copy(_ array: [Double], to pointer: UnsafeMutablePointer<Double>) {
    array.withUnsafeBufferPointer { p in
      if let base = p.baseAddress { pointer.initialize(from: base, count: p.count) }
    }
  }

  public init(arrayLiteral elements: Double...) {
    self.init(array: elements)
  }

  // MARK: Collection

  public var startIndex: Int { 0 }
  public var endIndex: Int { count }

  @inlinable
  public subscript(i: Int) -> Double {
    get {
      precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "matrix index out of range")
      return buffer.pointer[i]
    }
    _modify {
      precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "matrix index out of range")
      makeUnique()
      yield &buffer.pointer[i]
    }
  }

  /// Copies the buffer first when another value shares it (copy-on-write).
  @inlinable
  public mutating func makeUnique() {
    if !isKnownUniquelyReferenced(&buffer) { self = copied() }
  }

  @usableFromInline
  func copied() -> MatrixStorage {
    let b = MatrixBuffer(uncheckedCapacity: count)
    b.pointer.initialize(from: buffer.pointer, count: count)
    return MatrixStorage(buffer: b, count: count)
  }

  @inlinable
  public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
    try body(UnsafeBufferPointer(start: buffer.pointer, count: count))
  }

  @inlinable
  public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
    makeUnique()
    return try body(UnsafeMutableBufferPointer(start: buffer.pointer, count: count))
  }

  public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R? {
    try body(UnsafeBufferPointer(start: buffer.pointer, count: count))
  }

  /// Changes the count to `n`: shrinking keeps the block, growing within it zero-fills,
  /// growing beyond it allocates (unchecked) and copies.
  public mutating func resize(to n: Int) {
    if n <= buffer.capacity && isKnownUniquelyReferenced(&buffer) {
      if n > count { (buffer.pointer + count).initialize(repeating: 0, count: n - count) }
      count = n
      return
    }
    let b = MatrixBuffer(uncheckedCapacity: n)
    let kept = Swift.min(n, count)
    b.pointer.initialize(from: buffer.pointer, count: kept)
    if n > kept { (b.pointer + kept).initialize(repeating: 0, count: n - kept) }
    self = MatrixStorage(buffer: b, count: n)
  }

  /// The elements as an array.
  public var array: [Double] { Array(UnsafeBufferPointer(start: buffer.pointer, count: count)) }

  /// Equal elements (an identical buffer is equal to itself, as for `Array`).
  public static func == (a: MatrixStorage, b: MatrixStorage) -> Bool {
    guard a.count == b.count else { return false }
    if a.buffer === b.buffer { return true }
    for k in 0..<a.count where a.buffer.pointer[k] != b.buffer.pointer[k] { return false }
    return true
  }

  public static func == (a: MatrixStorage, b: [Double]) -> Bool { a.elementsEqual(b) }
  public static func == (a: [Double], b: MatrixStorage) -> Bool { a.elementsEqual(b) }
}
