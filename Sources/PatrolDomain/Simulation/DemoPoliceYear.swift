import Foundation
import PinganDomain

/// A deterministic past year of police work for the demo (#10 point 6), in the seed's proportions
/// (P12): about 4,600 incidents of every type with their whole timelines, and the shifts behind
/// about 28,000 patrol person-times. Pure: the same grids, units, end, span and seed give the same
/// year (ids included), drawn only from `SplitMix64`.
///
/// - Incidents: 接警登记 with the caller, the dispatch of one (sometimes two) units fit for the type
///   (`IncidentType.needs`) and on shift at the time, 确认/赶赴/到达/处置完毕; a few closed by phone
///   without dispatch, a few second calls linked or reported again and merged, a few reclassified
///   on scene. Urban grids are busier and faster; each grid has its own response profile; night is
///   quiet and the evening peaks. A unit still busy on one incident is sent to the next only when it
///   clears (the queue is a long tail of call→dispatch), so no unit is on two incidents at once.
/// - Shifts: the 24-hour force (patrol cars, mobile police vehicles, response teams) is always
///   staffed; foot, plain-clothes and motorcycle patrols are staffed on enough days to bring the
///   year to the target person-times. One officer on one shift is one person-time; teams rotate
///   round-robin, so an officer's shifts never overlap.
public enum DemoPoliceYear {
    /// A patrol grid incidents happen in.
    public struct Grid: Sendable, Hashable {
        public var id: UUID
        public var name: String
        /// Where its incidents are placed (rejection sampling inside it).
        public var area: GeoPolygon
        public var urban: Bool
        public init(id: UUID, name: String, area: GeoPolygon, urban: Bool) {
            self.id = id; self.name = name; self.area = area; self.urban = urban
        }
    }

    /// A patrol unit that works the year.
    public struct Unit: Sendable, Hashable {
        public var id: UUID
        public var kind: PatrolUnitKind
        public var homeGridId: UUID
        public var capabilities: Set<PatrolCapability>
        public init(id: UUID, kind: PatrolUnitKind, homeGridId: UUID, capabilities: Set<PatrolCapability>) {
            self.id = id; self.kind = kind; self.homeGridId = homeGridId; self.capabilities = capabilities
        }
    }

    /// One officer of a unit's crew roster: `index` within the unit (team × crew + seat).
    public struct Officer: Sendable, Hashable {
        public var id: UUID
        public var unitId: UUID
        public var index: Int
    }

    /// One officer's shift on one unit: one patrol person-time.
    public struct Shift: Sendable, Hashable {
        public var id: UUID
        public var unitId: UUID
        public var officerId: UUID
        public var officerIndex: Int
        public var signedOnAt: Date
        public var signedOffAt: Date
        public var record: ShiftRecord { ShiftRecord(unitId: unitId, officerId: officerId, signedOnAt: signedOnAt, signedOffAt: signedOffAt) }
    }

    /// One incident: its grid and its timeline (the first event is the report; all in time order).
    public struct Incident: Sendable, Hashable {
        public var id: UUID
        public var gridId: UUID
        public var events: [IncidentEvent]
        public var reportedAt: Date { events[0].at }
        /// A second report merged into another incident (not counted as an incident of its own).
        public var isDuplicate: Bool { events.contains { if case .merged = $0.kind { true } else { false } } }
    }

    public struct Year: Sendable {
        public var start: Date
        public var end: Date
        /// In report order; the first one's id marks the year as loaded.
        public var incidents: [Incident]
        public var officers: [Officer]
        public var shifts: [Shift]
        /// Incidents that are not merged second reports: the count the seed reports.
        public var distinctIncidents: Int { incidents.count { !$0.isDuplicate } }
    }

