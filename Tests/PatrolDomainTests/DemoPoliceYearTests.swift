import Foundation
import PatrolDomain
import PinganDomain
import Testing

/// #10 point 6: the demo's past year of police work, in the seed's proportions (P12).
@Suite("Demo police year")
struct DemoPoliceYearTests {
    static let end = Date(timeIntervalSince1970: 1_795_017_600)  // a midnight in China

    /// The demo county's shape in small: 7 urban grids in the county seat, 13 station grids around it,
    /// and the demo force (`DemoForce`) on them.
    static func county() -> (grids: [DemoPoliceYear.Grid], units: [DemoPoliceYear.Unit]) {
        func square(_ lat: Double, _ lon: Double, _ half: Double) -> GeoPolygon {
            GeoPolygon(outer: [GeoPoint(lat: lat - half, lon: lon - half), GeoPoint(lat: lat - half, lon: lon + half),
                               GeoPoint(lat: lat + half, lon: lon + half), GeoPoint(lat: lat + half, lon: lon - half)])
        }
        var rng = SplitMix64(seed: 7)
        var grids: [DemoPoliceYear.Grid] = []
        var codes: [String: UUID] = [:]
        var force: [DemoForce.Grid] = []
        for i in 0..<20 {
            let urban = i < 7
            let id = rng.uuid()
            let code = urban ? "CC-WG\(String(format: "%02d", i + 1))" : "PCS\(String(format: "%02d", i - 6))-WG"
            codes[code] = id
            let area = urban ? square(36.36 + Double(i % 3) * 0.012, 114.37 + Double(i / 3) * 0.012, 0.006)
                             : square(36.2 + Double((i - 7) % 4) * 0.1, 114.15 + Double((i - 7) / 4) * 0.1, 0.05)
            grids.append(DemoPoliceYear.Grid(id: id, name: urban ? "城区\(i + 1)网格" : "第\(i - 6)派出所网格", area: area, urban: urban))
            force.append(DemoForce.Grid(code: code, urban: urban, commandingUnitCode: urban ? "CC" : code))
        }
        let units = DemoForce.plan(grids: force).map {
            DemoPoliceYear.Unit(id: rng.uuid(), kind: $0.kind, homeGridId: codes[$0.homeGridCode]!, capabilities: Set($0.capabilities))
        }
        return (grids, units)
    }

    static let year: DemoPoliceYear.Year = {
        let (grids, units) = county()
        return DemoPoliceYear.generate(grids: grids, units: units, end: end, seed: 2026)
    }()

    static func states(_ year: DemoPoliceYear.Year) throws -> [(DemoPoliceYear.Incident, IncidentState)] {
        try year.incidents.map { inc in
            var s = try IncidentState(registering: inc.events[0])
            for e in inc.events.dropFirst() { s = try s.applying(e) }
            return (inc, s)
        }
    }

    @Test("Same inputs and seed give the same year; another seed another")
    func deterministic() {
        let (grids, units) = Self.county()
        let a = DemoPoliceYear.generate(grids: grids, units: units, end: Self.end, seed: 11, days: 30)
        let b = DemoPoliceYear.generate(grids: grids, units: units, end: Self.end, seed: 11, days: 30)
        let c = DemoPoliceYear.generate(grids: grids, units: units, end: Self.end, seed: 12, days: 30)
        #expect(a.incidents == b.incidents && a.shifts == b.shifts && a.officers == b.officers)
        #expect(a.incidents.first?.id != c.incidents.first?.id)
        #expect(a.incidents.first?.id == DemoPoliceYear.marker(seed: 11) && Self.year.incidents.first?.id == DemoPoliceYear.marker(seed: 2026))
        #expect(a.incidents.count > 300 && a.incidents.count < 460, "30 days: \(a.incidents.count)")
    }

