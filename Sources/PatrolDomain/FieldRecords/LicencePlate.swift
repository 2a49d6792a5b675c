import Foundation

/// A Chinese motor-vehicle plate (GA 36): a province's character, the issuing office's letter, then
/// five characters (the last may be 挂/学/警/港/澳), or six for a new-energy plate (D or F first
/// for a small car, last for a large one). I and O are never used, so they cannot be mistaken for
/// 1 and 0. Upper case and no spaces: the phone writes it so before sending.
public enum LicencePlate {
    /// The provinces' characters, in the order of the plate catalogue.
    public static let provinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
    /// The whole rule as one pattern: the API document publishes it and `isValid` matches it.
    public static let pattern = "^[\(provinces)][A-HJ-NP-Z](?:[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳]|[DF][A-HJ-NP-Z0-9][0-9]{4}|[0-9]{5}[DF])$"
    /// The longest plate (a new-energy one).
    public static let maxLength = 8

    /// Whether `plate` is one, as written (a regex made per call: `Regex` is not `Sendable`, and a
    /// plate is checked once per record).
    public static func isValid(_ plate: String) -> Bool {
        guard plate.count <= maxLength, let regex = try? Regex(pattern) else { return false }
        return (try? regex.wholeMatch(in: plate)) != nil
    }
}
