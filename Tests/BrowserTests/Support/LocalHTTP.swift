// A tiny blocking HTTP/1.1 client for talking to chromedriver on 127.0.0.1.
//
// Why not URLSession: chromedriver writes its response headers without a space after the colon
// ("Content-Length:250"), and swift-corelibs-foundation's URLSession on Linux rejects such a
// response with "Failed writing header" (NSURLErrorDomain -1). So the WebDriver client speaks
// HTTP itself: one connection per command, `Connection: close`, on its own thread so a slow
// command never blocks a Swift concurrency thread.

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum LocalHTTP {
    struct Response: Sendable {
        var status: Int
        var headers: [String: String]  // lower-cased names
        var body: Data
    }

    struct Failure: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    /// Sends one request to http://127.0.0.1:`port``path` and returns the whole response.
    static func request(
        port: Int, method: String, path: String, body: Data?, timeout: TimeInterval
    ) async throws -> Response {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Response, Error>) in
            let thread = Thread {
                continuation.resume(
                    with: Result {
                        try blockingRequest(port: port, method: method, path: path, body: body, timeout: timeout)
                    })
            }
            thread.name = "webdriver-http"
            thread.start()
        }
    }

    static func blockingRequest(
        port: Int, method: String, path: String, body: Data?, timeout: TimeInterval
    ) throws -> Response {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(description: "socket(): \(errnoText())") }
        defer { close(fd) }

        var tv = timeval(tv_sec: Int(timeout.rounded(.up)), tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        #if canImport(Darwin)
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif

        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            throw Failure(description: "connect to 127.0.0.1:\(port): \(errnoText())")
        }

        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        head += "Accept: application/json\r\n"
        if let body {
            head += "Content-Type: application/json; charset=utf-8\r\nContent-Length: \(body.count)\r\n"
        } else if method == "POST" {
            head += "Content-Length: 0\r\n"
        }
        head += "\r\n"
        var request = Data(head.utf8)
        if let body { request.append(body) }
        try sendAll(fd, request)

        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        var headerEnd: Int? = nil
        var contentLength: Int? = nil
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK {
                    throw Failure(description: "\(method) \(path): no answer within \(Int(timeout)) s")
                }
                throw Failure(description: "recv: \(errnoText())")
            }
            if n == 0 { break }
            received.append(contentsOf: buffer[0..<n])
            if headerEnd == nil, let range = received.range(of: Data("\r\n\r\n".utf8)) {
                headerEnd = range.upperBound
                let headText = String(decoding: received[..<range.lowerBound], as: UTF8.self)
                contentLength = parseHeaders(headText).headers["content-length"].flatMap {
                    Int($0.trimmingCharacters(in: .whitespaces))
                }
            }
            if let headerEnd, let contentLength, received.count - headerEnd >= contentLength { break }
        }
        guard let range = received.range(of: Data("\r\n\r\n".utf8)) else {
            throw Failure(description: "\(method) \(path): incomplete HTTP response (\(received.count) bytes)")
        }
        let parsed = parseHeaders(String(decoding: received[..<range.lowerBound], as: UTF8.self))
        var bodyData = Data(received[range.upperBound...])
        if let contentLength, bodyData.count > contentLength { bodyData = bodyData.prefix(contentLength) }
        if parsed.headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            bodyData = dechunk(bodyData)
        }
        guard let status = parsed.status else {
            throw Failure(description: "\(method) \(path): bad status line")
        }
        return Response(status: status, headers: parsed.headers, body: bodyData)
    }

    private static func sendAll(_ fd: Int32, _ data: Data) throws {
        #if canImport(Glibc)
        let flags = Int32(MSG_NOSIGNAL)
        #else
        let flags: Int32 = 0
        #endif
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < raw.count {
                let n = send(fd, raw.baseAddress! + offset, raw.count - offset, flags)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw Failure(description: "send: \(errnoText())")
                }
                offset += n
            }
        }
    }

    private static func parseHeaders(_ text: String) -> (status: Int?, headers: [String: String]) {
        let lines = text.components(separatedBy: "\r\n")
        let statusParts = lines.first?.split(separator: " ", maxSplits: 2) ?? []
        let status = statusParts.count >= 2 ? Int(statusParts[1]) : nil
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (status, headers)
    }

    private static func dechunk(_ data: Data) -> Data {
        var out = Data()
        var rest = data[...]
        let crlf = Data("\r\n".utf8)
        while let lineEnd = rest.range(of: crlf) {
            let sizeText = String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self)
                .split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size > 0 else { break }
            let start = lineEnd.upperBound
            guard rest.distance(from: start, to: rest.endIndex) >= size else { break }
            let end = rest.index(start, offsetBy: size)
            out.append(rest[start..<end])
            rest = rest[end...]
            if rest.starts(with: crlf) { rest = rest.dropFirst(2) }
        }
        return out
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
