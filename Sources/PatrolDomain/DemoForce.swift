import Foundation

/// A patrol unit the demo county starts with: call sign, kind, station, home grid, capabilities.
public struct PlannedPatrolUnit: Sendable, Hashable {
    public var callSign: String
    public var kind: PatrolUnitKind
    /// Org code of the police station (or the command centre) the unit belongs to.
    public var stationCode: String
    /// Org code of the patrol grid it patrols.
    public var homeGridCode: String
    public var capabilities: [PatrolCapability]
}

/// The seed's force (P1): 8 GPS patrol cars, 2 mobile police vehicles in the county seat, one
/// patrol squadron per grid (7 urban, 13 station grids), and some motorcycle, foot and
/// plain-clothes patrols. Deterministic: the same grids give the same units.
public enum DemoForce {
    /// A grid as the plan has it: its code, whether it is one of the 7 urban grids, and the unit
    /// that commands it (the command centre's patrol brigade for urban grids, else the station).
    public struct Grid: Sendable {
        public var code: String
        public var urban: Bool
        public var commandingUnitCode: String
        public init(code: String, urban: Bool, commandingUnitCode: String) {
            self.code = code; self.urban = urban; self.commandingUnitCode = commandingUnitCode
        }
    }

    public static func plan(grids: [Grid]) -> [PlannedPatrolUnit] {
        let sorted = grids.sorted { $0.code < $1.code }
        let urban = sorted.filter(\.urban), rural = sorted.filter { !$0.urban }
        var units: [PlannedPatrolUnit] = []
        // Every grid's squadron has a car on the road; the seed's 8 GPS cars go to the 7 urban grids
        // and the busiest station grid, the rest of the squadrons patrol by car without a terminal
        // (their officers' phones report instead).
        for (i, g) in sorted.enumerated() {
            units.append(PlannedPatrolUnit(callSign: "巡\(String(format: "%02d", i + 1))", kind: .patrolCar,
                                           stationCode: g.commandingUnitCode, homeGridCode: g.code,
                                           capabilities: i < 8 ? [.armed, .traffic] : [.armed]))
        }
        for i in 0..<2 where !urban.isEmpty {
            let g = urban[i * max(1, urban.count / 2) % urban.count]
            units.append(PlannedPatrolUnit(callSign: "流动\(i + 1)", kind: .mobilePoliceVehicle, stationCode: g.commandingUnitCode,
                                           homeGridCode: g.code, capabilities: [.armed, .firstAid, .crowdControl]))
        }
        for (i, g) in urban.enumerated() {
            units.append(PlannedPatrolUnit(callSign: "步\(i + 1)", kind: .footPatrol, stationCode: g.commandingUnitCode,
                                           homeGridCode: g.code, capabilities: []))
            if i % 2 == 0 {
                units.append(PlannedPatrolUnit(callSign: "便\(i / 2 + 1)", kind: .plainClothes, stationCode: g.commandingUnitCode,
                                               homeGridCode: g.code, capabilities: [.armed]))
            }
        }
        for (i, g) in rural.enumerated() where i % 3 == 0 {
            units.append(PlannedPatrolUnit(callSign: "摩\(i / 3 + 1)", kind: .motorcycle, stationCode: g.commandingUnitCode,
                                           homeGridCode: g.code, capabilities: [.traffic]))
        }
        if let g = urban.first {
            units.append(PlannedPatrolUnit(callSign: "出警1", kind: .responseTeam, stationCode: g.commandingUnitCode,
                                           homeGridCode: g.code, capabilities: [.armed, .crowdControl, .detention]))
        }
        return units
    }
}
