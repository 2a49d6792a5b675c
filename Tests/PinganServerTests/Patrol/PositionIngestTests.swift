import Fluent
import Foundation
import PatrolDomain
@testable import PatrolServer
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// P3, issue #9 acceptance 2: a resent batch is stored once, a late fix goes into the track without
/// moving the live position, and a device reports only for its own unit — on both databases.
@Suite("Positions from devices: stored once, late fixes kept off the map, one unit per token")
struct PositionIngestTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    static func unit(_ app: Application, _ callSign: String) async throws -> PatrolUnitModel {
        let station = try await app.unit(code: "130427000000-GAJ-PCS01")
        let u = PatrolUnitModel()
        u.callSign = callSign
        u.kind = PatrolUnitKind.patrolCar.rawValue
        u.stationOrgUnitID = try station.requireID()
        u.stationPath = station.path
        u.status = PatrolUnitStatus.available.rawValue
        u.capabilities = ""
        u.createdAt = t0
        try await u.create(on: app.db)
        // On duty from an hour before t0: tracks are kept only while someone is on the unit's shift.
        let officer = try #require(try await UserModel.query(on: app.db).filter(\.$username == "patrol").first())
        let shift = PatrolShiftModel()
        shift.unitID = try u.requireID()
        shift.officerID = try officer.requireID()
        shift.signedOnAt = t0.addingTimeInterval(-3600)
        try await shift.create(on: app.db)
        return u
    }

    static func fix(_ seconds: Double, lat: Double = 36.37) -> Fix {
        Fix(lat: lat + seconds * 1e-5, lon: 114.38, at: t0.addingTimeInterval(seconds), speed: 8, heading: 90, accuracy: 10)
    }

    @Test("A batch sent ten times is stored once", arguments: TestDatabase.available)
    func resentBatch(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.t0.addingTimeInterval(600))) { app in
            let unit = try await Self.unit(app, "城关巡1")
            let token = try await PositionIngest.issueToken(for: unit, kind: "phone", now: app.clock.now(), on: app.db).token
            let ingest = PositionIngest(db: app.db, live: app.livePositions, writer: app.fixWriter)
            let batch = (0..<200).map { Self.fix(Double($0) * 2) }
            var results: [FixStore.Appended] = []
            for _ in 0..<10 { results.append(try await ingest.accept(token: token, unitID: unit.id!, fixes: batch, now: app.clock.now())) }
            #expect(results[0].stored == 200 && results[0].duplicates == 0)
            #expect(results.dropFirst().allSatisfy { $0.stored == 0 && $0.duplicates == 200 })
            let track = try await FixStore(db: app.db).track(unit: unit.id!, from: Self.t0, to: Self.t0.addingTimeInterval(400))
            #expect(track.count == 200)
            #expect(track.map(\.fix.at) == batch.map(\.at))
        }
    }

    @Test("A late fix goes into the track, flagged, and leaves the live position", arguments: TestDatabase.available)
    func lateFix(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.t0.addingTimeInterval(600))) { app in
            let unit = try await Self.unit(app, "城关巡2")
            let token = try await PositionIngest.issueToken(for: unit, kind: "vehicle_terminal", now: app.clock.now(), on: app.db).token
            let ingest = PositionIngest(db: app.db, live: app.livePositions, writer: app.fixWriter)
            _ = try await ingest.accept(token: token, unitID: unit.id!, fixes: [Self.fix(100)], now: app.clock.now())
            let late = try await ingest.accept(token: token, unitID: unit.id!, fixes: [Self.fix(50)], now: app.clock.now())
            #expect(late.stored == 1)
            let live = try #require(await app.livePositions.position(of: unit.id!))
            #expect(live.fix.at == Self.t0.addingTimeInterval(100))
            let track = try await FixStore(db: app.db).track(unit: unit.id!, from: Self.t0, to: Self.t0.addingTimeInterval(200))
            #expect(track.map(\.fix.at) == [Self.t0.addingTimeInterval(50), Self.t0.addingTimeInterval(100)])
            #expect(track[0].flags.contains(.late) && !track[1].flags.contains(.late))
            // An impossible jump is stored with its flag, not dropped.
            let jump = try await ingest.accept(token: token, unitID: unit.id!, fixes: [Self.fix(101, lat: 37.5)], now: app.clock.now())
            #expect(jump.stored == 1 && jump.newest?.flags.contains(.impossibleSpeed) == true)
        }
    }

    @Test("A device token of unit A is refused for unit B; an unknown token is 401", arguments: TestDatabase.available)
    func otherUnit(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.t0.addingTimeInterval(600))) { app in
            let a = try await Self.unit(app, "城关巡3"), b = try await Self.unit(app, "城关巡4")
            let tokenA = try await PositionIngest.issueToken(for: a, kind: "phone", now: app.clock.now(), on: app.db).token
            let ingest = PositionIngest(db: app.db, live: app.livePositions, writer: app.fixWriter)
            await #expect(throws: APIError.self) { try await ingest.accept(token: tokenA, unitID: b.id!, fixes: [Self.fix(1)], now: app.clock.now()) }
            do {
                _ = try await ingest.accept(token: tokenA, unitID: b.id!, fixes: [Self.fix(1)], now: app.clock.now())
            } catch let e as APIError {
                #expect(e.status == .forbidden && e.code == "other_unit")
            }
            do {
                _ = try await ingest.accept(token: "pd_unknown", unitID: a.id!, fixes: [Self.fix(1)], now: app.clock.now())
                Issue.record("an unknown token was accepted")
            } catch let e as APIError {
                #expect(e.status == .unauthorized)
            }
            #expect(try await FixStore(db: app.db).track(unit: b.id!, from: Self.t0, to: Self.t0.addingTimeInterval(10)).isEmpty)
            #expect(await app.livePositions.position(of: b.id!) == nil)
            #expect(try await ingest.accept(token: tokenA, unitID: a.id!, fixes: [Self.fix(1)], now: app.clock.now()).stored == 1)
        }
    }

    @Test("Batches written together: each is stored, and one refused batch fails only itself", arguments: TestDatabase.available)
    func groupCommit(db: TestDatabase) async throws {
        try await Self.groupCommitChecks(db)
    }

    @Test("On an SQLite file the writer has a connection of its own, and the app reads what it wrote")
    func groupCommitOnFile() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-writer-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try await Self.groupCommitChecks(.sqlite, file: dir.appendingPathComponent("pingan.sqlite").path)
    }

    static func groupCommitChecks(_ db: TestDatabase, file: String? = nil) async throws {
        try await withApp(db, clock: TestClock(Self.t0.addingTimeInterval(1500)), adjust: { s in if let file { s.database = .sqlite(path: file) } }) { app in
            var made: [UUID] = []
            for i in 0..<12 { made.append(try await Self.unit(app, "城关组\(i)").requireID()) }
            let writer = app.fixWriter, now = app.clock.now(), units = made
            let before = await writer.commits
            // Twelve devices at once, and a thirteenth whose fix lies an hour in the future (refused).
            let outcomes = await withTaskGroup(of: (Int, Int?).self) { group in
                for (i, unit) in units.enumerated() {
                    group.addTask {
                        let fixes = (0..<50).map { Self.fix(Double(i * 100 + $0)) }
                        let r = try? await writer.append(.init(fixes: fixes, unit: unit, kind: .patrolCar, live: nil, receivedAt: now))
                        return (i, r?.stored)
                    }
                }
                group.addTask {
                    let bad = [Self.fix(10), Fix(lat: 36.4, lon: 114.4, at: now.addingTimeInterval(3600))]
                    let r = try? await writer.append(.init(fixes: bad, unit: units[0], kind: .patrolCar, live: nil, receivedAt: now))
                    return (-1, r?.stored)
                }
                var out: [Int: Int?] = [:]
                for await (i, stored) in group { out[i] = stored }
                return out
            }
            #expect(outcomes[-1] == .some(nil), "the refused batch failed")
            for i in units.indices { #expect(outcomes[i] == .some(50), "unit \(i)") }
            for (i, unit) in units.enumerated() {
                let track = try await FixStore(db: app.db).track(unit: unit, from: Self.t0, to: Self.t0.addingTimeInterval(2000))
                #expect(track.map(\.fix.at) == (0..<50).map { Self.t0.addingTimeInterval(Double(i * 100 + $0)) })
            }
            let commits = await writer.commits - before
            #expect(commits >= 1 && commits <= units.count)
            // A batch and its resend in one group: the first stores, the resend is all duplicates.
            let again = FixStore.Batch(fixes: (0..<30).map { Self.fix(Double(1200 + $0)) }, unit: units[3], kind: .patrolCar, live: nil, receivedAt: now)
            let both = try await app.db.writeTransaction { tx in try await FixStore(db: tx).append([again, again]) }
            #expect(both.map(\.stored) == [30, 0] && both.map(\.duplicates) == [0, 30])
            #expect(both[0].newest?.fix.at == Self.t0.addingTimeInterval(1229) && both[1].newest == nil)
        }
    }
}
