/// `pingan route …`: the command-line face of the routing core.
public enum RoutingCLI {
    /// Runs `pingan route <arguments>` and returns the process exit code.
    public static func run(arguments: [String]) async -> Int32 {
        print("pingan route: not built yet")
        return 1
    }
}