    /// The seed's year (P12): distinct incidents by type, and patrol person-times. The type counts
    /// follow the seed where it gives them (264 mass incidents, 203 assists) and its spirit elsewhere
    /// (纠纷类警情 the largest share); they add up to 4,630 (4,600 余起).
    public struct Volume: Sendable, Hashable {
        public var byType: [IncidentType: Int]
        public var personTimes: Int
        public static let seed = Volume(byType: [.dispute: 1_390, .publicOrder: 1_010, .traffic: 880, .criminal: 430, .massIncident: 264,
                                                 .assistance: 203, .fire: 38, .other: 415], personTimes: 28_000)
        public init(byType: [IncidentType: Int], personTimes: Int) { self.byType = byType; self.personTimes = personTimes }
        public var incidents: Int { byType.values.reduce(0, +) }
        /// The same rates over `days` days.
        public func scaled(toDays days: Int) -> Volume {
            let f = Double(days) / 365
            return Volume(byType: byType.mapValues { Int((Double($0) * f).rounded()) }, personTimes: Int((Double(personTimes) * f).rounded()))
        }
    }

    /// The id of the first incident `generate` makes with `seed`, whatever the inputs: a loader's
    /// "already loaded" mark, known without generating the year.
    public static func marker(seed: UInt64) -> UUID {
        var ids = SplitMix64(seed: seed)
        return ids.uuid()
    }

    /// The year of `days` days before `end`. `dispatcherUserId` is the actor of the command centre's
    /// events (intake, dispatch, close, merge); a unit's steps are by the officer on its shift.
    public static func generate(grids: [Grid], units: [Unit], end: Date, seed: UInt64, days: Int = 365,
                                dispatcherUserId: UUID? = nil, volume: Volume = .seed) -> Year {
        var builder = Builder(grids: grids, units: units, end: end, seed: seed, days: days, dispatcher: dispatcherUserId,
                              volume: volume.scaled(toDays: days))
        return builder.build()
    }

    // MARK: - The generator

    struct SlotPlan { var starts: [Int]; var hours: Int; var crew: Int; var teams: Int; var core: Bool }

    /// Duty patterns by kind: start hours, length, crew, rotating teams, and whether always staffed.
    static func slots(for kind: PatrolUnitKind, urban: Bool) -> SlotPlan {
        switch kind {
        case .patrolCar: urban ? SlotPlan(starts: [8, 20], hours: 12, crew: 2, teams: 4, core: true)
                               : SlotPlan(starts: [8], hours: 24, crew: 2, teams: 3, core: true)
        case .mobilePoliceVehicle: SlotPlan(starts: [8, 20], hours: 12, crew: 2, teams: 4, core: true)
        case .responseTeam: SlotPlan(starts: [8], hours: 24, crew: 4, teams: 3, core: true)
        case .footPatrol: SlotPlan(starts: [9], hours: 10, crew: 2, teams: 2, core: false)
        case .plainClothes: SlotPlan(starts: [18], hours: 8, crew: 2, teams: 2, core: false)
        case .motorcycle: SlotPlan(starts: [8], hours: 10, crew: 1, teams: 2, core: false)
        case .checkpointPost, .fixedPost: SlotPlan(starts: [8, 20], hours: 12, crew: 2, teams: 4, core: false)
        }
    }

    /// A grid's response profile: how fast its calls are dispatched and reached.
    struct Profile { var dispatchSeconds: ClosedRange<Double>; var travelMinutes: ClosedRange<Double>; var weight: Double; var centroid: GeoPoint }

    struct Duty { var on: Date; var off: Date; var officer: UUID }

    struct Builder {
        let grids: [Grid]
        let units: [Unit]
        let end: Date
        let start: Date
        let days: Int
        let dispatcher: UUID?
        let volume: Volume
        var ids: SplitMix64
        var rng: SplitMix64
        var people: SplitMix64
        var profiles: [UUID: Profile] = [:]
        var duties: [UUID: [Duty]] = [:]
        var busyUntil: [UUID: Date] = [:]

