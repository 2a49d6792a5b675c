import Foundation
import MediationDomain
import PinganDomain
import ServerCore
import Vapor

/// `/enterprises` (M14): each enterprise with its 涉企 disputes and its 法律进企业 visits, and a
/// form to record a visit. The form posts to `POST /api/v1/enterprises/{id}/visits` from
/// `enterprise-visits.js` with the page's CSRF token and an id made in the browser, so a double
/// submit or a retry stores the visit once.
enum EnterprisePage {
    struct Model: Encodable {
        var enterprises: [Enterprise]
        /// Today in the county (yyyy-MM-dd): the form's default and latest visit date.
        var today: String
    }
    struct Enterprise: Encodable {
        var enterprise: EnterpriseDTO
        var disputes: [EnterpriseDisputeDTO]
        var visits: [Visit]
    }
    struct Visit: Encodable {
        var id: UUID
        /// The visit's day in the county (yyyy-MM-dd).
        var visitedOn: String
        var visitors: String
        var content: String
        var result: String
    }

    static func show(req: Request) async throws -> Response {
        let actor = try req.caller()
        let list = try await EnterpriseAPI.list(req: req)
        let calendar = PinganCalendar.shanghai
        var enterprises: [Enterprise] = []
        for e in list.items {
            req.parameters.set("id", to: e.id.uuidString)
            let d = try await EnterpriseAPI.detail(req: req)
            enterprises.append(Enterprise(enterprise: d.enterprise, disputes: d.disputes, visits: d.visits.map {
                Visit(id: $0.id, visitedOn: LocalDate($0.visitedAt, in: calendar).description, visitors: $0.visitors,
                      content: $0.content, result: $0.result)
            }))
        }
        return try await PageController().render(req, "ledger-enterprises", title: "涉企纠纷", actor: actor,
                                                 current: LedgerRoutes.enterprisesPage.path,
                                                 Model(enterprises: enterprises, today: LocalDate(req.now, in: calendar).description))
    }
}
