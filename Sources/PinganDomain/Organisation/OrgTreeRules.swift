/// What keeps the org tree valid (M1, P1), whoever writes it: the API, `pingan import org`, the
/// demo seed. Each kind sits under the kinds the county's organisation puts it under (the demo plan
/// passes them all), the county and the justice bureau exist once, a judicial office's jurisdiction
/// is a township, and codes and names have one declared shape, also stated in the API document.
public enum OrgTreeRules {
    /// The 12-digit statistical code of the area, then upper-case suffixes for bodies inside it:
    /// `130427100201`, `130427000000-GAJ-PCS01-WG`, `130427000000-BM01-TJS`.
    public static let codePattern = "^[0-9]{12}(-[A-Z0-9]{2,8})*$"
    public static let codeMaxLength = 64
    public static let nameMaxLength = 100
    /// Names may not hold control characters (C0, DEL, C1) nor private-use ones (U+E000–U+F8FF),
    /// which no font shows, and need one scalar that is not white space. The ranges are those
    /// `isAllowedNameScalar` checks.
    public static let namePattern = "^[^\(forbidden)]*[^\\s\(forbidden)][^\(forbidden)]*$"
    static let forbidden = "\\u0000-\\u001F\\u007F-\\u009F\\uE000-\\uF8FF"

    /// Kinds that exist once in a county.
    public static let singletons: Set<OrgUnitKind> = [.county, .justiceBureau]

    /// Kinds whose subtree is a territory, so users bound elsewhere may be given one as jurisdiction.
    public static let territorialKinds: Set<OrgUnitKind> = [.county, .township, .village, .community, .area]

    /// The kinds a unit of `kind` may sit under; empty for the root (the county).
    public static func allowedParents(of kind: OrgUnitKind) -> Set<OrgUnitKind> {
        switch kind {
        case .county: []
        case .township, .justiceBureau, .massWorkCommittee, .department, .publicSecurityBureau: [.county]
        case .village, .community: [.township]
        case .area: [.county, .township, .village, .community]
        case .mediationCommittee: [.county, .township, .village, .community]
        case .judicialOffice, .professionalCommittee: [.justiceBureau]
        case .massWorkCenter, .disputeCenter, .governanceCenter: [.massWorkCommittee]
        case .mediationRoom: [.department]
        case .commandCenter, .policeStation, .patrolOffice: [.publicSecurityBureau]
        case .patrolGrid: [.commandCenter, .policeStation]
        }
    }

    /// The kinds a unit of `kind` may take as jurisdiction (the subtree its users see).
    public static func allowedJurisdictions(of kind: OrgUnitKind) -> Set<OrgUnitKind> {
        kind == .judicialOffice ? [.township] : territorialKinds
    }

    /// Whether a unit of `kind` must name a jurisdiction: a judicial office serves one township.
    public static func requiresJurisdiction(_ kind: OrgUnitKind) -> Bool { kind == .judicialOffice }

    /// One rule a proposed unit breaks; the description says what to fix, in both languages.
    public enum Violation: Hashable, Sendable, CustomStringConvertible {
        case badCode(String)
        case badName
        case parent(OrgUnitKind, parent: OrgUnitKind?)
        case jurisdiction(OrgUnitKind, target: OrgUnitKind)
        case missingJurisdiction(OrgUnitKind)
        case secondSingleton(OrgUnitKind)
        /// A child that could no longer sit under the unit once its kind changes.
        case child(OrgUnitKind, under: OrgUnitKind)

        public var description: String {
            switch self {
            case .badCode(let c):
                "编码 \(c) 不符合格式（12 位数字，可加 -大写字母或数字 后缀）/ code must match \(OrgTreeRules.codePattern)"
            case .badName:
                "名称须为 1–\(OrgTreeRules.nameMaxLength) 个字符，不得含控制字符或私用区字符 / name must be 1–\(OrgTreeRules.nameMaxLength) characters without control or private-use characters"
            case .parent(let k, let p):
                "\(k.label)的上级须为：\(OrgTreeRules.labels(OrgTreeRules.allowedParents(of: k)).ifEmpty("无"))，而不是\(p?.label ?? "无") / a \(k.rawValue) cannot sit under \(p?.rawValue ?? "nothing")"
            case .jurisdiction(let k, let t):
                "\(k.label)的管辖范围须为：\(OrgTreeRules.labels(OrgTreeRules.allowedJurisdictions(of: k)))，而不是\(t.label) / a \(k.rawValue)'s jurisdiction cannot be a \(t.rawValue)"
            case .missingJurisdiction(let k):
                "\(k.label)须指定管辖的\(OrgTreeRules.labels(OrgTreeRules.allowedJurisdictions(of: k))) / a \(k.rawValue) needs a jurisdiction"
            case .secondSingleton(let k):
                "全县只能有一个\(k.label) / there is only one \(k.rawValue)"
            case .child(let c, let k):
                "下级\(c.label)不能属于\(k.label) / a child \(c.rawValue) cannot sit under a \(k.rawValue)"
            }
        }
    }

    /// A unit as the rules see it, with the kinds of what it points at.
    public struct Proposal: Sendable {
        public var code: String
        public var name: String
        public var kind: OrgUnitKind
        public var parentKind: OrgUnitKind?
        public var jurisdictionKind: OrgUnitKind?
        /// How many other units of this kind exist already (for the singleton rule).
        public var othersOfKind: Int
        public var childKinds: Set<OrgUnitKind>

        public init(code: String, name: String, kind: OrgUnitKind, parentKind: OrgUnitKind?, jurisdictionKind: OrgUnitKind? = nil,
                    othersOfKind: Int = 0, childKinds: Set<OrgUnitKind> = []) {
            self.code = code
            self.name = name
            self.kind = kind
            self.parentKind = parentKind
            self.jurisdictionKind = jurisdictionKind
            self.othersOfKind = othersOfKind
            self.childKinds = childKinds
        }
    }

