import SystemZlib
import Foundation

enum Zlib {
    /// Inflates a zlib stream whose decompressed size is known (PBF blobs).
    static func inflate(_ input: Data, rawSize: Int) -> Data? {
        guard rawSize >= 0, rawSize <= 64 << 20 else { return nil }
        var output = Data(count: rawSize)
        var destLen = uLongf(rawSize)
        let rc = output.withUnsafeMutableBytes { out -> Int32 in
            input.withUnsafeBytes { inp -> Int32 in
                guard let src = inp.bindMemory(to: Bytef.self).baseAddress else { return Z_DATA_ERROR }
                guard let dst = out.bindMemory(to: Bytef.self).baseAddress else {
                    return rawSize == 0 ? Z_OK : Z_MEM_ERROR
                }
                return uncompress(dst, &destLen, src, uLong(inp.count))
            }
        }
        guard rc == Z_OK, Int(destLen) == rawSize else { return nil }
        return output
    }

    /// Inflates a gzip (or zlib) stream of unknown size, including concatenated gzip members.
    static func gunzip(_ input: Data) -> Data? {
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var output = Data()
        let chunk = 1 << 18
        var buffer = [UInt8](repeating: 0, count: chunk)
        let ok: Bool = input.withUnsafeBytes { inp in
            guard let base = inp.bindMemory(to: Bytef.self).baseAddress else { return false }
            stream.next_in = UnsafeMutablePointer(mutating: base)
            stream.avail_in = uInt(inp.count)
            while true {
                let rc: Int32 = buffer.withUnsafeMutableBufferPointer { buf in
                    stream.next_out = buf.baseAddress
                    stream.avail_out = uInt(chunk)
                    let rc = SystemZlib.inflate(&stream, Z_NO_FLUSH)
                    output.append(buf.baseAddress!, count: chunk - Int(stream.avail_out))
                    return rc
                }
                if rc == Z_STREAM_END {
                    if stream.avail_in == 0 { return true }
                    if inflateReset(&stream) != Z_OK { return false }
                    continue
                }
                if rc != Z_OK { return false }
                if stream.avail_in == 0 && stream.avail_out != 0 { return false } // input ended early
            }
        }
        return ok ? output : nil
    }
}
