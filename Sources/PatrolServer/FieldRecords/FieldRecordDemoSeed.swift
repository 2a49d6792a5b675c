import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore

/// What `pingan demo` loads of field records, after the patrol force: the last week's ledger of
/// 城关派出所 and two rural stations, a few records of each kind (the year's figures are #12's),
/// by the demo officer on each station's last unit (the first is the one the demo officer usually
/// signs on to, whose ledger a demo starts empty), at the units' grid points; deterministic, with made-up names and ID numbers
/// that pass the check character. Running it again adds nothing twice. Small on purpose: every
/// test's demo county loads it too.
enum FieldRecordDemoSeed {
    static func run(on db: any Database, now: Date, log: (String) -> Void) async throws {
        guard try await FieldRecordModel.query(on: db).count() == 0,
              let officer = try await UserModel.query(on: db).filter(\.$username == "patrol").first() else { return }
        var rng = SplitMix64(seed: 1010)
        let surnames = Array("王李张刘陈杨赵黄周吴"), given = ["建国", "秀英", "志强", "丽", "磊", "海燕", "军", "桂兰", "伟", "静"]
        let samples: [(FieldRecordKind, FieldRecordDetails)] = [
            (.personCheck, FieldRecordDetails()), (.personCheck, FieldRecordDetails()), (.vehicleCheck, FieldRecordDetails(plate: "冀D3K725")),
            (.suspectCaught, FieldRecordDetails(reason: "盗窃电动车电瓶")), (.administrativeDetention, FieldRecordDetails(reason: "酒后殴打他人", detentionDays: 7)),
            (.publicAssistance, FieldRecordDetails(assistance: .lostPerson, peopleHelped: 1)),
            (.trafficViolation, FieldRecordDetails(plate: "冀DA2318", violation: .noHelmet)),
            (.trafficViolation, FieldRecordDetails(plate: "冀D58E61", violation: .drunkDriving, bloodAlcohol: 86)),
            (.venueInspection, FieldRecordDetails(venueKind: .hotel, venueName: "磁州快捷宾馆")),
            (.venueInspection, FieldRecordDetails(venueKind: .logistics, venueName: "磁县城区快递驿站",
                                                  logistics: LogisticsChecks(inspectBeforeSealing: true, realNameRegistration: true, xRayScreening: false))),
        ]
        var rows: [FieldRecordModel] = []
        for code in ["130427000000-GAJ-PCS01", "130427000000-GAJ-PCS05", "130427000000-GAJ-PCS09"] {
            guard let station = try await OrgUnitModel.query(on: db).filter(\.$code == code).first(),
                  let unit = try await PatrolUnitModel.query(on: db).filter(\.$stationOrgUnitID == station.requireID()).sort(\.$callSign, .descending).first(),
                  let home = unit.homeGridOrgUnitID, let anchor = try await OrgUnitModel.find(home, on: db)?.unitGeometry?.anchor else { continue }
            for (k, sample) in samples.enumerated() where code.hasSuffix("01") || k % 3 == 0 {
                var d = sample.1
                if FieldRecordKind.custody.contains(sample.0) || sample.0 == .personCheck {
                    d.personName = String(surnames[Int(rng.next() % 10)]) + given[Int(rng.next() % 10)]
                    // Born 1960–2004 in 磁县, a check character that holds.
                    let body = String(format: "130427%04d%02d%02d%03d", 1960 + Int(rng.next() % 45), 1 + Int(rng.next() % 12), 1 + Int(rng.next() % 28),
                                      Int(rng.next() % 1000))
                    d.idNumber = body + String(ChineseIDNumber.checkCharacter(for: body))
                }
                let at = now.addingTimeInterval(-Double(1 + k) * 15_000 - Double(rng.next() % 3600))
                rows.append(try FieldRecordModel(id: UUID(), kind: sample.0, details: d, unit: unit, officerID: try officer.requireID(),
                                                 officerName: officer.displayName, at: at, recordedAt: at,
                                                 lat: anchor.lat + Double(Int(rng.next() % 200) - 100) / 50_000,
                                                 lon: anchor.lon + Double(Int(rng.next() % 200) - 100) / 50_000))
            }
        }
        let all = rows
        try await db.writeTransaction { tx in for r in all { try await r.create(on: tx) } }
        log("现场记录：新增 \(rows.count)")
    }
}