    @Test("About 4,600 incidents and 28,000 patrol person-times in the 365 days before the end")
    func totals() {
        let y = Self.year
        #expect(abs(Double(y.distinctIncidents) - 4_630) <= 0.03 * 4_630, "incidents \(y.distinctIncidents)")
        #expect(y.distinctIncidents >= 4_600)
        let personTimes = PatrolCounts.personTimes(y.shifts.map(\.record), from: y.start, to: y.end)
        #expect(personTimes == y.shifts.count)
        #expect(abs(Double(personTimes) - 28_000) <= 0.03 * 28_000, "person-times \(personTimes)")
        #expect(y.incidents.allSatisfy { $0.events.first!.at >= y.start && $0.events.last!.at <= y.end })
        #expect(y.shifts.allSatisfy { $0.signedOnAt >= y.start && $0.signedOffAt <= y.end && $0.signedOffAt > $0.signedOnAt })
        // An officer is never on two shifts at once, and belongs to the unit they crew.
        let crew = Dictionary(uniqueKeysWithValues: y.officers.map { ($0.id, $0.unitId) })
        for (_, list) in Dictionary(grouping: y.shifts, by: \.officerId) {
            let sorted = list.sorted { $0.signedOnAt < $1.signedOnAt }
            #expect(zip(sorted, sorted.dropFirst()).allSatisfy { $0.signedOffAt <= $1.signedOnAt })
            #expect(sorted.allSatisfy { crew[$0.officerId] == $0.unitId })
        }
        #expect(Set(y.incidents.map(\.id)).count == y.incidents.count)
        #expect(Set(y.incidents.flatMap(\.events).map(\.id)).count == y.incidents.flatMap(\.events).count)
    }

