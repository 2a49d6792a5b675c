import Fluent
import Vapor
import Foundation
import MediationDomain
@testable import MediationServer
import PinganDomain
@testable import PinganServer
@testable import ServerCore
import Testing

/// #12 acceptance 5 for the monthly analysis report (舆情分析报告, M9): the bureau issues last
/// month's county report from the list page; the report's figures are the API's; the page prints
/// on A4 without the navigation.
@Suite("Monthly analysis report in Chromium", .serialized)
struct AnalysisReportBrowserTests {
    /// Registers `n` disputes of `category` in the village `code` on days of `month`.
    static func seed(_ app: Application, _ n: Int, village code: String, _ category: DisputeCategory, _ month: YearMonth, threat: Bool = false) async throws {
        guard let village = try await OrgUnitModel.query(on: app.db).filter(\.$code == code).first() else { return }
        for i in 0..<n {
            let intake = DisputeIntake(
                parties: [Party(name: "张三", phone: "13812345678", role: .applicant), Party(name: "李四", phone: "13987654321", role: .respondent)],
                category: category, subcategoryCode: nil, source: .partyApplication, channel: .peoplesMediation, level: .village,
                handlingOrgUnitId: try village.requireID(), villageId: village.id, townshipId: village.parentID, gridId: nil, place: "村东街",
                location: nil, occurredAt: nil, peopleInvolved: 2, amount: nil, summary: threat ? "因宅基地纠纷扬言动手" : "两户因院墙滴水发生争执",
                riskSigns: RiskSigns(threatOfViolence: threat, threatOfSelfHarm: false, plannedCollectivePetition: false, crossesVillages: false))
            let at = month.firstDay.adding(days: 1 + i).start(in: PinganCalendar.shanghai).addingTimeInterval(10 * 3600)
            _ = try await DisputeEventStore(db: app.db).register(id: UUID(), intake: intake, by: EventActor(systemFor: try village.requireID()), at: at)
        }
    }