        init(grids: [Grid], units: [Unit], end: Date, seed: UInt64, days: Int, dispatcher: UUID?, volume: Volume) {
            self.grids = grids; self.units = units; self.end = end; self.days = days; self.dispatcher = dispatcher; self.volume = volume
            start = end.addingTimeInterval(-Double(days) * 86_400)
            ids = SplitMix64(seed: seed)
            rng = SplitMix64(seed: seed ^ 0x5A5A_1234_9876_C3C3)
            people = SplitMix64(seed: seed &+ 0x0FF1_CE00)
        }

        mutating func build() -> Year {
            for g in grids {
                let centroid = g.area.isEmpty ? GeoPoint(lat: 36.37, lon: 114.37) : g.area.centroid
                // Each grid its own pace: urban calls are taken and reached faster.
                let profile = g.urban
                    ? Profile(dispatchSeconds: 30...Double(rng.int(in: 80...120)), travelMinutes: 3...(5.5 + rng.unit() * 2.5),
                              weight: 2.2 + rng.unit() * 1.0, centroid: centroid)
                    : Profile(dispatchSeconds: 40...Double(rng.int(in: 120...180)), travelMinutes: (7.5 + rng.unit() * 1.5)...(15 + rng.unit() * 5),
                              weight: 0.7 + rng.unit() * 0.6, centroid: centroid)
                profiles[g.id] = profile
            }
            let (officers, shifts) = makeShifts()
            let incidents = makeIncidents()
            return Year(start: start, end: end, incidents: incidents, officers: officers, shifts: shifts)
        }

        // MARK: Shifts

        mutating func makeShifts() -> ([Officer], [Shift]) {
            let urbanGrids = Set(grids.filter(\.urban).map(\.id))
            let plans = units.map { slots(for: $0.kind, urban: urbanGrids.contains($0.homeGridId)) }
            func perDay(_ p: SlotPlan) -> Int { p.starts.count * p.crew }
            let core = plans.filter(\.core).map(perDay).reduce(0, +) * days
            let flex = plans.filter { !$0.core }.map(perDay).reduce(0, +) * days
            let target = volume.personTimes
            let pCore = core == 0 ? 0 : min(1, Double(target) / Double(core))
            let pFlex = flex == 0 ? 0 : max(0, min(1, Double(target - core) / Double(flex)))
            var officerIDs = SplitMix64(seed: rng.next())
            var shiftIDs = SplitMix64(seed: rng.next())
            var officers: [Officer] = []
            var shifts: [Shift] = []
            for (unit, plan) in zip(units, plans) {
                let roster = (0..<(plan.teams * plan.crew)).map { Officer(id: officerIDs.uuid(), unitId: unit.id, index: $0) }
                officers += roster
                let p = plan.core ? pCore : pFlex
                var team = 0
                var unitDuties: [Duty] = []
                for day in 0..<days {
                    for h in plan.starts {
                        let staffed = rng.chance(p)
                        let on = start.addingTimeInterval(Double(day * 86_400 + h * 3_600) + Double(rng.int(in: -600...300)))
                        let off = on.addingTimeInterval(Double(plan.hours * 3_600) + Double(rng.int(in: -300...900)))
                        guard staffed, on >= start, off <= end else { continue }
                        for seat in 0..<plan.crew {
                            let o = roster[(team % plan.teams) * plan.crew + seat]
                            // A crew signs on within a minute or two of each other.
                            let jitter = Double(seat * rng.int(in: 0...120))
                            shifts.append(Shift(id: shiftIDs.uuid(), unitId: unit.id, officerId: o.id, officerIndex: o.index,
                                                signedOnAt: on.addingTimeInterval(jitter), signedOffAt: off.addingTimeInterval(jitter)))
                        }
                        unitDuties.append(Duty(on: on, off: off, officer: roster[(team % plan.teams) * plan.crew].id))
                        team += 1
                    }
                }
                duties[unit.id] = unitDuties
            }
            shifts.sort { ($0.signedOnAt, $0.id.uuidString) < ($1.signedOnAt, $1.id.uuidString) }
            return (officers, shifts)
        }

