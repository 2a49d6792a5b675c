import PinganDomain
/// Top-level dispute category (M3), with stable two-digit codes `"01"`…`"15"` as raw values.
public enum DisputeCategory: String, Codable, CaseIterable, Sendable, Labelled {
    case marriageFamily = "01"
    case neighbourhood = "02"
    case housingHomestead = "03"
    case contract = "04"
    case businessOperation = "05"
    case damageCompensation = "06"
    case forestLand = "07"
    case landAcquisitionDemolition = "08"
    case environmentalPollution = "09"
    case labour = "10"
    case consumer = "11"
    case medical = "12"
    case roadTrafficAccident = "13"
    case propertyManagement = "14"
    case other = "15"

    /// The stable two-digit code, e.g. `"01"`.
    public var code: String { rawValue }

    /// Chinese display label, e.g. `"婚姻家庭"`.
    public var label: String {
        switch self {
        case .marriageFamily: "婚姻家庭"
        case .neighbourhood: "邻里"
        case .housingHomestead: "房屋宅基地"
        case .contract: "合同"
        case .businessOperation: "生产经营"
        case .damageCompensation: "损害赔偿"
        case .forestLand: "山林土地"
        case .landAcquisitionDemolition: "征地拆迁"
        case .environmentalPollution: "环境污染"
        case .labour: "劳动争议"
        case .consumer: "消费"
        case .medical: "医疗"
        case .roadTrafficAccident: "道路交通事故"
        case .propertyManagement: "物业"
        case .other: "其他"
        }
    }

    /// The second-level categories under this one; codes are this code + two digits (`"0101"`).
    /// The last one of each list (`"xx99"`) is the catch-all.
    public var subcategories: [DisputeSubcategory] {
        let names: [String]
        switch self {
        case .marriageFamily: names = ["离婚纠纷", "婚约财产纠纷", "赡养纠纷", "抚养纠纷", "扶养纠纷", "继承纠纷", "家庭暴力纠纷"]
        case .neighbourhood: names = ["相邻通行纠纷", "排水纠纷", "采光通风纠纷", "噪音纠纷", "口角纠纷"]
        case .housingHomestead: names = ["宅基地界址纠纷", "房屋买卖纠纷", "房屋租赁纠纷", "建房纠纷"]
        case .contract: names = ["买卖合同纠纷", "借款合同纠纷", "承揽合同纠纷", "土地承包合同纠纷"]
        case .businessOperation: names = ["合伙经营纠纷", "农资质量纠纷", "涉企纠纷"]
        case .damageCompensation: names = ["人身损害赔偿纠纷", "财产损害赔偿纠纷", "动物致害纠纷"]
        case .forestLand: names = ["土地承包经营纠纷", "林权纠纷", "地界纠纷", "水利灌溉纠纷"]
        case .landAcquisitionDemolition: names = ["征地补偿纠纷", "拆迁安置纠纷", "青苗补偿纠纷"]
        case .environmentalPollution: names = ["大气污染纠纷", "水污染纠纷", "噪声污染纠纷", "粉尘污染纠纷"]
        case .labour: names = ["拖欠工资纠纷", "工伤纠纷", "劳动合同纠纷", "社会保险纠纷"]
        case .consumer: names = ["商品质量纠纷", "服务质量纠纷", "预付卡纠纷"]
        case .medical: names = ["医疗损害纠纷", "医疗费用纠纷", "医患沟通纠纷"]
        case .roadTrafficAccident: names = ["人身伤亡赔偿纠纷", "车辆财产损失纠纷", "保险理赔纠纷"]
        case .propertyManagement: names = ["物业费纠纷", "物业服务纠纷", "公共设施维修纠纷"]
        case .other: names = []
        }
        var list = names.enumerated().map { i, name in
            DisputeSubcategory(code: rawValue + (i + 1 < 10 ? "0" : "") + String(i + 1), name: name)
        }
        list.append(DisputeSubcategory(code: rawValue + "99", name: self == .other ? "其他纠纷" : "其他\(label)纠纷"))
        return list
    }

    /// Looks up a second-level category by its four-digit code, e.g. `"0101"` → 离婚纠纷.
    public static func subcategory(code: String) -> DisputeSubcategory? {
        guard code.count == 4, let top = DisputeCategory(rawValue: String(code.prefix(2))) else { return nil }
        return top.subcategories.first { $0.code == code }
    }
}

/// A second-level dispute category, e.g. `0101 离婚纠纷`.
public struct DisputeSubcategory: Hashable, Codable, Sendable, Labelled {
    /// Four-digit code: the top-level code followed by two digits.
    public var code: String
    /// Chinese name, e.g. `"离婚纠纷"`.
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }

    /// The top-level category this belongs to.
    public var category: DisputeCategory? { DisputeCategory(rawValue: String(code.prefix(2))) }

    /// Chinese display label (the name).
    public var label: String { name }
}
