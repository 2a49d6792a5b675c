import Foundation
@testable import MediationServer
@testable import PinganServer
@testable import ServerCore
import Testing

/// Templates and page scripts name paths as text; this checks each one against the route tables,
/// so a link to a page that does not exist fails a test.
@Suite("Template and script links")
struct TemplateLinkTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let staticPrefixes = ["/css/", "/js/", "/vendor/", "/favicon.ico"]
    /// What an interpolated segment becomes before matching.
    static let param = "{p}"

    static func files(_ dir: String, ext: String) -> [URL] {
        let base = root.appendingPathComponent(dir)
        guard let e = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        return e.compactMap { $0 as? URL }.filter { $0.pathExtension == ext }
    }

    static func matches(_ regex: String, in text: String) -> [[String]] {
        let re = try! NSRegularExpression(pattern: regex)
        return re.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { m in
            (0..<m.numberOfRanges).map { i in Range(m.range(at: i), in: text).map { String(text[$0]) } ?? "" }
        }
    }

    /// A path as written → its template shape: query dropped, interpolations (`#(..)`, `${..}`,
    /// `:name`, a concatenated expression) as one parameter segment.
    static func normalise(_ raw: String) -> String {
        var s = raw
        for pattern in [#"#\([^)]*\)"#, #"\$\{[^}]*\}"#] {
            s = s.replacingOccurrences(of: pattern, with: param, options: .regularExpression)
        }
        if let q = s.firstIndex(of: "?") { s = String(s[..<q]) }
        let segments = s.split(separator: "/", omittingEmptySubsequences: false).map { seg -> String in
            seg.hasPrefix(":") || seg.contains(param) ? param : String(seg)
        }
        var out = segments.joined(separator: "/")
        while out.count > 1 && out.hasSuffix("/") { out.removeLast() }
        return out
    }

    /// Absolute paths in a template: `href="/…"`, `action="/…"`, `data-post="/…"` and `'/api/…'` strings.
    static func templatePaths(_ text: String) -> [String] {
        matches(#"(?:href|action|data-post|src)="(/[^"]*)""#, in: text).map { $0[1] }
            + scriptPaths(text)
    }

    /// `'/api/…'` (or "…", `…`) strings in a script, with `' + expr + '…'` joined as a parameter.
    static func scriptPaths(_ text: String) -> [String] {
        let literal = #"(['"`])(/(?:api|disputes|board|screening|directives|command|statistics|org|map|admin|login|logout)[^'"`]*)\1"#
        let tail = #"((?:\s*\+\s*[A-Za-z_$][\w$.\[\]]*(?:\s*\+\s*(['"`])[^'"`]*\4)?)*)"#
        return matches(literal + tail, in: text).map { m in
            var path = m[2]
            let rest = m[3]
            if !rest.isEmpty {
                // Each `+ expr` is a parameter; each following literal is text.
                for part in matches(#"\+\s*(?:(['"`])([^'"`]*)\1|([A-Za-z_$][\w$.\[\]]*))"#, in: rest) {
                    path += part[3].isEmpty ? part[2] : param
                }
            }
            return path
        }
    }

    /// A file `Public/` serves as it is (the patrol app's manifest and icons under `/patrol/`).
    static func isPublicFile(_ raw: String) -> Bool {
        !raw.contains("#(") && !raw.contains("..")
            && FileManager.default.fileExists(atPath: root.appendingPathComponent("Public").path + raw)
    }

    @Test("Every absolute path in Views and Public/js is a declared endpoint")
    func everyLinkDeclared() throws {
        let endpoints = CoreRoutes.all + PinganWings.all.flatMap(\.endpoints)
        let views = Self.files("Resources/Views", ext: "leaf"), scripts = Self.files("Public/js", ext: "js")
        #expect(views.count > 10 && scripts.count > 5, "templates and scripts not found under \(Self.root.path)")
        var checked = 0
        for file in views + scripts {
            let text = try String(contentsOf: file, encoding: .utf8)
            let paths = file.pathExtension == "js" ? Self.scriptPaths(text) : Self.templatePaths(text)
            for raw in paths where !Self.staticPrefixes.contains(where: raw.hasPrefix) && !Self.isPublicFile(raw) {
                let path = Self.normalise(raw)
                checked += 1
                let ok = endpoints.contains { e in
                    let t = e.segments, p = path.split(separator: "/")
                    return t.count == p.count && zip(t, p).allSatisfy { a, b in
                        a.hasPrefix("{") ? true : (b != Self.param && a == b)
                    }
                }
                #expect(ok, "\(file.lastPathComponent): \(raw) (\(path)) is not a declared endpoint")
            }
        }
        #expect(checked > 30, "only \(checked) links found: is the scanner reading the files?")
    }

    @Test("The scanner reads the shapes the templates use")
    func scannerShapes() {
        #expect(Self.normalise("/disputes/#(i.id)/file") == "/disputes/{p}/file")
        #expect(Self.normalise("/api/v1/audit/export.csv?#(exportQuery)") == "/api/v1/audit/export.csv")
        #expect(Self.normalise("/api/v1/lawyers/:lawyerId/consultations") == "/api/v1/lawyers/{p}/consultations")
        #expect(Self.scriptPaths("x = '/api/v1/disputes/' + disputeId + '/events';") == ["/api/v1/disputes/{p}/events"])
        #expect(Self.scriptPaths("fetch('/api/v1/map/features', {})") == ["/api/v1/map/features"])
        #expect(Self.scriptPaths("send(`/api/v1/x/${id}`)") == ["/api/v1/x/${id}"])
    }
}
