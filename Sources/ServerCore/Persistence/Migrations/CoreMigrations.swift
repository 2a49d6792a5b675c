import Fluent

/// The core's migrations, in order; each wing's follow. Append only: a released migration is never edited.
package enum CoreMigrations {
    package static let all: [any Migration] = [
        M001CreateOrgUnits(),
        M002CreateUsers(),
        M003CreateAuditRecords(),
        M004CreateSessions(),
        M029CreateLoginFailures(),  // numbered after the wings' 028: added later, applied last on an existing database
    ]
}
