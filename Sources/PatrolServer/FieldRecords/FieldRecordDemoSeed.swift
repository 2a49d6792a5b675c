import Fluent
import Foundation

/// What `pingan demo` loads of field records, after the patrol force; running it again adds nothing twice.
enum FieldRecordDemoSeed {
    static func run(on db: any Database, now: Date, log: (String) -> Void) async throws {}
}
