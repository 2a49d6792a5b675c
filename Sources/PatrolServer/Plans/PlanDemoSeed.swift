import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// What `pingan demo` loads of plans (P9), after the patrol force: the command centre's security
/// plan for a major event in the county seat and its terror/violence response plan, with posts at
/// the demo network's city gates (城区卡口) and the urban grids' points, and 城关派出所's urgent
/// response plan with one post naming its first car. Deterministic: the same plans on every run,
/// and running it again adds nothing twice (a plan is known by its name and org unit).
enum PlanDemoSeed {
    static func run(on db: any Database, now: Date, log: (String) -> Void) async throws {
        let network = try DemoCache.shared.network(resources: DirectoryConfiguration.detect().resourcesDirectory)
        let gates = network.checkpoints.filter { $0.kind == .cityGate }.sorted { $0.name < $1.name }
        guard gates.count >= 2,
              let centre = try await OrgUnitModel.query(on: db).filter(\.$code == "130427000000-GAJ-ZHZX").first(),
              let station = try await OrgUnitModel.query(on: db).filter(\.$code == "130427000000-GAJ-PCS01").first()
        else { log("预案：演示数据缺少指挥中心、城关派出所或城区卡口，未加载"); return }
        // The urban grids' points, in code order: the key sites of the county seat.
        let urban = try await OrgUnitModel.query(on: db).filter(\.$parentID == centre.requireID())
            .filter(\.$kind == OrgUnitKind.patrolGrid.rawValue).sort(\.$code).all()
        let points = urban.compactMap { g in g.unitGeometry?.anchor.map { (name: g.name, at: $0) } }
        guard points.count >= 3 else { log("预案：城区网格不足，未加载"); return }
        let siteNames = ["县政府广场", "汽车客运站", "县人民医院", "中心商业街", "县第一中学", "火车站广场", "体育场"]
        let sites = points.enumerated().map { i, p in PlanLayout.KeySite(name: siteNames[i % siteNames.count] + "（示意）", lat: p.at.lat, lon: p.at.lon) }
        // A patrol route along the roads through the key sites, closed back to the first.
        func route(_ name: String, through stops: [GeoPoint]) -> PlanLayout.PatrolRoute {
            var line: [GeoPoint] = []
            for (a, b) in zip(stops, stops.dropFirst() + [stops[0]]) { line += network.drivingPath?(a, b) ?? [a, b] }
            return PlanLayout.PatrolRoute(name: name, points: line.map { [($0.lon * 1e6).rounded() / 1e6, ($0.lat * 1e6).rounded() / 1e6] })
        }
        func gatePost(_ g: CheckpointSite, _ kind: PatrolUnitKind, minutes: Int) -> PlanLayout.Post {
            PlanLayout.Post(name: g.name, lat: g.position.lat, lon: g.position.lon, checkpoint: true, unitKind: kind, targetMinutes: minutes)
        }
        func sitePost(_ s: PlanLayout.KeySite, _ kind: PatrolUnitKind, minutes: Int) -> PlanLayout.Post {
            PlanLayout.Post(name: s.name + "岗", lat: s.lat, lon: s.lon, unitKind: kind, targetMinutes: minutes)
        }
        let firstCar = try await PatrolUnitModel.query(on: db).filter(\.$stationOrgUnitID == station.requireID())
            .filter(\.$kind == PatrolUnitKind.patrolCar.rawValue).sort(\.$callSign).first()
        let stationPoint = try await OrgUnitModel.query(on: db).filter(\.$code == "130427000000-GAJ-PCS01-WG").first()?.unitGeometry?.anchor
        var plans: [(OrgUnitModel, String, PlanKind, String, PlanLayout)] = [
            (centre, "县城重大活动安保", .majorEvent, "县城重大活动期间：城区卡口查控，重点部位定点守护，沿巡逻路线武装巡逻（示意路网上的演示预案）",
             PlanLayout(sites: Array(sites.prefix(4)), routes: [route("城区武装巡逻线", through: Array(points.prefix(4)).map(\.at))],
                        posts: gates.prefix(4).map { gatePost($0, .patrolCar, minutes: 10) } + sites.prefix(2).map { sitePost($0, .footPatrol, minutes: 15) })),
            (centre, "城区涉恐涉暴处置", .terror, "城区发生涉恐涉暴事件：出警队与流动警务车赶赴重点部位，各城区卡口 5 分钟内封控（示意路网上的演示预案）",
             PlanLayout(sites: Array(sites.prefix(2)), routes: [],
                        posts: [sitePost(sites[0], .responseTeam, minutes: 5), sitePost(sites[1], .mobilePoliceVehicle, minutes: 8)]
                            + gates.prefix(3).map { gatePost($0, .patrolCar, minutes: 5) })),
        ]
        if let stationPoint {
            var first = PlanLayout.Post(name: "城关派出所网格中心路口", lat: stationPoint.lat, lon: stationPoint.lon, unitKind: .patrolCar, targetMinutes: 8)
            first.unitId = firstCar?.id?.uuidString
            plans.append((station, "城关城区紧急警情处置", .urgent, "辖区内发生紧急警情：本所巡逻车到网格中心路口待命，摩托车巡逻到最近城区卡口",
                          PlanLayout(sites: [], routes: [], posts: [first, gatePost(gates[0], .motorcycle, minutes: 10)])))
        }
        var added = 0
        for (org, name, kind, details, layout) in plans {
            let orgID = try org.requireID()
            guard try await PlanModel.query(on: db).filter(\.$orgUnitID == orgID).filter(\.$name == name).first() == nil else { continue }
            let m = PlanModel()
            m.id = UUID()
            m.orgUnitID = orgID
            m.scopePath = org.path
            m.name = name
            m.kind = kind.rawValue
            m.details = details
            m.layout = try PlanStore.json(layout)
            m.version = 1
            m.createdAt = now
            m.updatedAt = now
            try await m.create(on: db)
            added += 1
        }
        log("预案：新增 \(added)，共 \(plans.count) 个演示预案")
    }
}
