import Foundation
import PatrolDomain
import PinganDomain
import Testing

@Suite("Patrol domain")
struct PatrolDomainTests {
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("Status taps follow the job; a refused tap names both statuses")
    func statusTaps() throws {
        try PatrolUnitStatus.available.check(.enRoute)
        try PatrolUnitStatus.onScene.check(.returning)
        try PatrolUnitStatus.onScene.check(.onScene)
        let e = #expect(throws: DomainError.self) { try PatrolUnitStatus.offDuty.check(.onScene) }
        #expect(e?.code == "status_not_allowed")
        #expect(e?.messageZh.contains("未上岗") == true)
        #expect(PatrolUnitStatus.allCases.filter(\.isDispatchable) == [.available, .returning])
        #expect(!PatrolUnitStatus.offDuty.isOnDuty && PatrolUnitStatus.outOfService.isOnDuty)
    }

    @Test("Impossible speed and poor accuracy are flagged, never refused; a late fix is flagged late")
    func fixFlags() throws {
        let rules = FixRules()
        let a = Fix(lat: 36.365, lon: 114.373, at: t0, speed: 10, accuracy: 8)
        #expect(rules.flags(a, previous: nil, kind: .patrolCar, livePositionAt: nil) == [])
        // 1.1 km in 10 s is 400 km/h: a GPS jump.
        let jump = Fix(lat: 36.375, lon: 114.373, at: t0.addingTimeInterval(10), accuracy: 8)
        #expect(rules.flags(jump, previous: a, kind: .patrolCar, livePositionAt: nil) == [.impossibleSpeed])
        // The same 1.1 km in 2 minutes is 33 km/h: fine for a car, too fast on foot.
        let drive = Fix(lat: 36.375, lon: 114.373, at: t0.addingTimeInterval(120))
        #expect(rules.flags(drive, previous: a, kind: .patrolCar, livePositionAt: nil) == [])
        #expect(rules.flags(Fix(lat: 36.375, lon: 114.373, at: t0.addingTimeInterval(60)), previous: a, kind: .footPatrol,
                            livePositionAt: nil) == [.impossibleSpeed])
        let fuzzy = Fix(lat: 36.365, lon: 114.373, at: t0, accuracy: 350)
        #expect(rules.flags(fuzzy, previous: nil, kind: .patrolCar, livePositionAt: t0.addingTimeInterval(5)) == [.poorAccuracy, .late])
        try rules.validate(a, now: t0)
        #expect(throws: DomainError.self) { try rules.validate(Fix(lat: 91, lon: 0, at: self.t0), now: self.t0) }
        #expect(throws: DomainError.self) { try rules.validate(Fix(lat: 36, lon: 114, at: self.t0.addingTimeInterval(3600)), now: self.t0) }
        #expect(throws: DomainError.self) { try rules.validate(Fix(lat: 36, lon: 114, at: self.t0, speed: -1), now: self.t0) }
    }

    @Test("A late fix does not move the live position; staleness counts from the newest fix")
    func livePosition() {
        let newer = Fix(lat: 36.37, lon: 114.38, at: t0.addingTimeInterval(30))
        let older = Fix(lat: 36.36, lon: 114.37, at: t0)
        var live = LivePosition.advanced(nil, by: newer, flags: [])
        live = LivePosition.advanced(live, by: older, flags: [.late])
        #expect(live?.fix == newer)
        #expect(live?.isStale(at: t0.addingTimeInterval(30 + 120), after: 180) == false)
        #expect(live?.isStale(at: t0.addingTimeInterval(30 + 181), after: 180) == true)
    }

    @Test("Officers on patrol and person-times come from the shift records")
    func shiftCounts() {
        let car = UUID(), foot = UUID(), wang = UUID(), li = UUID()
        let shifts = [
            ShiftRecord(unitId: car, officerId: wang, signedOnAt: t0, signedOffAt: t0.addingTimeInterval(8 * 3600)),
            ShiftRecord(unitId: car, officerId: li, signedOnAt: t0, signedOffAt: t0.addingTimeInterval(4 * 3600)),
            ShiftRecord(unitId: foot, officerId: li, signedOnAt: t0.addingTimeInterval(5 * 3600)),
        ]
        #expect(PatrolCounts.officersOnPatrol(shifts, at: t0.addingTimeInterval(3600)) == 2)
        #expect(PatrolCounts.officersOnPatrol(shifts, at: t0.addingTimeInterval(4.5 * 3600)) == 1)
        #expect(PatrolCounts.officersOnPatrol(shifts, at: t0.addingTimeInterval(6 * 3600)) == 2)
        #expect(PatrolCounts.personTimes(shifts, from: t0, to: t0.addingTimeInterval(86_400)) == 3)
        #expect(PatrolCounts.personTimes(shifts, from: t0.addingTimeInterval(9 * 3600), to: t0.addingTimeInterval(86_400)) == 1)
    }

    @Test("The demo force has the seed's cars, mobile vehicles and one squadron car per grid")
    func demoForce() {
        let grids = (1...7).map { DemoForce.Grid(code: "Z-WG\($0)", urban: true, commandingUnitCode: "ZHZX") }
            + (1...13).map { DemoForce.Grid(code: String(format: "P%02d-WG", $0), urban: false, commandingUnitCode: String(format: "P%02d", $0)) }
        let units = DemoForce.plan(grids: grids)
        #expect(units.filter { $0.kind == .patrolCar }.count == 20)
        #expect(Set(units.filter { $0.kind == .patrolCar }.map(\.homeGridCode)).count == 20)
        #expect(units.filter { $0.kind == .patrolCar && $0.capabilities.contains(.traffic) }.count == 8)
        let mobile = units.filter { $0.kind == .mobilePoliceVehicle }
        #expect(mobile.count == 2 && mobile.allSatisfy { $0.homeGridCode.hasPrefix("Z-") })
        #expect(units.contains { $0.kind == .motorcycle } && units.contains { $0.kind == .footPatrol } && units.contains { $0.kind == .plainClothes })
        #expect(Set(units.map(\.callSign)).count == units.count)
        #expect(DemoForce.plan(grids: grids.reversed()) == units)
    }
}
