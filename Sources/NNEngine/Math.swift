#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

// The C math library, under names that do not clash with Matrix methods.
@usableFromInline func _pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@inlinable func _exp(_ x: Double) -> Double { exp(x) }
@inlinable func _log(_ x: Double) -> Double { log(x) }
@inlinable func _log1p(_ x: Double) -> Double { log1p(x) }
@inlinable func _tanh(_ x: Double) -> Double { tanh(x) }
@inlinable func _sqrt(_ x: Double) -> Double { sqrt(x) }
@inlinable func _cos(_ x: Double) -> Double { cos(x) }
@inlinable func _sin(_ x: Double) -> Double { sin(x) }
