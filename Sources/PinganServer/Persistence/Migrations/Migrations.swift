import Fluent

/// Every migration in order. Append only: a released migration is never edited.
enum PinganMigrations {
    static let all: [any Migration] = [
        M001CreateOrgUnits(),
        M002CreateUsers(),
        M003CreateAuditRecords(),
        M004CreateSessions(),
        M005CreateDisputes(),
        M006CreateSweepRecords(),
        M007CreateCommand(),
        M008DisputeListIndexes(),
        M009DisputeBoardIndexes(),
        M010DisputeTownshipStageRisk(),
        M011DisputeHistoryFacts(),
    ]
}
