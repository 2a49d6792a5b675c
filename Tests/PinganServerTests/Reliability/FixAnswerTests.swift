import Fluent
import Foundation
import PatrolDomain
@testable import PatrolServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// Found by the SIGKILL harness (`.ci/durability.sh`) on PostgreSQL: a device's batch of fixes with
/// sub-second times was answered `stored: 4, duplicates: 4` although all eight were stored. The
/// answer matched the rows PostgreSQL returned (times in microseconds) against the request's times
/// (binary fractions) by exact equality, and about half differed in the last bit. A device told
/// "duplicates" believes the server had them already; the harness, that they were never written.
@Suite("A device's batch at millisecond times is answered as stored, on both databases")
struct FixAnswerTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("40 fixes 3 ms apart, posted as a phone posts them: answered stored 40, then duplicates 40 on a resend, and all 40 in the track",
          arguments: TestDatabase.available)
    func millisecondTimes(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.t0.addingTimeInterval(60))) { app in
            let unit = try await PositionIngestTests.unit(app, "城关毫秒")
            let token = try await PositionIngest.issueToken(for: unit, kind: "phone", now: app.clock.now(), on: app.db).token
            let stamp = ISO8601DateFormatter()
            stamp.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let times = (0..<40).map { Self.t0.addingTimeInterval(0.001 + Double($0) * 0.003) }
            let fixes = times.enumerated().map { i, at in
                #"{"lat":\#(36.37 + Double(i) * 1e-5),"lon":114.38,"at":"\#(stamp.string(from: at))","speed":8,"heading":90,"accuracy":5}"#
            }
            let body = #"{"unitId":"\#(try unit.requireID())","fixes":[\#(fixes.joined(separator: ","))]}"#
            struct Answer: Decodable { var stored: Int; var duplicates: Int; var offDuty: Int }
            let first = try await app.api(.POST, PatrolRoutes.positions.link(), token: token, json: body)
            let answer = try first.content.decode(Answer.self)
            #expect(first.status == .ok && answer.stored == 40 && answer.duplicates == 0 && answer.offDuty == 0, "\(first.body.string)")
            let again = try await app.api(.POST, PatrolRoutes.positions.link(), token: token, json: body)
            let resend = try again.content.decode(Answer.self)
            #expect(resend.stored == 0 && resend.duplicates == 40, "\(again.body.string)")
            let track = try await FixStore(db: app.db).track(unit: unit.requireID(), from: Self.t0, to: Self.t0.addingTimeInterval(1))
            #expect(track.count == 40)
            // Kept to the microsecond (PostgreSQL's driver truncates: 0.001 s may come back as 999 µs).
            let off = zip(track, times).map { abs($0.fix.at.timeIntervalSince($1)) }
            #expect(off.allSatisfy { $0 < 1.5e-6 }, "\(off.max() ?? 0) s off")
        }
    }
}
