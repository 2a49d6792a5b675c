import PinganDomain

/// The kinds of patrol unit the seed's force has (P1, P2). Raw values are the API codes.
public enum PatrolUnitKind: String, Codable, CaseIterable, Sendable, Labelled {
    case patrolCar = "patrol_car"
    case motorcycle
    case footPatrol = "foot_patrol"
    case plainClothes = "plain_clothes"
    case responseTeam = "response_team"
    case mobilePoliceVehicle = "mobile_police_vehicle"
    case checkpointPost = "checkpoint_post"
    case fixedPost = "fixed_post"

    public var label: String {
        switch self {
        case .patrolCar: "巡逻车"
        case .motorcycle: "摩托车巡逻"
        case .footPatrol: "徒步巡逻"
        case .plainClothes: "便衣巡逻"
        case .responseTeam: "出警队"
        case .mobilePoliceVehicle: "流动警务车"
        case .checkpointPost: "卡点"
        case .fixedPost: "驻点"
        }
    }

    /// Whether the unit moves on the road network (and so is ranked by drive time). Posts stand
    /// where they are; a checkpoint post seals the checkpoint it stands at.
    public var moves: Bool {
        switch self {
        case .checkpointPost, .fixedPost: false
        default: true
        }
    }

    /// Rough top speed on roads, km/h, for the plausibility check of a fix: a fix implying more is
    /// stored with a flag, never dropped.
    public var plausibleTopSpeedKmh: Double {
        switch self {
        case .footPatrol, .plainClothes: 40   // an officer may ride along; more than this is a GPS jump
        case .checkpointPost, .fixedPost: 40
        case .motorcycle: 160
        case .patrolCar, .responseTeam, .mobilePoliceVehicle: 200
        }
    }
}

/// What a unit can do, for matching an incident type's needs (part 2).
public enum PatrolCapability: String, Codable, CaseIterable, Sendable, Labelled {
    case armed
    case traffic
    case firstAid = "first_aid"
    case crowdControl = "crowd_control"
    case detention

    public var label: String {
        switch self {
        case .armed: "配枪"
        case .traffic: "交通处置"
        case .firstAid: "急救"
        case .crowdControl: "群体事件处置"
        case .detention: "押解"
        }
    }
}
