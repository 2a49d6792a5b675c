import Fluent
import Foundation
import PinganDomain
import ServerCore
import SQLKit
import Vapor

/// What a figure of the police statistics is taken over: an org unit's subtree (the caller's own
/// scope unless `orgUnit` names one inside it; one outside is the same 404 as an unknown id) and
/// the period [from, to). The API reads `from`/`to` as instants (a full date is its start, China
/// time); left out, the period is this year so far. The pages read days, `to` included.
struct PoliceScope {
    var caller: Caller
    var org: OrgUnitModel
    var from: Date
    var to: Date
    var db: any Database

    init(_ req: Request, days: Bool = false) async throws {
        caller = try req.caller()
        db = req.db
        let cal = PinganCalendar.shanghai
        let today = LocalDate(req.now, in: cal)
        if days {
            let fromDay = req.query[String.self, at: "from"].flatMap(LocalDate.init) ?? LocalDate(year: today.year, month: 1, day: 1)
            let toDay = req.query[String.self, at: "to"].flatMap(LocalDate.init) ?? today
            from = fromDay.start(in: cal)
            to = toDay.adding(days: 1).start(in: cal)
        } else {
            to = try Check.date(req, "to") ?? req.now
            from = try Check.date(req, "from") ?? LocalDate(year: LocalDate(to, in: cal).year, month: 1, day: 1).start(in: cal)
        }
        // Whole seconds: the lists' links carry the period as RFC 3339 without fractions, and must count the same records.
        from = Date(timeIntervalSince1970: from.timeIntervalSince1970.rounded(.down))
        to = Date(timeIntervalSince1970: to.timeIntervalSince1970.rounded(.down))
        // A period that ends before it starts is empty: every figure 0, as the mediation statistics
        // answer it (the API document cannot say from ≤ to, so it is not a malformed request).
        if to < from { to = from }
        let wanted = try Check.uuid(req, "orgUnit") ?? caller.scopeUnitID
        guard let unit = try await OrgUnitModel.find(wanted, on: req.db), caller.canSee(unit) else { throw DomainError.notFound("机构") }
        org = unit
    }

    /// The period as Beijing days for a file name or a page (`to` included).
    var fromDay: LocalDate { LocalDate(from, in: PinganCalendar.shanghai) }
    var toDay: LocalDate { LocalDate(to.addingTimeInterval(-1), in: PinganCalendar.shanghai) }
    var fileSuffix: String { org.name + "-" + fromDay.description + "至" + toDay.description }

    /// `LIKE` pattern of the subtree, as Fluent's `=~` (hasPrefix) writes it.
    var like: String { org.path + "%" }

    /// The county itself: the tree has one root, so every record is in its subtree and the table
    /// needs no prefix test (with a million incidents a year, the `LIKE` on every row was about
    /// half of the table's time; BENCHMARKS.md, "County report").
    var isWholeTree: Bool { org.parentID == nil }

    /// The period as the lists' `from`/`to` read it.
    var fromText: String { Self.instant(from) }
    var toText: String { Self.instant(to) }
    static func instant(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: d)
    }
}

extension SQLPredicateBuilder {
    /// `column LIKE subtree%`, left out when the scope is the whole tree.
    @discardableResult
    func inSubtree(_ column: SQLColumn, _ s: PoliceScope) -> Self {
        s.isWholeTree ? self : self.where(column, .like, SQLBind(s.like))
    }
}
