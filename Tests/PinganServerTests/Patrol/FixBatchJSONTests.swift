import Foundation
import PatrolDomain
@testable import PatrolServer
import ServerCore
import Testing

/// The fast reader of a device's batch reads every body it accepts exactly as `JSONDecoder` does,
/// and leaves to `JSONDecoder` every body it does not fully understand.
@Suite("Device batches: the fast reader agrees with JSONDecoder")
struct FixBatchJSONTests {
    static func fast(_ text: String) -> FixBatchRequest? {
        Array(text.utf8).withUnsafeBytes { FixBatchJSON.decode($0) }
    }

    static func slow(_ text: String) -> FixBatchRequest? {
        try? RFC3339.jsonDecoder.decode(FixBatchRequest.self, from: Data(text.utf8))
    }

    static func same(_ a: FixBatchRequest?, _ b: FixBatchRequest?) -> Bool {
        a?.unitId == b?.unitId && a?.fixes == b?.fixes
    }

    static let unit = "6F1C2D3E-4A5B-4C6D-8E9F-0A1B2C3D4E5F"

    @Test("A device's usual bodies read fast, and equal to JSONDecoder's reading")
    func usualBodies() throws {
        let bodies = [
            #"{"unitId":"\#(Self.unit)","fixes":[{"lat":36.37,"lon":114.38,"at":"2026-12-01T08:00:00Z","speed":8.5,"heading":90,"accuracy":6}]}"#,
            #"{ "fixes" : [ { "at" : "2026-12-01T08:00:00.250+08:00" , "lon" : -114.5e0 , "lat" : -0.5 } ] , "unitId" : "\#(Self.unit.lowercased())" }"#,
            "{\n\t\"unitId\": \"\(Self.unit)\",\r\n \"fixes\": [{\"lat\": 0, \"lon\": 1E2, \"at\": \"2026-12-01t08:00:00z\", \"speed\": null, \"heading\": null, \"accuracy\": 1.5e-3}]}\n",
            #"{"unitId":"\#(Self.unit)","fixes":[]}"#,
        ]
        for body in bodies {
            let fast = try #require(Self.fast(body), "\(body)")
            #expect(Self.same(fast, Self.slow(body)), "\(body)")
        }
        #expect(Self.fast(bodies[0])?.fixes.first?.accuracy == 6)
        #expect(Self.fast(bodies[2])?.fixes.first?.speed == nil)
    }

    @Test("What it does not fully understand is left to JSONDecoder")
    func leftToDecoder() {
        let fix = #"{"lat":36.37,"lon":114.38,"at":"2026-12-01T08:00:00Z"}"#
        let bodies = [
            #"{"unitId":"\#(Self.unit)","fixes":[\#(fix)],"extra":1}"#,              // another key
            #"{"unitId":"\#(Self.unit)","unitId":"\#(Self.unit)","fixes":[\#(fix)]}"#, // a key twice
            #"{"unitId":"\#(Self.unit)","fixes":[{"lat":36.37,"lon":114.38,"at":"2026-12-01T08:00:00\u005A"}]}"#, // an escape
            #"{"unitId":"\#(Self.unit)","fixes":[{"lat":036.37,"lon":114.38,"at":"2026-12-01T08:00:00Z"}]}"#,   // a leading zero
            #"{"unitId":"\#(Self.unit)","fixes":[{"lat":1e400,"lon":114.38,"at":"2026-12-01T08:00:00Z"}]}"#,    // beyond a Double
            #"{"unitId":"\#(Self.unit)","fixes":[{"lat":"36","lon":114.38,"at":"2026-12-01T08:00:00Z"}]}"#,     // a wrong type
            #"{"unitId":"\#(Self.unit)","fixes":[{"lat":36.37,"at":"2026-12-01T08:00:00Z"}]}"#,                 // a missing field
            #"{"unitId":"\#(Self.unit)","fixes":[{"lat":36.37,"lon":114.38,"at":"2026-12-01"}]}"#,              // a day, not a time
            #"{"unitId":"\#(Self.unit)","fixes":[{"lat":36.37,"lon":114.38,"at":"2026-12-01T08:00:00Z","speed":.5}]}"#,
            #"{"unitId":"not-a-uuid","fixes":[\#(fix)]}"#,
            #"{"unitId":"\#(Self.unit)","fixes":[\#(fix),]}"#,                                                  // a trailing comma
            #"{"unitId":"\#(Self.unit)","fixes":[\#(fix)]} x"#,                                                 // text after the body
            #"{"unitId":"\#(Self.unit)","fixes":[\#(fix)]"#,                                                    // cut short
            "",
        ]
        for body in bodies { #expect(Self.fast(body) == nil, "\(body)") }
    }

    @Test("Generated bodies: whitespace, key order, number forms and nulls read the same both ways")
    func generated() throws {
        var rng = SplitMix(seed: 20261201)
        let spaces = ["", " ", "\n", "\t ", "\r\n  "]
        func sp() -> String { spaces[Int(rng.next() % UInt64(spaces.count))] }
        func number(_ v: Double) -> String {
            switch rng.next() % 4 {
            case 0: return String(v)
            case 1: return String(format: "%.6f", v)
            case 2: return String(format: "%.5e", v)
            default: return String(format: "%.3E", v)
            }
        }
        for _ in 0..<300 {
            var fixes: [String] = []
            for _ in 0..<Int(rng.next() % 5) {
                var members = ["\"lat\"\(sp()):\(sp())\(number(Double(rng.next() % 180_000) / 1000 - 90))",
                               "\"lon\"\(sp()):\(sp())\(number(Double(rng.next() % 360_000) / 1000 - 180))",
                               "\"at\"\(sp()):\(sp())\"2026-12-0\(1 + rng.next() % 9)T0\(rng.next() % 10):1\(rng.next() % 6):\(10 + rng.next() % 50)\(rng.next() % 2 == 0 ? "Z" : ".5+08:00")\""]
                for key in ["speed", "heading", "accuracy"] {
                    switch rng.next() % 3 {
                    case 0: members.append("\"\(key)\":\(sp())null")
                    case 1: members.append("\"\(key)\":\(sp())\(number(Double(rng.next() % 50_000) / 100))")
                    default: break
                    }
                }
                members.shuffle(using: &rng)
                fixes.append("{\(sp())" + members.joined(separator: "\(sp()),\(sp())") + "\(sp())}")
            }
            var top = ["\"unitId\"\(sp()):\(sp())\"\(UUID(uuidString: Self.unit)!)\"", "\"fixes\"\(sp()):\(sp())[\(fixes.joined(separator: ",\(sp())"))\(sp())]"]
            top.shuffle(using: &rng)
            let body = "\(sp()){\(sp())" + top.joined(separator: ",") + "\(sp())}\(sp())"
            let slow = try #require(Self.slow(body), "\(body)")
            let fast = try #require(Self.fast(body), "\(body)")
            #expect(Self.same(fast, slow), "\(body)")
        }
    }
}

/// A small seeded generator, so a failing body can be found again.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
