#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif
import NNEngine

// As nnsh does: large matrices stay on the heap between products (NNEngine.Allocator).
Allocator.keepLargeBlocks()

// nnsh-bench: engine benchmarks, run in release by scripts/bench-engine beside the NumPy
// references in scripts/benchmarks/. Every subcommand prints a readable report and one
// `RESULT name key=value …` line for scripts to parse.

/// A benchmark that could not do what it measures.
enum BenchmarkError: Error, CustomStringConvertible {
  case failed(String)
  var description: String {
    switch self {
    case .failed(let why): return why
    }
  }
}

let usage = """
  usage: nnsh-bench <command> [arguments]

    gemm N [reps]            GFLOP/s of Matrix.product, Matrix.gemm and cblas_dgemm for N×N
                             (default reps 7)
    mnist-epoch [reps] [f32] one epoch of 60000×784 through 784-128-64-10, batch 64, SGD
                             (median seconds; default reps 3; f32: train … dtype=f32)
    seed-native [reps]       20000 SGD steps of the notes' 2-3-4-1 network (default reps 9)
    products SIZES B N [reps]  one epoch's matrix products alone (the trainer's calls) for
                             layer sizes like 784-128-64-10, batch B, N samples (default reps 3)
    mnist-batches K [mode]   K batches of the mnist workload only (mode: trainer | steps),
                             for counting allocations under valgrind

  BLAS threads follow OPENBLAS_NUM_THREADS.
  """

/// Prints the usage to standard error and exits with status 2 (a usage error).
func usageError(_ message: String) -> Never {
  fputs("nnsh-bench: \(message)\n\(usage)\n", stderr)
  exit(2)
}

/// The positional argument at `index` as a positive integer, `fallback` when absent.
func positiveInt(_ args: [String], _ index: Int, name: String, fallback: Int? = nil) -> Int {
  guard index < args.count else {
    if let fallback { return fallback }
    usageError("missing \(name)")
  }
  guard let value = Int(args[index]), value >= 1 else {
    usageError("\(name) must be a positive integer, not '\(args[index])'")
  }
  return value
}

/// Refuses arguments past the last one a command takes.
func noMoreThan(_ count: Int, _ args: [String]) {
  if args.count > count { usageError("unexpected argument '\(args[count])'") }
}

let args = Array(CommandLine.arguments.dropFirst())
guard let command = args.first else { usageError("no command given") }
let rest = Array(args.dropFirst())

do {
  switch command {
  case "gemm":
    noMoreThan(2, rest)
    let n = positiveInt(rest, 0, name: "N")
    guard n <= 8192 else { usageError("N must be at most 8192, not \(n)") }
    try GemmBenchmark(n: n, reps: positiveInt(rest, 1, name: "reps", fallback: 7)).run()
  case "mnist-epoch":
    noMoreThan(2, rest)
    let precision = rest.count > 1 ? Trainer.Precision(rawValue: rest[1]) : .f64
    guard let precision else { usageError("the precision must be f64 or f32, not '\(rest[1])'") }
    try MnistEpochBenchmark(reps: positiveInt(rest, 0, name: "reps", fallback: 3), precision: precision).run()
  case "seed-native":
    noMoreThan(1, rest)
    try SeedNativeBenchmark(reps: positiveInt(rest, 0, name: "reps", fallback: 9)).run()
  case "products":
    noMoreThan(4, rest)
    guard let spec = rest.first else { usageError("missing SIZES") }
    let sizes = spec.split(separator: "-").compactMap { Int($0) }
    guard sizes.count >= 2, sizes.count == spec.split(separator: "-").count, sizes.allSatisfy({ (1...100_000).contains($0) })
    else { usageError("SIZES must be layer sizes like 784-128-64-10, not '\(spec)'") }
    try EpochProductsBenchmark(
      sizes: sizes, batch: positiveInt(rest, 1, name: "B"), samples: positiveInt(rest, 2, name: "N"),
      reps: positiveInt(rest, 3, name: "reps", fallback: 3)
    ).run()
  case "mnist-batches":
    noMoreThan(2, rest)
    let k = positiveInt(rest, 0, name: "K")
    guard k <= 10_000 else { usageError("K must be at most 10000, not \(k)") }
    let modeName = rest.count > 1 ? rest[1] : "trainer"
    guard let mode = AllocationProbe.Mode(rawValue: modeName) else {
      usageError("mode must be 'trainer' or 'steps', not '\(modeName)'")
    }
    try AllocationProbe(batches: k, mode: mode).run()
  case "-h", "--help", "help":
    print(usage)
  default:
    usageError("unknown command '\(command)'")
  }
} catch {
  fputs("nnsh-bench: \(error)\n", stderr)
  exit(1)
}
