import Foundation

/// How a county's own GIS roads (e.g. a PGIS export) map onto the road classes the speed profile
/// knows: which property holds the class and what its values mean, and which property marks a
/// one-way road. JSON form:
/// ```json
/// { "classProperty": "DLDJ",
///   "classes": { "国道": "trunk", "省道": "primary", "县道": "secondary", "乡道": "tertiary", "城市道路": "residential" },
///   "onewayProperty": "DXTX", "onewayValues": ["1", "是"], "reverseValues": ["2"],
///   "speeds": { "residential": 30 } }
/// ```
/// Values are compared as text (a number 1 reads "1"; `true` reads "1" too). Lines whose class is not listed are skipped
/// and counted. `speeds` overrides the default speed table, as a speed profile does.
public struct GeoJSONRoadProfile: Codable, Sendable, Equatable {
    public var classProperty: String
    /// The county's value → a `highway` class of the speed profile.
    public var classes: [String: String]
    public var onewayProperty: String?
    /// One-way in the direction the line is drawn.
    public var onewayValues: [String]
    /// One-way against the direction the line is drawn.
    public var reverseValues: [String]
    public var speeds: SpeedProfile

    public init(classProperty: String, classes: [String: String], onewayProperty: String? = nil, onewayValues: [String] = [],
                reverseValues: [String] = [], speeds: SpeedProfile = .standard) {
        self.classProperty = classProperty; self.classes = classes; self.onewayProperty = onewayProperty
        self.onewayValues = onewayValues; self.reverseValues = reverseValues; self.speeds = speeds
    }

    enum CodingKeys: String, CodingKey { case classProperty, classes, onewayProperty, onewayValues, reverseValues, speeds }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        classProperty = try c.decode(String.self, forKey: .classProperty)
        classes = try c.decode([String: String].self, forKey: .classes)
        onewayProperty = try c.decodeIfPresent(String.self, forKey: .onewayProperty)
        onewayValues = try c.decodeIfPresent([String].self, forKey: .onewayValues) ?? []
        reverseValues = try c.decodeIfPresent([String].self, forKey: .reverseValues) ?? []
        if c.contains(.speeds) {
            let speeds = try c.decode([String: Double].self, forKey: .speeds)
            let data = try JSONSerialization.data(withJSONObject: ["speeds": speeds])
            self.speeds = try JSONDecoder().decode(SpeedProfile.self, from: data)
        } else {
            self.speeds = .standard
        }
    }

    /// Loads a profile, checking that every class it maps to is one the speed table drives.
    public static func load(path: String) throws -> GeoJSONRoadProfile {
        guard let data = FileManager.default.contents(atPath: path) else { throw RoutingError.badProfile(reason: "cannot read \(path)") }
        let profile: GeoJSONRoadProfile
        do { profile = try JSONDecoder().decode(GeoJSONRoadProfile.self, from: data) } catch {
            throw RoutingError.badProfile(reason: "\(path) is not a valid GeoJSON road profile (needs classProperty and classes)")
        }
        guard !profile.classes.isEmpty else { throw RoutingError.badProfile(reason: "\(path): classes is empty") }
        for (value, cls) in profile.classes.sorted(by: { $0.key < $1.key }) where profile.speeds.speed(forHighway: cls) == nil {
            throw RoutingError.badProfile(reason: "\(path): \(value) maps to \(cls), which has no speed (known: \(profile.speeds.speeds.keys.sorted().joined(separator: ", ")))")
        }
        guard profile.speeds.speeds.values.allSatisfy({ $0.isFinite && $0 > 0 && $0 < 400 }) else {
            throw RoutingError.badProfile(reason: "\(path): speeds must be positive")
        }
        return profile
    }
}

/// What a GeoJSON import read, kept and skipped.
public struct GeoJSONImportReport: Sendable, Equatable {
    public var features = 0
    public var lines = 0
    /// Lines skipped because their class is not in the profile, by the value found (or "(none)").
    public var skippedClasses: [String: Int] = [:]
    public var onewayLines = 0
    /// The graph building's own report (components dropped, edges kept).
    public var graph = ImportReport()
}

