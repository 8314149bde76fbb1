// nnsh-fuzz TARGET PATH...: runs each file (or each file of each folder) through one fuzz
// target without libFuzzer, in its own process — how NNFuzzTests replays the regression
// corpus (the targets lower the global memory limit while they run, which must not race
// with other tests), and how a crash file from scripts/fuzz is reproduced under a debugger.
#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif
import NNData
import NNFuzz

let arguments = Array(CommandLine.arguments.dropFirst())
// `nnsh-fuzz dictionary`: the language targets' libFuzzer dictionary (Tests/FuzzCorpus/nnsh.dict).
if arguments == ["dictionary"] {
  print(FuzzDictionary.text, terminator: "")
  exit(0)
}
guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count >= 2 else {
  let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
  fputs("usage: nnsh-fuzz \(names) FILE-OR-FOLDER... | nnsh-fuzz dictionary\n", stderr)
  exit(2)
}

/// The files named, folders expanded to their files (sorted, hidden ones and READMEs left out).
func inputs(_ paths: [String]) -> [String] {
  var result: [String] = []
  for path in paths {
    guard let entries = DirectoryEntries.read(path) else {
      result.append(path)
      continue
    }
    var names: [String] = []
    for (entryName, _) in entries {
      if entryName.hasPrefix(".") || entryName == "README.md" { continue }
      names.append(entryName)
    }
    result += names.sorted().map { path + "/" + $0 }
  }
  return result
}

var count = 0
for path in inputs(Array(arguments.dropFirst())) {
  guard let f = fopen(path, "rb") else {
    fputs("nnsh-fuzz: cannot read \(path)\n", stderr)
    exit(1)
  }
  var bytes: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 65536)
  while true {
    let n = fread(&buffer, 1, buffer.count, f)
    if n <= 0 { break }
    bytes += buffer[0..<n]
  }
  fclose(f)
  var start = timespec(), end = timespec()
  clock_gettime(CLOCK_MONOTONIC, &start)
  target.run(bytes)
  clock_gettime(CLOCK_MONOTONIC, &end)
  let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) * 1e-9
  print("\(path): \(String(Int(seconds * 1000))) ms")
  count += 1
}
print("\(count) input\(count == 1 ? "" : "s") of \(target.rawValue): no crash")