        func onDuty(_ unit: UUID, at t: Date) -> Duty? {
            guard let list = duties[unit], !list.isEmpty else { return nil }
            // The last duty starting at or before t (duties of a unit are in time order and never overlap).
            var lo = 0, hi = list.count
            while lo < hi { let m = (lo + hi) / 2; if list[m].on <= t { lo = m + 1 } else { hi = m } }
            guard lo > 0, list[lo - 1].off > t else { return nil }
            return list[lo - 1]
        }

        // MARK: Incidents

        static let hourWeights: [Double] = [0.9, 0.6, 0.4, 0.3, 0.3, 0.4, 0.7, 1.1, 1.4, 1.5, 1.5, 1.6,
                                            1.6, 1.5, 1.5, 1.6, 1.7, 1.9, 2.2, 2.4, 2.4, 2.1, 1.7, 1.3]

        mutating func weighted(_ weights: [Double]) -> Int {
            let total = weights.reduce(0, +)
            var x = rng.unit() * total
            for (i, w) in weights.enumerated() { x -= w; if x < 0 { return i } }
            return weights.count - 1
        }

        mutating func makeIncidents() -> [Incident] {
            guard !grids.isEmpty else { return [] }
            var types: [IncidentType] = IncidentType.allCases.flatMap { Array(repeating: $0, count: volume.byType[$0] ?? 0) }
            types.shuffle(using: &rng)
            let dayWeights = (0..<days).map { d -> Double in
                let t = start.addingTimeInterval(Double(d) * 86_400 + 43_200)
                let yearPhase = t.timeIntervalSince1970 / (365.25 * 86_400) * 2 * .pi
                let weekday = Int((t.timeIntervalSince1970 / 86_400).rounded(.down)) % 7  // 1970-01-01 was a Thursday
                return (1 + 0.15 * sin(yearPhase - 1.9)) * (weekday == 2 || weekday == 3 ? 1.12 : 1)
            }
            let gridWeights = grids.map { profiles[$0.id]!.weight }
            var planned: [(at: Date, grid: Int, type: IncidentType)] = types.map { type in
                let day = weighted(dayWeights), hour = weighted(Self.hourWeights)
                let at = start.addingTimeInterval(Double(day * 86_400 + hour * 3_600 + rng.int(below: 3_600)))
                return (at, weighted(gridWeights), type)
            }
            planned.sort { $0.at < $1.at }
            var out: [Incident] = []
            out.reserveCapacity(planned.count + planned.count / 50)
            for p in planned {
                let made = makeIncident(at: p.at, grid: grids[p.grid], type: p.type)
                out += made
            }
            return out.sorted { ($0.reportedAt, $0.id.uuidString) < ($1.reportedAt, $1.id.uuidString) }
        }

        mutating func event(_ incident: UUID, _ at: Date, _ kind: IncidentEventKind, by actor: UUID?) -> IncidentEvent {
            IncidentEvent(id: ids.uuid(), incidentId: incident, at: Self.second(at), actorUserId: actor, kind: kind)
        }

        mutating func point(in grid: Grid) -> GeoPoint {
            let b = grid.area.bounds
            guard !grid.area.isEmpty else { return profiles[grid.id]!.centroid }
            for _ in 0..<200 {
                let p = GeoPoint(lat: b.min.lat + rng.unit() * (b.max.lat - b.min.lat), lon: b.min.lon + rng.unit() * (b.max.lon - b.min.lon))
                if grid.area.contains(p) { return p }
            }
            return grid.area.centroid
        }

