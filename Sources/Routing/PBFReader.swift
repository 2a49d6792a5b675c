import Foundation
import SwiftProtobuf

/// Reads `.osm.pbf` files: BlobHeader/Blob framing, zlib blobs, dense and plain nodes, ways.
enum PBFReader {
    static let supportedFeatures: Set<String> = ["OsmSchema-V0.6", "DenseNodes", "HistoricalInformation"]

    static func read(_ data: Data, path: String, into sink: OSMCollector, progress: (Double) -> Void) throws {
        let bytes = [UInt8](data)
        let total = bytes.count
        var offset = 0
        var sawHeader = false
        while offset < total {
            guard offset + 4 <= total else { throw RoutingError.truncated(path: path, offset: offset, what: "blob header length") }
            let headerLength = Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            guard headerLength > 0, headerLength <= 64 * 1024 else {
                if offset == 0 { throw RoutingError.notOSM(path: path, reason: "neither OSM XML nor OSM PBF") }
                throw RoutingError.corrupt(path: path, offset: offset, reason: "blob header length \(headerLength) out of range")
            }
            offset += 4
            guard offset + headerLength <= total else { throw RoutingError.truncated(path: path, offset: offset, what: "blob header") }
            let header: OSMPBF_BlobHeader
            do { header = try OSMPBF_BlobHeader(serializedBytes: Array(bytes[offset..<offset + headerLength])) } catch {
                if offset == 4 { throw RoutingError.notOSM(path: path, reason: "neither OSM XML nor OSM PBF") }
                throw RoutingError.corrupt(path: path, offset: offset, reason: "undecodable blob header")
            }
            offset += headerLength
            let size = Int(header.datasize)
            guard size >= 0, size <= 32 << 20 else {
                throw RoutingError.corrupt(path: path, offset: offset, reason: "blob size \(size) out of range")
            }
            guard offset + size <= total else { throw RoutingError.truncated(path: path, offset: offset, what: "blob") }
            let blobOffset = offset
            let blob: OSMPBF_Blob
            do { blob = try OSMPBF_Blob(serializedBytes: Array(bytes[offset..<offset + size])) } catch {
                throw RoutingError.corrupt(path: path, offset: offset, reason: "undecodable blob")
            }
            offset += size
            if header.type != "OSMHeader" && header.type != "OSMData" { continue }
            let payload = try decompress(blob, path: path, offset: blobOffset)
            if header.type == "OSMHeader" {
                let block: OSMPBF_HeaderBlock
                do { block = try OSMPBF_HeaderBlock(serializedBytes: payload) } catch {
                    throw RoutingError.corrupt(path: path, offset: blobOffset, reason: "undecodable header block")
                }
                for feature in block.requiredFeatures where !supportedFeatures.contains(feature) {
                    throw RoutingError.unsupported(path: path, reason: "required feature \(feature)")
                }
                sawHeader = true
            } else {
                guard sawHeader else { throw RoutingError.notOSM(path: path, reason: "data block before OSMHeader") }
                let block: OSMPBF_PrimitiveBlock
                do { block = try OSMPBF_PrimitiveBlock(serializedBytes: payload) } catch {
                    throw RoutingError.corrupt(path: path, offset: blobOffset, reason: "undecodable primitive block")
                }
                try process(block, path: path, offset: blobOffset, sink: sink)
            }
            progress(Double(offset) / Double(total))
        }
        guard sawHeader else { throw RoutingError.notOSM(path: path, reason: "no OSMHeader block") }
    }

    static func decompress(_ blob: OSMPBF_Blob, path: String, offset: Int) throws -> Data {
        switch blob.data {
        case let .raw(raw)?: return raw
        case let .zlibData(z)?:
            guard let out = Zlib.inflate(z, rawSize: Int(blob.rawSize)) else {
                throw RoutingError.corrupt(path: path, offset: offset, reason: "zlib blob does not inflate")
            }
            return out
        case .lzmaData?: throw RoutingError.unsupported(path: path, reason: "LZMA-compressed blobs")
        case .obsoleteBzip2Data?: throw RoutingError.unsupported(path: path, reason: "bzip2-compressed blobs")
        case .lz4Data?: throw RoutingError.unsupported(path: path, reason: "LZ4-compressed blobs")
        case .zstdData?: throw RoutingError.unsupported(path: path, reason: "zstd-compressed blobs")
        case nil: throw RoutingError.corrupt(path: path, offset: offset, reason: "empty blob")
        }
    }

    static func process(_ block: OSMPBF_PrimitiveBlock, path: String, offset: Int, sink: OSMCollector) throws {
        let strings = block.stringtable.s.map { String(decoding: $0, as: UTF8.self) }
        let granularity = Int64(block.granularity)
        let latOffset = block.latOffset, lonOffset = block.lonOffset
        // nanodegrees → 1e-7 degrees
        @inline(__always) func fixed(_ offset: Int64, _ value: Int64) -> Int32? {
            let nano = offset &+ granularity &* value
            let v = nano >= 0 ? (nano + 50) / 100 : (nano - 50) / 100
            guard v >= -1_800_000_000, v <= 1_800_000_000 else { return nil }
            return Int32(v)
        }
        func string(_ i: UInt32) throws -> String {
            guard Int(i) < strings.count else {
                throw RoutingError.corrupt(path: path, offset: offset, reason: "string index \(i) out of range")
            }
            return strings[Int(i)]
        }
        let highwayIndex = strings.firstIndex(of: "highway").map(UInt32.init)
        for group in block.primitivegroup {
            for node in group.nodes {
                guard let lat = fixed(latOffset, node.lat), let lon = fixed(lonOffset, node.lon) else {
                    throw RoutingError.corrupt(path: path, offset: offset, reason: "node \(node.id) position out of range")
                }
                sink.addNode(id: node.id, lat: lat, lon: lon)
            }
            if group.hasDense {
                let dense = group.dense
                guard dense.id.count == dense.lat.count, dense.id.count == dense.lon.count else {
                    throw RoutingError.corrupt(path: path, offset: offset, reason: "dense node arrays differ in length")
                }
                var id: Int64 = 0, lat: Int64 = 0, lon: Int64 = 0
                for i in 0..<dense.id.count {
                    id &+= dense.id[i]
                    lat &+= dense.lat[i]
                    lon &+= dense.lon[i]
                    guard let la = fixed(latOffset, lat), let lo = fixed(lonOffset, lon) else {
                        throw RoutingError.corrupt(path: path, offset: offset, reason: "node \(id) position out of range")
                    }
                    sink.addNode(id: id, lat: la, lon: lo)
                }
            }
            for way in group.ways {
                guard let hw = highwayIndex, way.keys.contains(hw) else {
                    sink.ways += 1
                    continue
                }
                guard way.keys.count == way.vals.count else {
                    throw RoutingError.corrupt(path: path, offset: offset, reason: "way \(way.id) keys and values differ in length")
                }
                var tags: [String: String] = [:]
                for (k, v) in zip(way.keys, way.vals) { tags[try string(k)] = try string(v) }
                var ref: Int64 = 0
                let refs = way.refs.map { delta -> Int64 in
                    ref &+= delta
                    return ref
                }
                sink.addWay(refs: refs) { tags[$0] }
            }
        }
    }
}
