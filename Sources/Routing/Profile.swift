import Foundation

/// Road-class speeds (km/h) used by the importer, optionally with an emergency-vehicle factor.
///
/// JSON form (every key optional; `speeds` entries override the defaults, a speed of 0 drops the class):
/// ```json
/// { "speeds": { "residential": 30, "track": 10 }, "emergencyFactor": 1.25 }
/// ```
public struct SpeedProfile: Sendable, Codable, Equatable {
    /// Speed in km/h per `highway=*` value. Classes not listed are not drivable.
    public var speeds: [String: Double]
    /// Multiplies every speed (e.g. 1.2 for an emergency vehicle). Default 1.
    public var emergencyFactor: Double

    /// The default table.
    public static let defaultSpeeds: [String: Double] = [
        "motorway": 90, "motorway_link": 45, "trunk": 85, "trunk_link": 40,
        "primary": 65, "primary_link": 30, "secondary": 55, "secondary_link": 25,
        "tertiary": 40, "tertiary_link": 20, "unclassified": 25, "residential": 25,
        "living_street": 10, "service": 15,
    ]

    public static let standard = SpeedProfile(speeds: defaultSpeeds, emergencyFactor: 1)

    public init(speeds: [String: Double] = SpeedProfile.defaultSpeeds, emergencyFactor: Double = 1) {
        self.speeds = speeds
        self.emergencyFactor = emergencyFactor
    }

    enum CodingKeys: String, CodingKey { case speeds, emergencyFactor }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var speeds = SpeedProfile.defaultSpeeds
        for (k, v) in try c.decodeIfPresent([String: Double].self, forKey: .speeds) ?? [:] {
            speeds[k] = v > 0 ? v : nil
        }
        self.speeds = speeds
        self.emergencyFactor = try c.decodeIfPresent(Double.self, forKey: .emergencyFactor) ?? 1
    }

    /// Loads a JSON profile, validating the values.
    public static func load(path: String) throws -> SpeedProfile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RoutingError.badProfile(reason: "cannot read \(path)")
        }
        let profile: SpeedProfile
        do { profile = try JSONDecoder().decode(SpeedProfile.self, from: data) } catch {
            throw RoutingError.badProfile(reason: "\(path) is not a valid profile JSON")
        }
        guard profile.emergencyFactor > 0, profile.emergencyFactor.isFinite,
              profile.speeds.values.allSatisfy({ $0.isFinite && $0 > 0 && $0 < 400 })
        else { throw RoutingError.badProfile(reason: "speeds and emergencyFactor must be positive") }
        return profile
    }

    /// Effective speed (km/h) for a `highway` value, or nil when not drivable.
    func speed(forHighway highway: String) -> Double? {
        guard let s = speeds[highway] else { return nil }
        let v = s * emergencyFactor
        return v.isFinite && v > 0 ? v : nil
    }
}
