/// Shading a number by its level between a low and a high value: characters of growing
/// ink (`·░▒▓█`, or `'.:-=+*#%@` in ASCII) and, with colour, a colour ramp.
///
/// Values with both signs get a diverging colour ramp centred on zero (blue, white,
/// red), as weights are usually read by sign; the characters always go from the lowest
/// to the highest value, so a plain transcript still orders them. The lowest level has
/// ink too: a blank cell would read as a missing one.
///
/// `low` and `high` are finite (the extremes of the finite values); the level of v is
/// ⌊L · (v − low) / (high − low)⌋, computed as (v/2 − low/2) / (high/2 − low/2) when
/// high − low overflows (`[-1e308 1e308]`). Infinities and NaN are not on the ramp: each
/// has its own mark (`▲` Inf, `▼` -Inf, `?` NaN; `^ v ?` in ASCII) and colour.
struct Shading {
  let low: Double
  let high: Double
  let characters: [Character]
  let ascii: Bool
  /// Both signs present: colours diverge around zero.
  let diverging: Bool

  static let unicodeRamp: [Character] = ["·", "░", "▒", "▓", "█"]
  static let asciiRamp: [Character] = ["'", ".", ":", "-", "=", "+", "*", "#", "%", "@"]
  /// xterm colours from strong blue through white to strong red.
  static let divergingColors = [19, 25, 32, 74, 117, 153, 255, 224, 217, 210, 203, 160, 124]
  /// xterm colours from white to dark blue, for values of one sign.
  static let sequentialColors = [255, 195, 153, 117, 75, 33, 26, 19, 17]

  /// The values off the ramp, in the order legends list them.
  static let nonFinite: [Double] = [.infinity, -.infinity, .nan]

  init(low: Double, high: Double, ascii: Bool) {
    self.low = low
    self.high = high
    characters = ascii ? Shading.asciiRamp : Shading.unicodeRamp
    self.ascii = ascii
    diverging = low < 0 && high > 0
  }

  var levels: Int { characters.count }

  /// The level (0 ..< levels) of `v`; a non-finite value gets level 0 (it is drawn
  /// with its own mark, see `character`).
  func level(_ v: Double) -> Int {
    guard v.isFinite, high > low else { return v.isFinite ? levels / 2 : 0 }
    let t = position(v)
    guard t.isFinite else { return t > 0 ? levels - 1 : 0 }
    return Int(max(0, min(Double(levels - 1), (t * Double(levels)).rounded(.down))))
  }

  /// (v − low) / (high − low), without overflow when the range is wider than the largest
  /// Double: then from the halves, which cannot overflow (halving a normal number is exact).
  func position(_ v: Double) -> Double {
    let range = high - low
    if range.isFinite { return (v - low) / range }
    return (v / 2 - low / 2) / (high / 2 - low / 2)
  }

  /// The value k/n of the way from low to high: low + (high − low)·k/n, or from the halves
  /// when high − low overflows.
  func value(_ k: Double, of n: Double) -> Double {
    let range = high - low
    if range.isFinite { return low + range * k / n }
    let half = (high / 2 - low / 2) * (k / n)
    return low + half + half
  }

  /// The lowest value of level `k` (the legend's "≥" bound).
  func lowerBound(_ k: Int) -> Double {
    high > low ? value(Double(k), of: Double(levels)) : low
  }

  /// The character of `v`: its level's, or the mark of an infinity or NaN.
  func character(_ v: Double) -> Character {
    if v.isFinite { return characters[level(v)] }
    return Shading.mark(v, ascii: ascii)
  }

  /// `▲` for Inf, `▼` for -Inf, `?` for NaN (`^`, `v`, `?` in ASCII).
  static func mark(_ v: Double, ascii: Bool) -> Character {
    if v.isNaN { return "?" }
    if v > 0 { return ascii ? "^" : "▲" }
    return ascii ? "v" : "▼"
  }

  /// The xterm colour of an infinity or NaN (magenta, green, grey: off both ramps).
  static func terminalColor(nonFinite v: Double) -> Int {
    v.isNaN ? 244 : (v > 0 ? 201 : 40)
  }

  /// The SVG colour of an infinity or NaN.
  static func svgColor(nonFinite v: Double) -> String {
    v.isNaN ? "#808080" : (v > 0 ? "#ff00ff" : "#00b050")
  }

  /// The xterm colour of `v`.
  func terminalColor(_ v: Double) -> Int {
    if !v.isFinite { return Shading.terminalColor(nonFinite: v) }
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
    let t = position(v)
    guard high > low, t.isFinite else { return 0.5 }
    return max(0, min(1, t))
  }

  /// The SVG colour of `v`: interpolated along the same ramps.
  func svgColor(_ v: Double) -> String {
    if !v.isFinite { return Shading.svgColor(nonFinite: v) }
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
