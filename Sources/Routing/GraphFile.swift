import Foundation

/// Prepared graph file: little-endian, versioned, flat arrays.
///
/// Layout: magic `"PINGANRG"` (8 bytes), `UInt32` version, `UInt32` reserved, `UInt64` node, edge and
/// shape counts, then the arrays in order — `firstOut` (n+1 × u32), `head`, `weight` (ms), `length`
/// (f32 m), `geomFirst` (m+1 × u32), `lat`, `lon` (n × i32, 1e-7°), `osmId` (n × i64), `shapeLat`,
/// `shapeLon` (s × i32) — each padded to 8 bytes. The reverse graph and spatial index are rebuilt on load.
extension RoadGraph {
    static let magic = Array("PINGANRG".utf8)

    /// Writes the prepared graph file.
    public func write(to url: URL) throws {
        var out = Data()
        out.append(contentsOf: RoadGraph.magic)
        func put<T>(_ value: T) { withUnsafeBytes(of: value) { out.append(contentsOf: $0) } }
        put(RoutingInfo.formatVersion.littleEndian)
        put(UInt32(0))
        put(UInt64(nodeCount)); put(UInt64(edgeCount)); put(UInt64(shapeCount))
        func array<T>(_ b: UnsafeMutableBufferPointer<T>) {
            out.append(UnsafeBufferPointer(b))
            let pad = (8 - out.count % 8) % 8
            if pad > 0 { out.append(contentsOf: [UInt8](repeating: 0, count: pad)) }
        }
        array(firstOut); array(head); array(weight); array(length); array(geomFirst)
        array(lat); array(lon); array(osmId); array(shapeLat); array(shapeLon)
        do { try out.write(to: url, options: .atomic) } catch {
            throw RoutingError.cannotRead(path: url.path, reason: "cannot write: \(error.localizedDescription)")
        }
    }

    /// Loads a prepared graph file, validating its header, sizes and indices.
    public static func load(path: String) throws -> RoadGraph {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RoutingError.cannotRead(path: path, reason: "no such file or not readable")
        }
        return try load(data: data, path: path)
    }

    static func load(data: Data, path: String) throws -> RoadGraph {
        func bad(_ reason: String) -> RoutingError { .badGraphFile(path: path, reason: reason) }
        guard !data.isEmpty else { throw RoutingError.emptyFile(path: path) }
        return try data.withUnsafeBytes { raw -> RoadGraph in
            guard raw.count >= 40, Array(raw[0..<8]) == magic else { throw bad("wrong magic (not a pingan graph file)") }
            let version = raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self)
            guard version == RoutingInfo.formatVersion else {
                throw bad("format version \(version), this build reads \(RoutingInfo.formatVersion)")
            }
            let n64 = raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
            let m64 = raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
            let s64 = raw.loadUnaligned(fromByteOffset: 32, as: UInt64.self)
            guard n64 < UInt64(UInt32.max / 2), m64 < UInt64(UInt32.max / 2), s64 < UInt64(UInt32.max / 2) else { throw bad("counts out of range") }
            let n = Int(n64), m = Int(m64), s = Int(s64)
            var offset = 40
            func pad(_ bytes: Int) -> Int { (bytes + 7) / 8 * 8 }
            let expected = 40 + pad((n + 1) * 4) + 3 * pad(m * 4) + pad((m + 1) * 4) + 2 * pad(n * 4) + pad(n * 8) + 2 * pad(s * 4)
            guard raw.count == expected else { throw bad("size \(raw.count) bytes, expected \(expected) (truncated?)") }
            func read<T>(_ count: Int, _: T.Type) -> [T] {
                let a = [T](unsafeUninitializedCapacity: count) { buf, initialized in
                    if count > 0 { memcpy(buf.baseAddress!, raw.baseAddress! + offset, count * MemoryLayout<T>.stride) }
                    initialized = count
                }
                offset += pad(count * MemoryLayout<T>.stride)
                return a
            }
            let firstOut = read(n + 1, UInt32.self), head = read(m, UInt32.self), weight = read(m, UInt32.self)
            let length = read(m, Float.self), geomFirst = read(m + 1, UInt32.self)
            let lat = read(n, Int32.self), lon = read(n, Int32.self), osmId = read(n, Int64.self)
            let shapeLat = read(s, Int32.self), shapeLon = read(s, Int32.self)
            guard firstOut[0] == 0, Int(firstOut[n]) == m, geomFirst[0] == 0, Int(geomFirst[m]) == s else { throw bad("inconsistent offsets") }
            for v in 0..<n where firstOut[v] > firstOut[v + 1] { throw bad("edge offsets not monotone at vertex \(v)") }
            for e in 0..<m where geomFirst[e] > geomFirst[e + 1] { throw bad("shape offsets not monotone at edge \(e)") }
            for e in 0..<m where Int(head[e]) >= n || weight[e] > RoadGraph.maxWeight || !(length[e] >= 0) {
                throw bad("edge \(e) has an invalid head, weight or length")
            }
            return RoadGraph(firstOut: firstOut, head: head, weight: weight, length: length, geomFirst: geomFirst,
                             lat: lat, lon: lon, osmId: osmId, shapeLat: shapeLat, shapeLon: shapeLon)
        }
    }

    /// Largest edge weight (ms) a graph may hold; keeps `distance + weight` far from overflow.
    static let maxWeight: UInt32 = 1 << 30
}
