import ArgumentParser
import Foundation
import Routing

/// `pingan route …`: the command-line face of the routing core.
public enum RoutingCLI {
    /// Runs `pingan route <arguments>` and returns the process exit code. Errors print one line on
    /// stderr and return non-zero; `--help` prints help on stdout and returns 0.
    public static func run(arguments: [String]) async -> Int32 {
        do {
            var command = try RouteCommand.parseAsRoot(arguments)
            try command.run()
            return 0
        } catch let error as RoutingError {
            Output.error("error: \(error)")
            return 1
        } catch {
            let code = RouteCommand.exitCode(for: error)
            if code == .success {
                print(RouteCommand.fullMessage(for: error))
                return 0
            }
            let message = RouteCommand.message(for: error).split(separator: "\n").first.map(String.init) ?? "failed"
            Output.error(message.lowercased().hasPrefix("error") ? message : "error: \(message)")
            return code.rawValue == 0 ? 1 : code.rawValue
        }
    }
}

enum Output {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func json(_ object: Any, pretty: Bool = false) throws {
        var options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        if pretty { options.insert(.prettyPrinted) }
        let data = try JSONSerialization.data(withJSONObject: object, options: options)
        print(String(decoding: data, as: UTF8.self))
    }

    static func loadGraph(_ path: String) throws -> (RoadGraph, Double) {
        let clock = ContinuousClock()
        var graph: RoadGraph?
        let t = try clock.measure { graph = try RoadGraph.load(path: path) }
        return (graph!, seconds(t) * 1000)
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func minutesList(_ text: String) throws -> [Double] {
        let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0! > 0 && $0!.isFinite }) else {
            throw RoutingError.invalidArgument("invalid --minutes '\(text)': expected positive numbers like 3,5,10")
        }
        return values.map { $0! }
    }

    static func fmt(_ x: Double, _ places: Int = 1) -> String { String(format: "%.\(places)f", x) }
}

struct RouteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pingan route",
        abstract: "Drive-time routing over OpenStreetMap roads: import, isochrones, nearest units, coverage.",
        discussion: "Import an .osm.pbf / .osm / .osm.gz extract once into a prepared graph file, then query it. "
            + "Map data © OpenStreetMap contributors (ODbL).",
        subcommands: [ImportCommand.self, ImportGeoJSONCommand.self, InfoCommand.self, IsochroneCommand.self, NearestCommand.self,
                      CoverageCommand.self, AssignCommand.self, ExportCommand.self]
    )
}

struct GraphArgument: ParsableArguments {
    @Argument(help: "Prepared graph file (written by `pingan route import`).")
    var graph: String
}
