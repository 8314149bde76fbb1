/// Shading a number by its level between a low and a high value: characters of growing
/// ink (` ░▒▓█`, or ` .:-=+*#%@` in ASCII) and, with colour, a colour ramp.
///
/// Values with both signs get a diverging colour ramp centred on zero (blue, white,
/// red), as weights are usually read by sign; the characters always go from the lowest
/// to the highest value, so a plain transcript still orders them.
struct Shading {
  let low: Double
  let high: Double
  let characters: [Character]
  /// Both signs present: colours diverge around zero.
  let diverging: Bool

  static let unicodeRamp: [Character] = [" ", "░", "▒", "▓", "█"]
  static let asciiRamp: [Character] = [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"]
  /// xterm colours from strong blue through white to strong red.
  static let divergingColors = [19, 25, 32, 74, 117, 153, 255, 224, 217, 210, 203, 160, 124]
  /// xterm colours from white to dark blue, for values of one sign.
  static let sequentialColors = [255, 195, 153, 117, 75, 33, 26, 19, 17]

  init(low: Double, high: Double, ascii: Bool) {
    self.low = low
    self.high = high
    characters = ascii ? Shading.asciiRamp : Shading.unicodeRamp
    diverging = low < 0 && high > 0
  }

  var levels: Int { characters.count }

  /// The level (0 ..< levels) of `v`; NaN gets level 0.
  func level(_ v: Double) -> Int {
    guard v.isFinite, high > low else { return v.isFinite ? levels / 2 : 0 }
    let t = (v - low) / (high - low)
    guard t.isFinite else { return t > 0 ? levels - 1 : 0 }
    return Int(max(0, min(Double(levels - 1), (t * Double(levels)).rounded(.down))))
  }

  /// The lowest value of level `k` (the legend's "≥" bound).
  func lowerBound(_ k: Int) -> Double {
    high > low ? low + (high - low) * Double(k) / Double(levels) : low
  }

  func character(_ v: Double) -> Character { characters[level(v)] }

  /// The xterm colour of `v`.
  func terminalColor(_ v: Double) -> Int {
    let colors = diverging ? Shading.divergingColors : Shading.sequentialColors
    let t = fraction(v)
    return colors[Int(max(0, min(Double(colors.count - 1), (t * Double(colors.count)).rounded(.down))))]
  }

  /// Where `v` sits on the colour ramp, 0...1; with both signs, zero is at the middle.
  func fraction(_ v: Double) -> Double {
    guard v.isFinite, low.isFinite, high.isFinite else { return 0.5 }
    if diverging {
      let m = max(-low, high)
      let t = v / m
      return t.isFinite ? 0.5 + 0.5 * max(-1, min(1, t)) : 0.5
    }
    let t = (v - low) / (high - low)
    guard high > low, t.isFinite else { return 0.5 }
    return max(0, min(1, t))
  }

  /// The SVG colour of `v`: interpolated along the same ramps.
  func svgColor(_ v: Double) -> String {
    let t = fraction(v)
    if diverging {
      // #2166ac → #f7f7f7 → #b2182b
      return t < 0.5
        ? SVGColor.mix((0x21, 0x66, 0xac), (0xf7, 0xf7, 0xf7), t * 2)
        : SVGColor.mix((0xf7, 0xf7, 0xf7), (0xb2, 0x18, 0x2b), (t - 0.5) * 2)
    }
    // #f7fbff → #08306b
    return SVGColor.mix((0xf7, 0xfb, 0xff), (0x08, 0x30, 0x6b), t)
  }
}
