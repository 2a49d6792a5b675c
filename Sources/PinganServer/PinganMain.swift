import Vapor

/// Entry for every non-routing command: builds the app and runs Vapor's command set.
public enum PinganMain {
    public static func run(arguments: [String]) async -> Int32 {
        do {
            var env = try Environment.detect(arguments: arguments)
            try LoggingSystem.bootstrap(from: &env)
            let app = try await Application.make(env)
            do {
                try await app.execute()
                try await app.asyncShutdown()
                return 0
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
        } catch {
            FileHandle.standardError.write(Data("pingan: \(error)\n".utf8))
            return 1
        }
    }
}
