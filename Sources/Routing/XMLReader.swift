import Foundation

/// A small, fast scanner for OpenStreetMap XML (`<osm>` with `<node>`, `<way>`, `<nd>`, `<tag>`).
/// It handles the XML that OSM tools write (attributes in single or double quotes, entities,
/// comments, processing instructions, DOCTYPE, CDATA) without building a tree.
enum OSMXMLReader {
    static func read(_ data: Data, path: String, into sink: OSMCollector, progress: (Double) -> Void) throws {
        let bytes = [UInt8](data)
        try bytes.withUnsafeBufferPointer { try scan($0, path: path, sink: sink, progress: progress) }
    }

    private struct Attrs {
        var pairs: [(Substring, String)] = []
        subscript(_ name: String) -> String? { pairs.first { $0.0 == name }?.1 }
    }

    private static func scan(_ b: UnsafeBufferPointer<UInt8>, path: String, sink: OSMCollector, progress: (Double) -> Void) throws {
        let n = b.count
        var i = 0
        var depth = 0
        var rootSeen = false
        var rootClosed = false
        // current way state
        var inWay = false
        var wayRefs: [Int64] = []
        var wayTags: [String: String] = [:]
        var nextProgress = 0

        func fail(_ reason: String, _ at: Int) -> RoutingError { .corrupt(path: path, offset: at, reason: reason) }
        func skip(past terminator: [UInt8], from start: Int) throws -> Int {
            var j = start
            while j + terminator.count <= n {
                if b[j] == terminator[0] && Array(b[j..<j + terminator.count]) == terminator { return j + terminator.count }
                j += 1
            }
            throw RoutingError.truncated(path: path, offset: start, what: "XML markup")
        }
        @inline(__always) func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }
        @inline(__always) func isNameChar(_ c: UInt8) -> Bool { !isSpace(c) && c != UInt8(ascii: "/") && c != UInt8(ascii: ">") && c != UInt8(ascii: "=") }

