import PinganServer
import RoutingCLI
import Foundation

/// The executable only hands over: `route …` goes to the routing CLI (no database needed),
/// everything else to the server's command set.
@main
enum Entry {
    static func main() async {
        let args = CommandLine.arguments
        if args.count > 1, args[1] == "route" {
            let code = await RoutingCLI.run(arguments: Array(args.dropFirst(2)))
            exit(code)
        }
        let code = await PinganMain.run(arguments: args)
        exit(code)
    }
}
