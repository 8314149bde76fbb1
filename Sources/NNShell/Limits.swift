import NNEngine

/// Every limit a session runs under, in one place, each with the reason it exists.
///
/// One is the session's own and set by `limit memory=`: the memory budget (the
/// interpreter's `memory`, a `MemoryBudget`), from which follow the most elements one
/// matrix may hold (`MemoryBudget.maxElements`) and the most history one value may keep
/// (`HistoryBound`). The others are fixed and the same for every session; `limit` alone
/// prints the memory budget and the fixed limits of the language:
///
///     limit memory=1G: a matrix holds at most 134217728 values of 8 bytes (default 11.8G)
///     in use: 0B of matrices in the session (all of them count against memory=)
///     fixed: 100 levels of nested brackets or blocks, expressions 1000 operations deep, 64 nested source files, 1000 layers
///
/// One limit lives elsewhere: the largest history file the line editor reads (4 MiB,
/// `HistoryFile.maxBytes` in LineEditor), because LineEditor does not depend on this
/// module (it knows no language; see Package.swift) and the history is its business alone.
public enum Limits {
  /// The deepest nesting of brackets, calls, signs, powers and blocks a script may use:
  /// the parser and the evaluator recurse once per level, and a deeper script could
  /// exhaust the stack before it said anything useful.
  public static let nesting = 100
  /// The deepest expression tree (`Expression.depth`): a chain `1 + 1 + … + 1` of more
  /// terms, evaluated recursively, could exhaust the stack.
  public static let expressionDepth = 1000
  /// The most files `source` may nest: every level holds a parsed file, and a chain this
  /// deep is a cycle in all but name.
  public static let sourceDepth = 64
  /// The most layers a network may have: each layer keeps six buffers and its own line
  /// in `show net`; no network of the course comes near.
  public static let layers = 1000
  /// The largest size a statement accepts — of a matrix (`zeros(m, n)`), a layer, a batch,
  /// a number of samples shown: BLAS addresses matrices with 32-bit integers.
  public static let size = Int(Int32.max)
  /// The most iterations of `repeat N { … }`: a count as large as any size, so that a
  /// loop over the columns of the largest matrix can be written.
  public static let repeatCount = size
  /// The most epochs of one `train`, and the largest `report=` interval: a loss history
  /// of this many numbers (80 MB) is the most one statement should add to the session.
  public static let epochs = 10_000_000
  /// The smallest budget `limit memory=` accepts: below 1K not even the session's scalars fit.
  public static let minimumMemory = 1 << 10
  /// The share of the memory budget one value's history (for `grad`, `jacobian`) may keep
  /// alive: an eighth, so that a few long histories cannot take the budget between them.
  static let historyShareOfMemory = 8
  /// The cap of one value's history, in elements (64 MiB), whatever the budget: a chain
  /// longer than that is a loop's, and following it would take longer than it is worth.
  static let historyCapElements = 1 << 23
  /// The most J values of hand-run forward passes kept for `plot loss` (the older half
  /// is dropped past it): a loop of millions of passes must not grow without bound, and
  /// a chart cannot show more points than this anyway.
  static let passLosses = 100_000
  /// The most errors one parse reports; then it stops, as compilers do: a binary file
  /// given as a script would otherwise report every byte, each with its long line.
  public static let parseErrors = 50
  /// The longest diagnostic message printed, in Unicode scalars (longer ones end in `…`):
  /// the parts that quote user text are bounded where they are made, and this is the last
  /// guard against a message that fills the terminal.
  static let messageScalars = 4000
  /// The largest script `source` or `nnsh run` reads (64 MiB): a script is parsed whole
  /// before it runs, and a larger file is data given by mistake.
  static let scriptBytes = 64 << 20
}
