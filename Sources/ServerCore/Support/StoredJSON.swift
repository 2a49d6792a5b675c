import Foundation

/// The one JSON form of stored bodies (events, states, audit snapshots): ISO-8601 dates and sorted
/// keys, so the same value always stores as the same text and resends can be compared byte for byte.
package enum StoredJSON {
    package static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()
    package static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }()
}
