import Foundation
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// Builders for dispute requests used across the mediation tests.
enum DisputeFixtures {
    /// A valid 18-digit ID number with its GB 11643 check character, from a 17-digit body.
    static func idNumber(_ body17: String) -> String {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body17, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return body17 + String(Array("10X98765432")[sum % 11])
    }

    static let applicantID = idNumber("13042719800101001")
    static let respondentID = idNumber("13042719850202002")

    static func intake(id: UUID = UUID(), villageId: UUID? = nil, category: String = "02", summary: String = "两户因院墙滴水发生争执",
                       applicantID: String = applicantID, threat: Bool = false, source: String = "party_application") -> String {
        let village = villageId.map { #","villageId":"\#($0)""# } ?? ""
        return #"""
        {"id":"\#(id)","parties":[{"name":"张三","sex":"male","idNumber":"\#(applicantID)","phone":"13812345678","address":"三里屯村","role":"applicant"},
        {"name":"李四","sex":"female","idNumber":"\#(respondentID)","phone":"13987654321","role":"respondent"}],
        "category":"\#(category)","source":"\#(source)","place":"三里屯村东街","peopleInvolved":2,"summary":"\#(summary)",
        "riskSigns":{"threatOfViolence":\#(threat),"threatOfSelfHarm":false,"plannedCollectivePetition":false,"crossesVillages":false}\#(village)}
        """#
    }

    static func event(_ type: String, base: Int, id: UUID = UUID(), payload: String = "{}") -> String {
        #"{"id":"\#(id)","baseVersion":\#(base),"type":"\#(type)","payload":\#(payload)}"#
    }
}

struct DisputeView: Decodable {
    var id: UUID
    var stage: String
    var level: String
    var risk: String
    var version: Int
    var caseNumber: String?
    var settledLevel: String?
    var handlingOrgUnitId: UUID
}

extension TestingHTTPResponse {
    func dispute() throws -> DisputeView { try content.decode(DisputeView.self) }
}
