import MediationDomain
import ServerCore
import Fluent

/// 民调通's migrations in order, after the core's. Append only: a released migration is never edited.
package enum MediationMigrations {
    package static let all: [any Migration] = [
        M005CreateDisputes(),
        M006CreateSweepRecords(),
        M007CreateCommand(),
        M008DisputeListIndexes(),
        M009DisputeBoardIndexes(),
        M010DisputeTownshipStageRisk(),
        M011DisputeHistoryFacts(),
        M012LawyerConsultations(),
        M013DisputeLevelCategoryIndex(),
        M025CreatePoliceLinks(),
        M026DisputeFingerprints(),
        M027CreateAnalysisReports(),
        M028CreateLedgers(),
        M031DisputeFigureIndex(),
        M032DisputePartyKeys(),
    ]
}
