import Foundation
@testable import PatrolDomain
import PinganDomain
import Testing

/// P7's pure rules: a notice's photo is told by its first bytes and size, the API document's
/// pattern accepts exactly what the check accepts, and the demo's cameras are deterministic.
@Suite("Video patrol rules")
struct VideoPatrolTests {
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D])
    static let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46])

    @Test("JPEG and PNG by their magic bytes; another type, bad base64 and too large are refused")
    func photoCheck() throws {
        #expect(try NoticePhoto.check(base64: Self.png.base64EncodedString()).type == .png)
        #expect(try NoticePhoto.check(base64: Self.jpeg.base64EncodedString()).type == .jpeg)
        #expect(throws: NoticePhoto.PhotoError.unsupportedType) { try NoticePhoto.check(base64: Data("GIF89a..".utf8).base64EncodedString()) }
        #expect(throws: NoticePhoto.PhotoError.unsupportedType) { try NoticePhoto.check(base64: Data([0xFF, 0xD8, 0x00]).base64EncodedString()) }
        #expect(throws: NoticePhoto.PhotoError.notBase64) { try NoticePhoto.check(base64: "/9j/@@@@") }
        #expect(throws: NoticePhoto.PhotoError.notBase64) { try NoticePhoto.check(base64: "") }
        let atLimit = Self.jpeg + Data(repeating: 1, count: NoticePhoto.maxBytes - Self.jpeg.count)
        #expect(try NoticePhoto.check(base64: atLimit.base64EncodedString()).bytes.count == NoticePhoto.maxBytes)
        #expect(atLimit.base64EncodedString().count == NoticePhoto.maxBase64Length)
        #expect(throws: NoticePhoto.PhotoError.tooLarge) { try NoticePhoto.check(base64: (atLimit + Data([1])).base64EncodedString()) }
    }

    @Test("The document's pattern matches a photo exactly when the check accepts it")
    func patternAgreesWithCheck() throws {
        let pattern = try Regex(NoticePhoto.base64Pattern)
        var rng = SystemRandomNumberGenerator()
        var samples: [Data] = [Self.png.prefix(8), Self.png, Self.jpeg.prefix(3), Self.jpeg, Data("GIF89a".utf8), Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A])]
        for _ in 0..<300 {
            let head: Data = [Self.png, Self.jpeg, Data()].randomElement(using: &rng)!.prefix(Int.random(in: 0...9, using: &rng))
            samples.append(head + Data((0..<Int.random(in: 0...7, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }))
        }
        for data in samples where !data.isEmpty {
            let text = data.base64EncodedString()
            let accepted = (try? NoticePhoto.check(base64: text)) != nil
            #expect((text.wholeMatch(of: pattern) != nil) == accepted, "\(Array(data)) → \(text)")
        }
        #expect("/9j/AA=".wholeMatch(of: pattern) == nil && (try? NoticePhoto.check(base64: "/9j/AA=")) == nil, "bad padding both ways")
    }

    @Test("A notice is complete only when every recipient has acknowledged, and one that reached nobody stays open")
    func acknowledgement() {
        #expect(NoticeAcknowledgement(recipients: 2, acknowledged: 2).complete)
        #expect(!NoticeAcknowledgement(recipients: 2, acknowledged: 1).complete)
        #expect(!NoticeAcknowledgement(recipients: 0, acknowledged: 0).complete)
    }

    @Test("The demo's cameras: the same every run, urban grids' first, one plate camera per exit and two per gate, each in the grid holding it")
    func demoCameras() {
        let urban = GeoPolygon(outer: [GeoPoint(lat: 0, lon: 0), GeoPoint(lat: 0, lon: 1), GeoPoint(lat: 1, lon: 1), GeoPoint(lat: 1, lon: 0)])
        let rural = GeoPolygon(outer: [GeoPoint(lat: 0, lon: 1), GeoPoint(lat: 0, lon: 3), GeoPoint(lat: 1, lon: 3), GeoPoint(lat: 1, lon: 1)])
        let grids = [DemoCameras.Grid(code: "G-R", name: "乡巡控网格", geometry: .polygon(rural), urban: false),
                     DemoCameras.Grid(code: "G-U", name: "城区第一网格", geometry: .polygon(urban), urban: true)]
        let sites = [CheckpointSite(kind: .countyExit, name: "县界出口 1", position: GeoPoint(lat: 0.5, lon: 2.9), vertex: 1),
                     CheckpointSite(kind: .cityGate, name: "城区卡口 1", position: GeoPoint(lat: 0.5, lon: 0.9), vertex: 2)]
        let plan = DemoCameras.plan(grids: grids, checkpoints: sites)
        #expect(plan == DemoCameras.plan(grids: grids, checkpoints: sites))
        #expect(plan.filter { $0.gridCode == "G-U" && $0.kind != .hdCheckpoint }.count == DemoCameras.urbanSpots.count + 1)
        #expect(plan.filter { $0.kind == .hdCheckpoint }.map(\.name) == ["县界出口 1·高清卡口", "城区卡口 1·高清卡口"])
        #expect(plan.last?.name == "乡·镇区主街" && plan.last?.gridCode == "G-R")
        #expect(Set(plan.map(\.code)).count == plan.count)
        for c in plan { #expect(grids.first { $0.code == c.gridCode }?.geometry.contains(c.position) == true, "\(c.name)") }
    }
}
