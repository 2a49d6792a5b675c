import Foundation
import PinganDomain

/// Who sees a patrol unit (#9, scope). The dispatcher's scope is the county, so every station's
/// units; a station commander's is the station, so its own units; a patrol officer sees only the
/// units they are signed on to (their crew), whatever their org unit. Justice-side roles see none
/// (their routes answer 404 before this is asked).
public enum PatrolUnitVisibility {
    /// Whether a caller of `role` whose scope is `scopePath`, on the crews of `crewUnits`, sees
    /// the unit `unitID` of the station at `stationPath`.
    public static func sees(role: Role, scopePath: String, crewUnits: Set<UUID>, unitID: UUID, stationPath: String) -> Bool {
        guard role.works(in: .police) else { return false }
        if role == .patrolOfficer { return crewUnits.contains(unitID) }
        return stationPath.hasPrefix(scopePath)
    }

    /// Whether an officer whose org unit is at `officerPath` may sign on to a unit of the station at
    /// `stationPath`: the officer belongs to that station (or to one of its grids).
    public static func mayJoin(officerPath: String, stationPath: String) -> Bool {
        officerPath.hasPrefix(stationPath)
    }
}