        mutating func call(at: Date) -> IncidentCall {
            let male = people.chance(0.6)
            let given = people.pick(male ? Words.maleGiven : Words.femaleGiven)
            let name = people.pick(Words.surnames) + (people.chance(0.75) ? given : String(given.last!))
            let phone = people.pick(Words.phonePrefixes) + String(format: "%08d", people.int(below: 100_000_000))
            return IncidentCall(callerName: name, callerPhone: phone, at: Self.second(at))
        }

        /// Times on whole seconds, as a dispatcher's clock records them (and so they read back the same from every database).
        static func second(_ t: Date) -> Date { Date(timeIntervalSince1970: t.timeIntervalSince1970.rounded()) }

        static func priority(_ type: IncidentType, _ r: Double) -> IncidentPriority {
            switch type {
            case .criminal, .fire: r < 0.6 ? .urgent : .high
            case .massIncident: r < 0.8 ? .urgent : .high
            case .traffic: r < 0.3 ? .high : .normal
            case .publicOrder: r < 0.35 ? .high : .normal
            case .dispute, .assistance: r < 0.15 ? .high : .normal
            case .other: r < 0.5 ? .normal : .low
            }
        }

        static func handlingMinutes(_ type: IncidentType) -> ClosedRange<Double> {
            switch type {
            case .criminal: 40...150
            case .publicOrder: 20...80
            case .traffic: 25...100
            case .dispute: 20...90
            case .massIncident: 90...300
            case .assistance: 15...60
            case .fire: 40...150
            case .other: 10...45
            }
        }

        /// What the dispatcher first recorded, when the scene turned out otherwise.
        static func firstReportedAs(_ final: IncidentType) -> IncidentType? {
            switch final {
            case .publicOrder: .dispute
            case .criminal: .publicOrder
            case .dispute, .traffic: .other
            default: nil
            }
        }

        mutating func range(_ r: ClosedRange<Double>) -> Double { r.lowerBound + rng.unit() * (r.upperBound - r.lowerBound) }

        /// The unit's drive to `place`: its home grid's pace, plus the way from its home grid when it comes from elsewhere.
        func expectedTravel(_ unit: Unit, to place: GeoPoint, grid: Grid) -> Double {
            let local = profiles[grid.id]!
            let mid = (local.travelMinutes.lowerBound + local.travelMinutes.upperBound) / 2 * 60
            guard unit.homeGridId != grid.id, let home = profiles[unit.homeGridId] else { return mid }
            return mid + home.centroid.distance(to: place) / (45_000.0 / 3_600)
        }

