/// Columns as Go's tabwriter lays them out with padding 2 (the plugin's tables), for CLI listings.
public enum TextTable {
    public static func render(_ rows: [[String]]) -> String {
        RolloutTreeView.table(rows).joined(separator: "\n") + "\n"
    }
}
