/// The county's administrative divisions as shipped in `Resources/Data/cixian-townships.json`
/// (NBS 2023 codes; village names from jionlp). Only the fields the plan needs.
public struct CountySource: Codable, Sendable {
    public struct County: Codable, Sendable {
        public var name: String
        public var code12: String
        public var seat: Seat
    }
    public struct Seat: Codable, Sendable {
        public var name: String
        public var lonlat_wgs84: [Double]
    }
    public struct Township: Codable, Sendable {
        public var code9: String
        public var code12: String
        public var name: String
        public var type: String
        public var villages: [String]
    }
    public var county: County
    public var townships: [Township]
}