    /// Every rule the proposal breaks, in a stable order (empty = valid).
    public static func violations(_ p: Proposal) -> [Violation] {
        var out: [Violation] = []
        if !isValidCode(p.code) { out.append(.badCode(p.code)) }
        if !isValidName(p.name) { out.append(.badName) }
        let parents = allowedParents(of: p.kind)
        if let pk = p.parentKind {
            if !parents.contains(pk) { out.append(.parent(p.kind, parent: pk)) }
        } else if !parents.isEmpty {
            out.append(.parent(p.kind, parent: nil))
        }
        if let jk = p.jurisdictionKind {
            if !allowedJurisdictions(of: p.kind).contains(jk) { out.append(.jurisdiction(p.kind, target: jk)) }
        } else if requiresJurisdiction(p.kind) {
            out.append(.missingJurisdiction(p.kind))
        }
        if singletons.contains(p.kind) && p.othersOfKind > 0 { out.append(.secondSingleton(p.kind)) }
        for c in p.childKinds.sorted(by: { $0.rawValue < $1.rawValue }) where !allowedParents(of: c).contains(p.kind) {
            out.append(.child(c, under: p.kind))
        }
        return out
    }

    /// `^[0-9]{12}(-[A-Z0-9]{2,8})*$`, at most 64 characters, checked without a regex engine.
    public static func isValidCode(_ code: String) -> Bool {
        let bytes = Array(droppingFinalNewline(code).utf8)
        guard bytes.count >= 12, bytes.count <= codeMaxLength, bytes.prefix(12).allSatisfy({ (0x30...0x39).contains($0) }) else { return false }
        var segment = -1 // -1: none open yet
        for b in bytes.dropFirst(12) {
            if b == UInt8(ascii: "-") {
                if segment >= 0 && segment < 2 { return false }
                segment = 0
            } else if segment >= 0, (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) {
                segment += 1
                if segment > 8 { return false }
            } else {
                return false
            }
        }
        return segment == -1 || segment >= 2
    }

    /// 1–100 Unicode scalars (as JSON Schema counts), something besides white space, and no
    /// control or private-use scalar.
    public static func isValidName(_ name: String) -> Bool {
        let scalars = droppingFinalNewline(name).unicodeScalars
        return (1...nameMaxLength).contains(scalars.count) && scalars.allSatisfy(isAllowedNameScalar)
            && scalars.contains { !$0.properties.isWhitespace }
    }

    public static func isAllowedNameScalar(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return !(v <= 0x1F || (0x7F...0x9F).contains(v) || (0xE000...0xF8FF).contains(v))
    }

    /// A pattern's `$` also matches before one final line feed (as the JSON Schema validators of
    /// Python and PCRE read it), so that one is not part of the value; callers trim it.
    public static func droppingFinalNewline(_ s: String) -> Substring {
        s.hasSuffix("\n") && !s.hasSuffix("\r\n") ? s.dropLast() : Substring(s)
    }

    /// A unit already stored, as an import sees it: an import adds units and renames existing
    /// ones, and may set their jurisdiction, but never changes an existing unit's kind or parent.
    public struct Stored: Sendable {
        public var kind: OrgUnitKind
        public var parentCode: String?
        public var jurisdictionCode: String?

        public init(kind: OrgUnitKind, parentCode: String?, jurisdictionCode: String? = nil) {
            self.kind = kind
            self.parentCode = parentCode
            self.jurisdictionCode = jurisdictionCode
        }
    }

    /// The tree's rules over a planned import (or seed) merged with what is stored, as readable
    /// problems, one per line of the plan that breaks a rule (empty = fine). Codes unknown here are
    /// left to `problems(inPlan:existingCodes:)`, which reports them.
    public static func problems(inPlan units: [PlannedUnit], stored: [String: Stored] = [:]) -> [String] {
        var kinds = stored.mapValues(\.kind)
        for u in units where kinds[u.code] == nil { kinds[u.code] = u.kind }
        var counts: [OrgUnitKind: Int] = [:]
        for k in kinds.values { counts[k, default: 0] += 1 }
        var out: [String] = []
        for (i, u) in units.enumerated() {
            let row = "第 \(i + 1) 行 (\(u.code))"
            let old = stored[u.code]
            if let old, old.kind != u.kind {
                out.append("\(row): 导入不能改变已有单位的类型（\(old.kind.label) → \(u.kind.label)）/ an import cannot change a unit's kind")
                continue
            }
            let parentCode = old != nil ? old?.parentCode : u.parentCode
            let jurisdictionCode = u.jurisdictionCode ?? old?.jurisdictionCode
            let proposal = Proposal(code: u.code, name: u.name, kind: u.kind, parentKind: parentCode.flatMap { kinds[$0] },
                                    jurisdictionKind: jurisdictionCode.flatMap { kinds[$0] },
                                    othersOfKind: (counts[u.kind] ?? 1) - 1)
            var found = violations(proposal)
            // A parent or jurisdiction that is not known at all is reported by the plan check.
            if let p = parentCode, kinds[p] == nil { found.removeAll { if case .parent = $0 { true } else { false } } }
            if let j = jurisdictionCode, kinds[j] == nil { found.removeAll { if case .missingJurisdiction = $0 { true } else { false } } }
            out += found.map { "\(row): \($0)" }
        }
        return out
    }

    static func labels(_ kinds: Set<OrgUnitKind>) -> String {
        kinds.map(\.label).sorted().joined(separator: "、")
    }
}

extension String {
    fileprivate func ifEmpty(_ other: String) -> String { isEmpty ? other : self }
}
