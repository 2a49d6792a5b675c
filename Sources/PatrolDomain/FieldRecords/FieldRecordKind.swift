import PinganDomain

/// What an officer records in the field from the phone (P10, P11). Raw values are the API codes.
public enum FieldRecordKind: String, Codable, CaseIterable, Sendable, Labelled {
    /// 盘查人员: a person checked (name and ID number).
    case personCheck = "person_check"
    /// 盘查车辆: a vehicle checked (plate).
    case vehicleCheck = "vehicle_check"
    /// 抓获嫌疑人.
    case suspectCaught = "suspect_caught"
    /// 逮捕.
    case arrest
    /// 行政拘留 (with its days).
    case administrativeDetention = "administrative_detention"
    /// 抓获逃犯.
    case fugitiveCaught = "fugitive_caught"
    /// 救助群众.
    case publicAssistance = "public_assistance"
    /// 交通违法 (by violation kind; drunk driving with its reading).
    case trafficViolation = "traffic_violation"
    /// 场所检查 (hotels, entertainment and gambling venues, explosives holders, logistics with 三个100%).
    case venueInspection = "venue_inspection"

    public var label: String {
        switch self {
        case .personCheck: "盘查人员"
        case .vehicleCheck: "盘查车辆"
        case .suspectCaught: "抓获嫌疑人"
        case .arrest: "逮捕"
        case .administrativeDetention: "行政拘留"
        case .fugitiveCaught: "抓获逃犯"
        case .publicAssistance: "救助群众"
        case .trafficViolation: "交通违法"
        case .venueInspection: "场所检查"
        }
    }

    /// The kinds that take a person in hand: a name and a reason (案由), the ID number if known.
    public static let custody: [FieldRecordKind] = [.suspectCaught, .arrest, .administrativeDetention, .fugitiveCaught]
}

/// Traffic violations corrected on the street (P11, 纠正交通违法行为). Drunk driving carries the
/// breath or blood reading, which also tells 饮酒驾驶 from 醉酒驾驶.
public enum TrafficViolationKind: String, Codable, CaseIterable, Sendable, Labelled {
    case speeding
    case redLight = "red_light"
    case noLicence = "no_licence"
    case overloading
    case drunkDriving = "drunk_driving"
    case druggedDriving = "drugged_driving"
    case noSeatbelt = "no_seatbelt"
    case noHelmet = "no_helmet"
    case wrongWay = "wrong_way"
    case phoneWhileDriving = "phone_while_driving"
    case unregisteredVehicle = "unregistered_vehicle"
    case illegalParking = "illegal_parking"
    case other

    public var label: String {
        switch self {
        case .speeding: "超速行驶"
        case .redLight: "闯红灯"
        case .noLicence: "无证驾驶"
        case .overloading: "超载"
        case .drunkDriving: "酒后驾驶"
        case .druggedDriving: "吸毒后驾驶"
        case .noSeatbelt: "未系安全带"
        case .noHelmet: "未戴头盔"
        case .wrongWay: "逆行"
        case .phoneWhileDriving: "驾车使用手机"
        case .unregisteredVehicle: "驾驶无牌车辆"
        case .illegalParking: "违法停车"
        case .other: "其他交通违法"
        }
    }

    /// GB 19522: 20 mg/100 mL of blood alcohol and above is drink driving, 80 and above drunk driving.
    public static let drinkDrivingThreshold = 20.0
    public static let drunkDrivingThreshold = 80.0
    /// The highest reading accepted (a reading above it is a typing slip).
    public static let maxBloodAlcohol = 500.0

    /// 饮酒驾驶 or 醉酒驾驶 for a reading in mg/100 mL.
    public static func drinkLabel(bloodAlcohol: Double) -> String {
        bloodAlcohol >= drunkDrivingThreshold ? "醉酒驾驶" : "饮酒驾驶"
    }
}

/// The venues inspected (P11, 检查场所).
public enum VenueKind: String, Codable, CaseIterable, Sendable, Labelled {
    case hotel
    case entertainment
    case gambling
    case explosives
    case logistics

    public var label: String {
        switch self {
        case .hotel: "旅馆"
        case .entertainment: "娱乐场所"
        case .gambling: "赌博场所"
        case .explosives: "爆炸物品单位"
        case .logistics: "物流寄递"
        }
    }
}

/// What an assistance to the public was (救助群众).
public enum AssistanceKind: String, Codable, CaseIterable, Sendable, Labelled {
    case lostPerson = "lost_person"
    case injuredOrIll = "injured_or_ill"
    case vehicleBreakdown = "vehicle_breakdown"
    case disaster
    case dispute
    case other

    public var label: String {
        switch self {
        case .lostPerson: "走失人员"
        case .injuredOrIll: "伤病求助"
        case .vehicleBreakdown: "车辆故障"
        case .disaster: "灾害事故"
        case .dispute: "纠纷劝解"
        case .other: "其他求助"
        }
    }
}

/// The logistics "三个100%" (寄递物流安全管理): each item recorded as met or not met.
public struct LogisticsChecks: Codable, Equatable, Sendable {
    /// 100% 先验视后封箱.
    public var inspectBeforeSealing: Bool
    /// 100% 寄递实名制.
    public var realNameRegistration: Bool
    /// 100% X光机安检.
    public var xRayScreening: Bool

    public init(inspectBeforeSealing: Bool, realNameRegistration: Bool, xRayScreening: Bool) {
        self.inspectBeforeSealing = inspectBeforeSealing; self.realNameRegistration = realNameRegistration; self.xRayScreening = xRayScreening
    }

    /// The items with their labels, in the order the rule names them.
    public var items: [(label: String, met: Bool)] {
        [("先验视后封箱", inspectBeforeSealing), ("寄递实名制", realNameRegistration), ("X光机安检", xRayScreening)]
    }

    public var allMet: Bool { inspectBeforeSealing && realNameRegistration && xRayScreening }
}
