/// Raw OSM data gathered by the PBF and XML readers: every node's position and every drivable way.
final class OSMCollector {
    let profile: SpeedProfile
    var nodeIds: [Int64] = []
    var nodeLat: [Int32] = []
    var nodeLon: [Int32] = []
    var nodesSorted = true
    /// Flat node references of kept ways; `wayStart[i]..<wayStart[i+1]`.
    var wayRefs: [Int64] = []
    var wayStart: [Int] = [0]
    var waySpeed: [Double] = []
    var wayForward: [Bool] = []
    var wayBackward: [Bool] = []
    var highwayWays = 0
    var ways = 0

    init(profile: SpeedProfile) { self.profile = profile }

    @inline(__always) func addNode(id: Int64, lat: Int32, lon: Int32) {
        if let last = nodeIds.last, last >= id { nodesSorted = false }
        nodeIds.append(id)
        nodeLat.append(lat)
        nodeLon.append(lon)
    }

    /// Adds a way if its tags make it drivable. `tag(key)` looks up a tag value.
    func addWay<S: Sequence>(refs: S, tag: (String) -> String?) where S.Element == Int64 {
        ways += 1
        guard let highway = tag("highway") else { return }
        highwayWays += 1
        guard let rule = WayRules.classify(highway: highway, tag: tag, profile: profile) else { return }
        let before = wayRefs.count
        wayRefs.append(contentsOf: refs)
        if wayRefs.count - before < 2 {
            wayRefs.removeSubrange(before...)
            return
        }
        wayStart.append(wayRefs.count)
        waySpeed.append(rule.speed)
        wayForward.append(rule.forward)
        wayBackward.append(rule.backward)
    }
}

/// Which ways are drivable, at what speed and in which directions.
enum WayRules {
    struct Rule { var speed: Double; var forward: Bool; var backward: Bool }

    static func classify(highway: String, tag: (String) -> String?, profile: SpeedProfile) -> Rule? {
        guard let speed = profile.speed(forHighway: highway) else { return nil }
        if tag("area") == "yes" { return nil }
        for key in ["access", "motor_vehicle", "motorcar"] {
            if let v = tag(key), v == "no" || v == "private" { return nil }
        }
        if tag("service") == "emergency_access" { return nil }
        var rule = Rule(speed: speed, forward: true, backward: true)
        switch tag("oneway") {
        case "yes", "1", "true": rule.backward = false
        case "-1", "reverse": rule.forward = false
        case "no", "false", "0": break
        default:
            let junction = tag("junction")
            if junction == "roundabout" || junction == "circular" || highway == "motorway" {
                rule.backward = false
            }
        }
        return rule
    }
}
