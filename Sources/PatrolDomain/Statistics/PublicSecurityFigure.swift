import PinganDomain

/// The rows of the public-security table of the county report (P12), in the seed's order, each
/// with the records it counts. Every row is a count of records, so each opens the list behind it.
public enum PublicSecurityFigure: String, CaseIterable, Codable, Sendable, Labelled {
    case incidents
    case patrolShifts = "patrol_shifts"
    case personsChecked = "persons_checked"
    case vehiclesChecked = "vehicles_checked"
    case suspectsCaught = "suspects_caught"
    case arrested
    case detained
    case fugitivesCaught = "fugitives_caught"
    case massIncidents = "mass_incidents"
    case securityDuties = "security_duties"
    case assists
    case trafficViolations = "traffic_violations"
    case drunkDriving = "drunk_driving"
    case venueInspections = "venue_inspections"

    public var label: String {
        switch self {
        case .incidents: "处置各类警情"
        case .patrolShifts: "出动巡逻警力"
        case .personsChecked: "盘查可疑人员"
        case .vehiclesChecked: "盘查车辆"
        case .suspectsCaught: "抓获违法犯罪嫌疑人"
        case .arrested: "逮捕"
        case .detained: "行政拘留"
        case .fugitivesCaught: "抓获逃犯"
        case .massIncidents: "处置群体性事件"
        case .securityDuties: "执勤安保"
        case .assists: "救助危难和服务群众"
        case .trafficViolations: "纠正交通违法行为"
        case .drunkDriving: "查处酒驾"
        case .venueInspections: "检查场所"
        }
    }

    /// The measure word the seed uses (起, 人次, 人, 辆, 次, 家次).
    public var unit: String {
        switch self {
        case .incidents, .massIncidents, .drunkDriving: "起"
        case .patrolShifts: "人次"
        case .personsChecked, .suspectsCaught, .arrested, .detained, .fugitivesCaught: "人"
        case .vehiclesChecked: "辆"
        case .securityDuties, .assists, .trafficViolations: "次"
        case .venueInspections: "家次"
        }
    }

    /// What records a row counts; the README states the same in words.
    public enum Source: Sendable, Equatable {
        /// Incidents placed in the subtree and reported in the period, second reports merged into
        /// another left out; of these types only when given.
        case incidents(types: [IncidentType]?)
        /// Shifts signed on in the period on units of stations in the subtree: one per officer per shift.
        case shifts
        /// Field records of `kind` (and `subkind`) made in the period by units of stations in the subtree.
        case fieldRecords(FieldRecordKind, subkind: String?)
        /// Activations of plans of `kind` started in the period, kept in the subtree.
        case planActivations(PlanKind)
    }

    public var source: Source {
        switch self {
        case .incidents: .incidents(types: nil)
        case .patrolShifts: .shifts
        case .personsChecked: .fieldRecords(.personCheck, subkind: nil)
        case .vehiclesChecked: .fieldRecords(.vehicleCheck, subkind: nil)
        case .suspectsCaught: .fieldRecords(.suspectCaught, subkind: nil)
        case .arrested: .fieldRecords(.arrest, subkind: nil)
        case .detained: .fieldRecords(.administrativeDetention, subkind: nil)
        case .fugitivesCaught: .fieldRecords(.fugitiveCaught, subkind: nil)
        case .massIncidents: .incidents(types: [.massIncident])
        case .securityDuties: .planActivations(.majorEvent)
        case .assists: .fieldRecords(.publicAssistance, subkind: nil)
        case .trafficViolations: .fieldRecords(.trafficViolation, subkind: nil)
        case .drunkDriving: .fieldRecords(.trafficViolation, subkind: TrafficViolationKind.drunkDriving.rawValue)
        case .venueInspections: .fieldRecords(.venueInspection, subkind: nil)
        }
    }

    /// An incident counts as handled unless it was a second report merged into another.
    public static let countedIncidentStatuses: [IncidentStatus] = IncidentStatus.allCases.filter { $0 != .merged }
}
