import SystemZlib
import Foundation

/// Writes a gzip file in pieces (the track archive: a month is too big to hold in memory).
package final class GzipFileWriter {
    private var stream = z_stream()
    private let file: FileHandle
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var finished = false

    package init(path: String, level: Int32 = 6) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw GzipError("cannot create \(path)") }
        file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        // 15 + 16: a gzip header and trailer around the deflate stream.
        guard deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            try? file.close()
            throw GzipError("deflateInit2 failed")
        }
    }

    package func write(_ data: Data) throws { try pump(data, flush: Z_NO_FLUSH) }

    /// Ends the stream, writes it through to the disk and closes the file.
    package func finish() throws {
        guard !finished else { return }
        try pump(Data(), flush: Z_FINISH)
        finished = true
        deflateEnd(&stream)
        try file.synchronize()
        try file.close()
    }

    private func pump(_ data: Data, flush: Int32) throws {
        var input = [UInt8](data)
        try input.withUnsafeMutableBufferPointer { inp in
            stream.next_in = inp.baseAddress
            stream.avail_in = uInt(inp.count)
            while true {
                let (rc, produced): (Int32, Int) = buffer.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    let rc = deflate(&stream, flush)
                    return (rc, out.count - Int(stream.avail_out))
                }
                if produced > 0 { try file.write(contentsOf: buffer[0..<produced]) }
                if rc == Z_STREAM_END { return }
                guard rc == Z_OK || rc == Z_BUF_ERROR else { throw GzipError("deflate failed (\(rc))") }
                if flush != Z_FINISH && stream.avail_in == 0 && produced < buffer.count { return }
            }
        }
    }

    deinit {
        if !finished { deflateEnd(&stream); try? file.close() }
    }
}

/// Reads a gzip file back in pieces: `forEachChunk` hands over the inflated bytes.
package enum GzipFileReader {
    package static func forEachChunk(path: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let file = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? file.close() }
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw GzipError("inflateInit2 failed") }
        defer { inflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: 1 << 18)
        var ended = false
        while let chunk = try file.read(upToCount: 1 << 18), !chunk.isEmpty {
            var input = [UInt8](chunk)
            try input.withUnsafeMutableBufferPointer { inp in
                stream.next_in = inp.baseAddress
                stream.avail_in = uInt(inp.count)
                while stream.avail_in > 0 {
                    if ended {  // a further gzip member
                        guard inflateReset(&stream) == Z_OK else { throw GzipError("inflateReset failed") }
                        ended = false
                    }
                    let (rc, produced): (Int32, Int) = out.withUnsafeMutableBufferPointer { o in
                        stream.next_out = o.baseAddress
                        stream.avail_out = uInt(o.count)
                        let rc = inflate(&stream, Z_NO_FLUSH)
                        return (rc, o.count - Int(stream.avail_out))
                    }
                    try out.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<produced])) }
                    if rc == Z_STREAM_END { ended = true; continue }
                    guard rc == Z_OK || (rc == Z_BUF_ERROR && produced > 0) else { throw GzipError("corrupt gzip data (\(rc))") }
                }
            }
        }
        guard ended else { throw GzipError("gzip stream truncated") }
    }

    /// The number of lines (newlines) in the inflated file.
    package static func lineCount(path: String) throws -> Int {
        var n = 0
        try forEachChunk(path: path) { bytes in for b in bytes where b == 0x0A { n += 1 } }
        return n
    }
}

package struct GzipError: Error, CustomStringConvertible {
    package var description: String
    init(_ d: String) { description = d }
}
