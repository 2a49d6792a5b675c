import Foundation
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import Testing

/// The ledger (M10) and evaluation (M12) pages over the demo year, as the county bureau sees them.
@Suite("Ledger and evaluation pages in Chromium", .serialized)
struct LedgerBrowserTests {
    @Test("A committee's ledger shows the API's rows with their limits; the evaluation chart is the API's quality")
    func ledgerAndEvaluation() async throws {
        try await withBrowser(.desktop(width: 1280, height: 1100)) { d, live in
            _ = try await DemoDisputeSeed.run(on: live.app)
            try await d.logIn(live, as: "bureau")
            #expect(try await d.findElements(css: "nav a[href='/ledgers']").count == 1)
            #expect(try await d.findElements(css: "nav a[href='/evaluation']").count == 1)
            try await d.navigate(to: live.base + "/ledgers")
            #expect(try await d.findElements(css: "#ledger-units tbody tr").count == 40)
            // The labour committee: 15 days under 劳动争议调解仲裁法 第十四条.
            let labourID = try #require(try await OrgUnitStore(db: live.app.db).byCode("130427000000-ZY-LD")?.id)
            try await d.navigate(to: live.base + "/ledgers/\(labourID)")
            let api = try await StatisticsBrowserTests.api(d, "/api/v1/ledgers/\(labourID)")
            let total = try #require(api["total"] as? Int)
            #expect(total > 0)
            #expect(try await d.findElements(css: "#ledger-rows tbody tr").count == total)
            #expect(try await d.text(try await d.findElement(css: "#ledger-total")) == String(total))
            #expect(try await d.text(try await d.findElement(css: "#ledger-overdue")) == String(try #require(api["overdue"] as? Int)))
            let limits = try await d.text(try await d.findElement(css: "#ledger-limits"))
            #expect(limits.contains("15日") && limits.contains("第十四条"))
            _ = try await d.screenshot(saveAs: "ledger-labour-committee")

            try await d.navigate(to: live.base + "/evaluation")
            try await d.waitUntil("document.body.dataset.chartsReady === '1'", timeout: .seconds(30))
            let eval = try await StatisticsBrowserTests.api(d, "/api/v1/evaluation")
            let committees = try #require(eval["committees"] as? [[String: Any]])
            let expected = committees.map { (($0["qualityIndex"] as? Double ?? -1) * 1000).rounded() / 10 }
            let v = try await d.executeScript("return document.getElementById('chart-quality').dataset.values")
            let shown = try JSONDecoder().decode([Double].self, from: Data(try #require(v.stringValue).utf8))
            #expect(shown == expected)
            #expect(try await d.findElements(css: "#committee-table tbody tr").count == committees.count)
            #expect(try await d.text(try await d.findElement(css: "h1")).contains("调解质量评价"))
            _ = try await d.screenshot(saveAs: "evaluation")
        }
    }
}
