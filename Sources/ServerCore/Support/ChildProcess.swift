import Foundation

/// Runs a program to its end without holding a thread of Swift's cooperative pool (on a 2-core
/// server that pool has 2 threads: a `waitUntilExit()` on one of them during a minutes-long
/// `pg_dump` would halve the server). Output goes to temporary files, not pipes, so a chatty
/// program can never block on a full pipe.
package enum ChildProcess {
    package struct Result: Sendable {
        package var status: Int32
        package var output: Data
        package var errors: String
    }

    /// `program` found on the PATH (through /usr/bin/env), with `arguments`.
    package static func run(_ program: String, _ arguments: [String]) async throws -> Result {
        let dir = FileManager.default.temporaryDirectory
        let out = dir.appendingPathComponent("pingan-\(UUID().uuidString).out"), err = dir.appendingPathComponent("pingan-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        defer { try? outHandle.close(); try? errHandle.close() }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [program] + arguments
        p.standardOutput = outHandle
        p.standardError = errHandle
        p.standardInput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { done in
            p.terminationHandler = { done.resume(returning: $0.terminationStatus) }
            do { try p.run() } catch { p.terminationHandler = nil; done.resume(throwing: error) }
        }
        return Result(status: status, output: (try? Data(contentsOf: out)) ?? Data(),
                      errors: String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self))
    }
}
