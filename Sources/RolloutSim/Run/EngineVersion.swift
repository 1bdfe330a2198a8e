/// The simulator's version, stored with every run so results can be traced to the engine that made them.
public enum EngineVersion {
    public static let current = "0.1.0"
}
