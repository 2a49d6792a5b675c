/// One org unit as a seed or an import describes it, before it is stored. Parents are named by
/// code so a whole tree can be written in one pass, parents first.
public struct PlannedUnit: Codable, Hashable, Sendable {
    public var code: String
    public var name: String
    public var kind: OrgUnitKind
    public var parentCode: String?
    /// The unit whose subtree users bound here may see, when that is not the unit itself: a
    /// judicial office sees its township, a village mediation committee its village.
    public var jurisdictionCode: String?
    public var geometry: UnitGeometry?
    /// True when the geometry is a demo layout (示意范围), not a surveyed boundary.
    public var geometryIllustrative: Bool
    /// True when the unit itself is plausible filler rather than named in our sources.
    public var plausibleFiller: Bool

    public init(code: String, name: String, kind: OrgUnitKind, parentCode: String?, jurisdictionCode: String? = nil,
                geometry: UnitGeometry? = nil, geometryIllustrative: Bool = false, plausibleFiller: Bool = false) {
        self.code = code
        self.name = name
        self.kind = kind
        self.parentCode = parentCode
        self.jurisdictionCode = jurisdictionCode
        self.geometry = geometry
        self.geometryIllustrative = geometryIllustrative
        self.plausibleFiller = plausibleFiller
    }
}

/// Checks a planned tree before anything is written: unique codes, parents known and listed
/// before their children, jurisdictions known. Returns human-readable problems (empty = fine).
public func problems(inPlan units: [PlannedUnit], existingCodes: Set<String> = []) -> [String] {
    var known = existingCodes
    var inFile = Set<String>()
    var out: [String] = []
    for (i, u) in units.enumerated() {
        let row = "第 \(i + 1) 行 (\(u.code))"
        if u.code.isEmpty || u.code.count > 64 { out.append("\(row): 编码为空或超过 64 个字符 / code empty or longer than 64") }
        if u.name.isEmpty || u.name.count > 100 { out.append("\(row): 名称为空或超过 100 个字符 / name empty or longer than 100") }
        if !inFile.insert(u.code).inserted { out.append("\(row): 编码重复 / duplicate code") }
        if let p = u.parentCode, !known.contains(p) { out.append("\(row): 上级编码 \(p) 不存在或排在后面 / parent unknown or listed later") }
        known.insert(u.code)
    }
    for u in units {
        if let j = u.jurisdictionCode, !known.contains(j) { out.append("\(u.code): 管辖单位 \(j) 不存在 / jurisdiction unknown") }
    }
    return out
}
