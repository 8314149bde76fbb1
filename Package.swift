// swift-tools-version:6.0
// nnsh — a shell for small feed-forward neural networks.
//
// A module depends only on modules to its left (each target declares every module it imports):
//   CBLAS ← NNEngine ← NNData ← NNShell ← nnsh
//                      NNData ← LineEditor ← nnsh      (LineEditor also ← CLibEdit)
//   (ShellCompletion ← NNShell, LineEditor: completion built from the statement grammar, for nnsh and NNFuzz)
//   (JupyterKernel ← NNData, NNShell, ShellCompletion, CZMQ, Crypto: the notebook kernel, `nnsh kernel run`)
//   (NNFuzz ← NNShell, LineEditor, ShellCompletion: the fuzz targets, for scripts/fuzz and NNFuzzTests)
import PackageDescription

let package = Package(
  name: "nnsh",
  products: [
    .executable(name: "nnsh", targets: ["nnsh"]),
    .library(name: "NNEngine", targets: ["NNEngine"]),
    .library(name: "NNData", targets: ["NNData"]),
    .library(name: "NNShell", targets: ["NNShell"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    // HMAC-SHA256 signing of the Jupyter kernel's messages.
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
  ],
  targets: [
    // MARK: System libraries
    .systemLibrary(
      name: "CBLAS",
      pkgConfig: "openblas",
      providers: [.apt(["libopenblas-dev"])]
    ),
    .systemLibrary(
      name: "CLibEdit",
      pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"])]
    ),
    .systemLibrary(
      name: "CZMQ",
      pkgConfig: "libzmq",
      providers: [.apt(["libzmq3-dev"])]
    ),

    // MARK: Libraries
    .target(name: "NNEngine", dependencies: ["CBLAS"]),
    .target(name: "NNData", dependencies: ["NNEngine"], resources: [.copy("Resources")]),
    .target(name: "NNShell", dependencies: ["NNEngine", "NNData"], resources: [.copy("Walkthroughs")]),
    .target(name: "LineEditor", dependencies: ["CLibEdit", "NNData"]),  // NNData: AtomicFile for the history
    // The fuzz targets' entry points: scripts/fuzz links them with libFuzzer, and
    // NNFuzzTests replays the regression corpus (Tests/FuzzCorpus) through them.
    .target(name: "NNFuzz", dependencies: ["NNEngine", "NNData", "NNShell", "LineEditor", "ShellCompletion"]),
    // Completion generated from the statement grammar (the shell's and the fuzz target's).
    .target(name: "ShellCompletion", dependencies: ["NNShell", "LineEditor"]),
    // The Jupyter kernel: the messaging protocol over ZeroMQ, driving one Interpreter.
    .target(
      name: "JupyterKernel",
      dependencies: [
        "NNData", "NNShell", "LineEditor", "ShellCompletion", "CZMQ", .product(name: "Crypto", package: "swift-crypto"),
      ]),

    // MARK: Executable
    .executableTarget(
      name: "nnsh",
      dependencies: [
        "NNEngine", "NNData", "NNShell", "LineEditor", "ShellCompletion", "JupyterKernel",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),

    // Benchmarks of the engine (scripts/bench runs it in release beside NumPy).
    .executableTarget(name: "nnsh-bench", dependencies: ["NNEngine", "CBLAS"], path: "Sources/Benchmarks"),

    // Replays fuzz inputs through the targets without libFuzzer (NNFuzzTests, crash files).
    .executableTarget(name: "nnsh-fuzz", dependencies: ["NNFuzz", "NNData"], path: "Sources/FuzzReplay"),

    // MARK: Tests
    .testTarget(name: "NNEngineTests", dependencies: ["NNEngine"], exclude: ["Fixtures"]),
    .testTarget(name: "NNDataTests", dependencies: ["NNEngine", "NNData"], exclude: ["Fixtures"]),
    .testTarget(name: "NNShellTests", dependencies: ["NNEngine", "NNData", "NNShell"]),
    .testTarget(name: "LineEditorTests", dependencies: ["LineEditor"]),
    .testTarget(name: "JupyterKernelTests", dependencies: ["JupyterKernel", "NNShell", "CZMQ"]),
    .testTarget(name: "NNFuzzTests", dependencies: ["NNFuzz", "NNShell", "nnsh-fuzz"]),
    // Drives the real binary: golden scripts (Tests/Scripts), pipes and a pseudo-terminal.
    .testTarget(name: "nnshTests", dependencies: ["nnsh", "NNShell", "LineEditor", "ShellCompletion"]),
  ],
  swiftLanguageModes: [.v5]
)
