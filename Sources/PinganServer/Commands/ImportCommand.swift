import MediationDomain
import MediationServer
import ServerCore
import Fluent
import PinganDomain
import Vapor

/// `pingan import org FILE` and `pingan import boundary FILE.geojson`: load a county's own data.
struct ImportCommand: AsyncCommandGroup {
    var help: String { "Import a county's own data: org (CSV or JSON of org units), boundary (GeoJSON, WGS84). 导入单位或边界。" }
    var commands: [String: any AnyAsyncCommand] { ["org": Org(), "boundary": Boundary()] }
    var defaultCommand: (any AnyAsyncCommand)? { nil }

    struct Org: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "file", help: "CSV (header code,name,kind,parent_code[,jurisdiction_code]) or JSON array of units.")
            var file: String
            @Flag(name: "confirm", help: "Apply jurisdiction changes that move the scope of existing accounts.")
            var confirm: Bool
        }
        var help: String { "Import org units; existing codes are updated, new ones added under their parent_code, within the org tree's rules." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            let data = try readFile(signature.file)
            let plan = try OrgImportParser.parse(data, fileName: signature.file)
            let units = try await OrgUnitModel.query(on: app.db).all()
            let codeByID = Dictionary(uniqueKeysWithValues: units.compactMap { u in u.id.map { ($0, u.code) } })
            var stored: [String: OrgTreeRules.Stored] = [:]
            for u in units {
                guard let kind = u.unitKind else { continue }
                stored[u.code] = .init(kind: kind, parentCode: u.parentID.flatMap { codeByID[$0] }, jurisdictionCode: u.jurisdictionID.flatMap { codeByID[$0] })
            }
            let problems = PinganDomain.problems(inPlan: plan, existingCodes: Set(units.map(\.code)))
                + OrgTreeRules.problems(inPlan: plan, stored: stored)
            guard problems.isEmpty else { throw OrgImportParser.Failure(problems: problems) }
            // A new jurisdiction for a unit with accounts moves what they see: only on --confirm.
            if !signature.confirm {
                let moved = units.filter { u in
                    guard let p = plan.first(where: { $0.code == u.code }), let j = p.jurisdictionCode else { return false }
                    return stored[u.code]?.jurisdictionCode != j
                }
                let affected = try await UserModel.query(on: app.db).filter(\.$orgUnitID ~~ moved.compactMap(\.id)).count()
                if affected > 0 {
                    throw OrgImportParser.Failure(problems: [
                        "此导入将改变 \(affected) 个账号的可见范围（\(moved.map(\.code).joined(separator: ", "))），确认请加 --confirm / this import changes the scope of \(affected) accounts; add --confirm",
                    ])
                }
            }
            let now = app.clock.now()
            let (inserted, updated) = try await app.db.writeTransaction { db in
                try await OrgUnitStore(db: db).upsert(plan) { unit, before in
                    try await AuditLog.record(on: db, at: now, actor: nil, actorName: "import", action: before == nil ? "create" : "update",
                                              entityType: "org_unit", entityID: unit.id, before: before, after: OrgUnitDTO(unit, withGeometry: false))
                }
            }
            context.console.print("导入完成：新增 \(inserted)，更新 \(updated) / imported: \(inserted) new, \(updated) updated")
        }
    }

    struct Boundary: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "file", help: "GeoJSON FeatureCollection in WGS84; each feature's `code` (or `adcode`, or `name`) names its org unit.")
            var file: String
            @Option(name: "code", help: "Apply the file's first geometry to this org unit code instead.")
            var code: String?
        }
        var help: String { "Import real boundaries (WGS84 GeoJSON) onto existing org units; they replace illustrative ones." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            let items = try BoundaryImportParser.parse(try readFile(signature.file))
            let units = try await OrgUnitModel.query(on: app.db).all()
            func match(_ item: BoundaryImportParser.Item) -> OrgUnitModel? {
                if let code = signature.code { return units.first { $0.code == code } }
                if let code = item.code {
                    // A 6-digit adcode names the county's 12-digit statistical code.
                    let padded = code.count == 6 || code.count == 9 ? code.padding(toLength: 12, withPad: "0", startingAt: 0) : code
                    if let u = units.first(where: { $0.code == code || $0.code == padded }) { return u }
                }
                return item.name.flatMap { n in units.first { $0.name == n } }
            }
            var matched: [(OrgUnitModel, UnitGeometry)] = []
            var missing: [String] = []
            for item in signature.code != nil ? Array(items.prefix(1)) : items {
                if let u = match(item) { matched.append((u, item.geometry)) } else { missing.append(item.code ?? item.name ?? "?") }
            }
            guard missing.isEmpty else {
                throw APIError.validation("找不到这些要素对应的单位 / no org unit for features: " + missing.joined(separator: ", "))
            }
            let now = app.clock.now()
            let toApply = matched
            try await app.db.writeTransaction { db in
                for (unit, geometry) in toApply {
                    let before = OrgUnitDTO(unit, withGeometry: false)
                    unit.geometry = String(decoding: try JSONEncoder().encode(geometry), as: UTF8.self)
                    unit.geometryIllustrative = false
                    try await unit.update(on: db)
                    try await AuditLog.record(on: db, at: now, actor: nil, actorName: "import", action: "update-geometry",
                                              entityType: "org_unit", entityID: unit.id, before: before, after: OrgUnitDTO(unit, withGeometry: false))
                }
            }
            context.console.print("已更新 \(matched.count) 个单位的边界 / boundaries set on \(matched.count) units")
        }
    }
}

func readFile(_ path: String) throws -> Data {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw APIError.validation("无法读取文件 \(path) / cannot read file")
    }
    return data
}
