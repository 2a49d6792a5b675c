/// A value that encodes in JSON as its `description` string and decodes through `init?(_:)`
/// (dates like `"2026-11-05"`, months like `"2026-11"`, case numbers).
public protocol StringCodable: Codable, CustomStringConvertible {
    /// Parses the string form; `nil` when malformed.
    init?(_ string: String)
    /// The expected form, for decoding errors (e.g. `"yyyy-MM-dd"`).
    static var stringFormat: String { get }
}

extension StringCodable {
    public init(from decoder: Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "expected \(Self.stringFormat), got \(raw)"))
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
