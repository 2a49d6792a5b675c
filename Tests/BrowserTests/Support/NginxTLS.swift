import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// nginx terminating HTTPS in front of a live app, as a county serves it (deploy/nginx/pingan.conf),
/// with a self-signed certificate made for the test by openssl. Everything lives in a temporary
/// directory; `stop()` is the phone losing its signal, `start()` again is the signal coming back.
final class NginxTLS: @unchecked Sendable {
    static let nginxPath = "/usr/sbin/nginx"
    static let opensslPath = "/usr/bin/openssl"
    static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: nginxPath) && FileManager.default.isExecutableFile(atPath: opensslPath)
    }

    let dir: URL
    let port: Int
    let hostname: String
    private var process: Process?

    /// Makes the certificate (for `hostname`) and the configuration proxying to `upstreamPort`.
    init(hostname: String, upstreamPort: Int) throws {
        self.hostname = hostname
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-nginx-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("tmp"), withIntermediateDirectories: true)
        // Workers may run as nobody (when the tests run as root): let them write their temp files.
        chmod(dir.path, 0o755)
        chmod(dir.appendingPathComponent("tmp").path, 0o777)
        port = try WebDriver.freeLocalPort()
        try Self.run(Self.opensslPath, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                                        "-keyout", dir.appendingPathComponent("key.pem").path,
                                        "-out", dir.appendingPathComponent("cert.pem").path,
                                        "-subj", "/CN=\(hostname)", "-addext", "subjectAltName=DNS:\(hostname)"])
        let d = dir.path
        let config = """
            daemon off;
            worker_processes 1;
            pid \(d)/nginx.pid;
            error_log \(d)/error.log warn;
            events { worker_connections 64; }
            http {
                access_log \(d)/access.log;
                client_body_temp_path \(d)/tmp/body;
                proxy_temp_path \(d)/tmp/proxy;
                fastcgi_temp_path \(d)/tmp/fastcgi;
                uwsgi_temp_path \(d)/tmp/uwsgi;
                scgi_temp_path \(d)/tmp/scgi;
                map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                server {
                    listen 127.0.0.1:\(port) ssl;
                    server_name \(hostname);
                    ssl_certificate \(d)/cert.pem;
                    ssl_certificate_key \(d)/key.pem;
                    client_max_body_size 2m;
                    location / {
                        proxy_pass http://127.0.0.1:\(upstreamPort);
                        proxy_http_version 1.1;
                        proxy_set_header Host $host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto https;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $connection_upgrade;
                    }
                }
            }
            """
        try config.write(to: dir.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
        try Self.run(Self.nginxPath, ["-t", "-q", "-p", d, "-e", "\(d)/error.log", "-c", "\(d)/nginx.conf"])
    }

    var base: String { "https://\(hostname):\(port)" }

    /// Starts nginx and waits until it accepts connections.
    func start() async throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.nginxPath)
        p.arguments = ["-p", dir.path, "-e", dir.appendingPathComponent("error.log").path, "-c", dir.appendingPathComponent("nginx.conf").path]
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        process = p
        for _ in 0..<100 {
            if Self.accepts(port: port) { return }
            guard p.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let log = (try? String(contentsOf: dir.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
        throw WebDriverError.transport("nginx did not start on \(port): \(log.suffix(800))")
    }

    /// Stops nginx at once (SIGTERM: fast shutdown, open connections dropped) and waits for it.
    func stop() async {
        guard let p = process else { return }
        process = nil
        if p.isRunning { p.terminate() }
        for _ in 0..<100 where p.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        for _ in 0..<40 where Self.accepts(port: port) { try? await Task.sleep(for: .milliseconds(50)) }
    }

    func remove() { try? FileManager.default.removeItem(at: dir) }

    /// What nginx logged, for a failure's message.
    var errorLog: String { (try? String(contentsOf: dir.appendingPathComponent("error.log"), encoding: .utf8)) ?? "" }

    private static func run(_ path: String, _ args: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let err = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw WebDriverError.transport("\(path) \(args.joined(separator: " ")): \(text)") }
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