/// Imports GeoJSON LineStrings (WGS84) into a ``RoadGraph``: lines meet where they share a
/// position, so the county's drawing decides the junctions, as OSM's shared nodes do.
public enum GeoJSONImporter {
    public static func importGraph(path: String, profile: GeoJSONRoadProfile) throws -> (RoadGraph, GeoJSONImportReport) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RoutingError.cannotRead(path: path, reason: "no such file or not readable")
        }
        guard !data.isEmpty else { throw RoutingError.emptyFile(path: path) }
        return try importGraph(data: data, path: path, profile: profile)
    }

    public static func importGraph(data: Data, path: String, profile: GeoJSONRoadProfile) throws -> (RoadGraph, GeoJSONImportReport) {
        let start = Date()
        func bad(_ reason: String) -> RoutingError { .corrupt(path: path, offset: 0, reason: reason) }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw bad("not a GeoJSON object") }
        let features: [[String: Any]]
        if root["type"] as? String == "FeatureCollection" {
            guard let list = root["features"] as? [[String: Any]] else { throw bad("FeatureCollection without features") }
            features = list
        } else if root["type"] as? String == "Feature" {
            features = [root]
        } else {
            throw bad("expected a FeatureCollection of LineStrings")
        }
        var report = GeoJSONImportReport()
        let sink = OSMCollector(profile: profile.speeds)
        struct Key: Hashable { var lat, lon: Int32 }
        var ids: [Key: Int64] = [:]
        func node(_ position: Any, feature: Int) throws -> Int64 {
            guard let p = position as? [Any], p.count >= 2, let lon = (p[0] as? NSNumber)?.doubleValue, let lat = (p[1] as? NSNumber)?.doubleValue,
                  (-180...180).contains(lon), (-90...90).contains(lat)
            else { throw bad("feature \(feature): a position is not [longitude, latitude] in WGS84 degrees") }
            let key = Key(lat: Fixed.encode(lat), lon: Fixed.encode(lon))
            if let id = ids[key] { return id }
            let id = Int64(ids.count + 1)
            ids[key] = id
            sink.addNode(id: id, lat: key.lat, lon: key.lon)
            return id
        }
        for (i, f) in features.enumerated() {
            report.features += 1
            guard let geometry = f["geometry"] as? [String: Any], let type = geometry["type"] as? String else { continue }
            let parts: [Any]
            switch type {
            case "LineString": parts = [geometry["coordinates"] as Any]
            case "MultiLineString": parts = geometry["coordinates"] as? [Any] ?? []
            default: continue
            }
            let props = f["properties"] as? [String: Any] ?? [:]
            let value = text(props[profile.classProperty])
            guard let highway = value.flatMap({ profile.classes[$0] }) else {
                report.skippedClasses[value ?? "(none)", default: 0] += parts.count
                continue
            }
            let onewayValue = profile.onewayProperty.flatMap { text(props[$0]) }
            let oneway: String? = onewayValue.map { profile.onewayValues.contains($0) ? "yes" : profile.reverseValues.contains($0) ? "-1" : "no" }
            for part in parts {
                guard let positions = part as? [Any] else { throw bad("feature \(i): coordinates are not a list of positions") }
                let refs = try positions.map { try node($0, feature: i) }
                report.lines += 1
                if oneway == "yes" || oneway == "-1" { report.onewayLines += 1 }
                sink.addWay(refs: refs) { key in key == "highway" ? highway : key == "oneway" ? oneway : nil }
            }
        }
        guard report.lines > 0 else { throw RoutingError.noRoads(path: path) }
        var (graph, built) = try GraphBuilder.build(sink, path: path) { _ in }
        built.seconds = Date().timeIntervalSince(start)
        report.graph = built
        return (graph, report)
    }

    /// A property value as text: strings as they are, whole numbers without a decimal point
    /// (JSON `true`/`false` read as "1"/"0", as Foundation parses them into numbers).
    static func text(_ value: Any?) -> String? {
        switch value {
        case let s as String: return s
        case let n as NSNumber:
            let d = n.doubleValue
            return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        default: return nil
        }
    }
}