    @Test("Issue from the list, the report's tables equal the API's, a rising cluster shown; printed on A4 without navigation")
    func listReportAndPrint() async throws {
        try await withBrowser(.desktop(width: 1280, height: 1000)) { d, live in
            let app = live.app
            let month = YearMonth(app.clock.now(), in: PinganCalendar.shanghai).previous
            // Neighbourhood disputes in 三里屯村 rise (1, 1, 1 → 9), labour disputes elsewhere are steady, two threats are open.
            for k in 1...3 { try await Self.seed(app, 1, village: "130427100201", DisputeCategory.neighbourhood, month.adding(months: -k)) }
            try await Self.seed(app, 9, village: "130427100201", .neighbourhood, month)
            for k in 0...3 { try await Self.seed(app, 4, village: "130427103201", .labour, month.adding(months: -k)) }
            try await Self.seed(app, 2, village: "130427103201", .housingHomestead, month, threat: true)

            try await d.logIn(live, as: "bureau")
            #expect(try await d.findElements(css: "nav a[href='/analysis-reports']").count == 1)
            try await d.navigate(to: live.base + AnalysisReportRoutes.listPage.link())
            _ = try await d.executeScript("document.querySelector('#issue-form button[type=submit]').click(); return true;")
            do {
                try await d.waitUntil("location.pathname.startsWith('/analysis-reports/') && !!document.getElementById('report')", timeout: .seconds(30))
            } catch {
                let status = try await d.evaluate("(document.getElementById('issue-status')?.textContent || '') + ' ' + location.href")
                _ = try await d.screenshot(saveAs: "analysis-report-issue-failed")
                Issue.record("issuing from the list failed: \(status)")
                throw error
            }

            let compared = try await d.evaluate("""
                (async () => {
                  const id = document.getElementById('report').dataset.reportId;
                  const api = await (await fetch('/api/v1/analysis-reports/' + id, { credentials: 'same-origin', headers: { Accept: 'application/json' } })).json();
                  const rows = (sel) => Object.fromEntries([...document.querySelectorAll(sel + ' tbody tr')].map(r => [r.dataset.label, Number(r.dataset.count)]));
                  const want = (list) => Object.fromEntries(list.map(t => [t.label, t.count]));
                  const cells = (sel) => [...document.querySelectorAll(sel + ' tbody tr')].map(r => [...r.children].map(c => c.textContent.trim()));
                  const apiCells = (list) => list.map(t => [t.label, ...t.previous.map(String), String(t.count), t.mean.toFixed(1)]);
                  const risingShown = [...document.querySelectorAll('#rising-clusters tbody tr')].map(r => r.dataset.key + '=' + r.dataset.count);
                  const risingApi = api.content.clusters.filter(c => c.rising).map(c => c.categoryLabel + '|' + c.townshipName + '=' + c.count);
                  return {
                    number: document.getElementById('report-number').textContent.trim() === api.number,
                    total: Number(document.getElementById('total-count').textContent) === api.content.total.count,
                    totalCount: api.content.total.count,
                    categories: JSON.stringify(rows('#category-trends')) === JSON.stringify(want(api.content.byCategory)),
                    categoryCells: JSON.stringify(cells('#category-trends').map(r => r.slice(0, 6))) === JSON.stringify(apiCells(api.content.byCategory)),
                    townships: JSON.stringify(rows('#township-trends')) === JSON.stringify(want(api.content.byTownship)),
                    rising: JSON.stringify(risingShown) === JSON.stringify(risingApi), risingShown: risingShown.join(','),
                    risks: document.querySelectorAll('#top-risks tbody tr').length === api.content.topRisks.length,
                    redFirst: api.content.topRisks.length > 0 && ['red', 'orange'].includes(api.content.topRisks[0].risk),
                    month: api.month,
                  };
                })()
                """)
            for key in ["number", "total", "categories", "categoryCells", "townships", "rising", "risks", "redFirst"] {
                #expect(compared[key]?.boolValue == true, "\(key): \(compared)")
            }
            #expect(compared["totalCount"]?.intValue == 9 + 4 + 2 && compared["month"]?.stringValue == month.description, "\(compared)")
            #expect(compared["risingShown"]?.stringValue?.hasPrefix("邻里|") == true, "\(compared)")
            _ = try await d.screenshot(saveAs: "analysis-report")

            // Print: A4 page rule, no navigation or buttons, the sheet at full width.
            let pageRule = try await d.executeScript("""
                for (const s of document.styleSheets) { try { for (const r of s.cssRules) if (r instanceof CSSPageRule && /A4/i.test(r.style.size || r.cssText)) return true; } catch (e) {} }
                return false;
                """)
            #expect(pageRule.boolValue == true)
            _ = try await d.cdp("Emulation.setEmulatedMedia", ["media": .string("print")])
            try await d.setViewport(width: 794, height: 1123)
            let printed = try await d.executeScript("""
                return getComputedStyle(document.querySelector('.topbar')).display === 'none'
                  && getComputedStyle(document.querySelector('.report-actions')).display === 'none'
                  && getComputedStyle(document.getElementById('report')).borderTopWidth === '0px';
                """)
            #expect(printed.boolValue == true)
            _ = try await d.screenshot(saveAs: "analysis-report-print-a4")
            _ = try await d.cdp("Emulation.setEmulatedMedia", ["media": .string("")])
            try await d.setViewport(width: 1280, height: 1000)

            // Regenerating from the report opens version 2; the list shows both versions.
            try await d.click(try await d.findElement(css: "#regenerate"))
            try await d.waitUntil("document.getElementById('report-version')?.textContent.trim() === '2'", timeout: .seconds(30))
            #expect(try await d.findElements(css: "#other-versions li").count == 1)
            try await d.navigate(to: live.base + AnalysisReportRoutes.listPage.link())
            let versions = try await d.evaluate("[...document.querySelectorAll('#report-list tbody tr')].filter(r => r.dataset.month === '\(month)').map(r => r.dataset.version).join(',')")
            #expect(versions.stringValue == "2,1")
            _ = try await d.screenshot(saveAs: "analysis-report-list")
        }
    }
}
