import Foundation
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

@Suite("OpenAPI document")
struct OpenAPITests {
    @Test("Every registered API route (not a page) is described, and nothing else")
    func everyRouteListed() async throws {
        try await withApp(.sqlite, seed: false) { app in
            let res = try await app.api(.GET, "/api/v1/openapi.json", token: nil)
            #expect(res.status == .ok)
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(res.body.string.utf8)) as? [String: Any])
            #expect(doc["openapi"] as? String == "3.1.0")
            let paths = try #require(doc["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, ops) in paths { for m in ops.keys { documented.insert("\(m.uppercased()) \(path)") } }
            var registered = Set<String>()
            for route in app.routes.all {
                let path = "/" + route.path.map { c -> String in
                    if case .parameter(let name) = c { return "{\(name)}" }
                    return c.description
                }.joined(separator: "/")
                // Pages are HTML, not in the document; everything else (the API, health) is.
                let isPage = (route.userInfo[Endpoint.routeKey] as? Endpoint)?.isPage ?? false
                guard !isPage else { continue }
                registered.insert("\(route.method.rawValue) \(path)")
            }
            let missing = registered.subtracting(documented).sorted()
            let stale = documented.subtracting(registered).sorted()
            #expect(missing.isEmpty, "routes missing from openapi.json: \(missing)")
            #expect(stale.isEmpty, "documented routes that do not exist: \(stale)")
        }
    }

    @Test("Query and path parameters carry the constraints the handlers enforce")
    func parameterConstraints() throws {
        let doc = try #require(try JSONSerialization.jsonObject(with: OpenAPIDocument.json(wings: PinganWings.all)) as? [String: Any])
        let paths = try #require(doc["paths"] as? [String: [String: [String: Any]]])
        func params(_ method: String, _ path: String) throws -> [String: [String: Any]] {
            let op = try #require(paths[path]?[method], "\(method) \(path) missing")
            let list = op["parameters"] as? [[String: Any]] ?? []
            return Dictionary(uniqueKeysWithValues: list.map { ($0["name"] as! String, $0) })
        }
        func schema(_ p: [String: Any]?) -> [String: Any] { p?["schema"] as? [String: Any] ?? [:] }
        let disputes = try params("get", "/api/v1/disputes")
        #expect(schema(disputes["limit"])["minimum"] as? Int == 1)
        #expect(schema(disputes["limit"])["maximum"] as? Int == PageRequest.maxLimit)
        #expect(schema(disputes["offset"])["minimum"] as? Int == 0)
        #expect(schema(disputes["q"])["maxLength"] as? Int == 50)
        #expect(schema(disputes["orgUnit"])["format"] as? String == "uuid")
        // `Check.date` reads an RFC 3339 date-time or a full date, and the document says both.
        let fromFormats = (schema(disputes["from"])["anyOf"] as? [[String: Any]])?.compactMap { $0["format"] as? String }
        #expect(fromFormats == ["date-time", "date"])
        #expect(schema(disputes["open"])["type"] as? String == "boolean")
        let stage = schema(disputes["stage"])
        #expect(stage["type"] as? String == "array")
        #expect((stage["items"] as? [String: Any])?["enum"] as? [String] == DisputeStage.allCases.map(\.rawValue))
        #expect(disputes["stage"]?["explode"] as? Bool == false)
        #expect((schema(disputes["risk"])["items"] as? [String: Any])?["enum"] as? [String] == RiskLevel.allCases.map(\.rawValue))
        #expect(schema(try params("get", "/api/v1/supervision-orders")["status"])["enum"] as? [String] == ["open", "answered", "overdue"])
        #expect(schema(try params("get", "/api/v1/screening-reports")["month"])["pattern"] as? String != nil)
        #expect(schema(try params("get", "/api/v1/users")["q"])["maxLength"] as? Int == 64)
        #expect(schema(try params("get", "/api/v1/org-units")["q"])["maxLength"] as? Int == 100)
        #expect(schema(try params("get", "/api/v1/statistics")["orgUnit"])["format"] as? String == "uuid")
        // Every path parameter is a uuid, and every list is paged with limits.
        for (path, ops) in paths {
            for (method, op) in ops {
                let list = op["parameters"] as? [[String: Any]] ?? []
                for p in list where p["in"] as? String == "path" {
                    #expect(schema(p)["format"] as? String == "uuid", "\(method) \(path) {\(p["name"] ?? "")}")
                }
                for p in list where p["name"] as? String == "limit" {
                    #expect(schema(p)["maximum"] as? Int == PageRequest.maxLimit, "\(method) \(path) limit")
                }
            }
        }
        // A registration names one category and only that category's subcategories.
        let schemas = try #require((doc["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let variants = try #require((schemas["RegisterDispute"] as? [String: Any])?["oneOf"] as? [[String: Any]])
        #expect(variants.count == DisputeCategory.allCases.count)
        for (variant, category) in zip(variants, DisputeCategory.allCases) {
            let props = variant["properties"] as? [String: [String: Any]]
            #expect(props?["category"]?["const"] as? String == category.rawValue)
            // Optional, so also null (`nullable` wraps it in a oneOf with null).
            let sub = (props?["subcategoryCode"]?["oneOf"] as? [[String: Any]])?.compactMap { $0["enum"] as? [String] }
            #expect(sub == [category.subcategories.map(\.code)])
        }
        // A resent create (same client id) answers 200 with what was stored, and the document says so.
        for (method, path) in [("post", "/api/v1/disputes"), ("post", "/api/v1/units/{id}/sign-on")] {
            #expect((paths[path]?[method]?["responses"] as? [String: Any])?["200"] != nil, "\(method) \(path) documents the resend's 200")
        }
        // Who may call it, from the policy.
        #expect(paths["/api/v1/users"]?["get"]?["x-roles"] as? [String] == ["admin"])
        #expect((paths["/api/v1/auth/login"]?["post"]?["security"] as? [Any])?.isEmpty == true)
    }

    @Test("Every $ref resolves and every operation has responses")
    func structurallyValid() throws {
        let data = try OpenAPIDocument.json(wings: PinganWings.all)
        let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let schemas = try #require((doc["components"] as? [String: Any])?["schemas"] as? [String: Any])
        var refs: [String] = []
        func collect(_ v: Any) {
            if let d = v as? [String: Any] {
                if let r = d["$ref"] as? String { refs.append(String(r.dropFirst("#/components/schemas/".count))) }
                d.values.forEach(collect)
            } else if let a = v as? [Any] { a.forEach(collect) }
        }
        collect(doc)
        #expect(!refs.isEmpty)
        for r in refs { #expect(schemas[r] != nil, "dangling $ref \(r)") }
        let paths = try #require(doc["paths"] as? [String: [String: [String: Any]]])
        for (path, ops) in paths {
            for (method, op) in ops {
                #expect(op["responses"] != nil, "\(method) \(path) has no responses")
                #expect(op["operationId"] != nil)
            }
        }
    }

    @Test("Validates as OpenAPI 3.1 with openapi-spec-validator when Python has it")
    func externalValidator() throws {
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import openapi_spec_validator"]
        check.standardError = FileHandle.nullDevice
        try check.run()
        check.waitUntilExit()
        try #require(check.terminationStatus == 0 || ProcessInfo.processInfo.environment["CI"] == nil,
                     "CI must have openapi-spec-validator (pip) to validate the document")
        guard check.terminationStatus == 0 else { return }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-openapi-\(UUID()).json")
        try OpenAPIDocument.json(wings: PinganWings.all).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import json,sys; from openapi_spec_validator import validate; validate(json.load(open(sys.argv[1]))); print('ok')", file.path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        p.waitUntilExit()
        let msg = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(p.terminationStatus == 0, "openapi-spec-validator: \(msg)")
    }
}
