/// Ctrl-C in statements whose cost grows with the data they print or draw.
extension Interpreter {
  /// Throws `interrupted` with `message` once Ctrl-C was pressed (and clears the request).
  /// Cheap enough to call per element: `shouldStop` reads one atomic flag.
  ///
  ///     var map = Heatmap(title: name, values: m)
  ///     map.check = { try self.stopIfInterrupted("interrupted: plot stopped") }
  func stopIfInterrupted(_ message: @autoclosure () -> String) throws {
    guard shouldStop() else { return }
    acknowledgeStop()
    throw ControlSignal.interrupted(message())
  }
}