    @Test("Every timeline folds through IncidentState and ends closed or merged; units are fit for the type and never on two incidents at once")
    func timelines() throws {
        let y = Self.year
        let (_, units) = Self.county()
        let byID = Dictionary(uniqueKeysWithValues: units.map { ($0.id, $0) })
        let states = try Self.states(y)
        var tasks: [UUID: [(Date, Date)]] = [:]
        var merged = 0, byPhone = 0, twoUnits = 0, reclassified = 0, linked = 0
        let ids = Set(y.incidents.map(\.id))
        for (inc, s) in states {
            #expect(s.status == .closed || s.status == .merged, "\(inc.id) is \(s.status)")
            #expect(zip(inc.events, inc.events.dropFirst()).allSatisfy { $0.at <= $1.at })
            guard case .reported(let intake) = inc.events[0].kind else { Issue.record("not reported first"); continue }
            #expect(intake.call.callerPhone.count == 11 && intake.call.callerPhone.allSatisfy(\.isNumber))
            #expect((2...3).contains(intake.call.callerName.count) && !intake.description.isEmpty && !intake.place.label.isEmpty)
            if let into = s.mergedInto { merged += 1; #expect(ids.contains(into)) }
            if s.mergedInto == nil && s.tasks.isEmpty { byPhone += 1 }
            if s.tasks.count >= 2 { twoUnits += 1 }
            if s.type != intake.type { reclassified += 1 }
            if s.calls.count > 1 && !inc.events.contains(where: { $0.type == .absorbed }) { linked += 1 }
            for t in s.tasks {
                let u = try #require(byID[t.unitId])
                #expect(s.type.needs.admits(kind: u.kind, capabilities: u.capabilities) && intake.type.needs.admits(kind: u.kind, capabilities: u.capabilities))
                #expect(t.state == .cleared)
                tasks[t.unitId, default: []].append((t.assignedAt, try #require(t.clearedAt)))
            }
        }
        for (_, list) in tasks {
            let sorted = list.sorted { $0.0 < $1.0 }
            let overlaps = zip(sorted, sorted.dropFirst()).count { $0.1 > $1.0 }
            #expect(overlaps <= 2, "a unit on two incidents at once \(overlaps) times")  // only the last night's moved-back incidents
        }
        let n = Double(y.incidents.count)
        #expect(merged > 10 && Double(merged) < 0.03 * n, "merged \(merged)")
        #expect(byPhone > 50 && Double(byPhone) < 0.06 * n, "closed without dispatch \(byPhone)")
        #expect(twoUnits > 264, "two units \(twoUnits)")
        #expect(reclassified > 20, "reclassified \(reclassified)")
        #expect(linked > 50, "second calls \(linked)")
    }

    @Test("Types in the seed's proportions: 264 mass incidents, ~203 assists, disputes the largest share, few fires")
    func proportions() throws {
        let states = try Self.states(Self.year).filter { $0.1.mergedInto == nil }
        let byType = Dictionary(grouping: states, by: \.1.type).mapValues(\.count)
        #expect(byType[.massIncident] == 264)
        #expect(byType[.assistance] == 203)
        #expect(byType[.fire]! < 60)
        let dispute = byType[.dispute]!
        #expect(byType.allSatisfy { $0.key == .dispute || $0.value < dispute }, "\(byType)")
        #expect(Double(dispute) / Double(states.count) > 0.25)
        #expect(IncidentType.allCases.allSatisfy { (byType[$0] ?? 0) > 0 })
        // Night is quiet, the evening peaks (China time).
        var hours = [Int](repeating: 0, count: 24)
        for (inc, _) in states { hours[Int((inc.reportedAt.timeIntervalSince1970 + 8 * 3_600).truncatingRemainder(dividingBy: 86_400) / 3_600)] += 1 }
        #expect(hours[3] * 4 < hours[20], "\(hours)")
        #expect(hours[19...21].reduce(0, +) > hours[9...11].reduce(0, +))
    }

    @Test("Urban grids are busier and faster: median call→on scene and dispatch→on scene")
    func urbanFaster() throws {
        let (grids, _) = Self.county()
        let urban = Set(grids.filter(\.urban).map(\.id))
        let states = try Self.states(Self.year).filter { $0.1.firstOnSceneAt != nil }
        func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }
        let u = states.filter { urban.contains($0.0.gridId) }, r = states.filter { !urban.contains($0.0.gridId) }
        #expect(Double(u.count) / 7 > 1.5 * Double(r.count) / 13, "per grid: urban \(u.count)/7, rural \(r.count)/13")
        let callToScene = { (x: [(DemoPoliceYear.Incident, IncidentState)]) in median(x.map { $0.1.firstOnSceneAt!.timeIntervalSince($0.1.reportedAt) }) }
        let dispatchToScene = { (x: [(DemoPoliceYear.Incident, IncidentState)]) in
            x.map { $0.1.firstOnSceneAt!.timeIntervalSince($0.1.firstDispatchedAt!) }
        }
        #expect(callToScene(u) < callToScene(r), "urban \(callToScene(u)) s, rural \(callToScene(r)) s")
        let du = median(dispatchToScene(u)), dr = median(dispatchToScene(r))
        #expect((180...480).contains(du), "urban dispatch→on scene median \(du) s")
        #expect((480...1_200).contains(dr), "rural dispatch→on scene median \(dr) s")
        let callToDispatch = states.map { $0.1.firstDispatchedAt!.timeIntervalSince($0.1.reportedAt) }
        #expect((30...180).contains(median(callToDispatch)), "call→dispatch median \(median(callToDispatch))")
        #expect(callToDispatch.contains { $0 > 600 }, "some long tails")
        #expect(Self.year.incidents.flatMap(\.events).allSatisfy { $0.at.timeIntervalSince1970.rounded() == $0.at.timeIntervalSince1970 })
        print("demo police year: call→dispatch median \(median(callToDispatch)) s; dispatch→on scene median urban \(du) s, rural \(dr) s; "
              + "call→on scene median urban \(callToScene(u)) s, rural \(callToScene(r)) s; incidents urban \(u.count), rural \(r.count)")
    }
}