        mutating func makeIncident(at t0: Date, grid: Grid, type: IncidentType) -> [Incident] {
            let id = ids.uuid()
            let profile = profiles[grid.id]!
            let reclassified = Self.firstReportedAs(type).flatMap { rng.chance(0.04) ? $0 : nil }
            let reportedType = reclassified ?? type
            let place = point(in: grid)
            let label = grid.name + rng.pick(grid.urban ? Words.urbanPlaces : Words.ruralPlaces)
            let first = call(at: t0)
            let intake = IncidentIntake(type: reportedType, priority: Self.priority(reportedType, rng.unit()),
                                        place: IncidentPlace(lat: place.lat, lon: place.lon, label: label),
                                        description: rng.pick(Words.descriptions[reportedType]!), call: first)
            var events = [event(id, t0, .reported(intake), by: dispatcher)]
            // A few are settled on the phone: a false alarm, advice, the caller sorted it out.
            let byPhone = [.dispute, .assistance, .other, .publicOrder].contains(type) && reclassified == nil && rng.chance(0.06)
            if byPhone {
                events.append(event(id, t0.addingTimeInterval(range(120...900)), .closed(disposition: rng.pick(Words.byPhone)), by: dispatcher))
                return [Incident(id: id, gridId: grid.id, events: events)]
            }
            // Who is sent: fit for what was reported and what it is, on shift, nearest (a busy unit counts its wait).
            var dispatchAt = t0.addingTimeInterval(rng.chance(0.04) ? range(180...600) : range(profile.dispatchSeconds))
            let needs = [reportedType.needs, type.needs]
            let fit = units.filter { u in needs.allSatisfy { $0.admits(kind: u.kind, capabilities: u.capabilities) } }
            let wanted: Int = switch type {
            case .massIncident: 2
            case .criminal: rng.chance(0.25) ? 2 : 1
            case .fire: rng.chance(0.3) ? 2 : 1
            case .traffic: rng.chance(0.12) ? 2 : 1
            default: rng.chance(0.04) ? 2 : 1
            }
            let at = dispatchAt
            let ranked = fit.compactMap { u -> (Unit, Double)? in
                guard onDuty(u.id, at: at) != nil else { return nil }
                let wait = max(0, (busyUntil[u.id] ?? .distantPast).timeIntervalSince(at))
                return (u, expectedTravel(u, to: place, grid: grid) + wait)
            }.sorted { $0.1 < $1.1 }
            let chosen = ranked.prefix(wanted).map(\.0)
            guard !chosen.isEmpty else {
                events.append(event(id, t0.addingTimeInterval(range(300...900)), .closed(disposition: "无可派警力，已电话指导并通知属地派出所次日回访"), by: dispatcher))
                return [Incident(id: id, gridId: grid.id, events: events)]
            }
            var tasks: [(unit: Unit, onScene: Date, officer: UUID?)] = []
            for (i, unit) in chosen.enumerated() {
                var sent = i == 0 ? dispatchAt : dispatchAt.addingTimeInterval(range(60...300))
                // Still busy elsewhere: the call waits until the unit clears.
                if let busy = busyUntil[unit.id], busy > sent { sent = busy.addingTimeInterval(range(20...90)) }
                if i == 0 { dispatchAt = sent }
                let officer = onDuty(unit.id, at: sent)?.officer
                var travel = expectedTravel(unit, to: place, grid: grid) * range(0.6...1.4)
                if unit.homeGridId == grid.id { travel = range(profile.travelMinutes) * 60 }
                if rng.chance(0.05) { travel *= range(1.5...3) }  // a blocked road, a wrong turn, a far hamlet
                let eta = (expectedTravel(unit, to: place, grid: grid) * 10).rounded() / 10
                events.append(event(id, sent, .dispatched(unitId: unit.id, etaSeconds: eta, reason: nil), by: dispatcher))
                let ack = sent.addingTimeInterval(range(8...60))
                let skipsAck = rng.chance(0.05), skipsRoute = rng.chance(0.08)
                if !skipsAck { events.append(event(id, ack, .acknowledged(unitId: unit.id), by: officer)) }
                let rolling = ack.addingTimeInterval(range(5...60))
                if !skipsRoute { events.append(event(id, rolling, .enRoute(unitId: unit.id), by: officer)) }
                let onScene = max(sent.addingTimeInterval(travel), rolling.addingTimeInterval(30))
                events.append(event(id, onScene, .onScene(unitId: unit.id), by: officer))
                tasks.append((unit, onScene, officer))
            }
            // The first unit clears last, with the disposition that closes the incident; a helper clears before it.
            var primaryClear = tasks[0].onScene.addingTimeInterval(range(Self.handlingMinutes(type)) * 60)
            for helper in tasks.dropFirst() { primaryClear = max(primaryClear, helper.onScene.addingTimeInterval(900)) }
            for helper in tasks.dropFirst() {
                let cleared = helper.onScene.addingTimeInterval(range(300...max(301, primaryClear.timeIntervalSince(helper.onScene) - 120)))
                events.append(event(id, cleared, .cleared(unitId: helper.unit.id, disposition: "协助处置完毕"), by: helper.officer))
                busyUntil[helper.unit.id] = cleared
            }
            if let was = reclassified, was != type {
                let when = tasks[0].onScene.addingTimeInterval(range(60...240))
                primaryClear = max(primaryClear, when.addingTimeInterval(600))
                events.append(event(id, when, .reclassified(type: type, priority: Self.priority(type, rng.unit())), by: dispatcher))
            }
            // Another caller about the same thing, while it is being handled.
            if rng.chance(0.04) {
                let when = t0.addingTimeInterval(range(60...max(61, min(600, primaryClear.timeIntervalSince(t0) - 60))))
                let again = call(at: when)
                events.append(event(id, when, .callLinked(again), by: dispatcher))
            }
            events.append(event(id, primaryClear, .cleared(unitId: tasks[0].unit.id, disposition: rng.pick(Words.dispositions[type]!)),
                                by: tasks[0].officer))
            busyUntil[tasks[0].unit.id] = primaryClear
            var result: [Incident] = []
            // Now and then a second caller is registered as a new incident before the dispatcher sees it is
            // the same one, and merges it: its call moves over, it closes as merged.
            if rng.chance(0.012) {
                let dupID = ids.uuid()
                let dupAt = t0.addingTimeInterval(range(60...240))
                let near = GeoPoint(lat: place.lat + (rng.unit() - 0.5) * 0.001, lon: place.lon + (rng.unit() - 0.5) * 0.001)
                let dupCall = call(at: dupAt)
                let dupIntake = IncidentIntake(type: reportedType, priority: intake.priority, place: IncidentPlace(lat: near.lat, lon: near.lon, label: label),
                                               description: intake.description, call: dupCall)
                let mergeAt = dupAt.addingTimeInterval(range(60...240))
                result.append(Incident(id: dupID, gridId: grid.id, events: [
                    event(dupID, dupAt, .reported(dupIntake), by: dispatcher),
                    event(dupID, mergeAt, .merged(intoIncidentId: id), by: dispatcher),
                ]))
                events.append(event(id, mergeAt, .absorbed(fromIncidentId: dupID, calls: [dupCall]), by: dispatcher))
            }
            // The timeline in time order; ties keep the order written (a step never precedes its cause).
            let ordered = events.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
            result.insert(Incident(id: id, gridId: grid.id, events: ordered), at: 0)
            // A late incident of the last day that would still run past the end moves back to end before it,
            // with its merged second report.
            let last = result.compactMap { $0.events.last?.at }.max()!
            if last > end { result = result.map { Self.moved($0, by: -(last.timeIntervalSince(end) + 60)) } }
            return result
        }

