import Foundation
import PinganDomain
import ServerCore
import Vapor

/// The `day` a patrol view is asked for (track playback, patrol quality): a date in the county's
/// time zone, today when not given.
enum PatrolDay {
    static func asked(_ req: Request, calendar: Calendar = PinganCalendar.shanghai) throws -> LocalDate {
        guard let raw = req.query[String.self, at: "day"], !raw.isEmpty else { return LocalDate(req.now, in: calendar) }
        guard raw.count == 10, let day = LocalDate(raw) else {
            throw APIError.badRequest("day=\(raw.prefix(40)) 无效，应为日期 YYYY-MM-DD / day must be a date YYYY-MM-DD", code: "invalid_query")
        }
        return day
    }
}