        while i < n {
            if i >= nextProgress { progress(Double(i) / Double(n)); nextProgress = i + (1 << 20) }
            guard b[i] == UInt8(ascii: "<") else {
                if depth == 0 && !isSpace(b[i]) && !(i == 0 && b[i] == 0xEF) && !(i <= 2 && (b[i] == 0xBB || b[i] == 0xBF)) {
                    throw RoutingError.notOSM(path: path, reason: "text outside the root element")
                }
                i += 1
                continue
            }
            let start = i
            guard i + 1 < n else { throw RoutingError.truncated(path: path, offset: i, what: "XML tag") }
            let c = b[i + 1]
            if c == UInt8(ascii: "?") { i = try skip(past: Array("?>".utf8), from: i); continue }
            if c == UInt8(ascii: "!") {
                if i + 3 < n && b[i + 2] == UInt8(ascii: "-") && b[i + 3] == UInt8(ascii: "-") {
                    i = try skip(past: Array("-->".utf8), from: i)
                } else if i + 8 < n && b[i + 2] == UInt8(ascii: "[") {
                    i = try skip(past: Array("]]>".utf8), from: i)
                } else {
                    i = try skip(past: [UInt8(ascii: ">")], from: i)
                }
                continue
            }
            let closing = c == UInt8(ascii: "/")
            i += closing ? 2 : 1
            let nameStart = i
            while i < n && isNameChar(b[i]) { i += 1 }
            guard i < n else { throw RoutingError.truncated(path: path, offset: start, what: "XML tag") }
            let name = String(decoding: UnsafeBufferPointer(rebasing: b[nameStart..<i]), as: UTF8.self)
            guard !name.isEmpty else { throw fail("malformed tag", start) }
            if closing {
                while i < n && b[i] != UInt8(ascii: ">") { i += 1 }
                guard i < n else { throw RoutingError.truncated(path: path, offset: start, what: "XML tag") }
                i += 1
                depth -= 1
                if depth < 0 { throw fail("unbalanced </\(name)>", start) }
                if name == "way" && inWay {
                    inWay = false
                    sink.addWay(refs: wayRefs) { wayTags[$0] }
                }
                if depth == 0 { rootClosed = true }
                continue
            }
            // attributes
            var attrs = Attrs()
            var selfClosing = false
            while true {
                while i < n && isSpace(b[i]) { i += 1 }
                guard i < n else { throw RoutingError.truncated(path: path, offset: start, what: "XML tag") }
                if b[i] == UInt8(ascii: ">") { i += 1; break }
                if b[i] == UInt8(ascii: "/") {
                    guard i + 1 < n else { throw RoutingError.truncated(path: path, offset: start, what: "XML tag") }
                    guard b[i + 1] == UInt8(ascii: ">") else { throw fail("malformed tag <\(name)>", start) }
                    selfClosing = true
                    i += 2
                    break
                }
                let an = i
                while i < n && isNameChar(b[i]) { i += 1 }
                let attrName = String(decoding: UnsafeBufferPointer(rebasing: b[an..<i]), as: UTF8.self)
                while i < n && isSpace(b[i]) { i += 1 }
                guard i < n else { throw RoutingError.truncated(path: path, offset: start, what: "XML tag") }
                guard b[i] == UInt8(ascii: "="), !attrName.isEmpty else { throw fail("malformed attribute in <\(name)>", i) }
                i += 1
                while i < n && isSpace(b[i]) { i += 1 }
                guard i < n else { throw RoutingError.truncated(path: path, offset: start, what: "XML tag") }
                let quote = b[i]
                guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { throw fail("unquoted attribute in <\(name)>", i) }
                i += 1
                let vs = i
                while i < n && b[i] != quote { i += 1 }
                guard i < n else { throw RoutingError.truncated(path: path, offset: start, what: "XML attribute") }
                var value = String(decoding: UnsafeBufferPointer(rebasing: b[vs..<i]), as: UTF8.self)
                if value.contains("&") { value = decodeEntities(value) }
                attrs.pairs.append((Substring(attrName), value))
                i += 1
            }
            if depth == 0 {
                if rootSeen { throw fail("second root element <\(name)>", start) }
                guard name == "osm" else { throw RoutingError.notOSM(path: path, reason: "root element is <\(name)>, expected <osm>") }
                rootSeen = true
            } else if depth == 1 {
                switch name {
                case "node":
                    guard let id = attrs["id"].flatMap({ Int64($0) }),
                          let lat = attrs["lat"].flatMap({ Double($0) }), let lon = attrs["lon"].flatMap({ Double($0) }),
                          abs(lat) <= 90, abs(lon) <= 180
                    else { throw fail("node without valid id/lat/lon", start) }
                    sink.addNode(id: id, lat: Fixed.encode(lat), lon: Fixed.encode(lon))
                case "way":
                    inWay = true
                    wayRefs.removeAll(keepingCapacity: true)
                    wayTags.removeAll(keepingCapacity: true)
                    if selfClosing {
                        inWay = false
                        sink.ways += 1
                    }
                default: break
                }
            } else if depth == 2 && inWay {
                if name == "nd" {
                    guard let ref = attrs["ref"].flatMap({ Int64($0) }) else { throw fail("<nd> without a valid ref", start) }
                    wayRefs.append(ref)
                } else if name == "tag", let k = attrs["k"], let v = attrs["v"] {
                    wayTags[k] = v
                }
            }
            if !selfClosing { depth += 1 } else if depth == 0 { rootClosed = true }
        }
        guard rootSeen else { throw RoutingError.notOSM(path: path, reason: "no XML root element") }
        guard rootClosed else { throw RoutingError.truncated(path: path, offset: n, what: "XML document (missing </osm>)") }
    }

    static func decodeEntities(_ s: String) -> String {
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                var scalar: Unicode.Scalar?
                if entity.hasPrefix("#x"), let v = UInt32(entity.dropFirst(2), radix: 16) { scalar = Unicode.Scalar(v) }
                else if entity.hasPrefix("#"), let v = UInt32(entity.dropFirst()) { scalar = Unicode.Scalar(v) }
                if let scalar { out.unicodeScalars.append(scalar) } else { out += rest[amp...semi] }
            }
            rest = rest[rest.index(after: semi)...]
        }
        out += rest
        return out
    }
}
