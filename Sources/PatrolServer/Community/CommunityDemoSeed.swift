import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore

/// What `pingan demo` loads of community groups, after the patrol force; running it again adds nothing twice.
/// Each grid of the county seat (the seven urban grids and those of its three stations) gets one
/// group of each kind with three or four members: names and phones made from the grid's place in
/// the list, so every run makes the same ones.
enum CommunityDemoSeed {
    static let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗")
    static let given = ["建国", "秀英", "志强", "桂兰", "海燕", "国庆", "红梅", "永刚", "丽娜", "春生", "玉兰", "卫东"]
    static let roles: [CommunityGroupKind: [String]] = [
        .communityCadres: ["社区书记", "社区主任", "网格员", "治保主任"],
        .streetCadres: ["街道综治办主任", "街道干部", "街道干部"],
        .unitSecurity: ["县医院保卫科长", "一中保卫干部", "农商行安保主管", "供电公司保卫干事"],
        .shopOwners: ["超市店主", "五金店店主", "饭店老板", "药店店主"],
    ]

    static let seatGridCodes = (1...7).map { "130427000000-GAJ-ZHZX-WG\($0)" } + (1...3).map { "130427000000-GAJ-PCS0\($0)-WG" }

    static func run(on db: any Database, now: Date, log: (String) -> Void) async throws {
        guard try await CommunityGroupModel.query(on: db).count() == 0 else { return }
        let grids = try await OrgUnitModel.query(on: db).filter(\.$kind == OrgUnitKind.patrolGrid.rawValue)
            .filter(\.$code ~~ seatGridCodes).sort(\.$code).all()
        let (groups, members) = try await db.transaction { tx in
            var groups = 0, members = 0
            for (gi, grid) in grids.enumerated() {
                for (ki, kind) in CommunityGroupKind.allCases.enumerated() {
                    let g = CommunityGroupModel()
                    g.id = UUID()
                    g.name = "\(grid.name)\(kind.label)"
                    g.kind = kind.rawValue
                    g.areaOrgUnitID = try grid.requireID()
                    g.scopePath = grid.path
                    g.note = ""
                    g.createdAt = now
                    g.updatedAt = now
                    try await g.create(on: tx)
                    groups += 1
                    for (mi, role) in (roles[kind] ?? []).enumerated() {
                        let n = gi * 16 + ki * 4 + mi
                        let m = CommunityMemberModel()
                        m.groupID = try g.requireID()
                        m.name = String(surnames[n % surnames.count]) + given[(n * 7 + ki) % given.count]
                        m.phone = "13\(5 + ki)\(String(format: "%08d", 3_101_000 + n * 37))"
                        m.role = role
                        m.position = mi
                        try await m.create(on: tx)
                        members += 1
                    }
                }
            }
            return (groups, members)
        }
        log("community groups: \(groups) groups, \(members) members in \(grids.count) grids of the county seat")
    }
}
