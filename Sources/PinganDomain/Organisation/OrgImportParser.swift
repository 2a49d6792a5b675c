import Foundation

/// Reads org units from a county's file: CSV with the header
/// `code,name,kind,parent_code[,jurisdiction_code]`, or a JSON array of `PlannedUnit` objects.
/// Every problem names its line, so a clerk can fix the file.
public enum OrgImportParser {
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public var problems: [String]
        public init(problems: [String]) { self.problems = problems }
        public var description: String { problems.joined(separator: "\n") }
    }

    public static func parse(_ data: Data, fileName: String) throws -> [PlannedUnit] {
        if fileName.lowercased().hasSuffix(".json") {
            do {
                return try JSONDecoder().decode([PlannedUnit].self, from: data)
            } catch {
                throw Failure(problems: ["\(fileName): 不是有效的单位 JSON 数组 / not a JSON array of units: \(error)"])
            }
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw Failure(problems: ["\(fileName): 文件不是 UTF-8 编码 / file is not UTF-8 (save the CSV as UTF-8)"])
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let rows = CSV.rows(text)
        guard let header = rows.first?.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else {
            throw Failure(problems: ["\(fileName): 文件为空 / empty file"])
        }
        func col(_ name: String) -> Int? { header.firstIndex(of: name) }
        guard let code = col("code"), let name = col("name"), let kind = col("kind") else {
            throw Failure(problems: ["\(fileName): 表头须含 code,name,kind,parent_code / header must have code,name,kind,parent_code"])
        }
        let parent = col("parent_code"), jurisdiction = col("jurisdiction_code")
        var units: [PlannedUnit] = []
        var problems: [String] = []
        for (i, row) in rows.dropFirst().enumerated() where !(row.count == 1 && row[0].isEmpty) {
            let line = i + 2
            func field(_ c: Int?) -> String? {
                guard let c, c < row.count else { return nil }
                let v = row[c].trimmingCharacters(in: .whitespaces)
                return v.isEmpty ? nil : v
            }
            guard let k = field(kind).flatMap(OrgUnitKind.init(rawValue:)) else {
                problems.append("第 \(line) 行: 单位类型 \(field(kind) ?? "") 无效 / unknown kind")
                continue
            }
            units.append(PlannedUnit(code: field(code) ?? "", name: field(name) ?? "", kind: k, parentCode: field(parent),
                                     jurisdictionCode: field(jurisdiction)))
        }
        if !problems.isEmpty { throw Failure(problems: problems) }
        return units
    }
}

/// A small RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF.
public enum CSV {
    public static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var it = Array(text).makeIterator()
        var pending: Character? = nil
        while let ch = pending ?? it.next() {
            pending = nil
            if quoted {
                if ch == "\"" {
                    if let next = it.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { field.append(ch) }
                continue
            }
            switch ch {
            case "\"": quoted = true
            case ",": row.append(field); field = ""
            case "\n", "\r\n", "\r":
                row.append(field); field = ""
                rows.append(row); row = []
            default: field.append(ch)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}

/// Geometries from a GeoJSON FeatureCollection, each keyed by the feature's `code` property
/// (or `adcode`, or `name` as a last resort), for `pingan import boundary`.
public enum BoundaryImportParser {
    public struct Item: Equatable, Sendable {
        public var code: String?
        public var name: String?
        public var geometry: UnitGeometry
    }

    public static func parse(_ data: Data) throws -> [Item] {
        struct Props: Decodable {
            var code: String?
            var adcode: String?
            var name: String?
            init(from decoder: Decoder) throws {
                let c = try decoder.container(keyedBy: K.self)
                func s(_ k: K) -> String? {
                    (try? c.decodeIfPresent(String.self, forKey: k)) ?? ((try? c.decodeIfPresent(Int.self, forKey: k)).flatMap { $0.map(String.init) })
                }
                code = s(.code); adcode = s(.adcode); name = s(.name)
            }
            enum K: String, CodingKey { case code, adcode, name }
        }
        struct Feature: Decodable { var geometry: UnitGeometry?; var properties: Props? }
        struct Collection: Decodable { var type: String; var features: [Feature]? }
        let c: Collection
        do { c = try JSONDecoder().decode(Collection.self, from: data) } catch let e as DecodingError {
            if case .dataCorrupted(let ctx) = e, let g = ctx.underlyingError as? GeoJSONError { throw g }
            throw GeoJSONError.badCoordinates("not GeoJSON: \(e)")
        }
        guard c.type == "FeatureCollection", let features = c.features else { throw GeoJSONError.noGeometry }
        let items = features.compactMap { f in
            f.geometry.map { Item(code: f.properties?.code ?? f.properties?.adcode, name: f.properties?.name, geometry: $0) }
        }
        if items.isEmpty { throw GeoJSONError.noGeometry }
        return items
    }
}
