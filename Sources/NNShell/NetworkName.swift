/// The names of the notes' notation that stand for the network's own values: `W1 b1 z1 a1 … h J` and
/// their gradients `dW1 db1 dz1 da1 … dh`. Layer numbers are 1-based.
public enum NetworkName: Hashable, Sendable {
  case W(Int), b(Int), z(Int), a(Int), h, J
  case dW(Int), db(Int), dz(Int), da(Int), dh

  /// Reads `W1`, `dz3`, `h`, …; nil for any other name.
  public init?(_ name: String) {
    switch name {
    case "h": self = .h; return
    case "J": self = .J; return
    case "dh": self = .dh; return
    default: break
    }
    var prefix = Substring(name)
    var digits = Substring("")
    while let last = prefix.last, last.isASCII, last.isNumber {
      digits = String(last) + digits
      prefix = prefix.dropLast()
    }
    guard let l = Int(digits), l >= 1, !digits.hasPrefix("0") else { return nil }
    switch prefix {
    case "W": self = .W(l)
    case "b": self = .b(l)
    case "z": self = .z(l)
    case "a": self = .a(l)
    case "dW": self = .dW(l)
    case "db": self = .db(l)
    case "dz": self = .dz(l)
    case "da": self = .da(l)
    default: return nil
    }
  }

  /// The name as typed: `W1`, `dz2`, `h`.
  public var name: String {
    switch self {
    case .W(let l): return "W\(l)"
    case .b(let l): return "b\(l)"
    case .z(let l): return "z\(l)"
    case .a(let l): return "a\(l)"
    case .h: return "h"
    case .J: return "J"
    case .dW(let l): return "dW\(l)"
    case .db(let l): return "db\(l)"
    case .dz(let l): return "dz\(l)"
    case .da(let l): return "da\(l)"
    case .dh: return "dh"
    }
  }

  /// The name as the notes write it: `W[1]`, `∂J/∂z[2]`, `h`.
  public var notation: String {
    switch self {
    case .W(let l): return "W[\(l)]"
    case .b(let l): return "b[\(l)]"
    case .z(let l): return "z[\(l)]"
    case .a(let l): return "a[\(l)]"
    case .h: return "h"
    case .J: return "J"
    case .dW(let l): return "∂J/∂W[\(l)]"
    case .db(let l): return "∂J/∂b[\(l)]"
    case .dz(let l): return "∂J/∂z[\(l)]"
    case .da(let l): return "∂J/∂a[\(l)]"
    case .dh: return "∂J/∂h"
    }
  }

  /// The layer the name belongs to, if any.
  public var layer: Int? {
    switch self {
    case .W(let l), .b(let l), .z(let l), .a(let l), .dW(let l), .db(let l), .dz(let l), .da(let l):
      return l
    default: return nil
    }
  }

  public var isParameter: Bool {
    switch self {
    case .W, .b: return true
    default: return false
    }
  }

  /// Every name a network of `layers` layers has, in order.
  public static func all(layers: Int) -> [NetworkName] {
    guard layers > 0 else { return [] }
    var names: [NetworkName] = []
    for l in 1...layers { names += [.W(l), .b(l)] }
    for l in 1...layers { names += [.z(l), .a(l)] }
    names += [.h, .J]
    for l in 1...layers { names += [.dW(l), .db(l)] }
    for l in 1...layers { names += [.dz(l), .da(l)] }
    names.append(.dh)
    return names
  }
}