        static func moved(_ incident: Incident, by offset: TimeInterval) -> Incident {
            var m = incident
            for i in m.events.indices {
                m.events[i].at = m.events[i].at.addingTimeInterval(offset)
                switch m.events[i].kind {
                case .reported(var intake): intake.call.at = intake.call.at.addingTimeInterval(offset); m.events[i].kind = .reported(intake)
                case .callLinked(var c): c.at = c.at.addingTimeInterval(offset); m.events[i].kind = .callLinked(c)
                case .absorbed(let from, let calls):
                    m.events[i].kind = .absorbed(fromIncidentId: from, calls: calls.map { var c = $0; c.at = c.at.addingTimeInterval(offset); return c })
                default: break
                }
            }
            return m
        }
    }

    // MARK: - Words

    enum Words {
        static let surnames: [String] = Array("王李张刘陈杨赵黄周吴徐孙马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆范金石贾夏付方白孟秦江尹薛闫段雷侯史郝武常康牛邢安齐乔申耿焦苗谷路靳柴").map(String.init)
        static let maleGiven = pairs("建国志强海军卫东明亮振华国庆永胜德胜保平文斌春生金山小龙红军立新俊杰宏伟学军")
        static let femaleGiven = pairs("秀英桂兰玉梅淑珍丽娟凤霞春燕海燕翠花红梅秀兰晓燕美玲丽华素芳")
        static let phonePrefixes = ["138", "139", "150", "151", "152", "157", "159", "130", "131", "132", "155", "183", "187", "189", "177"]
        static let urbanPlaces = ["小区门口", "商业街", "广场", "十字路口", "超市门前", "夜市", "医院门口", "汽车站", "学校门口", "菜市场"]
        static let ruralPlaces = ["村委会东侧路口", "集贸市场", "加油站附近", "小学门口", "卫生院南侧", "村口", "省道路口", "公路桥头", "砖厂门口", "村南麦田"]

        static func pairs(_ run: String) -> [String] {
            let cs = Array(run)
            return stride(from: 0, to: cs.count - 1, by: 2).map { String(cs[$0...$0 + 1]) }
        }

        static let descriptions: [IncidentType: [String]] = [
            .criminal: ["家中被盗，现金和金首饰丢失", "电动车在楼下被盗", "有人持刀抢劫", "被人殴打致伤，对方已逃离", "商店夜间被撬门盗窃", "接到电话被骗转账两万元"],
            .publicOrder: ["饭店内有人酒后闹事", "几个人在路边打架", "有人深夜在楼下大声喧哗", "网吧内有人寻衅滋事", "有人在集市上强行收费", "KTV 门口有人斗殴"],
            .traffic: ["两车追尾，无人受伤，堵塞路口", "电动车与轿车相撞，一人受伤", "货车侧翻在路边", "有车辆逆行，险些撞人", "摩托车撞倒行人", "车辆堵住消防通道"],
            .dispute: ["邻里因宅基地边界发生争吵", "夫妻吵架，女方报警", "顾客与店家因退货发生纠纷", "工人讨要工资与老板争执", "因停车位与邻居发生争吵", "两家因浇地用水发生口角"],
            .massIncident: ["二十余名工人聚集讨薪", "村民聚集阻拦施工", "业主聚集在售楼处维权", "数十人聚集在路口堵路", "群众聚集反映征地补偿问题"],
            .assistance: ["老人走失，家属求助寻找", "小孩与家人走散", "被锁在门外，家中有婴儿", "醉酒人员躺在路边", "有人落水，请求救援", "车辆抛锚在高速路口，请求帮助"],
            .fire: ["村里麦秸垛起火", "居民楼冒烟，疑似起火", "路边车辆起火", "饭店厨房着火"],
            .other: ["路边发现可疑包裹", "捡到钱包，想交给警察", "有狗咬人", "路灯倒在路上", "噪音扰民，装修施工到深夜", "咨询户籍办理事项"],
        ]

        static let dispositions: [IncidentType: [String]] = [
            .criminal: ["已受理为刑事案件，移交刑侦大队", "嫌疑人已当场抓获，带回派出所", "已固定现场证据，立案侦查", "已调取监控，移交办案单位"],
            .publicOrder: ["已制止，当事人带回派出所处理", "双方已被劝离，现场恢复秩序", "依法给予警告", "已受理治安案件"],
            .traffic: ["已疏导交通，移交交警处理", "双方协商赔偿，车辆已移至路边", "伤者已送医，现场已处理", "已拍照固定，移交事故处理中队"],
            .dispute: ["现场调解，双方达成和解", "已移交村调委会调解", "劝解后双方情绪平稳，已离开", "告知双方通过诉讼途径解决", "已移交司法所调解"],
            .massIncident: ["现场劝导，群众已疏散", "已协调相关部门到场答复，人员散去", "已稳控现场，移交属地乡镇处置"],
            .assistance: ["已帮助找到家人", "已护送回家", "已协助开锁", "已送医救治", "已联系救援车辆，求助人安全"],
            .fire: ["已协助消防扑灭，无人员伤亡", "明火已扑灭，现场已警戒", "经查为烧荒冒烟，已劝止"],
            .other: ["已登记处理", "已答复咨询", "已通知相关部门处理", "经查无异常"],
        ]

        static let byPhone = ["经电话回访系误报", "电话指导处置，无需出警", "报警人已自行处理，电话确认", "已电话告知报警人处理途径"]
    }
}
